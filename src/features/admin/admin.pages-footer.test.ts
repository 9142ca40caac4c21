import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';

/** The links of the site footer on a page, in order, as [label, href]. */
function footerOf(html: string): Array<[string, string]> {
  const nav = /<nav class="footer-links"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
  return [...nav.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)].map((m) => [m[2] as string, m[1] as string]);
}

test('renaming a static page keeps its old URL (301) and the footer links follow it; deleting one removes its footer links', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await loginAs(z, 'boss', 'admin');
  // The default settings link the footer to /page/contact.html and /page/copyright.html.
  await z.pages.create({ slug: 'contact', title: '联系方式', body: '<p>电话</p>', inFooter: true });
  await z.pages.create({ slug: 'copyright', title: '版权隐私', body: '<p>版权</p>' });
  await z.pages.create({ slug: 'about', title: '关于我们', body: '<p>我们</p>', inFooter: true });

  const rename = await admin.post('/admin/pages/contact/edit', { title: '联系方式', slug: 'contact-us', body: '<p>电话</p>', sortOrder: '0', inFooter: '1' });
  assert.equal(rename.statusCode, 303);
  const confirm = await admin.get('/admin/pages/copyright/delete');
  assert.ok(confirm.body.includes('页脚链接 “版权隐私” 也会一并移除'), 'the confirmation says the footer link goes too');
  assert.equal((await admin.post('/admin/pages/copyright/delete')).statusCode, 303);

  for (const [from, to] of [
    ['/page/contact.html', '/page/contact-us.html'],
    ['/mobile/page/contact.html', '/mobile/page/contact-us.html'],
  ] as const) {
    const old = await z.app.inject(from);
    assert.equal(old.statusCode, 301, from);
    assert.equal(old.headers.location, to);
  }
  const footer = footerOf((await z.app.inject('/page/about.html')).body);
  const hrefs = footer.map(([, href]) => href);
  const labels = footer.map(([label]) => label);
  assert.ok(hrefs.includes('/page/contact-us.html'));
  assert.ok(!hrefs.includes('/page/contact.html') && !hrefs.includes('/page/copyright.html'), 'no footer link leads to a 404');
  assert.equal(labels.filter((l) => l === '联系方式').length, 1, '联系方式 shows once');
  assert.equal(labels.filter((l) => l === '关于我们').length, 1, 'a ticked page that is also a settings link shows once');
  assert.equal(new Set(hrefs).size, hrefs.length);
  const links = (await z.settings.get()).footerLinks;
  assert.ok(
    links.some((l) => l.label === '联系方式' && l.href === '/page/contact-us.html'),
    'the settings row follows the new slug',
  );
  assert.ok(!links.some((l) => l.href === '/page/copyright.html'));

  // Renaming again: the first old URL still lands on the page; a new page may take the old slug back.
  await admin.post('/admin/pages/contact-us/edit', { title: '联系方式', slug: 'contact-2', body: '<p>电话</p>', sortOrder: '0' });
  assert.equal((await z.app.inject('/page/contact.html')).headers.location, '/page/contact-2.html');
  await z.pages.create({ slug: 'contact', title: '新联系页', body: '<p>新</p>' });
  assert.equal((await z.app.inject('/page/contact.html')).statusCode, 200);
});

test('the console says where each footer entry comes from', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await loginAs(z, 'boss', 'admin');
  await z.pages.create({ slug: 'about', title: '关于我们', body: '<p>我们</p>', inFooter: true });
  await z.pages.create({ slug: 'contact', title: '联系方式', body: '<p>电话</p>' });
  const settings = await admin.get('/admin/settings');
  assert.ok(settings.body.includes('来自单页管理') && settings.body.includes('href="/admin/pages/about/edit"'), 'the settings page lists the ticked pages');
  const list = (await admin.get('/admin/pages/')).body;
  assert.ok(list.includes('是（本页勾选）') && list.includes('是（网站设置中的页脚链接）'));
});
