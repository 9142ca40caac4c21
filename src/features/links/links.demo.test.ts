import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { seedDemoIfEmpty } from '../../cli/demo.ts';

test('the demo portal comes with approved friend links to example domains only, two with logos', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  assert.ok(await seedDemoIfEmpty(z));
  const links = await z.links.approved();
  assert.ok(links.length >= 4 && links.length <= 6, `${links.length} links`);
  for (const l of links) assert.match(new URL(l.url).hostname, /(^|\.)example\.(com|org)$/, l.url);
  const logos = links.filter((l) => l.kind === 'image');
  assert.equal(logos.length, 2);
  for (const url of ['/', '/mobile/']) {
    const home = (await z.app.inject(url)).body;
    for (const l of links) assert.ok(home.includes(`href="${l.url}"`), `${url} links ${l.name}`);
  }
  const logo = await z.app.inject(logos[0]!.logo);
  assert.equal(logo.statusCode, 200);
  assert.equal(logo.headers['content-type'], 'image/png');
});

test('the demo footer links 友情链接 (a footer link in 网站设置, which the operator can remove) on desktop and phone', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  assert.ok(await seedDemoIfEmpty(z));
  assert.ok(
    (await z.settings.get()).footerLinks.some((l) => l.label === '友情链接' && l.href === '/links'),
    'settings data, not the view',
  );
  for (const url of ['/', '/mobile/']) assert.match((await z.app.inject(url)).body, /<a [^>]*href="\/links"[^>]*>友情链接<\/a>/, url);
  await z.settings.update({ footerLinks: (await z.settings.get()).footerLinks.filter((l) => l.href !== '/links') });
  assert.doesNotMatch(
    (await z.app.inject('/links')).body,
    /<footer[\s\S]*href="\/links"[^>]*>友情链接<\/a>[\s\S]*<\/footer>/,
    'gone when the operator removes it',
  );
});
