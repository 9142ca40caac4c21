import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { guest, loginAs, TEST_PASSWORD, type Client } from '../../test/session.ts';
import { decide } from './reports.testkit.ts';

// A warning or a ban decided on a report is confirmed first; a resolved decision can be reversed.

async function site(z: TestApp) {
  await makeCategory(z, { slug: 'city', name: '城市' });
  const article = await makeArticle(z, { category: 'city', title: '青川港二期工程今日开工', author: 'writer' });
  const alice = await loginAs(z, 'alice');
  assert.equal((await alice.post(`/news/${article.id}/comments`, { body: '网上发-票 赌博' })).statusCode, 303);
  const [comment] = (await z.comments.forArticle(article.id, 'newest', 1, 10)).items;
  return { article, alice, commentId: comment!.id };
}

const report = (c: Client, fields: Record<string, string>) => c.post('/report/', { description: '', ...fields });
const firstReport = async (z: TestApp) => (await z.dbh.db.selectFrom('reports').selectAll().orderBy('id').executeTakeFirstOrThrow()).id;
const inbox = async (z: TestApp, memberId: number) => (await z.notifications.list(memberId, 1, 50)).items;
const actions = async (z: TestApp) => (await z.dbh.db.selectFrom('audit_log').select('action').orderBy('id').execute()).map((r) => r.action);
const standing = (z: TestApp, id: number) =>
  z.dbh.db.selectFrom('members').select(['status', 'warnings', 'ban_reason']).where('id', '=', id).executeTakeFirstOrThrow();

test('a warning decided on a report asks first, showing the reason and the 站内信; 返回修改 keeps what was typed', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { alice, commentId } = await site(z);
  await report(guest(z), { comment: String(commentId), reason: 'advert' });
  const editor = await loginAs(z, 'ed', 'editor');
  const id = await firstReport(z);
  const fields = { decision: 'resolve', hide: '1', warn: '1', note: '已隐藏', reason: '请勿发广告' };

  const ask = await decide(editor, id, fields);
  assert.equal(ask.statusCode, 200);
  assert.match(ask.body, /确认处理举报/);
  assert.match(ask.body, /警告会员“alice”/);
  assert.match(ask.body, /隐藏这条评论/);
  assert.ok(ask.body.includes('内容经举报核实违规（广告）：请勿发广告'), 'the reason recorded with the warning');
  assert.ok(ask.body.includes('您发布的评论“网上发-票 赌博”经举报核实违反本站规定（广告），已被隐藏，您的账号已被警告。原因：请勿发广告。'), 'the 站内信');
  assert.match(ask.body, /name="confirm" value="1"/);
  // Nothing happened yet.
  assert.equal((await standing(z, alice.member!.id)).warnings, 0);
  assert.equal((await z.comments.get(commentId))?.status, 'visible');
  assert.deepEqual(await inbox(z, alice.member!.id), []);
  assert.ok(!(await actions(z)).includes('member.warn'));
  assert.equal((await z.dbh.db.selectFrom('reports').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'open');

  const back = await decide(editor, id, { ...fields, edit: '1' });
  assert.equal(back.statusCode, 200);
  assert.ok(back.body.includes('>请勿发广告</textarea>'), 'the reason typed is kept');
  assert.equal((await standing(z, alice.member!.id)).warnings, 0);

  const done = await decide(editor, id, { ...fields, confirm: '1' });
  assert.equal(done.statusCode, 303);
  assert.equal((await standing(z, alice.member!.id)).warnings, 1);
  assert.equal((await inbox(z, alice.member!.id))[0]?.kind, 'member.warned');
  // A hide alone is not asked about.
  await report(guest(z), { article: String((await makeArticle(z, { category: 'city', author: 'alice' })).id), reason: 'advert' });
  const second = (await z.dbh.db.selectFrom('reports').select('id').where('status', '=', 'open').executeTakeFirstOrThrow()).id;
  assert.equal((await decide(editor, second, { decision: 'resolve', hide: '1', note: '' })).statusCode, 303);
});

test('reversing a ban over a hidden comment: the comment is back, the ban lifted, the author told; audited; not twice', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { alice, commentId, article } = await site(z);
  await report(guest(z), { comment: String(commentId), reason: 'advert' });
  const admin = await loginAs(z, 'boss', 'admin');
  const editor = await loginAs(z, 'ed', 'editor');
  const id = await firstReport(z);
  const decided = await decide(admin, id, { decision: 'resolve', hide: '1', ban: '1', note: '', reason: '赌博广告', confirm: '1' });
  assert.equal(decided.statusCode, 303);
  assert.equal((await standing(z, alice.member!.id)).status, 'banned');

  const page = await editor.get(`/admin/reports/${id}`);
  assert.match(page.body, /撤销处理结果/);
  assert.match(page.body, /boss 处理：隐藏内容、封禁作者/);
  assert.match(page.body, /name="restore"/);
  assert.match(page.body, /name="unban"/);
  assert.ok(page.body.includes('作者当前的封禁原因：内容经举报核实违规（广告）：赌博广告'));
  assert.doesNotMatch(page.body, /name="unwarn"/, 'no warning was given');

  const none = await editor.post(`/admin/reports/${id}/reverse`, { reason: '' });
  assert.equal(none.statusCode, 422);
  assert.match(none.body, /请至少选择一项要撤销的处理/);
  assert.equal((await standing(z, alice.member!.id)).status, 'banned');

  const res = await editor.post(`/admin/reports/${id}/reverse`, { restore: '1', unban: '1', reason: '复核后认定不属于广告' });
  assert.equal(res.statusCode, 303, res.body.slice(0, 500));
  assert.equal((await z.comments.get(commentId))?.status, 'visible');
  const s = await standing(z, alice.member!.id);
  assert.equal(s.status, 'active');
  assert.equal(s.ban_reason, '');
  const login = await guest(z).post('/member/login', { username: 'alice', password: TEST_PASSWORD });
  assert.equal(login.statusCode, 303, 'the author can log in again');
  const [msg] = await inbox(z, alice.member!.id);
  assert.equal(msg!.kind, 'report.handled');
  assert.equal(msg!.body, '经复核，此前因举报对您发布的评论“网上发-票 赌博”作出的处理已撤销：评论已恢复显示，账号封禁已解除。说明：复核后认定不属于广告。');
  assert.equal(msg!.link, `/news/${article.id}/comments#c${commentId}`);
  const log = await z.dbh.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
  const rev = log.find((e) => e.action === 'report.reverse');
  assert.ok(rev, 'report.reverse is recorded');
  assert.deepEqual(JSON.parse(rev.detail).undone, ['restore', 'unban']);
  assert.ok(log.some((e) => e.action === 'member.unban' && JSON.parse(e.detail).via === 'report'));
  assert.ok(log.some((e) => e.action === 'comment.restore'));
  // The reports stay resolved (the reporters' outcome does not change); the page says what was taken back.
  assert.equal((await z.dbh.db.selectFrom('reports').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'resolved');
  const after = await editor.get(`/admin/reports/${id}?done=reverse`);
  assert.match(after.body, /已撤销所选处理/);
  assert.match(after.body, /ed 已撤销：恢复内容、解除封禁/);
  assert.doesNotMatch(after.body, /name="unban"/);
  const again = await editor.post(`/admin/reports/${id}/reverse`, { restore: '1', unban: '1' });
  assert.equal(again.statusCode, 409);
  assert.equal((await actions(z)).filter((a) => a === 'report.reverse').length, 1);
  // The audit page names the new actions in Chinese.
  const audit = await admin.get('/admin/audit/');
  assert.match(audit.body, /撤销举报处理/);
});

test('reversing a take-down and a warning: the article is back with its date, the warning leaves the count and the list', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'city', name: '城市' });
  const alice = await loginAs(z, 'alice');
  const article = await makeArticle(z, { category: 'city', title: '会员写的报道', author: 'alice' });
  const publishedAt = (await z.articles.getAny(article.id))!.publishedAt;
  await report(guest(z), { article: String(article.id), reason: 'false_info' });
  const admin = await loginAs(z, 'boss', 'admin');
  const id = await firstReport(z);
  // An earlier warning of the member's own, given on the member page: it stays.
  await z.members.warnMember(alice.member!.id, admin.member!.id, '早先的警告', '127.0.0.1');
  z.clock.advance(60_000);
  assert.equal((await decide(admin, id, { decision: 'resolve', hide: '1', warn: '1', note: '', reason: '标题不实', confirm: '1' })).statusCode, 303);
  assert.equal((await z.articles.getAny(article.id))?.status, 'rejected');
  assert.equal((await standing(z, alice.member!.id)).warnings, 2);
  z.clock.advance(60_000);

  const res = await admin.post(`/admin/reports/${id}/reverse`, { restore: '1', unwarn: '1', reason: '' });
  assert.equal(res.statusCode, 303, res.body.slice(0, 500));
  const a = await z.articles.getAny(article.id);
  assert.equal(a?.status, 'published');
  assert.equal(a?.publishedAt, publishedAt, 'back with its own date');
  assert.equal((await standing(z, alice.member!.id)).warnings, 1);
  const home = await alice.get('/member/');
  assert.match(home.body, /已被管理员警告 1 次/);
  const memberPage = await admin.get(`/admin/members/${alice.member!.id}`);
  assert.match(memberPage.body, /早先的警告/);
  assert.doesNotMatch(memberPage.body, /标题不实/, 'the withdrawn warning is not listed');
  const [msg] = await inbox(z, alice.member!.id);
  assert.equal(msg!.body, '经复核，此前因举报对您发布的文章“会员写的报道”作出的处理已撤销：文章已恢复发布，警告已撤销。');
  assert.equal(msg!.link, `/news/${article.id}.html`);
  const withdraw = await z.dbh.db.selectFrom('audit_log').selectAll().where('action', '=', 'member.warn_withdraw').execute();
  assert.equal(withdraw.length, 1);
});

test('an article its author edited after the take-down is not republished from the report page; nothing else is undone', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'city', name: '城市' });
  const alice = await loginAs(z, 'alice');
  const article = await makeArticle(z, { category: 'city', title: '会员写的报道', author: 'alice' });
  await report(guest(z), { article: String(article.id), reason: 'false_info' });
  const admin = await loginAs(z, 'boss', 'admin');
  const id = await firstReport(z);
  await decide(admin, id, { decision: 'resolve', hide: '1', warn: '1', note: '', reason: '标题不实', confirm: '1' });
  z.clock.advance(60_000);
  await z.dbh.db.updateTable('articles').set({ body: '<p>改过的正文</p>', updated_at: z.clock.now().toISOString() }).where('id', '=', article.id).execute();
  const res = await admin.post(`/admin/reports/${id}/reverse`, { restore: '1', unwarn: '1' });
  assert.equal(res.statusCode, 409);
  assert.match(res.body, /作者在下架后修改过这篇文章/);
  assert.equal((await z.articles.getAny(article.id))?.status, 'rejected');
  assert.equal((await standing(z, alice.member!.id)).warnings, 1, 'the warning stays: nothing was undone');
  // The warning alone can still be withdrawn.
  assert.equal((await admin.post(`/admin/reports/${id}/reverse`, { unwarn: '1' })).statusCode, 303);
  assert.equal((await standing(z, alice.member!.id)).warnings, 0);
});
