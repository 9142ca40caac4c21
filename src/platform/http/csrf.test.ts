import { test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import { createHttpApp } from './app.ts';
import { registerCsrf } from './csrf.ts';

async function setup() {
  const { app } = await createHttpApp({ logLevel: 'silent', trustProxy: false, publicDir: os.tmpdir(), uploadsDir: os.tmpdir() });
  let writes = 0;
  registerCsrf(app, { skip: (req) => req.url.startsWith('/api/'), confirm: async (_req, fields, token) => `CONFIRM ${JSON.stringify(fields)} ${token}` });
  app.post('/act', async () => ({ ok: ++writes }));
  app.post('/api/act', async () => ({ ok: ++writes }));
  return { app, writes: () => writes };
}

const form = 'application/x-www-form-urlencoded';

test('a form post with the cookie token passes; a wrong or cross-site one is refused and writes nothing', async () => {
  const { app, writes } = await setup();
  const ok = await app.inject({
    method: 'POST',
    url: '/act',
    headers: { cookie: 'zx_csrf=abcdefghijklmnopqrstuvwx', 'content-type': form },
    payload: '_csrf=abcdefghijklmnopqrstuvwx&x=1',
  });
  assert.equal(ok.statusCode, 200);
  const wrong = await app.inject({
    method: 'POST',
    url: '/act',
    headers: { cookie: 'zx_csrf=abcdefghijklmnopqrstuvwx', 'content-type': form },
    payload: '_csrf=zzzzzzzzzzzzzzzzzzzzzzzz',
  });
  assert.equal(wrong.statusCode, 403);
  const cross = await app.inject({
    method: 'POST',
    url: '/act',
    headers: { cookie: 'zx_csrf=abcdefghijklmnopqrstuvwx', 'content-type': form, origin: 'https://evil.example' },
    payload: '_csrf=abcdefghijklmnopqrstuvwx',
  });
  assert.equal(cross.statusCode, 403);
  const json = await app.inject({ method: 'POST', url: '/act', headers: { 'content-type': 'application/json' }, payload: '{}' });
  assert.equal(json.statusCode, 403);
  assert.equal(writes(), 1);
  assert.equal((await app.inject({ method: 'POST', url: '/api/act', payload: {} })).statusCode, 200, 'the bearer API is exempt');
});

test('a form without any token (a cached page, JavaScript off) gets a confirmation page instead of acting', async () => {
  const { app, writes } = await setup();
  const res = await app.inject({ method: 'POST', url: '/act', headers: { 'content-type': form }, payload: 'article=12&note=hi' });
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /^CONFIRM \{"article":"12","note":"hi"\} [A-Za-z0-9_-]{20,}$/);
  assert.match(String(res.headers['set-cookie']), /zx_csrf=/);
  assert.equal(writes(), 0);
});

test('a guest without JavaScript posting from this site acts at once: no "protect your account" page for someone without one', async () => {
  const { app, writes } = await setup();
  const guest = await app.inject({
    method: 'POST',
    url: '/act',
    headers: { 'content-type': form, origin: 'http://localhost:3000', host: 'localhost:3000' },
    payload: 'note=hi',
  });
  assert.equal(guest.statusCode, 200);
  assert.deepEqual(JSON.parse(guest.body), { ok: 1 });
  // A member (session cookie) still confirms; a wrong token and another site are still refused.
  const member = await app.inject({
    method: 'POST',
    url: '/act',
    headers: { 'content-type': form, origin: 'http://localhost:3000', host: 'localhost:3000', cookie: 'zx_sid=abc' },
    payload: 'note=hi',
  });
  assert.match(member.body, /^CONFIRM /);
  const wrong = await app.inject({
    method: 'POST',
    url: '/act',
    headers: { 'content-type': form, origin: 'http://localhost:3000', host: 'localhost:3000' },
    payload: '_csrf=x&note=hi',
  });
  assert.equal(wrong.statusCode, 403);
  const cross = await app.inject({ method: 'POST', url: '/act', headers: { 'content-type': form, origin: 'https://evil.example' }, payload: 'note=hi' });
  assert.equal(cross.statusCode, 403);
  assert.equal(writes(), 1);
});
