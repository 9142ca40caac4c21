// Double submits: a decision applied once however many identical posts race, and one open report per
// member and target however many report forms race (parallel requests on one instance).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { loginAs, type Client } from '../../test/session.ts';
import { decide, shownUpTo } from './reports.testkit.ts';

const N = 4;

async function reported(z: TestApp) {
  await makeCategory(z, { slug: 'city', name: '城市' });
  const article = await makeArticle(z, { category: 'city', title: '青川港二期工程今日开工', author: 'writer' });
  const author = (await z.members.byUsername('writer'))!;
  const alice = await loginAs(z, 'alice');
  assert.equal((await alice.post('/report/', { article: String(article.id), reason: 'advert', description: '' })).statusCode, 303);
  const r = await z.dbh.db.selectFrom('reports').select('id').executeTakeFirstOrThrow();
  return { article, author, alice, reportId: r.id, admin: await loginAs(z, 'boss', 'admin') };
}

const actions = async (z: TestApp) => (await z.audit.list({ limit: 100, offset: 0 })).items.map((e) => e.action).sort();
const kinds = async (z: TestApp, memberId: number) =>
  (await z.dbh.db.selectFrom('notifications').select('kind').where('member_id', '=', memberId).execute()).map((n) => n.kind).sort();
const warnings = async (z: TestApp, id: number) =>
  (await z.dbh.db.selectFrom('members').select('warnings').where('id', '=', id).executeTakeFirstOrThrow()).warnings;
const statuses = (rs: Array<{ statusCode: number }>) => rs.map((r) => r.statusCode).sort();

/**
 * Every transaction the app opens starts a turn of the event loop later, as on a database across a
 * network (in-memory SQLite answers so fast that one request's checks and writes would otherwise all run
 * before the next request is even parsed): the racing requests' checks then meet their writes.
 */
function slowTransactions(z: TestApp, t: { mock: { method: (o: object, m: 'tx', f: TestApp['dbh']['tx']) => unknown } }) {
  const tx = z.dbh.tx.bind(z.dbh);
  t.mock.method(z.dbh, 'tx', async (fn) => {
    await new Promise((resolve) => setImmediate(resolve));
    return tx(fn);
  });
}

async function race(c: Client, url: string, fields: Record<string, string>) {
  return Promise.all(Array.from({ length: N }, () => c.post(url, fields)));
}

/** N identical decisions posted at once from one loaded page of the group. */
async function raceDecisions(c: Client, reportId: number, fields: Record<string, string>) {
  return race(c, `/admin/reports/${reportId}`, { upTo: await shownUpTo(c, reportId), ...fields });
}

test('parallel identical 警告作者 decisions warn once, tell once and audit once; the others get 409', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { author, alice, reportId, admin } = await reported(z);
  slowTransactions(z, t);
  const rs = await raceDecisions(admin, reportId, { decision: 'resolve', warn: '1', note: '已警告', confirm: '1' });
  assert.deepEqual(statuses(rs), [303, ...Array(N - 1).fill(409)]);
  assert.equal(rs.find((r) => r.statusCode === 303)?.headers.location, `/admin/reports/${reportId}?done=resolve&n=1`);
  for (const r of rs.filter((x) => x.statusCode === 409)) assert.ok(r.body.includes('这组举报已经处理过了'));
  assert.equal(await warnings(z, author.id), 1);
  assert.deepEqual(await kinds(z, author.id), ['member.warned']);
  assert.deepEqual(await kinds(z, alice.member!.id), ['report.handled']);
  assert.deepEqual(await actions(z), ['member.warn', 'report.applied', 'report.resolve']);
  const entry = (await z.audit.list({ limit: 1, offset: 0, action: 'report.resolve' })).items[0]!;
  assert.deepEqual(entry.detail.reportIds, [reportId]);
});

test('parallel identical 隐藏内容 decisions take the article down once; the others get 409', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { article, author, alice, reportId, admin } = await reported(z);
  slowTransactions(z, t);
  const rs = await raceDecisions(admin, reportId, { decision: 'resolve', hide: '1', note: '已下架' });
  assert.deepEqual(statuses(rs), [303, ...Array(N - 1).fill(409)]);
  assert.equal((await z.articles.getAny(article.id))?.status, 'rejected');
  assert.deepEqual(await kinds(z, author.id), ['article.taken-down']);
  assert.deepEqual(await kinds(z, alice.member!.id), ['report.handled']);
  assert.deepEqual(await actions(z), ['article.take_down', 'report.applied', 'report.resolve']);
});

test('parallel 封禁 and 驳回 decisions are each taken once', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { author, reportId, admin, article, alice } = await reported(z);
  slowTransactions(z, t);
  const bans = await raceDecisions(admin, reportId, { decision: 'resolve', ban: '1', reason: '广告', note: '', confirm: '1' });
  assert.deepEqual(statuses(bans), [303, ...Array(N - 1).fill(409)]);
  assert.equal((await z.members.byId(author.id))?.status, 'banned');
  assert.deepEqual(await actions(z), ['member.ban', 'report.applied', 'report.resolve']);

  // A new report on another article, dismissed N times at once.
  const other = await makeArticle(z, { category: 'city', title: '另一篇', author: 'writer2' });
  assert.equal((await alice.post('/report/', { article: String(other.id), reason: 'advert', description: '' })).statusCode, 303);
  const r2 = (await z.dbh.db.selectFrom('reports').select('id').where('target_id', '=', other.id).executeTakeFirstOrThrow()).id;
  const dismissals = await raceDecisions(admin, r2, { decision: 'dismiss', note: '无问题' });
  assert.deepEqual(statuses(dismissals), [303, ...Array(N - 1).fill(409)]);
  assert.deepEqual(await actions(z), ['member.ban', 'report.applied', 'report.dismiss', 'report.resolve']);
  assert.deepEqual(await kinds(z, alice.member!.id), ['report.handled', 'report.handled']);
  assert.equal((await z.articles.getAny(article.id))?.status, 'published');
});

test('a content action that fails leaves the reports open, so the decision can be taken again', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { author, reportId, admin } = await reported(z);
  // The members feature fails to give the warning (after the reports were claimed).
  const preview = await decide(admin, reportId, { decision: 'resolve', warn: '1', note: '' });
  assert.equal(preview.statusCode, 200);
  const warnMember = t.mock.method(z.members, 'warnMember', async () => Promise.reject(new Error('boom')));
  const res = await decide(admin, reportId, { decision: 'resolve', warn: '1', note: '', confirm: '1' });
  assert.equal(res.statusCode, 500);
  assert.equal(warnMember.mock.callCount(), 1);
  const row = await z.dbh.db.selectFrom('reports').selectAll().where('id', '=', reportId).executeTakeFirstOrThrow();
  assert.deepEqual([row.status, row.resolved_by, row.resolved_at], ['open', null, null]);
  // The decision was recorded with its claim; that it came to nothing is recorded too. Nobody is told.
  assert.deepEqual(await actions(z), ['report.reopen', 'report.resolve']);
  assert.deepEqual(await kinds(z, author.id), []);
  assert.doesNotMatch((await admin.get(`/admin/reports/${reportId}`)).body, /撤销处理结果/, 'nothing to take back');
  warnMember.mock.restore();
  assert.equal((await decide(admin, reportId, { decision: 'resolve', warn: '1', note: '', confirm: '1' })).statusCode, 303);
  assert.equal(await warnings(z, author.id), 1);
  assert.match((await admin.get(`/admin/reports/${reportId}`)).body, /name="unwarn"/, 'the decision taken again can be reversed');
});

test('parallel report submissions by one member file one open report; the others are told they reported it already', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'city', name: '城市' });
  const article = await makeArticle(z, { category: 'city', title: '青川港二期工程今日开工', author: 'writer' });
  const alice = await loginAs(z, 'alice');
  const bob = await loginAs(z, 'bob');
  slowTransactions(z, t);
  const rs = await race(alice, '/report/', { article: String(article.id), reason: 'advert', description: '广告' });
  assert.deepEqual(statuses(rs), [303, ...Array(N - 1).fill(409)]);
  for (const r of rs.filter((x) => x.statusCode === 409)) assert.ok(r.body.includes('您已经举报过这条内容'), r.body.slice(0, 500));
  const urls = await race(alice, '/report/', { url: 'http://localhost/some/page', reason: 'illegal', description: '' });
  assert.deepEqual(statuses(urls), [303, ...Array(N - 1).fill(409)]);
  // Another member may report it too; so may alice again once her report was decided.
  assert.equal((await bob.post('/report/', { article: String(article.id), reason: 'advert', description: '' })).statusCode, 303);
  const rows = await z.dbh.db.selectFrom('reports').select(['reporter_id', 'target_type', 'status']).where('status', '=', 'open').execute();
  assert.equal(rows.filter((r) => r.reporter_id === alice.member!.id).length, 2);
  assert.equal(rows.length, 3);
  const admin = await loginAs(z, 'boss', 'admin');
  const first = (await z.dbh.db.selectFrom('reports').select('id').where('target_id', '=', article.id).executeTakeFirstOrThrow()).id;
  assert.equal((await decide(admin, first, { decision: 'dismiss', note: '' })).statusCode, 303);
  assert.equal((await alice.post('/report/', { article: String(article.id), reason: 'other', description: '又出现了' })).statusCode, 303);
});

test('parallel identical 撤销处理结果 requests put the content back and withdraw the warning once', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { article, author, reportId, admin } = await reported(z);
  const decided = await decide(admin, reportId, { decision: 'resolve', hide: '1', warn: '1', note: '', confirm: '1' });
  assert.equal(decided.statusCode, 303);
  const before = await kinds(z, author.id);
  slowTransactions(z, t);
  const rs = await race(admin, `/admin/reports/${reportId}/reverse`, { restore: '1', unwarn: '1', reason: '误判' });
  assert.deepEqual(statuses(rs), [303, ...Array(N - 1).fill(409)]);
  assert.equal((await z.articles.getAny(article.id))?.status, 'published');
  assert.equal(await warnings(z, author.id), 0);
  assert.deepEqual(await kinds(z, author.id), [...before, 'report.handled'].sort(), 'the author is told once');
  assert.deepEqual(await actions(z), [
    'article.restore',
    'article.take_down',
    'member.warn',
    'member.warn_withdraw',
    'report.applied',
    'report.resolve',
    'report.reverse',
  ]);
});
