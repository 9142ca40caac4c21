import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { loginAs, type Client } from '../../test/session.ts';
import { defaultSettings } from '../settings/index.ts';

/** The settings form as the page posts it, from the stored settings, with overrides. */
async function formFrom(z: TestApp, over: Record<string, string> = {}): Promise<Record<string, string>> {
  const st = await z.settings.get();
  const f: Record<string, string> = {
    siteName: st.siteName,
    tagline: st.tagline,
    siteDescription: st.siteDescription,
    logoUrl: st.logoUrl,
    icpNumber: st.icpNumber,
    icpUrl: st.icpUrl,
    copyright: st.copyright,
    disclaimer: st.disclaimer,
    closedMessage: st.closedMessage,
    analyticsCode: st.analyticsCode,
    commentModeration: st.commentModeration,
    bannedWordAction: st.bannedWordAction,
  };
  for (const k of ['commentsEnabled', 'guestComments', 'submissionsEnabled', 'registrationOpen', 'guestbookNeedsApproval'] as const) if (st[k]) f[k] = '1';
  st.footerLinks.forEach((l, i) => {
    f[`footerLabel_${i}`] = l.label;
    f[`footerHref_${i}`] = l.href;
  });
  for (let i = st.footerLinks.length; i < st.footerLinks.length + 3; i++) {
    f[`footerLabel_${i}`] = '';
    f[`footerHref_${i}`] = '';
  }
  return { ...f, ...over };
}

async function setup(t: { after(fn: () => Promise<void>): void }): Promise<{ z: TestApp; admin: Client }> {
  const z = await createTestApp();
  t.after(() => z.close());
  return { z, admin: await loginAs(z, 'boss', 'admin') };
}

test('the settings form shows every setting, with spare rows for new footer links', async (t) => {
  const { admin } = await setup(t);
  const res = await admin.get('/admin/settings');
  assert.equal(res.statusCode, 200);
  const n = defaultSettings.footerLinks.length;
  assert.ok(res.body.includes(`value="${defaultSettings.icpNumber}"`));
  assert.ok(res.body.includes(`name="footerLabel_${n + 2}"`) && !res.body.includes(`name="footerLabel_${n + 3}"`));
  for (const k of [
    'commentsEnabled',
    'guestComments',
    'submissionsEnabled',
    'registrationOpen',
    'guestbookNeedsApproval',
    'commentModeration',
    'bannedWordAction',
  ])
    assert.ok(res.body.includes(`name="${k}"`), k);
  assert.ok(res.body.includes('name="commentModeration" value="post" checked'));
});

test('saving settings changes the public site on the next request (cache cleared) and is audited', async (t) => {
  const { z, admin } = await setup(t);
  const before = await z.app.inject('/');
  assert.ok(before.body.includes(defaultSettings.icpNumber));
  assert.equal((await z.app.inject('/')).headers['x-cache'], 'HIT');

  const n = defaultSettings.footerLinks.length;
  const form = await formFrom(z, {
    icpNumber: '青ICP备99999999号-9',
    commentModeration: 'pre',
    guestComments: '1',
    [`footerLabel_${n}`]: '招聘信息',
    [`footerHref_${n}`]: '/page/jobs.html',
    footerLabel_1: '',
    footerHref_1: '',
  });
  delete form.registrationOpen;
  const res = await admin.post('/admin/settings', form);
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/admin/settings?ok=saved');

  const st = await z.settings.get();
  assert.equal(st.icpNumber, '青ICP备99999999号-9');
  assert.equal(st.commentModeration, 'pre');
  assert.equal(st.guestComments, true);
  assert.equal(st.registrationOpen, false, 'an unticked switch turns the setting off');
  assert.equal(st.footerLinks.length, n, 'one row cleared, one added');
  assert.ok(!st.footerLinks.some((l) => l.label === defaultSettings.footerLinks[1]?.label));
  assert.deepEqual(st.footerLinks.at(-1), { label: '招聘信息', href: '/page/jobs.html' });

  const after = await z.app.inject('/');
  assert.ok(after.body.includes('青ICP备99999999号-9') && !after.body.includes(defaultSettings.icpNumber));
  assert.ok(after.body.includes('<a href="/page/jobs.html">招聘信息</a>'));
  const [entry] = (await z.audit.list({ limit: 1, offset: 0 })).items;
  assert.equal(entry?.action, 'settings.update');
  assert.deepEqual(entry?.detail.changed, ['icpNumber', 'footerLinks', 'guestComments', 'registrationOpen', 'commentModeration']);
  // …and what the switches and text became (lists are named only).
  assert.deepEqual(entry?.detail.now, { icpNumber: '青ICP备99999999号-9', guestComments: true, registrationOpen: false, commentModeration: 'pre' });
  const log = (await admin.get('/admin/audit/')).body;
  assert.ok(log.includes('新值：ICP 备案号 青ICP备99999999号-9、'), log.match(/新值：[^<]*/)?.[0]);
  assert.ok(log.includes('先审后发'));
});

test('bad settings re-render with 422, field messages and the typed values, and nothing is saved', async (t) => {
  const { z, admin } = await setup(t);
  const form = await formFrom(z, {
    siteName: '',
    icpNumber: '新备案号',
    logoUrl: 'javascript:alert(1)',
    footerLabel_0: '只有名称',
    footerHref_0: '',
    footerLabel_2: '坏链接',
    footerHref_2: 'javascript:alert(document.cookie)',
    commentModeration: 'sometimes',
  });
  const res = await admin.post('/admin/settings', form);
  assert.equal(res.statusCode, 422);
  assert.ok(res.body.includes('网站名称不能为空'));
  assert.ok(res.body.includes('必须是 http(s):// 开头的网址'));
  assert.ok(res.body.includes('链接名称和地址都要填写'));
  assert.ok(res.body.includes('value="新备案号"') && res.body.includes('value="只有名称"'), 'typed values are kept');
  assert.deepEqual(await z.settings.get(), defaultSettings, 'all or nothing: nothing was written');
  assert.deepEqual((await z.audit.list({ limit: 1, offset: 0 })).items, []);
});

test('settings are for admins only', async (t) => {
  const { z } = await setup(t);
  const editor = await loginAs(z, 'ed', 'editor');
  assert.equal((await editor.get('/admin/settings')).statusCode, 403);
  assert.equal((await editor.post('/admin/settings', await formFrom(z, { icpNumber: 'x' }))).statusCode, 403);
  assert.equal((await z.settings.get()).icpNumber, defaultSettings.icpNumber);
});

test('the 操作日志 shows choice settings by the form’s labels and names long text without quoting it', async (t) => {
  const { z, admin } = await setup(t);
  const st = await z.settings.get();
  const longDisclaimer = '本站部分内容来自会员投稿，不代表本站观点。如涉及版权或其他问题，请在三十日内与本站联系，我们将及时处理并删除相关内容。';
  assert.ok([...longDisclaimer].length > 40);
  const res = await admin.post(
    '/admin/settings',
    await formFrom(z, {
      bannedWordAction: st.bannedWordAction === 'hold' ? 'reject' : 'hold',
      commentModeration: st.commentModeration === 'pre' ? 'post' : 'pre',
      disclaimer: longDisclaimer,
      tagline: '青川人自己的新闻网',
    }),
  );
  assert.equal(res.statusCode, 303);
  const [entry] = (await z.audit.list({ limit: 1, offset: 0 })).items;
  assert.ok((entry?.detail.changed as string[]).includes('disclaimer'), 'the long text is named');
  assert.ok(!('disclaimer' in (entry?.detail.now as Record<string, unknown>)), 'but not quoted, not even in part');

  const log = (await admin.get('/admin/audit/')).body;
  const now = log.match(/新值：[^<]*/)?.[0] ?? '';
  const banned = st.bannedWordAction === 'hold' ? '直接拒绝，提示用户修改' : '暂缓发布，交编辑审核';
  assert.ok(now.includes(`遇到违禁词时 ${banned}`), now);
  assert.ok(now.includes(st.commentModeration === 'pre' ? '先发后审' : '先审后发'), now);
  assert.ok(now.includes('青川人自己的新闻网'), 'short text is quoted');
  assert.ok(!/\b(hold|reject|pre|post)\b/.test(now), now);
  assert.ok(!log.includes('本站部分内容来自会员投稿'), 'no prefix of the long text in the log');
  assert.ok(/修改项：[^<；]*免责声明文字/.test(log), 'the long setting is named by its label');
});
