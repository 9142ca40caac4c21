import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36';
const BANNER = '网站已关闭，仅管理人员可见';

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z, { slug: 'local', name: '本地' });
  const a = await makeArticle(z, { category: cat.slug, title: '青川大桥今日通车' });
  return { z, a };
}

async function listen(z: TestApp): Promise<string> {
  await z.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(z.app.server.address() as AddressInfo).port}`;
}

async function get(base: string, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, { headers: { 'user-agent': BROWSER, 'accept-encoding': 'identity', ...headers } });
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
}

const close = (z: TestApp, message?: string) => z.settings.update({ siteClosed: true, ...(message !== undefined ? { closedMessage: message } : {}) });

test('a closed site answers guests and members 503 with the message and Retry-After, pages, feeds, robots and the API alike', async (t) => {
  const { z, a } = await setup(t);
  const visitor = guest(z);
  const member = await loginAs(z, 'reader');
  assert.equal((await visitor.get(`/news/${a.id}.html`)).statusCode, 200);
  await close(z);
  for (const c of [visitor, member]) {
    for (const path of [
      '/',
      `/news/${a.id}.html`,
      `/mobile/news/${a.id}.html`,
      '/category/local/',
      '/rss.xml',
      '/sitemap.xml',
      '/robots.txt',
      '/search?q=大桥',
    ]) {
      const res = await c.get(path);
      assert.equal(res.statusCode, 503, path);
      assert.equal(res.headers['retry-after'], '3600', path);
      assert.equal(res.headers['cache-control'], 'no-store', path);
      assert.ok(res.body.includes('网站维护中，请稍后访问。'), `${path}: the default message`);
      assert.ok(!res.body.includes('青川大桥今日通车') && !res.body.includes(BANNER), path);
    }
  }
  const page = await visitor.get('/');
  assert.ok(page.body.includes('<h1>暂停访问</h1>') && page.body.includes('class="logo-text"'), 'a page of its own, with the site name');
  assert.ok(
    !/<a href="\/(hot\/|sitemap\.html|category)/.test(page.body) && !page.body.includes('class="site-header"'),
    'no links that only lead back to the 503',
  );
  const api = await visitor.get('/api/v1/articles');
  assert.equal(api.statusCode, 503);
  assert.equal(api.json().error.code, 'site_closed');
  // A member's POST (a comment, say) is refused the same way; logging in stays open.
  assert.equal((await member.post(`/news/${a.id}/comments`, { body: '好消息' })).statusCode, 503);
  assert.equal((await visitor.get('/member/login')).statusCode, 200);
  // So is getting in at all: a forgotten password, and the links that come by mail.
  for (const path of ['/member/forgot', '/member/reset?token=x', '/member/notifications/mail/confirm?token=x'])
    assert.notEqual((await visitor.get(path)).statusCode, 503, path);
  // The operator's own message.
  await close(z, '系统升级，预计两小时后恢复。');
  assert.ok((await visitor.get('/')).body.includes('系统升级，预计两小时后恢复。'));
  // Opened again: everything is back at once.
  await z.settings.update({ siteClosed: false });
  assert.equal((await visitor.get(`/news/${a.id}.html`)).statusCode, 200);
  assert.equal((await visitor.get('/robots.txt')).statusCode, 200);
});

test('staff who are logged in see the closed site with the banner, uncached, and reach the console to open it again', async (t) => {
  const { z, a } = await setup(t);
  const editor = await loginAs(z, 'ed', 'editor');
  const admin = await loginAs(z, 'boss', 'admin');
  await close(z);
  for (const path of ['/', `/news/${a.id}.html`, `/mobile/news/${a.id}.html`]) {
    const res = await editor.get(path);
    assert.equal(res.statusCode, 200, path);
    assert.ok(res.body.includes(BANNER), `${path}: the banner`);
    assert.equal(res.headers['cache-control'], 'private, no-store', `${path}: no shared cache keeps the staff view`);
  }
  assert.ok((await editor.get(`/news/${a.id}.html`)).body.includes('青川大桥今日通车'));
  assert.equal((await admin.get('/admin/settings')).statusCode, 200);
  // A staff API token still works; a member's does not.
  const staffToken = (await z.members.tokens.create(admin.member!.id)).token;
  const member = await loginAs(z, 'reader');
  const memberToken = (await z.members.tokens.create(member.member!.id)).token;
  const withToken = (token: string) => z.app.inject({ url: '/api/v1/articles', headers: { authorization: `Bearer ${token}` } });
  assert.equal((await withToken(staffToken)).statusCode, 200);
  assert.equal((await withToken(memberToken)).statusCode, 503);
  // The switch in 网站设置 is there and opening the site works from the form.
  const form = await admin.get('/admin/settings');
  assert.ok(form.body.includes('name="siteClosed" value="1" checked'));
  await z.settings.update({ siteClosed: false });
  const after = await editor.get('/');
  assert.ok(!after.body.includes(BANNER));
});

test('the fast lane lets no cached page out while the site is closed, and serves again once it is open', async (t) => {
  const { z, a } = await setup(t);
  const base = await listen(z);
  const path = `/news/${a.id}.html`;
  assert.equal((await get(base, path)).headers['x-cache'], 'MISS');
  const before = z.fastLane.stats().served;
  assert.equal((await get(base, path)).headers['x-cache'], 'HIT', 'cached and served by the lane');
  assert.equal(z.fastLane.stats().served, before + 1);

  await close(z);
  const closed = await get(base, path);
  assert.equal(closed.status, 503);
  assert.ok(!closed.body.includes('青川大桥今日通车'));
  // A page a staff member renders while closed is cached too: guests still get the 503, not that page.
  const editor = await loginAs(z, 'ed', 'editor');
  const staffView = await get(base, path, { cookie: editor.cookie });
  assert.equal(staffView.status, 200);
  assert.ok(staffView.body.includes(BANNER));
  for (let i = 0; i < 3; i++) assert.equal((await get(base, path)).status, 503, 'the lane is held');
  assert.equal(z.fastLane.stats().served, before + 1, 'nothing served by the lane while closed');

  // A clear from elsewhere (another instance's toggle arrives as one) holds the lane until a request has read the state.
  await z.settings.update({ siteClosed: false });
  const open = await get(base, path);
  assert.equal(open.status, 200);
  assert.ok(!open.body.includes(BANNER), 'the page kept while closed is gone');
  assert.equal((await get(base, path)).headers['x-cache'], 'HIT');
});
