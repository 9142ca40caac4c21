import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs, TEST_PASSWORD } from '../../test/session.ts';

async function app(t: { after(fn: () => Promise<void>): void }): Promise<TestApp> {
  const z = await createTestApp();
  t.after(() => z.close());
  return z;
}

const NEW = 'brand-new-pass-9';
const owner = async (z: TestApp, token: string) => (await z.members.memberForToken(token))?.username;

test('a token made for N days stops working after them; tokens are stored hashed', async (t) => {
  const z = await app(t);
  await z.members.create({ username: 'robot', role: 'editor' });
  const forever = await z.members.createToken('robot');
  const week = await z.members.createToken('robot', 'ci', 7);
  const rows = await z.dbh.db.selectFrom('api_tokens').select(['token_hash', 'expires_at']).orderBy('id').execute();
  assert.ok(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash) && r.token_hash !== forever && r.token_hash !== week));
  assert.deepEqual(
    rows.map((r) => r.expires_at),
    [null, '2026-12-04T08:00:00.000Z'],
  );
  assert.equal(await owner(z, week), 'robot');
  z.clock.advance(7 * 86_400_000 + 1000);
  assert.equal(await owner(z, week), undefined, 'expired');
  assert.equal(await owner(z, forever), 'robot');
  const listed = await z.members.tokens.list((await z.members.byUsername('robot'))!.id);
  assert.deepEqual(
    listed.map((x) => [x.name, x.expired]),
    [
      ['cli', false],
      ['ci', true],
    ],
  );
  await assert.rejects(z.members.createToken('robot', 'x', 0), (e: { fields?: Record<string, string> }) => /有效天数/.test(e.fields?.days ?? ''));
});

test('changing or resetting the password and a ban revoke every API token of the member; an unban does not bring them back', async (t) => {
  const z = await app(t);
  const me = await loginAs(z, 'reader1');
  const other = await loginAs(z, 'reader2');
  const theirs = await z.members.createToken('reader2');

  const before = await z.members.createToken('reader1');
  const changed = await me.post('/member/password', { current: TEST_PASSWORD, password: NEW, confirm: NEW });
  assert.equal(changed.statusCode, 303);
  assert.equal(await owner(z, before), undefined, 'password change');

  const beforeReset = await z.members.createToken('reader1');
  await guest(z).post('/member/forgot', { email: 'reader1@example.com' });
  const link = /\/member\/reset\?token=([A-Za-z0-9_-]+)/.exec(z.mailer.sent.at(-1)?.text ?? '')!;
  assert.equal((await guest(z).post('/member/reset', { token: link[1]!, password: 'third-pass-77', confirm: 'third-pass-77' })).statusCode, 303);
  assert.equal(await owner(z, beforeReset), undefined, 'password reset');

  const beforeBan = await z.members.createToken('reader1');
  const admin = await loginAs(z, 'admin1', 'admin');
  assert.equal((await admin.post(`/admin/members/${me.member!.id}/ban`, { reason: '盗号', confirm: '1' })).statusCode, 303);
  await admin.post(`/admin/members/${me.member!.id}/unban`);
  assert.equal(await owner(z, beforeBan), undefined, 'ban, then unban');
  assert.equal(await owner(z, theirs), 'reader2', "other members' tokens stay");
  void other;
});

test('会员管理 lists a member’s tokens (never the token) and revokes one or all; audited with a Chinese label', async (t) => {
  const z = await app(t);
  const admin = await loginAs(z, 'admin1', 'admin');
  const m = await z.members.create({ username: 'robot', role: 'editor' });
  const ci = await z.members.createToken('robot', 'ci-发布');
  const backup = await z.members.createToken('robot', 'backup', 30);
  const third = await z.members.createToken('robot', 'third');
  const base = `/admin/members/${m.id}`;

  const page = await admin.get(base);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /API 令牌/);
  assert.match(page.body, /ci-发布/);
  assert.match(page.body, /永不过期/);
  assert.match(page.body, /2026-12-27 16:00/, 'expiry in China time');
  for (const tok of [ci, backup, third]) assert.ok(!page.body.includes(tok));
  const [ciRow] = await z.members.tokens.list(m.id);

  const editor = await loginAs(z, 'bianji', 'editor');
  assert.equal((await editor.post(`${base}/tokens/revoke`, { token: String(ciRow!.id) })).statusCode, 403);
  assert.equal(await owner(z, ci), 'robot');

  const one = await admin.post(`${base}/tokens/revoke`, { token: String(ciRow!.id) });
  assert.equal(one.statusCode, 303);
  assert.equal(one.headers.location, `${base}?ok=token#tokens`);
  assert.match((await admin.get(`${base}?ok=token`)).body, /令牌已吊销/);
  assert.equal(await owner(z, ci), undefined);
  assert.equal(await owner(z, backup), 'robot');
  assert.equal((await admin.post(`${base}/tokens/revoke`, { token: String(ciRow!.id) })).statusCode, 404, 'already revoked');
  const otherMember = await z.members.create({ username: 'other' });
  assert.equal(
    (await admin.post(`/admin/members/${otherMember.id}/tokens/revoke`, { token: String(ciRow!.id + 1) })).statusCode,
    404,
    "not that member's token",
  );

  const all = await admin.post(`${base}/tokens/revoke`, { all: '1' });
  assert.equal(all.headers.location, `${base}?ok=tokens#tokens`);
  assert.equal(await owner(z, backup), undefined);
  assert.equal(await owner(z, third), undefined);
  assert.match((await admin.get(base)).body, /该会员没有 API 令牌/);

  const entries = (await z.audit.list({ limit: 10, offset: 0 })).items.reverse();
  assert.deepEqual(
    entries.map((e) => [e.action, e.targetId, e.detail]),
    [
      ['member.token_revoke', m.id, { tokenId: ciRow!.id, name: 'ci-发布' }],
      ['member.token_revoke', m.id, { all: true, count: 2 }],
    ],
  );
  assert.match((await admin.get('/admin/audit/')).body, /吊销API令牌/);
  // An admin may revoke their own tokens.
  await z.members.createToken('admin1');
  assert.equal((await admin.post(`/admin/members/${admin.member!.id}/tokens/revoke`, { all: '1' })).statusCode, 303);
});
