// A decision whose content actions fail part-way, and the reports a decision may close (those the
// moderator was shown: `upTo`, carried through the confirmation step).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { loginAs } from '../../test/session.ts';
import { decide, shownUpTo } from './reports.testkit.ts';

async function reported(z: TestApp) {
  await makeCategory(z, { slug: 'city', name: '城市' });
  const article = await makeArticle(z, { category: 'city', title: '青川港二期工程今日开工', author: 'writer' });
  const author = (await z.members.byUsername('writer'))!;
  const alice = await loginAs(z, 'alice');
  assert.equal((await alice.post('/report/', { article: String(article.id), reason: 'advert', description: '' })).statusCode, 303);
  const r = await z.dbh.db.selectFrom('reports').select('id').executeTakeFirstOrThrow();
  return { article, author, alice, reportId: r.id, admin: await loginAs(z, 'boss', 'admin') };
}

const entries = async (z: TestApp, action: string) => (await z.audit.list({ limit: 50, offset: 0, action })).items;
const actions = async (z: TestApp) => (await z.audit.list({ limit: 100, offset: 0 })).items.map((e) => e.action).sort();
const kinds = async (z: TestApp, memberId: number) =>
  (await z.dbh.db.selectFrom('notifications').select('kind').where('member_id', '=', memberId).execute()).map((n) => n.kind).sort();
const statusOf = async (z: TestApp, id: number) =>
  (await z.dbh.db.selectFrom('reports').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
const member = (z: TestApp, id: number) => z.dbh.db.selectFrom('members').select(['status', 'warnings']).where('id', '=', id).executeTakeFirstOrThrow();

test('taken down, then the warning fails: the reports stay closed, the take-down is recorded and can be reversed, the rest is named', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { article, author, alice, reportId, admin } = await reported(z);
  const warnMember = t.mock.method(z.members, 'warnMember', async () => Promise.reject(new Error('boom')));
  const res = await decide(admin, reportId, { decision: 'resolve', hide: '1', warn: '1', ban: '1', reason: '广告', note: '', confirm: '1' });
  assert.equal(res.statusCode, 303);
  assert.equal(warnMember.mock.callCount(), 1);
  const page = await admin.get(String(res.headers.location));
  assert.ok(page.body.includes('部分操作未完成：警告作者、封禁作者（已完成：隐藏内容）'), 'the moderator is told what to do by hand');

  assert.equal(await statusOf(z, reportId), 'resolved', 'a retry cannot take the article down a second time');
  assert.equal((await z.articles.getAny(article.id))?.status, 'rejected');
  assert.deepEqual(await member(z, author.id), { status: 'active', warnings: 0 }, 'the ban after the failed warning was not given');
  const [applied] = await entries(z, 'report.applied');
  assert.deepEqual(applied!.detail.applied, { hide: true, warn: false, ban: false });
  assert.deepEqual(applied!.detail.actions, ['hide']);
  assert.equal(applied!.detail.complete, false);
  assert.deepEqual(await actions(z), ['article.take_down', 'report.applied', 'report.resolve']);
  // Told as for a decision that took the article down: the author (take-down only) and the reporter.
  assert.deepEqual(await kinds(z, author.id), ['article.taken-down']);
  assert.deepEqual(await kinds(z, alice.member!.id), ['report.handled']);

  // 撤销处理结果 offers the article back (and no sanction, none was given).
  assert.match(page.body, /name="restore"/);
  assert.doesNotMatch(page.body, /name="unwarn"|name="unban"/);
  assert.equal((await admin.post(`/admin/reports/${reportId}/reverse`, { restore: '1' })).statusCode, 303);
  assert.equal((await z.articles.getAny(article.id))?.status, 'published');
});

test('a ban whose sessions could not be ended (Redis) still counts: the decision records it and can lift it', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { author, reportId, admin } = await reported(z);
  const writer = await loginAs(z, 'writer');
  assert.equal((await writer.get('/member/')).statusCode, 200);
  const logout = t.mock.method(z.auth.store, 'destroyForMember', async () => Promise.reject(new Error('redis down')));
  const res = await decide(admin, reportId, { decision: 'resolve', warn: '1', ban: '1', reason: '广告', note: '', confirm: '1' });
  assert.equal(logout.mock.callCount(), 1);
  assert.equal(res.headers.location, `/admin/reports/${reportId}?done=resolve&n=1`, 'a complete decision');
  assert.deepEqual(await member(z, author.id), { status: 'banned', warnings: 1 });
  const [applied] = await entries(z, 'report.applied');
  const [ban] = await entries(z, 'member.ban');
  assert.deepEqual(applied!.detail.applied, { hide: false, warn: true, ban: true });
  assert.equal(applied!.detail.banId, ban!.id);
  assert.deepEqual(await kinds(z, author.id), ['member.banned']);
  // The session that was not ended is refused anyway: a banned member's session does not load.
  assert.equal((await writer.get('/member/')).statusCode, 303);
  logout.mock.restore();
  const page = await admin.get(`/admin/reports/${reportId}`);
  assert.match(page.body, /name="unban"/);
  assert.match(page.body, /name="unwarn"/);
});

test('a report filed after the page was loaded is left open by the decision, and its reporter is not told', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { article, alice, reportId, admin } = await reported(z);
  const upTo = await shownUpTo(admin, reportId);
  const bob = await loginAs(z, 'bob');
  assert.equal((await bob.post('/report/', { article: String(article.id), reason: 'other', description: '还有别的问题' })).statusCode, 303);
  const bobs = (await z.dbh.db.selectFrom('reports').select('id').where('reporter_id', '=', bob.member!.id).executeTakeFirstOrThrow()).id;

  const res = await admin.post(`/admin/reports/${reportId}`, { decision: 'dismiss', note: '无问题', upTo });
  assert.equal(res.headers.location, `/admin/reports/${reportId}?done=dismiss&n=1`);
  assert.deepEqual([await statusOf(z, reportId), await statusOf(z, bobs)], ['dismissed', 'open']);
  assert.deepEqual(await kinds(z, alice.member!.id), ['report.handled']);
  assert.deepEqual(await kinds(z, bob.member!.id), []);
  // The moderator is shown it next, with its own decision form.
  const page = await admin.get(`/admin/reports/${reportId}`);
  assert.ok(page.body.includes('还有别的问题'));
  assert.match(page.body, new RegExp(`name="upTo" value="${bobs}"`));
});

test('the confirmation step carries the newest report shown: one filed meanwhile stays open', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { article, author, reportId, admin } = await reported(z);
  const fields = { decision: 'resolve', warn: '1', note: '', reason: '请勿发广告' };
  const ask = await decide(admin, reportId, fields);
  assert.equal(ask.statusCode, 200);
  const carried = /name="upTo" value="(\d+)"/.exec(ask.body)?.[1];
  assert.equal(carried, String(reportId));
  const bob = await loginAs(z, 'bob');
  assert.equal((await bob.post('/report/', { article: String(article.id), reason: 'advert', description: '' })).statusCode, 303);

  const res = await admin.post(`/admin/reports/${reportId}`, { ...fields, upTo: carried!, confirm: '1' });
  assert.equal(res.headers.location, `/admin/reports/${reportId}?done=resolve&n=1`);
  const open = await z.dbh.db.selectFrom('reports').select('reporter_id').where('status', '=', 'open').execute();
  assert.deepEqual(
    open.map((r) => r.reporter_id),
    [bob.member!.id],
  );
  assert.equal((await member(z, author.id)).warnings, 1);
  assert.deepEqual(await kinds(z, bob.member!.id), []);
});

test('a decision without the newest report shown (or with a malformed one) is refused with a message; nothing is written', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { article, reportId, admin } = await reported(z);
  for (const upTo of [undefined, '', 'abc', '0', '99999999999']) {
    const fields = { decision: 'resolve', hide: '1', note: '已处理', ...(upTo === undefined ? {} : { upTo }) };
    const res = await admin.post(`/admin/reports/${reportId}`, fields);
    assert.equal(res.statusCode, 422, String(upTo));
    assert.ok(res.body.includes('无法确认您看到的是哪些举报'), String(upTo));
    assert.match(res.body, /name="hide" value="1" checked/, 'what was chosen is kept');
    assert.match(res.body, new RegExp(`name="upTo" value="${reportId}"`), 'the form again, with the reports as they are now');
  }
  assert.equal(await statusOf(z, reportId), 'open');
  assert.deepEqual(await actions(z), []);
  assert.equal((await z.articles.getAny(article.id))?.status, 'published');
});

test('a decision whose outcome entry is lost still tells people, and 撤销 finds its take-down and its own warning', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { article, author, alice, reportId, admin } = await reported(z);
  const record = z.audit.record.bind(z.audit);
  t.mock.method(z.audit, 'record', async (e: Parameters<TestApp['audit']['record']>[0], trx?: Parameters<TestApp['audit']['record']>[1]) =>
    e.action === 'report.applied' ? Promise.reject(new Error('disk full')) : record(e, trx),
  );
  const res = await decide(admin, reportId, { decision: 'resolve', hide: '1', warn: '1', reason: '广告', note: '', confirm: '1' });
  assert.equal(res.statusCode, 303);
  assert.deepEqual(await actions(z), ['article.take_down', 'member.warn', 'report.resolve']);
  assert.deepEqual(await kinds(z, alice.member!.id), ['report.handled']);
  const page = await admin.get(`/admin/reports/${reportId}`);
  assert.match(page.body, /name="restore"/);
  assert.match(page.body, /name="unwarn"/);
  assert.equal((await admin.post(`/admin/reports/${reportId}/reverse`, { restore: '1', unwarn: '1' })).statusCode, 303);
  assert.equal((await z.articles.getAny(article.id))?.status, 'published');
  assert.equal((await member(z, author.id)).warnings, 0);
});
