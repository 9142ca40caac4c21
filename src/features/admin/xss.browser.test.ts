// Issue 3 §9: known XSS vectors go in through every field a member or a guest writes (article title,
// summary, body, tags and source; comment and nickname; guestbook message, nickname and contact; report
// description and URL; display name and bio; the username at sign-up), and Chromium then opens every
// page that shows them — public pages desktop and mobile, the member centre, the admin console — and
// checks that nothing ran (no call to window.__xss, no dialog), that no vector became markup, and that
// the text shows as typed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import Parser from 'rss-parser';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs, type Client } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { launchBrowser, listen, newPage, shot, signIn, skipWithoutChromium as skip } from '../../test/browser.ts';
import { splitTags } from '../submissions/index.ts';

/**
 * Each vector calls `__xss(<n>)` or `alert(<n>)` when it runs, so a failure names it. Some need a click
 * or a hover to run (links, mouse handlers): for those the page is searched for what they would have
 * become (an `on…` attribute, a `javascript:` link) instead.
 */
const VECTORS: string[] = [
  '<script>__xss(1)</script>',
  '<img src=x onerror=__xss(2)>',
  '<svg onload=__xss(3)>',
  '<a href="javascript:__xss(4)">链接4</a>',
  '"><script>__xss(5)</script>',
  "' onmouseover='__xss(6)' x='",
  '" autofocus onfocus="__xss(7)" x="',
  '&#x3C;script&#x3E;__xss(8)&#x3C;/script&#x3E;',
  '<iframe srcdoc="<script>parent.__xss(9)</script>">',
  '<a href="jav&#x09;ascript:__xss(10)">链接10</a>',
  '<math><mtext></form><form><mglyph><style></math><img src onerror=__xss(11)>',
  '<details open ontoggle=__xss(12)>',
  '</textarea><script>__xss(13)</script>',
  '</title><svg onload=__xss(14)>',
  '</script><script>__xss(15)</script>',
  '<noscript><p title="</noscript><img src=x onerror=__xss(16)>">',
  '<img src=x onerror=alert(17)>',
  '%3Cscript%3E__xss(18)%3C/script%3E',
  '<object data="javascript:__xss(19)"></object>',
  '<input autofocus onfocus=__xss(20)>',
  'javascript:__xss(21)',
  '<svg><animate onbegin=__xss(22) attributeName=x dur=1s>',
  '\\u003cscript\\u003e__xss(23)\\u003c/script\\u003e',
  '<base href="javascript:__xss(24)//">',
  '<form><button formaction=javascript:__xss(25)>X</button></form>',
  '<body onload=__xss(26)>',
  '<a href=" &#14;javascript:__xss(27)">链接27</a>',
  '<embed src="javascript:__xss(28)">',
];

/** Vectors in turn, as many as fit in `max` characters after `prefix`; the cursor carries on in the next field. */
function filler(vectors: string[] = VECTORS) {
  let next = 0;
  return (prefix: string, max: number, sep = ' '): string => {
    let out = prefix;
    for (let tried = 0; tried < vectors.length; tried++) {
      const v = vectors[next % vectors.length] as string;
      if (((out ? out + sep : '') + v).length > max) {
        if (out === prefix) {
          next++; // too long for this field on its own: try the next one
          continue;
        }
        break;
      }
      out += (out ? sep : '') + v;
      next++;
    }
    return out;
  };
}

/** Tags refuse `< > " \` \\` outright (a field error), so they get the vectors made of other characters. */
const TAG_VECTORS = VECTORS.filter((v) => !/[<>"`\\]/.test(v));

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Runs in the page: everything a vector would have turned into, had it become markup. */
const AUDIT = `(() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of Array.from(el.attributes)) {
      const n = a.name.toLowerCase();
      if (n.startsWith('on')) bad.push(el.tagName + ' with ' + n + '=' + a.value.slice(0, 40));
      if (['srcdoc', 'formaction', 'action', 'data', 'xlink:href'].includes(n) && /javascript:|__xss/i.test(a.value)) bad.push(el.tagName + ' ' + n + '=' + a.value.slice(0, 40));
    }
    const tag = el.tagName.toUpperCase();
    if (['IFRAME', 'FRAME', 'OBJECT', 'EMBED', 'MATH', 'MGLYPH', 'BASE', 'ANIMATE'].includes(tag)) bad.push(tag + ' element');
    if (tag === 'SCRIPT' && el.type !== 'application/ld+json' && /__xss|alert/.test(el.textContent)) bad.push('inline script: ' + el.textContent.slice(0, 40));
  }
  for (const a of document.querySelectorAll('a[href], area[href]')) if (a.protocol === 'javascript:') bad.push('javascript: link ' + a.getAttribute('href'));
  for (const s of document.querySelectorAll('script[type="application/ld+json"]')) {
    try { JSON.parse(s.textContent); } catch (e) { bad.push('JSON-LD does not parse: ' + s.textContent.slice(0, 60)); }
  }
  if (document.baseURI !== location.href.split('#')[0] && !document.baseURI.startsWith(location.origin)) bad.push('base URI changed to ' + document.baseURI);
  if (typeof window.__xss !== 'function') bad.push('window.__xss was overwritten');
  return bad;
})()`;

type Check =
  | { text: string } // the whole string shows as text somewhere on the page
  | { start: string } // its first characters show (lists and excerpts shorten)
  | { value: string; equals: string } // a form field holds exactly this (attribute / textarea escaping)
  | { tagsIn: string; equals: string[] } // a tags field holds these tags, in any order
  | { title: string }; // the document title contains it

interface Watcher {
  hits: string[];
}

/** One context whose pages record every vector that runs. */
async function watchedContext(ctx: BrowserContext): Promise<Watcher> {
  const w: Watcher = { hits: [] };
  await ctx.exposeBinding('__xssHit', (_source, n: unknown, where: unknown) => void w.hits.push(`vector ${String(n)} ran on ${String(where)}`));
  await ctx.addInitScript(`window.__xss = function (n) { window.__xssHit(String(n), location.pathname + location.search); };`);
  ctx.on('page', (p) => watchDialogs(p, w));
  return w;
}

function watchDialogs(page: Page, w: Watcher): void {
  page.on('dialog', (d) => {
    w.hits.push(`a ${d.type()} dialog (${d.message()}) on ${new URL(page.url()).pathname}`);
    void d.dismiss();
  });
}

/** Waits for the page to settle (img errors, autofocus and toggles fire after load), then checks it. */
async function inspect(page: Page, w: Watcher, what: string, checks: Check[]): Promise<void> {
  await page.waitForLoadState('load');
  await page.waitForTimeout(120);
  assert.deepEqual(w.hits, [], `${what}: a vector ran`);
  assert.deepEqual(await page.evaluate<string[]>(AUDIT), [], `${what}: a vector became markup`);
  const text = norm(await page.locator('body').innerText());
  for (const c of checks) {
    if ('text' in c) assert.ok(text.includes(norm(c.text)), `${what}: should show as text: ${c.text.slice(0, 80)}`);
    else if ('start' in c) {
      const head = norm(c.start).slice(0, 16);
      assert.ok(text.includes(head), `${what}: should show as text: ${head}`);
    } else if ('tagsIn' in c) {
      assert.deepEqual(splitTags(await page.inputValue(c.tagsIn)).sort(), [...c.equals].sort(), `${what}: ${c.tagsIn} holds the tags`);
    } else if ('value' in c) assert.equal(await page.inputValue(c.value), c.equals, `${what}: ${c.value} holds what was typed`);
    else assert.ok((await page.title()).includes(c.title), `${what}: <title> shows ${c.title.slice(0, 40)}`);
  }
}

/** The watch must see a vector that does run, or every green result below means nothing. */
async function selfCheck(page: Page, w: Watcher, origin: string): Promise<void> {
  const url = `${origin}/__xss-self-check`;
  await page.route(url, (r) => r.fulfill({ contentType: 'text/html', body: '<p>x</p><img src=x onerror=__xss(0)><a href="javascript:void 0">a</a>' }));
  await page.goto(url);
  await page.waitForTimeout(120);
  assert.deepEqual(w.hits, ['vector 0 ran on /__xss-self-check'], 'the watch records a vector that runs');
  assert.equal((await page.evaluate<string[]>(AUDIT)).length, 2, 'the audit finds the handler and the javascript: link');
  await page.unroute(url);
  w.hits.length = 0;
}

async function visit(page: Page, w: Watcher, origin: string, url: string, checks: Check[], status = 200): Promise<void> {
  const res = await page.goto(origin + url);
  assert.equal(res?.status(), status, `${url}: status`);
  await inspect(page, w, url, checks);
}

async function post(c: Client, url: string, fields: Record<string, string>, status = 303): Promise<string> {
  const r = await c.post(url, fields);
  assert.equal(r.statusCode, status, `${url}: ${r.body.slice(0, 400)}`);
  return String(r.headers.location ?? '');
}

interface Submitted {
  id: number;
  title: string;
  summary: string;
  body: string;
  tags: string[];
  source: string;
}

test('XSS vectors in every user-written field run on no page that shows them', { skip, timeout: 180_000 }, async (t) => {
  const started = Date.now();
  const z: TestApp = await createTestApp();
  t.after(() => z.close());
  await z.settings.update({ guestComments: true });
  await makeCategory(z, { slug: 'local', name: '本地' });
  const fill = filler();
  const fillTag = filler(TAG_VECTORS);
  const admin = await loginAs(z, 'zhuguan', 'admin');
  const writer = await loginAs(z, 'xiezhe'); // a member whose group needs review

  // —— Profile: display name and bio.
  const displayName = '笔名<svg onload=__xss(3)>';
  const bio = fill('简介：', 500);
  await post(writer, '/member/profile', { displayName, email: 'xiezhe@example.com', bio });
  const me = await z.members.byId(writer.member!.id);
  assert.equal(me?.displayName, displayName, 'the display name is stored as typed');

  // —— Submissions through the member's form: four to approve, one left in the queue.
  const articles: Submitted[] = [];
  for (let i = 1; i <= 5; i++) {
    const tagLine = Array.from({ length: 4 }, () => fillTag('', 32)).join(', ');
    const f = {
      title: fill(`投稿${i}`, 200),
      summary: fill(`核心提示${i}`, 500),
      body: VECTORS.map((v) => `<p>正文${i} ${v}</p>`).join('\n'),
      tags: tagLine,
      source: fill(`来源${i}`, 100),
    };
    const loc = await post(writer, '/member/articles/new', { ...f, category: 'local', op: 'submit' });
    const id = Number(/id=(\d+)/.exec(loc)?.[1]);
    assert.match(loc, /ok=pending/, `submission ${i} waits for review: ${loc}`);
    articles.push({ id, ...f, tags: splitTags(f.tags) });
    z.clock.advance(61_000); // the member group's minimum interval
  }
  const [a1, a2, , , pending] = articles as [Submitted, Submitted, Submitted, Submitted, Submitted];
  const published = articles.slice(0, 4);

  const browser = await launchBrowser();
  t.after(() => browser.close());
  const origin = await listen(z);

  // —— The admin: approves four submissions on the review page, as typed (the form must hand every
  // field back unchanged, so a title that changes on the way is an escaping bug).
  const { ctx: adminCtx, page: adminPage } = await newPage(browser);
  const wa = await watchedContext(adminCtx);
  watchDialogs(adminPage, wa);
  await selfCheck(adminPage, wa, origin);
  await signIn(adminCtx, z, origin, admin.member!.id);
  for (const a of published) {
    await visit(adminPage, wa, origin, `/admin/review/${a.id}`, [
      { value: '#f-title', equals: a.title },
      { value: '#f-summary', equals: a.summary },
      { tagsIn: '#f-tags', equals: a.tags },
      { value: '#f-source', equals: a.source },
      { title: a.title },
    ]);
    await Promise.all([adminPage.waitForURL(/\/admin\/review\/\?ok=approved/), adminPage.click('button[name="op"][value="approve"]')]);
    await inspect(adminPage, wa, 'review queue after approval', [{ start: a.title }]);
    const stored = await z.articles.getAny(a.id);
    assert.equal(stored?.status, 'published');
    assert.equal(stored?.title, a.title, 'the title went through the review form unchanged');
    assert.equal(stored?.summary, a.summary, 'so did the summary');
    assert.equal(stored?.source, a.source, 'and the source');
  }
  await shot(adminPage, 'xss-admin-review-queue');

  // —— The member edits a published article: the edit waits for review beside the live version (a diff).
  const revision = {
    title: fill('修改', 200),
    summary: fill('修改提示', 500),
    body: VECTORS.map((v) => `<p>修改 ${v}</p>`).join('\n'),
    tags: fillTag('', 32),
    source: fill('改', 100),
  };
  const revLoc = await post(writer, `/member/articles/${a1.id}/edit`, { ...revision, category: 'local', op: 'submit' });
  assert.match(revLoc, /ok=revision/, revLoc);
  const revId = Number(/\/admin\/review\/revisions\/(\d+)/.exec((await admin.get('/admin/review/')).body)?.[1]);
  assert.ok(revId > 0, 'the edit is in the review queue');

  // —— Comments: guests with hostile nicknames, the member (display name) with a reply quoting one.
  const nicknames = ['<svg onload=__xss()>', '"><b onclick=x>', "'><i>x</i>"];
  const guestComments: Array<{ id: number; nickname: string; body: string }> = [];
  for (const [i, nickname] of nicknames.entries()) {
    const body = fill(`评论${i}`, 1000, '\n');
    const r = await z.comments.post({ articleId: a1.id, member: undefined, ip: `10.0.0.${i + 1}`, fields: { body, nickname } });
    assert.equal(r.status, 'visible');
    guestComments.push({ id: r.id, nickname, body });
  }
  const memberBody = fill('会员评论', 1000, '\n');
  const reply = await z.comments.post({ articleId: a1.id, member: me!, ip: '10.0.1.1', fields: { body: memberBody, parent: String(guestComments[0]!.id) } });
  assert.equal(reply.status, 'visible');
  await post(writer, '/favorites/toggle', { article: String(a1.id) });

  // —— Reports: on a comment, on an article, on a URL; a javascript: URL is refused.
  const commentReport = fill('举报评论', 1000);
  const articleReport = fill('举报文章', 1000);
  const urlReport = fill('举报网址', 1000);
  const reportUrl = `http://localhost/'onmouseover='__xss(6)'/"><svg/onload=__xss(3)>?q=<script>__xss(1)</script>`;
  await post(writer, '/report/', { comment: String(guestComments[1]!.id), reason: 'other', description: commentReport });
  // A member cannot report their own article: the article report names one of the site's own.
  const other = await makeArticle(z, { category: 'local', title: fill('站内文章', 200), author: 'zhuguan' });
  await post(writer, '/report/', { article: String(other.id), reason: 'false_info', description: articleReport });
  await post(writer, '/report/', { url: reportUrl, reason: 'infringement', description: urlReport });
  const refused = await guest(z).post('/report/', { url: 'javascript:__xss(21)', reason: 'other', description: 'x' });
  assert.equal(refused.statusCode, 422, 'a javascript: URL is not a report URL');

  // —— Guestbook: a guest's message (approved by the admin) and the member's (left pending).
  const gb = { nickname: '<svg/onload=__xss()>', contact: fill('联系', 100), body: fill('留言', 1000, '\n') };
  await post(guest(z), '/guestbook/', gb);
  const gbMember = { nickname: '', contact: '', body: fill('会员留言', 1000, '\n') };
  await post(writer, '/guestbook/', gbMember);
  const gbIds = [...(await admin.get('/admin/guestbook/')).body.matchAll(/\/admin\/guestbook\/(\d+)/g)].map((m) => Number(m[1]));
  const gbGuestId = Math.min(...gbIds);
  const gbMemberId = Math.max(...gbIds);
  await post(admin, `/admin/guestbook/${gbGuestId}/approve`, {});

  // —— The member's pages, public pages first.
  const { ctx: memberCtx, page } = await newPage(browser);
  const wm = await watchedContext(memberCtx);
  watchDialogs(page, wm);
  await signIn(memberCtx, z, origin, writer.member!.id);
  const titleLinks = published.map((a) => ({ start: a.title }));
  for (const pre of ['', '/mobile']) {
    await visit(page, wm, origin, `${pre}/`, titleLinks);
    await visit(page, wm, origin, `${pre}/category/local/`, titleLinks);
    await visit(page, wm, origin, `${pre}/hot/`, []);
    await visit(page, wm, origin, `${pre}/author/xiezhe/`, titleLinks);
    for (const a of published) {
      const commentChecks: Check[] =
        a.id === a1.id ? [...guestComments.flatMap((c) => [{ text: c.nickname }, { start: c.body }]), { text: displayName }, { start: memberBody }] : [];
      await visit(page, wm, origin, `${pre}/news/${a.id}.html`, [
        { text: a.title },
        { text: a.summary },
        { text: a.source },
        ...a.tags.map((text) => ({ text })),
        { title: a.title },
        ...commentChecks,
      ]);
      assert.equal(norm(await page.locator('article.article h1').innerText()), norm(a.title));
      if (a.id === a1.id) await shot(page, `xss-article${pre.replace('/', '-')}`);
    }
  }
  // Tag pages, reached by the tag links of the article page.
  await page.goto(`${origin}/news/${a1.id}.html`);
  const tagLinks = await page.locator('p.tags a').evaluateAll((as) => as.map((a) => [a.getAttribute('href') ?? '', a.textContent ?? ''] as const));
  assert.deepEqual(tagLinks.map(([, name]) => name).sort(), [...a1.tags].sort(), 'every tag is linked, named as typed');
  for (const [href, name] of tagLinks) await visit(page, wm, origin, href, [{ text: name }, { start: a1.title }]);
  for (const mobile of [false, true]) {
    const pre = mobile ? '/mobile' : '';
    await visit(page, wm, origin, `${pre}/news/${a1.id}/comments`, [
      ...guestComments.flatMap((c) => [{ text: c.nickname }, { text: c.body }]),
      { text: displayName },
      { text: memberBody },
      { title: a1.title },
    ]);
  }
  await shot(page, 'xss-comments');
  await visit(page, wm, origin, `/news/${a1.id}/comments/write?reply=${guestComments[0]!.id}`, [{ text: guestComments[0]!.nickname }]);
  await visit(page, wm, origin, `/report/?comment=${guestComments[1]!.id}`, []);
  await visit(page, wm, origin, `/report/?article=${a2.id}`, [{ text: a2.title }]);
  await visit(page, wm, origin, '/guestbook/', [{ text: gb.nickname }, { text: gb.body }]);
  await shot(page, 'xss-guestbook');

  // Member centre.
  await visit(page, wm, origin, '/member/', [{ text: displayName }]);
  await visit(
    page,
    wm,
    origin,
    '/member/articles/',
    articles.map((a) => ({ start: a.title })),
  );
  await visit(page, wm, origin, `/member/articles/${pending.id}/edit`, [
    { value: '#f-title', equals: pending.title },
    { value: '#f-summary', equals: pending.summary },
    { tagsIn: '#f-tags', equals: pending.tags },
    { value: '#f-source', equals: pending.source },
  ]);
  await visit(page, wm, origin, `/member/articles/${a1.id}/edit`, [
    { value: '#f-title', equals: revision.title },
    { value: '#f-summary', equals: revision.summary },
    { value: '#f-source', equals: revision.source },
  ]);
  await visit(page, wm, origin, `/member/articles/${a1.id}/preview`, [{ text: revision.title }]);
  await visit(page, wm, origin, `/member/articles/${pending.id}/preview`, [{ text: pending.title }, { text: pending.summary }]);
  await visit(page, wm, origin, '/member/comments/', [{ start: memberBody }]);
  await visit(page, wm, origin, '/member/favorites/', [{ start: a1.title }]);
  await visit(page, wm, origin, '/member/reports/', [
    { text: commentReport },
    { text: articleReport },
    { text: urlReport },
    { start: other.title },
    { text: new URL(reportUrl).href },
  ]);
  await shot(page, 'xss-member-reports');
  await visit(page, wm, origin, '/member/profile', [
    { value: '#f-displayName', equals: displayName },
    { value: '#f-bio', equals: bio },
  ]);

  // Forms that come back with what was typed after an error.
  await page.goto(`${origin}/member/profile`);
  await page.fill('#f-bio', bio);
  await page.fill('#f-email', 'not-an-email');
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/member/profile') && r.request().method() === 'POST'),
    page.click('.console-main button[type="submit"]'),
  ]);
  await inspect(page, wm, 'profile form with an error', [
    { value: '#f-bio', equals: bio },
    { value: '#f-displayName', equals: displayName },
  ]);
  await page.goto(`${origin}/report/`);
  await page.fill('#f-url', 'javascript:__xss(21)');
  await page.selectOption('#f-reason', 'other');
  await page.fill('#f-description', urlReport);
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/report/') && r.request().method() === 'POST'),
    page.click('form.report-form button[type="submit"]'),
  ]);
  await inspect(page, wm, 'report form with an error', [
    { value: '#f-url', equals: 'javascript:__xss(21)' },
    { value: '#f-description', equals: urlReport },
  ]);

  // —— The admin console.
  await visit(adminPage, wa, origin, '/admin/', []);
  await visit(adminPage, wa, origin, '/admin/review/', [{ start: pending.title }]);
  await visit(adminPage, wa, origin, `/admin/review/${pending.id}`, [
    { value: '#f-title', equals: pending.title },
    { value: '#f-summary', equals: pending.summary },
    { value: '#f-source', equals: pending.source },
    { text: pending.title },
    { text: pending.summary },
  ]);
  await shot(adminPage, 'xss-admin-review');
  await visit(adminPage, wa, origin, `/admin/review/revisions/${revId}`, [{ title: a1.title }]);
  assert.ok((await adminPage.locator('ins').allInnerTexts()).join('').includes('修改'), 'the diff marks the new words');
  await shot(adminPage, 'xss-admin-revision');
  await visit(
    adminPage,
    wa,
    origin,
    '/admin/articles/',
    published.map((a) => ({ start: a.title })),
  );
  await visit(adminPage, wa, origin, `/admin/articles/${a1.id}/edit`, [
    { value: '#f-title', equals: a1.title },
    { value: '#f-summary', equals: a1.summary },
    { value: '#f-source', equals: a1.source },
  ]);
  await visit(adminPage, wa, origin, '/admin/comments/', [...guestComments.map((c) => ({ text: c.nickname })), { text: displayName }]);
  await visit(adminPage, wa, origin, `/admin/comments/?article=${a1.id}`, []);
  await shot(adminPage, 'xss-admin-comments');
  await visit(adminPage, wa, origin, '/admin/reports/', [{ start: other.title }]);
  const reportLinks = await adminPage.locator('table.report-queue a[href^="/admin/reports/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  assert.equal(reportLinks.length, 3, 'three reported things');
  let shown = '';
  for (const href of reportLinks) {
    await visit(adminPage, wa, origin, href, []);
    shown += norm(await adminPage.locator('body').innerText()) + '\n';
  }
  for (const d of [commentReport, articleReport, urlReport, new URL(reportUrl).href])
    assert.ok(shown.includes(norm(d)), `a report description shows as text: ${d.slice(0, 40)}`);
  await shot(adminPage, 'xss-admin-report');
  await visit(adminPage, wa, origin, '/admin/guestbook/', [{ text: gbMember.body }, { text: displayName }]);
  await visit(adminPage, wa, origin, '/admin/guestbook/?status=visible', [{ text: gb.nickname }, { text: gb.contact }, { text: gb.body }]);
  await visit(adminPage, wa, origin, `/admin/guestbook/${gbGuestId}`, [{ text: gb.nickname }, { text: gb.body }]);
  await visit(adminPage, wa, origin, `/admin/guestbook/${gbMemberId}`, [{ text: gbMember.body }]);
  await visit(adminPage, wa, origin, '/admin/members/', [{ text: displayName }]);
  await visit(adminPage, wa, origin, `/admin/members/${writer.member!.id}`, [{ text: displayName }]); // the bio shows only in the member's own profile form
  await visit(adminPage, wa, origin, '/admin/audit/', []);
  await shot(adminPage, 'xss-admin-audit');

  // —— A guest: sign-up refuses a hostile username (and shows it back as text), the guestbook form
  // posted from the cached page without a token comes back on the confirmation page.
  const { ctx: guestCtx, page: gp } = await newPage(browser);
  const wg = await watchedContext(guestCtx);
  watchDialogs(gp, wg);
  for (const username of ['<svg onload=__xss(3)>', '"><script>__xss(5)</script>', "x' onmouseover='__xss(6)"]) {
    await gp.goto(`${origin}/member/register`);
    await gp.fill('#f-username', username);
    await gp.fill('#f-password', 'qingchuan-2026');
    await gp.fill('#f-confirm', 'qingchuan-2026');
    await gp.fill('#f-email', 'someone@example.com');
    z.clock.advance(4000); // the minimum form time
    const [res] = await Promise.all([
      gp.waitForResponse((r) => r.url().endsWith('/member/register') && r.request().method() === 'POST'),
      gp.click('form.auth-form button[type="submit"]'),
    ]);
    assert.equal(res.status(), 422, `sign-up as ${username} is refused`);
    await inspect(gp, wg, `sign-up as ${username}`, [{ value: '#f-username', equals: username }]);
    assert.ok(await gp.locator('.field.has-error #f-username, #f-username[aria-invalid="true"]').count(), 'the username field says what is wrong');
    assert.equal(await z.members.byUsername(username), undefined, 'no account was made');
  }
  await shot(gp, 'xss-register-refused');
  await gp.goto(`${origin}/guestbook/`);
  await gp.fill('#f-nickname', gb.nickname);
  await gp.fill('#f-contact', gb.contact);
  await gp.fill('#f-body', gb.body);
  // A reader without the cookie (and so without a token for site.js to put in the form), whose browser
  // still holds an expired session's cookie (a guest with no session at all would go straight through).
  await gp.evaluate(`document.cookie = 'zx_csrf=; max-age=0; path=/'; document.querySelectorAll('input[name="_csrf"]').forEach((i) => { i.value = ''; })`);
  await guestCtx.addCookies([{ name: 'zx_sid', value: 'expired-session', url: origin }]);
  await Promise.all([
    gp.waitForResponse((r) => r.url().endsWith('/guestbook/') && r.request().method() === 'POST'),
    gp.click('.gb-form button[type="submit"]'),
  ]);
  await inspect(gp, wg, 'confirmation page of a form without its token', []);
  const hidden = await gp
    .locator('.confirm-page input[type="hidden"]')
    .evaluateAll((is) => Object.fromEntries(is.map((i) => [i.getAttribute('name'), i.getAttribute('value')])));
  assert.equal(hidden.body, gb.body, 'the confirmation page carries the message unchanged');
  assert.equal(hidden.nickname, gb.nickname);

  // —— Feeds are XML, which Chromium does not run; they must hold the text escaped so readers show it as text.
  const parser = new Parser();
  for (const url of ['/rss.xml', '/category/local/rss.xml', '/atom.xml']) {
    const r = await z.app.inject(url);
    assert.equal(r.statusCode, 200, url);
    const feed = await parser.parseString(r.body);
    for (const a of published) {
      const item = feed.items.find((i) => (i.link ?? '').includes(`/news/${a.id}.html`));
      assert.ok(item, `${url} lists article ${a.id}`);
      assert.equal(item.title, a.title, `${url}: the title comes back as typed`);
    }
    assert.ok(!/<script|<svg|<img|<iframe/i.test(r.body.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '')), `${url}: no raw markup outside CDATA`);
  }

  assert.deepEqual([...wa.hits, ...wm.hits, ...wg.hits], []);
  t.diagnostic(`XSS sweep: ${VECTORS.length} vectors, ${Math.round((Date.now() - started) / 1000)} s`);
});
