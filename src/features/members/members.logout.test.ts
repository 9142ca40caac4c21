import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { guest, loginAs } from '../../test/session.ts';

test('GET /member/logout shows a 退出 button that posts the form with its token; it logs out nobody by itself', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const alice = await loginAs(z, 'alice');
  const page = await alice.get('/member/logout');
  assert.equal(page.statusCode, 200);
  assert.equal(page.headers['cache-control'], 'no-store');
  assert.ok(page.body.includes('class="auth-page box"') && page.body.includes('退出登录'));
  assert.match(page.body, /<form method="post" action="\/member\/logout"[^>]*>\s*<input type="hidden" name="_csrf" value="[^"]+"/);
  assert.ok(page.body.includes('<button type="submit" class="btn primary">退出</button>'));
  assert.equal((await alice.get('/member/')).statusCode, 200, 'still logged in after the GET');

  const res = await alice.post('/member/logout');
  assert.equal(res.statusCode, 303);
  assert.equal((await alice.get('/member/')).statusCode, 303, 'logged out by the button');

  const asGuest = await guest(z).get('/member/logout');
  assert.equal(asGuest.statusCode, 200);
  assert.ok(asGuest.body.includes('您当前没有登录') && !asGuest.body.includes('action="/member/logout"'));
});
