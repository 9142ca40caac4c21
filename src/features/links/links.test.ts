import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs } from '../../test/session.ts';

const rows = (z: TestApp) => z.dbh.db.selectFrom('friend_links').selectAll().orderBy('id').execute();
const auditActions = async (z: TestApp) => (await z.audit.list({ limit: 100, offset: 0 })).items.map((e) => e.action).sort();
const APPLY = { name: '青川旅游网', url: 'https://www.qc-travel.example.com/', description: '青川本地旅游攻略', contact: 'webmaster@qc-travel.example.com' };
/** The anchor of a link to `url` on a page, or undefined. */
const anchor = (html: string, url: string) => new RegExp(`<a [^>]*href="${url.replace(/[.?]/g, '\\$&')}"[^>]*>`).exec(html)?.[0];

test('an application waits for review; approved it shows on both home pages and /links at once; hidden it is gone', async (t) => {
  const z = await createTestApp({ pageCache: true });
  t.after(() => z.close());
  const g = guest(z);
  const form = await g.get('/links');
  assert.equal(form.statusCode, 200);
  assert.ok(form.body.includes('申请友情链接') && form.body.includes('name="url"') && form.body.includes('暂无友情链接'));
  assert.match(form.body, /name="_csrf" value=""/, 'the cached page carries no visitor token');

  const res = await g.post('/links', { ...APPLY, note: '已添加贵站链接' });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/links/applied');
  const thanks = await g.get('/links/applied');
  assert.ok(thanks.body.includes('申请已提交') && thanks.body.includes('感谢您的申请'));
  assert.equal(thanks.headers['cache-control'], 'no-store');
  const [row] = await rows(z);
  assert.deepEqual([row?.status, row?.host, row?.note], ['pending', 'qc-travel.example.com', '已添加贵站链接']);

  // Cached while pending: nothing of it anywhere public.
  for (const url of ['/', '/mobile/', '/links', '/', '/mobile/', '/links']) assert.ok(!(await g.get(url)).body.includes('青川旅游网'), url);
  assert.equal((await g.get('/links')).headers['x-cache'], 'HIT');

  const editor = await loginAs(z, 'ed', 'editor');
  const list = await editor.get('/admin/links/?status=pending');
  assert.ok(list.body.includes('青川旅游网') && list.body.includes('webmaster@qc-travel.example.com') && list.body.includes('待审核（1）'));
  const ok = await editor.post(`/admin/links/${row!.id}/approve`, { back: 'pending' });
  assert.equal(ok.statusCode, 303);
  assert.equal(ok.headers.location, '/admin/links/?status=pending&done=approved');

  for (const url of ['/', '/mobile/', '/links']) {
    const page = await g.get(url);
    const a = anchor(page.body, APPLY.url);
    assert.ok(a, `${url} links the site`);
    assert.ok(a.includes('target="_blank"') && a.includes('rel="noopener"') && !a.includes('nofollow'), a);
    assert.ok(page.body.includes('友情链接'), url);
    assert.ok(!page.body.includes('webmaster@qc-travel.example.com') && !page.body.includes('已添加贵站链接'), 'contact and note stay with staff');
  }
  assert.ok((await g.get('/links')).body.includes('青川本地旅游攻略'), '/links shows the description');

  await editor.post(`/admin/links/${row!.id}/hide`);
  for (const url of ['/', '/mobile/', '/links']) assert.ok(!(await g.get(url)).body.includes('青川旅游网'), `${url} after 隐藏`);
  assert.deepEqual(await auditActions(z), ['link.approve', 'link.hide']);
  const entry = (await z.audit.list({ limit: 1, offset: 0 })).items[0];
  assert.deepEqual([entry?.actorId, entry?.targetType, entry?.targetId], [editor.member!.id, 'friend_link', row!.id]);
});

test('a bad or missing address is refused with a field message, the form keeps what was typed, nothing is written', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const g = guest(z);
  for (const url of ['javascript:alert(1)', 'ftp://files.example.com/', 'www.example.com', 'http://localhost/', 'https://user:pw@example.com/']) {
    const res = await g.post('/links', { ...APPLY, url });
    assert.equal(res.statusCode, 422, url);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.ok(res.body.includes('网站地址须是以 http:// 或 https:// 开头的网址'), url);
    assert.ok(res.body.includes('value="青川旅游网"'), 'the name is kept');
    assert.match(res.body, new RegExp(`name="_csrf" value="${g.csrf}"`), 'the re-rendered form carries the token');
  }
  const missing = await g.post('/links', { name: '', url: '', contact: '' });
  assert.equal(missing.statusCode, 422);
  assert.ok(missing.body.includes('请填写网站名称') && missing.body.includes('请填写网站地址') && missing.body.includes('请填写联系方式'));
  assert.equal((await rows(z)).length, 0);
});

test('a second application for the same site (host, with or without www.) is refused in Chinese', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const g = guest(z);
  assert.equal((await g.post('/links', APPLY)).statusCode, 303);
  const again = await g.post('/links', { ...APPLY, name: '青川旅游', url: 'http://QC-Travel.example.com/about.html' });
  assert.equal(again.statusCode, 422);
  assert.ok(again.body.includes('该网站（qc-travel.example.com）已经申请过友情链接或已是本站友情链接，请勿重复提交'));
  assert.equal((await rows(z)).length, 1);
  assert.equal((await g.post('/links', { ...APPLY, url: 'https://blog.qc-travel.example.com/' })).statusCode, 303, 'another host is another site');
});

test('without its CSRF token a post changes nothing; from another site it is refused', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const g = guest(z);
  const noToken = await g.post('/links', APPLY, { withoutToken: true });
  assert.equal(noToken.statusCode, 200);
  assert.ok(noToken.body.includes('请确认'), 'the confirmation page, not the application');
  const foreign = await g.post('/links', APPLY, { headers: { origin: 'https://evil.example.org' } });
  assert.equal(foreign.statusCode, 403);
  assert.equal((await rows(z)).length, 0);

  assert.equal((await g.post('/links', APPLY)).statusCode, 303);
  const [row] = await rows(z);
  const admin = await loginAs(z, 'boss', 'admin');
  assert.equal((await admin.post(`/admin/links/${row!.id}/approve`, {}, { withoutToken: true })).statusCode, 200);
  assert.equal((await admin.post(`/admin/links/${row!.id}/delete`, { confirm: '1' }, { withoutToken: true })).statusCode, 200);
  assert.equal((await rows(z))[0]?.status, 'pending', 'neither approved nor deleted');
  assert.deepEqual(await auditActions(z), []);
});

test('names and descriptions are escaped on the home page, /links and the admin list', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const XSS = '<script>alert(1)</script>';
  const res = await guest(z).post('/links', { ...APPLY, name: `坏${XSS}`, description: `"><img src=x onerror=alert(2)>` });
  assert.equal(res.statusCode, 303);
  const admin = await loginAs(z, 'boss', 'admin');
  const list = await admin.get('/admin/links/');
  assert.ok(!list.body.includes(XSS) && list.body.includes('坏&lt;script&gt;alert(1)&lt;/script&gt;'));
  await admin.post(`/admin/links/${(await rows(z))[0]!.id}/approve`);
  for (const url of ['/', '/mobile/', '/links']) {
    const body = (await guest(z).get(url)).body;
    assert.ok(body.includes('坏&lt;script&gt;alert(1)&lt;/script&gt;'), url);
    assert.ok(!body.includes(XSS) && !body.includes('<img src=x'), url);
  }
  assert.ok((await guest(z).get('/')).body.includes('title="&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"'));
});

test('spam: banned words refuse with reject and are shown to staff with hold; a honeypot writes nothing; 5 posts per IP an hour', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await z.bannedWords.add('代开发票');
  await z.settings.update({ bannedWordAction: 'reject' });
  const g = guest(z);
  const banned = await g.post('/links', { ...APPLY, description: '专业代开发票' });
  assert.equal(banned.statusCode, 422);
  assert.ok(banned.body.includes('申请内容包含违禁词：代开发票'));
  assert.equal((await rows(z)).length, 0);
  await z.settings.update({ bannedWordAction: 'hold' });
  assert.equal((await g.post('/links', { ...APPLY, description: '专业代开发票' })).statusCode, 303);
  assert.ok((await (await loginAs(z, 'ed', 'editor')).get('/admin/links/')).body.includes('命中违禁词：代开发票'));

  assert.equal((await g.post('/links', { ...APPLY, url: 'https://bot.example.com/', website: 'x' })).statusCode, 303);
  assert.equal((await rows(z)).length, 1, 'the honeypot wrote nothing');
  // Counted: the banned-word refusal, the held application, the honeypot; two more, then the limit.
  for (let i = 0; i < 2; i++) assert.equal((await g.post('/links', { ...APPLY, url: `https://s${i}.example.com/` })).statusCode, 303);
  const over = await g.post('/links', { ...APPLY, url: 'https://late.example.com/' });
  assert.equal(over.statusCode, 429);
  assert.ok(over.body.includes('申请过于频繁') && over.body.includes('value="https://late.example.com/"'));
  assert.equal((await rows(z)).length, 3);
  z.clock.advance(60 * 60_000);
  assert.equal((await g.post('/links', { ...APPLY, url: 'https://late.example.com/' })).statusCode, 303);
});

test('typos and duplicates do not use up the hourly allowance: three bad addresses, then five applications go through', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const g = guest(z);
  assert.equal((await g.post('/links', APPLY)).statusCode, 303);
  for (const url of ['qc-food', 'htp://qc-food.example.com/', 'https://qc-food'])
    assert.equal((await g.post('/links', { ...APPLY, url })).statusCode, 422, url);
  assert.equal((await g.post('/links', APPLY)).statusCode, 422, 'a duplicate');
  for (let i = 0; i < 4; i++) assert.equal((await g.post('/links', { ...APPLY, url: `https://s${i}.example.com/` })).statusCode, 303, `application ${i + 2}`);
  assert.equal((await g.post('/links', { ...APPLY, url: 'https://late.example.com/' })).statusCode, 429, 'the sixth application in the hour');
  assert.equal((await rows(z)).length, 5);

  // Refusals are bounded too, more generously: 30 posts of any kind an hour.
  z.clock.advance(60 * 60_000);
  for (let i = 0; i < 30; i++) assert.equal((await g.post('/links', { ...APPLY, url: `bad-${i}` })).statusCode, 422, `typo ${i + 1}`);
  assert.equal((await g.post('/links', { ...APPLY, url: 'https://late.example.com/' })).statusCode, 429);
});

test('a site whose application was refused is told so honestly, and still cannot apply again', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const g = guest(z);
  assert.equal((await g.post('/links', APPLY)).statusCode, 303);
  const editor = await loginAs(z, 'ed', 'editor');
  await editor.post(`/admin/links/${(await rows(z))[0]!.id}/reject`);
  const again = await g.post('/links', { ...APPLY, url: 'https://qc-travel.example.com/new/' });
  assert.equal(again.statusCode, 422);
  assert.ok(again.body.includes('该网站（qc-travel.example.com）的友情链接申请未通过审核，不能再次申请。如有疑问请通过网站留言联系我们'));
  assert.ok(!again.body.includes('已经申请过友情链接'), 'not told it merely applied already');
  assert.deepEqual(
    (await rows(z)).map((r) => r.status),
    ['rejected'],
    'nothing new written',
  );
});

test('the apply form shows this site’s name, address, logo and a text link to copy, escaped', async (t) => {
  const z = await createTestApp({ baseUrl: 'https://news.qc.example/' });
  t.after(() => z.close());
  await z.settings.update({ siteName: '青川<资讯>网 & 生活', logoUrl: '/uploads/logo.png' });
  const body = (await guest(z).get('/links')).body;
  assert.ok(body.includes('本站信息'));
  assert.ok(body.includes('<dd>青川&lt;资讯&gt;网 &amp; 生活</dd>'), 'the name');
  assert.ok(body.includes('<a href="https://news.qc.example/">https://news.qc.example/</a>'), 'the canonical address');
  assert.ok(body.includes('<code>https://news.qc.example/uploads/logo.png</code>'), 'the logo as an absolute URL');
  // The snippet is valid HTML (the name escaped inside it), shown escaped once more in the textarea.
  assert.ok(
    body.includes(
      '&lt;a href=&quot;https://news.qc.example/&quot; target=&quot;_blank&quot;&gt;青川&amp;lt;资讯&amp;gt;网 &amp;amp; 生活&lt;/a&gt;</textarea>',
    ),
  );
  assert.ok(!body.includes('<资讯>'));
});
