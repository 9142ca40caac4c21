import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';

test('settings refuse links that are not http(s) or site paths, and change nothing', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const before = await z.settings.get();
  for (const patch of [
    { footerLinks: [{ label: '坏链接', href: 'javascript:alert(1)' }] },
    { icpUrl: '//evil.example/' },
    { logoUrl: 'data:image/svg+xml,<svg onload=alert(1)>' },
    { siteName: '新名字', footerLinks: [{ label: 'x', href: ' javascript:alert(1)' }] },
  ]) {
    await assert.rejects(z.settings.update(patch), (e: { fields?: Record<string, string> }) => Boolean(e.fields && Object.keys(e.fields).length));
  }
  assert.deepEqual(await z.settings.get(), before, 'nothing written, not even the valid part of a bad patch');
  await z.settings.update({
    footerLinks: [
      { label: '首页', href: '/' },
      { label: '合作伙伴', href: 'https://partner.example/' },
    ],
  });
  const html = (await z.app.inject('/no-such-page')).body;
  assert.ok(html.includes('合作伙伴'));
});
