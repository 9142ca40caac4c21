import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { guest } from '../../test/session.ts';
import { phoneContext, phoneReturn } from './members.phone.ts';

test('phoneReturn: the phone page a log-in was asked from, and nothing for any other', () => {
  assert.equal(phoneReturn('/mobile/news/12.html#comments-title'), '/mobile/news/12.html#comments-title');
  assert.equal(phoneReturn('/favorites/toggle?article=12&back=%2Fmobile%2Fnews%2F12_2.html'), '/mobile/news/12_2.html');
  assert.equal(phoneReturn('/news/12/comments/write?m=1'), '/mobile/news/12.html');
  assert.equal(phoneReturn('/tip/12?m=1'), '/mobile/news/12.html');
  for (const desktop of ['/news/12.html', '/favorites/toggle?article=12&back=%2Fnews%2F12.html', '/tip/12', '/member/', '/mobilex/', '/admin/?m=1'])
    assert.equal(phoneReturn(desktop), undefined, desktop);
  // A `back` off the site, or sneaking out of /mobile/, is not a way back.
  assert.equal(phoneReturn('/favorites/toggle?back=%2F%2Fevil.example%2Fmobile%2F'), undefined);
  assert.equal(phoneContext('//evil.example/mobile/').phoneBack, undefined);
  assert.equal(phoneContext('https://evil.example/mobile/').phoneBack, undefined);
  assert.equal(phoneContext('/mobile/../admin/').phoneBack, undefined, 'dot segments are resolved first');
});

test('log-in, sign-up and recovery from the phone site: phone layout, 返回 to the page, next carried between them', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const c = guest(z);
  const next = encodeURIComponent('/mobile/news/7.html#comments-title');

  const login = await c.get(`/member/login?next=${next}&why=comment`);
  assert.equal(login.statusCode, 200);
  assert.match(login.body, /<body class="mobile">/);
  assert.match(login.body, /<a class="m-logo" href="\/mobile\/">/);
  assert.match(login.body, /<p class="auth-back"><a href="\/mobile\/news\/7.html#comments-title">返回<\/a>/);
  assert.match(login.body, new RegExp(`href="/member/register\\?next=${next}"`));
  assert.match(login.body, new RegExp(`href="/member/forgot\\?next=${next}"`));

  // A failed attempt keeps the layout (the form carries next).
  const failed = await c.post('/member/login', { username: 'nobody', password: 'wrong-password-1', next: '/mobile/news/7.html' });
  assert.equal(failed.statusCode, 401);
  assert.match(failed.body, /<body class="mobile">[\s\S]*class="auth-back"><a href="\/mobile\/news\/7.html">/);

  const reg = await c.get(`/member/register?next=${next}`);
  assert.match(reg.body, /<body class="mobile">/);
  assert.match(reg.body, /<input type="hidden" name="next" value="\/mobile\/news\/7.html#comments-title">/);
  const refused = await c.post('/member/register', { username: 'x', password: 'p', confirm: 'p', email: 'e', next: '/mobile/news/7.html' });
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /<body class="mobile">/);

  const forgot = await c.get(`/member/forgot?next=${next}`);
  assert.match(forgot.body, /<body class="mobile">[\s\S]*name="next" value="\/mobile\/news\/7.html#comments-title"/);

  // From the desktop site, or with nothing: the desktop layout, no 返回.
  for (const url of ['/member/login', `/member/login?next=${encodeURIComponent('/news/7.html')}`, '/member/register', '/member/forgot']) {
    const res = await c.get(url);
    assert.match(res.body, /<body class="desktop">/, url);
    assert.doesNotMatch(res.body, /auth-back/, url);
  }
});
