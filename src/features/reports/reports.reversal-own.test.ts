import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { guest, loginAs, type Client } from '../../test/session.ts';
import { decide } from './reports.testkit.ts';

// A reversal takes back only what its own decision gave: never another decision's warning or a later ban,
// never the same part twice (several reversals of one decision, or two clicks at once).

const report = (c: Client, fields: Record<string, string>) => c.post('/report/', { description: '', ...fields });
const standing = (z: TestApp, id: number) =>
  z.dbh.db.selectFrom('members').select(['status', 'warnings', 'ban_reason']).where('id', '=', id).executeTakeFirstOrThrow();
const entries = async (z: TestApp, action: string) =>
  (await z.dbh.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute()).map((e) => ({
    id: e.id,
    detail: JSON.parse(e.detail) as Record<string, unknown>,
  }));

/** alice's two comments, each reported as 广告 by a guest; returns the two report ids. */
async function twoReportedComments(z: TestApp) {
  await makeCategory(z, { slug: 'city', name: '城市' });
  const article = await makeArticle(z, { category: 'city', title: '青川港二期工程今日开工', author: 'writer' });
  const alice = await loginAs(z, 'alice');
  const ids: number[] = [];
  for (const body of ['网上发-票 第一条', '网上发-票 第二条']) {
    assert.equal((await alice.post(`/news/${article.id}/comments`, { body })).statusCode, 303);
    z.clock.advance(20_000);
    const c = await z.dbh.db.selectFrom('comments').select('id').where('body', '=', body).executeTakeFirstOrThrow();
    await report(guest(z), { comment: String(c.id), reason: 'advert' });
    ids.push((await z.dbh.db.selectFrom('reports').select('id').where('target_id', '=', c.id).executeTakeFirstOrThrow()).id);
  }
  return { alice, ids: ids as [number, number] };
}

test('a second reversal of one decision cannot withdraw its warning again (it would take another decision’s)', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { alice, ids } = await twoReportedComments(z);
  const [r1, r2] = ids;
  const editor = await loginAs(z, 'ed', 'editor');
  // Same category, no reason typed: both warnings carry the same reason text.
  assert.equal((await decide(editor, r1, { decision: 'resolve', warn: '1', note: '', reason: '', confirm: '1' })).statusCode, 303);
  assert.equal((await decide(editor, r2, { decision: 'resolve', hide: '1', warn: '1', note: '', reason: '', confirm: '1' })).statusCode, 303);
  const me = alice.member!.id;
  assert.equal((await standing(z, me)).warnings, 2);
  const [w1, w2] = await entries(z, 'member.warn');
  assert.equal((await entries(z, 'report.applied'))[1]!.detail.warnId, w2!.id, 'the decision records its own warning');

  assert.equal((await editor.post(`/admin/reports/${r2}/reverse`, { unwarn: '1' })).statusCode, 303);
  assert.equal((await standing(z, me)).warnings, 1);
  assert.equal((await editor.post(`/admin/reports/${r2}/reverse`, { restore: '1' })).statusCode, 303);
  const page = await editor.get(`/admin/reports/${r2}`);
  assert.doesNotMatch(page.body, /name="unwarn"/, 'its warning was withdrawn by the first reversal');
  assert.match(page.body, /已撤销：.*撤销警告/);
  const again = await editor.post(`/admin/reports/${r2}/reverse`, { unwarn: '1' });
  assert.equal(again.statusCode, 409);
  assert.equal((await standing(z, me)).warnings, 1, 'R1’s warning stays');
  assert.deepEqual(
    (await entries(z, 'member.warn_withdraw')).map((e) => e.detail.warnId),
    [w2!.id],
  );

  // R1's own reversal withdraws R1's warning, not R2's (already withdrawn) one.
  assert.match((await editor.get(`/admin/reports/${r1}`)).body, /name="unwarn"/);
  assert.equal((await editor.post(`/admin/reports/${r1}/reverse`, { unwarn: '1' })).statusCode, 303);
  assert.equal((await standing(z, me)).warnings, 0);
  assert.deepEqual(
    (await entries(z, 'member.warn_withdraw')).map((e) => e.detail.warnId),
    [w2!.id, w1!.id],
  );
});

test('a decision recorded before warnId was kept: its own warning is found, another one never', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { alice, ids } = await twoReportedComments(z);
  const [r1, r2] = ids;
  const editor = await loginAs(z, 'ed', 'editor');
  await decide(editor, r1, { decision: 'resolve', warn: '1', note: '', reason: '', confirm: '1' });
  await decide(editor, r2, { decision: 'resolve', warn: '1', note: '', reason: '', confirm: '1' });
  // As an older version recorded them: no warnId / banId in the detail.
  for (const e of await entries(z, 'report.resolve')) {
    const { warnId: _w, banId: _b, ...rest } = e.detail;
    await z.dbh.db
      .updateTable('audit_log')
      .set({ detail: JSON.stringify(rest) })
      .where('id', '=', e.id)
      .execute();
  }
  const [w1, w2] = await entries(z, 'member.warn');
  assert.equal((await editor.post(`/admin/reports/${r1}/reverse`, { unwarn: '1' })).statusCode, 303);
  assert.deepEqual(
    (await entries(z, 'member.warn_withdraw')).map((e) => e.detail.warnId),
    [w1!.id],
    'R1 takes back its own warning, not the newer one with the same reason',
  );
  assert.equal((await editor.post(`/admin/reports/${r2}/reverse`, { unwarn: '1' })).statusCode, 303);
  assert.equal((await standing(z, alice.member!.id)).warnings, 0);
  assert.deepEqual(
    (await entries(z, 'member.warn_withdraw')).map((e) => e.detail.warnId),
    [w1!.id, w2!.id],
  );
});

test('解除封禁 is offered only while the decision’s own ban stands, not a later unrelated one', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { alice, ids } = await twoReportedComments(z);
  const admin = await loginAs(z, 'boss', 'admin');
  assert.equal((await decide(admin, ids[0], { decision: 'resolve', hide: '1', ban: '1', note: '', reason: '赌博广告', confirm: '1' })).statusCode, 303);
  const me = alice.member!.id;
  assert.match((await admin.get(`/admin/reports/${ids[0]}`)).body, /name="unban"/);
  // Unbanned on the member page, later banned again for something else.
  await z.members.moderation.unbanMember(me, admin.member!.id, '127.0.0.1');
  z.clock.advance(60_000);
  await z.members.banMember(me, admin.member!.id, '多次刷屏', '127.0.0.1');
  const page = await admin.get(`/admin/reports/${ids[0]}`);
  assert.doesNotMatch(page.body, /name="unban"/);
  const res = await admin.post(`/admin/reports/${ids[0]}/reverse`, { unban: '1' });
  assert.equal(res.statusCode, 422, 'not offered: only the hidden comment can still be restored');
  const s = await standing(z, me);
  assert.equal(s.status, 'banned');
  assert.equal(s.ban_reason, '多次刷屏');
});

test('two identical reversals at once: one withdraws the warning, the other is refused', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { alice, ids } = await twoReportedComments(z);
  const editor = await loginAs(z, 'ed', 'editor');
  await decide(editor, ids[0], { decision: 'resolve', warn: '1', note: '', reason: '', confirm: '1' });
  await decide(editor, ids[1], { decision: 'resolve', warn: '1', note: '', reason: '', confirm: '1' });
  const me = alice.member!.id;
  assert.equal((await standing(z, me)).warnings, 2);
  // The first to get there takes its time inside its transaction: the second has read the offer by then.
  const lift = z.members.moderation.liftSanctions;
  t.mock.method(z.members.moderation, 'liftSanctions', async (...args: Parameters<typeof lift>) => {
    await new Promise((r) => setTimeout(r, 150));
    return lift(...args);
  });
  const both = await Promise.all([1, 2].map(() => editor.post(`/admin/reports/${ids[1]}/reverse`, { unwarn: '1' })));
  assert.deepEqual(both.map((r) => r.statusCode).sort(), [303, 409]);
  assert.match(both.find((r) => r.statusCode === 409)!.body, /所选处理已经撤销过了|这组举报没有可撤销的处理/);
  assert.equal((await standing(z, me)).warnings, 1);
  assert.equal((await entries(z, 'member.warn_withdraw')).length, 1);
  assert.equal((await entries(z, 'report.reverse')).length, 1);
});
