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
