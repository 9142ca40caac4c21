import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

const SNIPPET = '<script>var _hmt=_hmt||[];(function(){var hm=document.createElement("script");hm.src="https://hm.baidu.com/hm.js?abc123";})();</script>';

/** The settings form as stored, with overrides (what the page posts). */
async function formFrom(z: TestApp, over: Record<string, string>): Promise<Record<string, string>> {
  const st = await z.settings.get();
  const f: Record<string, string> = {
    siteName: st.siteName,
    tagline: st.tagline,
    siteDescription: st.siteDescription,
    seoKeywords: st.seoKeywords,
    logoUrl: st.logoUrl,
    icpNumber: st.icpNumber,
    icpUrl: st.icpUrl,
    psbNumber: st.psbNumber,
    copyright: st.copyright,
    disclaimer: st.disclaimer,
    closedMessage: st.closedMessage,
    analyticsCode: st.analyticsCode,
    commentModeration: st.commentModeration,
    bannedWordAction: st.bannedWordAction,
  };
  st.footerLinks.forEach((l, i) => {
    f[`footerLabel_${i}`] = l.label;
    f[`footerHref_${i}`] = l.href;
  });
  return { ...f, ...over };
}

test('统计代码 goes before </body> of public pages (cached ones at once), never into the console or the member centre', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z, { slug: 'local', name: '本地' });
  const a = await makeArticle(z, { category: cat.slug, title: '青川大桥今日通车' });
  const admin = await loginAs(z, 'boss', 'admin');
  const member = await loginAs(z, 'reader');
  const pages = ['/', `/news/${a.id}.html`, `/mobile/news/${a.id}.html`, '/category/local/', '/no-such-page'];
  for (const p of pages) assert.ok(!(await z.app.inject(p)).body.includes('hm.baidu.com'), p); // cached (where cacheable) without it

  const saved = await admin.post('/admin/settings', await formFrom(z, { analyticsCode: SNIPPET }));
  assert.equal(saved.statusCode, 303, saved.body.slice(0, 400));
  for (const p of pages) {
    const body = (await z.app.inject(p)).body;
    assert.ok(body.includes(`${SNIPPET}\n</body>`) || body.includes(`${SNIPPET}</body>`), `${p}: raw, just before </body>`);
  }
  for (const p of ['/admin/', '/admin/settings', '/member/']) {
    const c = p.startsWith('/admin') ? admin : member;
    const res = await c.get(p);
    assert.equal(res.statusCode, 200, p);
    assert.ok(!res.body.includes('<script>var _hmt'), `${p}: not run in the console`);
  }
  // Never where a password is typed or a token sits in the address (a third-party script would see it).
  const privatePages = ['/member/login', '/member/register', '/member/forgot', '/member/reset?token=abc', '/member/notifications/mail/confirm?token=abc'];
  for (const p of privatePages) {
    const res = await z.app.inject(p);
    assert.ok(res.body.includes('</body>'), `${p}: a page (${res.statusCode})`);
    assert.ok(!res.body.includes('hm.baidu.com'), `${p}: no 统计代码`);
  }
  // The form shows it (escaped, in its textarea) for editing.
  assert.ok((await admin.get('/admin/settings')).body.includes('&lt;script&gt;var _hmt'));
  // Audited by length only.
  const entry = (await z.audit.list({ limit: 5, offset: 0, action: 'settings.update' })).items[0];
  const detail = JSON.stringify(entry?.detail);
  assert.ok(detail.includes('analyticsCode') && detail.includes(`0 → ${SNIPPET.length}`), detail);
  assert.ok(!detail.includes('hm.baidu.com'), 'the code itself is not in the audit log');
});

test('统计代码 over 5000 characters is refused and nothing is saved; editors cannot set it', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await loginAs(z, 'boss', 'admin');
  const res = await admin.post('/admin/settings', await formFrom(z, { analyticsCode: 'x'.repeat(5001), tagline: '新口号' }));
  assert.equal(res.statusCode, 422);
  assert.ok(res.body.includes('5000'));
  const st = await z.settings.get();
  assert.equal(st.analyticsCode, '');
  assert.notEqual(st.tagline, '新口号', 'all or nothing');
  const editor = await loginAs(z, 'ed', 'editor');
  assert.equal((await editor.post('/admin/settings', await formFrom(z, { analyticsCode: SNIPPET }))).statusCode, 403);
  assert.equal((await z.settings.get()).analyticsCode, '');
});
