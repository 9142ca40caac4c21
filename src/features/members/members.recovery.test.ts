import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, type Config } from '../../config.ts';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs } from '../../test/session.ts';

async function app(t: { after(fn: () => Promise<void>): void }, over: Partial<Config> = {}): Promise<TestApp> {
  const z = await createTestApp(over);
  t.after(() => z.close());
  await loginAs(z, 'reader1');
  return z;
}

const ask = (z: TestApp, host: string, extra: Record<string, string> = {}) =>
  guest(z).post('/member/forgot', { email: 'reader1@example.com' }, { headers: { host, ...extra } });
const linkIn = (z: TestApp) => /https?:\/\/[^\s]+\/member\/reset\?token=/.exec(z.mailer.sent.at(-1)?.text ?? '')?.[0];

test('with nothing configured, a reset link follows only a loopback Host; any other Host sends no mail and says why', async (t) => {
  const z = await app(t);
  const forged = await ask(z, 'evil.example');
  assert.equal(forged.statusCode, 503);
  assert.match(forged.body, /暂时无法发送重设密码邮件/);
  assert.equal(z.mailer.sent.length, 0, 'no mail points at the forged host');
  assert.equal(await z.dbh.db.selectFrom('password_resets').select('member_id').executeTakeFirst(), undefined, 'no token was made');
  // The form itself says so before anyone types an address.
  const form = await guest(z).get('/member/forgot', { host: 'evil.example' });
  assert.match(form.body, /暂时无法发送重设密码邮件/);

  for (const host of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000']) {
    assert.equal((await ask(z, host)).statusCode, 200, host);
    assert.equal(linkIn(z), `http://${host}/member/reset?token=`);
  }
  assert.equal(z.mailer.sent.length, 3);
  assert.match((await guest(z).get('/member/forgot')).body, /name="email"/);
});

test('ZIXUN_BASE_URL decides the link whatever the Host says', async (t) => {
  const z = await app(t, { baseUrl: 'https://news.example.com' });
  assert.equal((await ask(z, 'evil.example')).statusCode, 200);
  assert.equal(linkIn(z), 'https://news.example.com/member/reset?token=');
});

test('ZIXUN_ALLOWED_HOSTS: listed hosts get links to themselves, others (localhost too) none', async (t) => {
  const z = await app(t, { allowedHosts: ['news.example.com', 'www.example.com:8080'] });
  assert.equal((await ask(z, 'News.Example.com')).statusCode, 200);
  assert.equal(linkIn(z), 'http://news.example.com/member/reset?token=');
  assert.equal((await ask(z, 'www.example.com:8080')).statusCode, 200);
  assert.equal(linkIn(z), 'http://www.example.com:8080/member/reset?token=');
  for (const host of ['www.example.com:9999', 'evil.example', 'news.example.com.evil.example', 'localhost:3000']) {
    assert.equal((await ask(z, host)).statusCode, 503, host);
  }
  assert.equal(z.mailer.sent.length, 2);
});

test('ZIXUN_ALLOWED_HOSTS is parsed as a comma-separated list and refused when malformed', () => {
  assert.deepEqual(loadConfig({}).allowedHosts, []);
  assert.deepEqual(loadConfig({ ZIXUN_ALLOWED_HOSTS: ' News.Example.com, www.example.com:8080 ,' }).allowedHosts, ['news.example.com', 'www.example.com:8080']);
  assert.throws(() => loadConfig({ ZIXUN_ALLOWED_HOSTS: 'https://news.example.com/' }), /ZIXUN_ALLOWED_HOSTS/);
});
