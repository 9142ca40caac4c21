import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { guest, loginAs, TEST_PASSWORD, type Client } from '../../test/session.ts';
import { decide } from './reports.testkit.ts';

// What the author of reported content is told (and never told), and which group a pasted URL joins.

async function site(z: TestApp) {
  await makeCategory(z, { slug: 'city', name: '城市' });
  const article = await makeArticle(z, { category: 'city', title: '青川港二期工程今日开工', author: 'writer' });
  const alice = await loginAs(z, 'alice');
  await z.dbh.db.updateTable('members').set({ display_name: '爱丽丝' }).where('id', '=', alice.member!.id).execute();
  assert.equal((await alice.post(`/news/${article.id}/comments`, { body: '网上发-票 赌博' })).statusCode, 303);
  const [comment] = (await z.comments.forArticle(article.id, 'newest', 1, 10)).items;
  return { article, alice, commentId: comment!.id };
}

const report = (c: Client, fields: Record<string, string>) => c.post('/report/', { description: '', ...fields });
const rows = (z: TestApp) => z.dbh.db.selectFrom('reports').selectAll().orderBy('id').execute();
const inbox = async (z: TestApp, memberId: number) => (await z.notifications.list(memberId, 1, 50)).items;

test('a ban decided on a report tells the author they are banned and why, never the note to the reporters', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { alice, commentId } = await site(z);
  const bob = await loginAs(z, 'bob');
  await report(bob, { comment: String(commentId), reason: 'advert' });
  const admin = await loginAs(z, 'boss', 'admin');
  const [r] = await rows(z);

  const missing = await decide(admin, r!.id, { decision: 'resolve', ban: '1', note: '感谢 bob 的举报' });
  assert.equal(missing.statusCode, 422, 'a ban needs a reason for the author');
  assert.ok(missing.body.includes('封禁作者时请填写告知作者的原因'));
  assert.equal((await z.members.byId(alice.member!.id))?.status, 'active');

  const res = await decide(admin, r!.id, { decision: 'resolve', ban: '1', note: '感谢 bob 的举报', reason: '多次发布赌博广告', confirm: '1' });
  assert.equal(res.statusCode, 303);
  const [msg] = await inbox(z, alice.member!.id);
  assert.equal(msg!.kind, 'member.banned');
  assert.equal(msg!.body, '您发布的评论“网上发-票 赌博”经举报核实违反本站规定（广告），您的账号已被封禁。原因：多次发布赌博广告。');
  assert.ok(!msg!.body.includes('警告') && !msg!.body.includes('bob'));

  // The log-in page shows the ban's own reason, not the reporters' note.
  const login = await guest(z).post('/member/login', { username: 'alice', password: TEST_PASSWORD });
  assert.ok(login.body.includes('内容经举报核实违规（广告）：多次发布赌博广告'), login.body.slice(0, 3000));
  assert.ok(!login.body.includes('感谢 bob'));
  // The reporter hears the note.
  assert.ok((await inbox(z, bob.member!.id))[0]!.body.includes('感谢 bob 的举报'));
});

test('a warning quotes only the comment text, gives the reason, and links to the content while it is shown', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { alice, commentId, article } = await site(z);
  await report(guest(z), { comment: String(commentId), reason: 'advert' });
  await report(guest(z), { comment: String(commentId), reason: 'illegal' });
  await report(guest(z), { comment: String(commentId), reason: 'advert' });
  const admin = await loginAs(z, 'boss', 'admin');
  const [r] = await rows(z);
  assert.equal((await decide(admin, r!.id, { decision: 'resolve', warn: '1', note: '', reason: '请勿发广告', confirm: '1' })).statusCode, 303);
  const [msg] = await inbox(z, alice.member!.id);
  assert.equal(msg!.kind, 'member.warned');
  assert.equal(
    msg!.body,
    '您发布的评论“网上发-票 赌博”经举报核实违反本站规定（广告、违法违规），您的账号已被警告。原因：请勿发广告。请遵守社区规范，屡次违规的账号将被禁止登录。',
  );
  assert.ok(!msg!.body.includes('爱丽丝'), 'the author’s own name is not quoted as if it were the content');
  assert.equal(msg!.link, `/news/${article.id}/comments#c${commentId}`);
  const list = await alice.get('/member/notifications/');
  assert.ok(list.body.includes(`href="/member/notifications/${msg!.id}">查看</a>`));
});

test('content removed over a report: the author hears the report’s category and the reason; no empty 查看 link', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { alice, commentId } = await site(z);
  const article = await makeArticle(z, { category: 'city', title: '青川大桥今日通车', author: 'writer' });
  await report(guest(z), { article: String(article.id), reason: 'infringement' });
  await report(guest(z), { comment: String(commentId), reason: 'advert' });
  const admin = await loginAs(z, 'boss', 'admin');
  const [ra, rc] = await rows(z);

  assert.equal((await decide(admin, ra!.id, { decision: 'resolve', hide: '1', note: '举报人是原作者', reason: '未经授权转载' })).statusCode, 303);
  const writer = (await z.members.byUsername('writer'))!;
  const [down] = await inbox(z, writer.id);
  assert.equal(down!.body, '您的文章《青川大桥今日通车》已下架：内容经举报核实违规（侵权）：未经授权转载');
  assert.ok(!down!.body.includes('原作者'));

  const res = await decide(admin, rc!.id, { decision: 'resolve', hide: '1', warn: '1', note: '', reason: '', confirm: '1' });
  assert.equal(res.statusCode, 303);
  const warned = (await inbox(z, alice.member!.id)).find((n) => n.kind === 'member.warned')!;
  assert.equal(
    warned.body,
    '您发布的评论“网上发-票 赌博”经举报核实违反本站规定（广告），已被隐藏，您的账号已被警告。请遵守社区规范，屡次违规的账号将被禁止登录。',
  );
  assert.equal(warned.link, '', 'the hidden comment is nowhere to link to');
  const hidden = (await inbox(z, alice.member!.id)).find((n) => n.kind === 'comment.hidden')!;
  assert.match(hidden.body, /已被管理员隐藏。原因：内容经举报核实违规（广告）/, 'the hidden comment’s own message says why');
  const list = await alice.get('/member/notifications/');
  assert.ok(!list.body.includes(`href="/member/notifications/${warned.id}">查看</a>`), 'no 查看 that only reloads the list');
  assert.ok(list.body.includes(`href="/member/notifications/${warned.id}">标为已读</a>`));
});

test('a pasted URL of a comments page joins the article’s group; a #c anchor names the comment when it is under that article', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { article, commentId } = await site(z);
  const other = await makeArticle(z, { category: 'city', title: '另一篇', author: 'writer' });
  const g = guest(z);
  for (const url of [
    `http://localhost/news/${article.id}/comments`,
    `http://localhost/mobile/news/${article.id}/comments?page=1`,
    `http://localhost/news/${article.id}/comments#c${commentId}`,
    `http://localhost/news/${other.id}/comments#c${commentId}`,
    `http://localhost/news/${article.id}/comments#c99999`,
  ]) {
    assert.equal((await report(g, { url, reason: 'advert' })).statusCode, 303, url);
  }
  const targets = (await rows(z)).map((r) => [r.target_type, r.target_id]);
  assert.deepEqual(targets, [
    ['article', article.id],
    ['article', article.id],
    ['comment', commentId],
    ['article', other.id],
    ['article', article.id],
  ]);
});
