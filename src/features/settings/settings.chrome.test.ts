import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

test('the header offers 注册 only while registration is open; cached pages follow the switch', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await loginAs(z, 'boss', 'admin');
  const reg = 'href="/member/register'; // the comment box's link carries next=
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug });
  const article = async () => (await z.app.inject(`/news/${a.id}.html`)).body;
  const login = async () => (await z.app.inject('/member/login')).body;
  assert.equal((await article()).split(reg).length - 1, 2, 'the header and the comment box offer 注册');
  assert.ok((await login()).includes(reg));
  assert.ok((await z.app.inject('/sitemap.html')).body.includes(reg));
  assert.ok((await z.app.inject('/sitemap.html')).body.includes(reg), 'served from the cache');

  // The 网站设置 form as the browser sends it, with 开放注册 unticked.
  const st = await z.settings.get();
  const form: Record<string, string> = { commentModeration: st.commentModeration, bannedWordAction: st.bannedWordAction };
  for (const k of ['siteName', 'tagline', 'siteDescription', 'logoUrl', 'icpNumber', 'icpUrl', 'copyright', 'disclaimer'] as const) form[k] = st[k];
  st.footerLinks.forEach((l, i) => Object.assign(form, { [`footerLabel_${i}`]: l.label, [`footerHref_${i}`]: l.href }));
  for (const k of ['commentsEnabled', 'submissionsEnabled', 'guestbookNeedsApproval'] as const) if (st[k]) form[k] = '1';
  assert.equal((await admin.post('/admin/settings', form)).statusCode, 303);
  assert.equal((await z.settings.get()).registrationOpen, false);
  const closed = (await z.app.inject('/sitemap.html')).body;
  assert.ok(!closed.includes(reg) && closed.includes('href="/member/login"'), 'the cached page was rebuilt without 注册');
  assert.ok(!(await article()).includes(reg), 'nor does the comment box under an article offer it');
  assert.ok(!(await login()).includes(reg), 'nor the log-in page');
});

test('打赏设置 explains the author’s share in plain Chinese, not a formula', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const page = await (await loginAs(z, 'boss', 'admin')).get('/admin/settings/tips');
  assert.equal(page.statusCode, 200);
  assert.ok(!page.body.includes('floor(') && page.body.includes('不足1积分的部分舍去'));
});

test('公安备案号 and the home page keywords are site settings; the 公安备案号 shows in the footer beside the ICP number, the keywords on the home page', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const form = (await (await loginAs(z, 'boss', 'admin')).get('/admin/settings')).body;
  assert.ok(form.includes('name="psbNumber"') && form.includes('公安备案号') && form.includes('name="seoKeywords"'));
  await z.settings.update({ psbNumber: '青公网安备 63010002000001号', seoKeywords: '青川,本地新闻' });
  const footer = /<footer[\s\S]*?<\/footer>/.exec((await z.app.inject('/sitemap.html')).body)?.[0] ?? '';
  assert.match(footer, /<p class="icp"><a [^>]*>青ICP备20260001号-1<\/a>　<span class="psb">青公网安备 63010002000001号<\/span><\/p>/, 'beside the ICP number');
  const home = (await z.app.inject('/')).body;
  assert.ok(home.includes('<meta name="keywords" content="青川, 本地新闻">'), 'the home page carries the keywords');
});

test('首页关键词 typed with full-width commas, 顿号 or spaces are saved separated by English commas, as the hint says', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const form = (await (await loginAs(z, 'boss', 'admin')).get('/admin/settings')).body;
  assert.ok(form.includes('多个关键词用逗号、顿号或空格分隔，保存时统一为英文逗号'));
  await z.settings.update({ seoKeywords: ' 青川，新闻、本地  财经;青川 ' });
  assert.equal((await z.settings.get()).seoKeywords, '青川, 新闻, 本地, 财经');
  assert.ok((await z.app.inject('/')).body.includes('<meta name="keywords" content="青川, 新闻, 本地, 财经">'));
});

test('200 characters of keywords, longer once saved as "a, b", keep every other setting as it was', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await z.settings.update({ siteName: '青川日报', siteClosed: true });
  const typed = Array.from({ length: 67 }, (_, i) => `词${String.fromCharCode(0x4e00 + i)}`)
    .join('，')
    .slice(0, 200);
  assert.equal(typed.length, 200);
  await z.settings.update({ seoKeywords: typed });
  const now = await z.settings.get();
  assert.ok(now.seoKeywords.length > 200, 'saved in the longer "a, b" form');
  assert.equal(now.siteName, '青川日报', 'not the default site name');
  assert.equal(now.siteClosed, true, 'a closed site stays closed');

  // A stored value the schema refuses (an older, longer limit; a hand edit) falls back alone.
  await z.dbh.db
    .updateTable('settings')
    .set({ value: JSON.stringify('x'.repeat(400)) })
    .where('key', '=', 'seoKeywords')
    .execute();
  z.settings.invalidate();
  const after = await z.settings.get();
  assert.equal(after.seoKeywords, '');
  assert.equal(after.siteName, '青川日报');
});

test('the Logo setting shows in the phone header too, with the site name as its text alternative', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const before = (await z.app.inject('/mobile/')).body;
  assert.match(before, /<a class="m-logo" href="\/mobile\/">[^<]+<\/a>/, 'no logo set: the site name as text');
  await z.settings.update({ logoUrl: '/uploads/logo.png' });
  const { siteName } = await z.settings.get();
  for (const path of ['/mobile/', '/']) {
    const html = (await z.app.inject(path)).body;
    assert.ok(html.includes(`<img src="/uploads/logo.png" alt="${siteName}"`), `${path} shows the logo`);
  }
  assert.match((await z.app.inject('/mobile/')).body, /<a class="m-logo" href="\/mobile\/"><img src="\/uploads\/logo.png" alt="[^"]+" height="32">/);
});
