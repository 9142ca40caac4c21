import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PageCache } from './page-cache.ts';
import { createFakeClock } from '../clock.ts';

function setup(enabled = true) {
  const clock = createFakeClock();
  const cache = new PageCache({ enabled, clock, defaultTtlMs: 60_000 });
  let renders = 0;
  let fragRenders = 0;
  cache.registerFragment('box', async (arg) => ({ html: `<b>${arg}:${++fragRenders}</b>`, tags: [`box:${arg}`] }));
  const page = (key: string, tags: string[]) =>
    cache.page(key, async () => ({ status: 200, contentType: 'text/html', body: `<p>${key}:${++renders}</p><!--#fragment:box:x-->`, tags }));
  return { cache, clock, page, counts: () => ({ renders, fragRenders }) };
}

test('pages are served from cache until a purge names one of their tags', async () => {
  const { cache, page, counts } = setup();
  const a1 = await page('a', ['t:a']);
  const a2 = await page('a', ['t:a']);
  const b1 = await page('b', ['t:b']);
  assert.equal(a1.hit, false);
  assert.equal(a2.hit, true);
  assert.equal(a1.body.toString(), a2.body.toString());
  cache.purge(['t:a']);
  const a3 = await page('a', ['t:a']);
  const b2 = await page('b', ['t:b']);
  assert.equal(a3.hit, false);
  assert.equal(b2.hit, true, 'unrelated page stays cached');
  assert.match(a3.body.toString(), /<p>a:3<\/p>/);
  assert.equal(b1.body.toString(), b2.body.toString());
  assert.equal(counts().renders, 3);
});

test('a purged fragment is re-rendered inside a still-cached page, and the ETag changes', async () => {
  const { cache, page } = setup();
  const first = await page('a', []);
  assert.match(first.body.toString(), /<b>x:1<\/b>/);
  cache.purge(['box:x']);
  const second = await page('a', []);
  assert.equal(second.hit, true);
  assert.match(second.body.toString(), /<b>x:2<\/b>/);
  assert.notEqual(first.etag, second.etag);
});

test('entries expire after their TTL', async () => {
  const { clock, page } = setup();
  await page('a', []);
  clock.advance(61_000);
  assert.equal((await page('a', [])).hit, false);
});

test('a disabled cache renders every time but still assembles fragments', async () => {
  const { page, counts } = setup(false);
  await page('a', []);
  const r = await page('a', []);
  assert.equal(r.hit, false);
  assert.equal(counts().renders, 2);
  assert.match(r.body.toString(), /<b>x:2<\/b>/);
});

test('a disabled cache splices every fragment in place, keeps nothing, and gives the same bytes as an enabled one', async () => {
  const clock = createFakeClock();
  const on = new PageCache({ enabled: true, clock });
  const off = new PageCache({ enabled: false, clock });
  for (const cache of [on, off]) {
    cache.registerFragment('box', async (arg) => ({ html: `<b>${arg}·框</b>`, tags: [] }));
    cache.registerFragment('empty', async () => ({ html: '', tags: [] }));
  }
  const body = '<!--#fragment:box:a--><p>中文 é</p><!--#fragment:empty--><!--#fragment:box:b--><i>end</i><!--#fragment:box:a-->';
  const render = async () => ({ status: 200, contentType: 'text/html', body, tags: ['t'] });
  const [a, b] = [await on.page('k', render), await off.page('k', render)];
  assert.equal(b.body.toString(), '<b>a·框</b><p>中文 é</p><b>b·框</b><i>end</i><b>a·框</b>');
  assert.ok(a.body.equals(b.body));
  assert.equal(b.status, 200);
  assert.equal(b.contentType, 'text/html');
  assert.equal(off.stats().pages, 0);
  assert.equal(off.stats().fragments, 0);
  assert.equal(off.stats().bytes, 0);
  // Fragments are rendered afresh each time, so the ETag is too; a page without fragments keeps a content ETag.
  assert.notEqual((await off.page('k', render)).etag, b.etag);
  const plain = async () => ({ status: 404, contentType: 'text/html', body: '<p>无</p>', tags: [] });
  assert.equal((await off.page('p', plain)).etag, (await off.page('p', plain)).etag);
  assert.equal((await off.page('p', plain)).status, 404);
  await assert.rejects(
    off.page('x', async () => ({ status: 200, contentType: 'text/html', body: '<!--#fragment:nope-->', tags: [] })),
    /no renderer for fragment nope/,
  );
});

test('a render that overlaps a purge is served but not stored', async () => {
  const clock = createFakeClock();
  const cache = new PageCache({ enabled: true, clock });
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const slow = cache.page('k', async () => {
    await gate;
    return { status: 200, contentType: 'text/html', body: 'old', tags: ['t'] };
  });
  cache.purge(['t']);
  release();
  await slow;
  assert.equal(cache.has('k'), false);
});

test('fragments count against the byte budget, so per-article fragments cannot grow without bound', async () => {
  const clock = createFakeClock();
  const cache = new PageCache({ enabled: true, clock, maxBytes: 10_000 });
  cache.registerFragment('rel', async (arg) => ({ html: `<ul>${'x'.repeat(1000)}${arg}</ul>`, tags: [] }));
  for (let i = 0; i < 100; i++) {
    await cache.page(`p${i}`, async () => ({ status: 200, contentType: 'text/html', body: `<p>${i}</p><!--#fragment:rel:${i}-->`, tags: [] }));
  }
  const s = cache.stats();
  assert.ok(s.bytes <= 10_000, `bytes ${s.bytes}`);
  assert.ok(s.fragments < 10, `fragments ${s.fragments}`);
});

test('peek serves a fresh page whose fragments are all fresh, identical to page(), and nothing else', async () => {
  const { cache, clock, page, counts } = setup();
  assert.equal(cache.peek('a'), undefined, 'nothing cached yet');
  const first = await page('a', ['t:a']);
  const peeked = cache.peek('a');
  assert.ok(peeked);
  assert.equal(peeked.etag, first.etag);
  assert.ok(peeked.body.equals(first.body));
  assert.equal(peeked.hit, true);
  cache.purge(['box:x']);
  assert.equal(cache.peek('a'), undefined, 'a purged fragment is left for page() to render');
  const refreshed = await page('a', ['t:a']);
  assert.equal(refreshed.hit, true);
  assert.notEqual(refreshed.etag, first.etag);
  assert.equal(cache.peek('a')?.etag, refreshed.etag);
  assert.equal(cache.peek('a')?.body.toString(), refreshed.body.toString());
  clock.advance(61_000);
  assert.equal(cache.peek('a'), undefined, 'an expired page is not served');
  assert.equal(counts().renders, 1, 'peek never renders');
  const off = setup(false);
  await off.page('a', []);
  assert.equal(off.cache.peek('a'), undefined, 'a disabled cache serves nothing');
});

test('the byte budget counts the assembled page: a hot page is held once, not twice', async () => {
  const clock = createFakeClock();
  const cache = new PageCache({ enabled: true, clock });
  cache.registerFragment('box', async (arg) => ({ html: `<b>${'y'.repeat(500)}${arg}</b>`, tags: [] }));
  const body = `<p>${'x'.repeat(5000)}</p><!--#fragment:box:1--><p>${'z'.repeat(3000)}</p>`;
  const p = await cache.page('a', async () => ({ status: 200, contentType: 'text/html', body, tags: [] }));
  await cache.page('a', async () => assert.fail('cached'));
  const fragment = 3 + 500 + 1 + 4;
  assert.equal(p.body.length, 5007 + fragment + 3007);
  assert.equal(cache.stats().bytes, p.body.length + fragment, 'the page (fragment included) plus the fragment itself');
});

test('once nearly full, a page or fragment is kept at its second render: one-off views do not evict pages being read', async () => {
  const clock = createFakeClock();
  const cache = new PageCache({ enabled: true, clock, maxBytes: 40_000, defaultTtlMs: 60_000 });
  cache.registerFragment('rel', async (arg) => ({ html: `<ul>${'r'.repeat(300)}${arg}</ul>`, tags: [`rel:${arg}`] }));
  let renders = 0;
  const page = (key: string) =>
    cache.page(key, async () => ({
      status: 200,
      contentType: 'text/html',
      body: `<p>${key}:${++renders}${'x'.repeat(1000)}</p><!--#fragment:rel:${key}-->`,
      tags: [`t:${key}`],
    }));
  // Room to spare: every page is kept at its first render.
  for (let i = 0; i < 21; i++) await page(`hot${i}`);
  for (let i = 0; i < 21; i++) assert.equal((await page(`hot${i}`)).hit, true, `hot${i} kept at its first render`);
  const perPage = cache.stats().bytes / 21;
  assert.ok(cache.stats().bytes + 2 * perPage > 40_000 * 0.9, `nearly full: ${cache.stats().bytes} bytes`);
  // A long tail of pages asked for once each.
  for (let i = 0; i < 200; i++) {
    const once = await page(`tail${i}`);
    assert.equal(once.hit, false);
    assert.match(once.body.toString(), new RegExp(`tail${i}:`), 'a page not kept is still served whole');
    assert.match(once.body.toString(), /rrr/);
  }
  assert.equal(cache.has('tail7'), false, 'a one-off page is not kept');
  assert.ok(cache.stats().notAdmitted >= 190, `${cache.stats().notAdmitted} renders not kept`);
  for (let i = 0; i < 21; i++) assert.equal((await page(`hot${i}`)).hit, true, `hot${i} survived the long tail`);
  // Asked for again, a page is kept.
  assert.equal((await page('tail199')).hit, false);
  assert.equal(cache.has('tail199'), true, 'kept at its second render');
  assert.equal((await page('tail199')).hit, true);
  // A page dropped by a purge was being read: kept again at its next render.
  cache.purge(['t:hot3']);
  assert.equal(cache.has('hot3'), false);
  await page('hot3');
  assert.equal(cache.has('hot3'), true);
  // So is a purged fragment: one render, and the page is whole in the cache again.
  cache.purge(['rel:hot5']);
  assert.equal(cache.peek('hot5'), undefined);
  await page('hot5');
  assert.ok(cache.peek('hot5'), 'the purged fragment was kept at its first render');
  // And pages and fragments that expired.
  clock.advance(61_000);
  await page('hot4');
  assert.equal(cache.has('hot4'), true);
  assert.ok(cache.peek('hot4'), 'its expired fragment too');
  assert.ok(cache.stats().bytes <= 40_000);
});

test('pages churning through a full cache are served whole, and the memory held stays near the budget', async () => {
  const clock = createFakeClock();
  const blockBytes = 16 * 1024;
  const cache = new PageCache({ enabled: true, clock, maxBytes: 100_000, arenaBlockBytes: blockBytes, defaultTtlMs: 60_000 });
  cache.registerFragment('rel', async (arg) => ({ html: `<ul>相关${arg}${'r'.repeat(200 + (Number(arg) % 7) * 50)}</ul>`, tags: [`rel:${arg}`] }));
  const bodyOf = (i: number) => `<p>第${i}篇${'文'.repeat(300 + (i % 13) * 40)}</p><!--#fragment:rel:${i}-->`;
  const expected = (i: number) => bodyOf(i).replace(`<!--#fragment:rel:${i}-->`, `<ul>相关${i}${'r'.repeat(200 + (i % 7) * 50)}</ul>`);
  const kept: Array<{ i: number; body: Buffer }> = [];
  let seed = 3;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  for (let round = 0; round < 3_000; round++) {
    // A hot few read again and again (as on a portal), a long tail read twice each (so it is kept).
    const i = round % 3 === 0 ? rnd(20) : 20 + rnd(400);
    const p = await cache.page(`p${i}`, async () => ({ status: 200, contentType: 'text/html', body: bodyOf(i), tags: [`t:${i}`] }));
    assert.equal(p.body.toString(), expected(i), `page ${i} at round ${round}`);
    if (round % 100 === 0) kept.push({ i, body: p.body });
    if (round % 250 === 0) cache.purge([`rel:${rnd(420)}`, `t:${rnd(420)}`]);
    const s = cache.stats();
    assert.ok(s.heldBytes <= s.bytes / 0.8 + blockBytes + 1, `round ${round}: ${s.heldBytes} bytes held for ${s.bytes} cached`);
  }
  // Answers handed out earlier (responses still being sent) were never overwritten.
  for (const k of kept) assert.equal(k.body.toString(), expected(k.i));
  let cached = 0;
  for (let i = 0; i < 420; i++) {
    const p = cache.peek(`p${i}`);
    if (p) assert.equal(p.body.toString(), expected(i), `page ${i} cached whole`);
    if (p) cached++;
  }
  assert.ok(cached >= 30, `${cached} pages cached`);
  cache.clear();
  assert.equal(cache.stats().heldBytes, 0);
});

test('a clear() while a page waits for its fragments leaves nothing held for it', async () => {
  const clock = createFakeClock();
  const cache = new PageCache({ enabled: true, clock, arenaBlockBytes: 4096 });
  let release = () => {};
  const gate = new Promise<void>((r) => (release = r));
  cache.registerFragment('slow', async () => {
    await gate;
    return { html: '<i>slow</i>', tags: [] };
  });
  const pending = cache.page('p', async () => ({ status: 200, contentType: 'text/html', body: `<p>${'页'.repeat(200)}</p><!--#fragment:slow-->`, tags: [] }));
  await new Promise((r) => setImmediate(r));
  cache.clear(); // a settings change, say
  release();
  const p = await pending;
  assert.ok(p.body.toString().includes('<i>slow</i>'), 'the request is still answered whole');
  assert.equal(cache.has('p'), false);
  assert.equal(cache.stats().bytes, 0);
  assert.equal(cache.stats().heldBytes, 0, 'the page was not copied into the arena, where nothing would ever release it');
});
