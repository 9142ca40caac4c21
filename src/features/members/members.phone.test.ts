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

/** Opens the sign-up form at `url`, waits like a person, submits it with `next` as the form carries it. */
async function signUp(z: Awaited<ReturnType<typeof createTestApp>>, url: string, username: string) {
  const c = guest(z);
  const form = (await c.get(url)).body;
  const ft = /name="_ft" value="([^"]+)"/.exec(form)?.[1] ?? '';
  const next = /name="next" value="([^"]*)"/.exec(form)?.[1]?.replace(/&amp;/g, '&');
  z.clock.advance(4000);
  const fields = { username, password: 'qingchuan2026', confirm: 'qingchuan2026', email: `${username}@example.com`, _ft: ft, ...(next ? { next } : {}) };
  const res = await c.post('/member/register', fields);
  const sid = /zx_sid=([^;]+)/.exec(String(res.headers['set-cookie']))?.[1];
  return { res, next, me: (u: string) => z.app.inject({ method: 'GET', url: u, headers: { cookie: `zx_sid=${sid}` } }) };
}

test('sign-up from a phone article leads back to it: the welcome in the phone layout, 返回刚才的文章 first', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const phone = await signUp(z, `/member/register?next=${encodeURIComponent('/mobile/news/66.html')}`, 'xiaoli66');
  assert.equal(phone.next, '/mobile/news/66.html', 'the form carries next');
  assert.equal(phone.res.statusCode, 303);
  assert.equal(phone.res.headers.location, `/member/welcome?next=${encodeURIComponent('/mobile/news/66.html')}`);
  const welcome = await phone.me(String(phone.res.headers.location));
  assert.equal(welcome.statusCode, 200);
  assert.match(welcome.body, /<body class="mobile">/);
  assert.match(welcome.body, /xiaoli66，欢迎加入！注册已完成。/);
  assert.match(welcome.body, /<a class="btn primary welcome-return" href="\/mobile\/news\/66.html">返回刚才的文章<\/a>/);
  assert.match(welcome.body, /href="\/member\/">进入会员中心</);

  // From a desktop page: the same, in the desktop layout; the home page, off-site or admin `next`, or none: the member centre.
  const desk = await signUp(z, `/member/register?next=${encodeURIComponent('/news/66.html')}`, 'xiaoli67');
  const deskWelcome = await desk.me(String(desk.res.headers.location));
  assert.match(deskWelcome.body, /<body class="desktop">[\s\S]*href="\/news\/66.html">返回刚才的文章</);
  for (const [url, name] of [
    [`/member/register?next=${encodeURIComponent('//evil.example/')}`, 'xiaoli68'],
    [`/member/register?next=${encodeURIComponent('/admin/')}`, 'xiaoli69'],
    ['/member/register', 'xiaoli70'],
    [`/member/register?next=${encodeURIComponent('/')}`, 'xiaoli71'],
  ] as const) {
    z.clock.advance(3600_000); // past the sign-ups-per-address limit
    assert.equal((await signUp(z, url, name)).res.headers.location, '/member/?welcome=new', url);
  }
  const asGuest = await guest(z).get('/member/welcome?next=%2Fmobile%2F');
  assert.equal(asGuest.statusCode, 303, 'guests are sent to log in');
  assert.match(String(asGuest.headers.location), /^\/member\/login/);
});

test('the header’s 登录 / 注册 on the phone log-in and sign-up pages keep next (bare, they open the desktop layout)', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const next = encodeURIComponent('/mobile/news/66.html');
  for (const page of ['/member/login', '/member/register', '/member/forgot']) {
    const bar = /data-member-bar[^>]*>([\s\S]*?)<\/span>/.exec((await guest(z).get(`${page}?next=${next}`)).body)?.[1] ?? '';
    assert.match(bar, new RegExp(`href="/member/login\\?next=${next}"`), page);
    assert.match(bar, new RegExp(`href="/member/register\\?next=${next}"`), page);
  }
  const desktop = /data-member-bar[^>]*>([\s\S]*?)<\/span>/.exec((await guest(z).get('/member/login')).body)?.[1] ?? '';
  assert.match(desktop, /href="\/member\/login"/, 'the desktop pages are unchanged');
});
