import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { loginAs } from '../../test/session.ts';

// The fast lane sits in front of Fastify's request handler, which `inject` bypasses: these tests
// go over real HTTP, and compare with what the ordinary route answers (through `inject`, with the
// same Host header: the origin is part of the cache key).
const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36';
const PAGE_HEADERS = ['etag', 'cache-control', 'x-cache', 'content-type', 'content-length', 'x-frame-options', 'content-security-policy', 'vary'];

async function listen(z: TestApp): Promise<string> {
  await z.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(z.app.server.address() as AddressInfo).port}`;
}

async function get(base: string, path: string, headers: Record<string, string> = {}) {
  // identity unless a test asks for gzip (fetch would otherwise ask for it, and undo it, unseen)
  const res = await fetch(base + path, { headers: { 'user-agent': BROWSER, 'accept-encoding': 'identity', ...headers } });
  return { status: res.status, headers: Object.fromEntries(res.headers), body: Buffer.from(await res.arrayBuffer()) };
}

const served = (z: TestApp) => z.fastLane.stats().served;

test('a cached page comes from the fast lane with the same body and headers as the route', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z, { slug: 'local', name: '本地' });
  const a = await makeArticle(z, { category: cat.slug, title: '青川大桥今日通车' });
  const base = await listen(z);
  for (const path of [`/news/${a.id}.html`, `/mobile/news/${a.id}.html`, '/', '/mobile/', '/category/local/', '/mobile/category/local/']) {
    const miss = await get(base, path);
    assert.equal(miss.status, 200, path);
    assert.equal(miss.headers['x-cache'], 'MISS', `${path}: the first request renders through the route`);
    const before = served(z);
    const hit = await get(base, path + '?utm_source=x');
    assert.equal(served(z), before + 1, `${path}: the second request is answered by the fast lane`);
    const route = await z.app.inject({ url: path, headers: { 'user-agent': BROWSER, host: new URL(base).host } });
    assert.equal(served(z), before + 1, 'inject takes the route');
    assert.equal(hit.status, 200);
    assert.ok(hit.body.equals(route.rawPayload), `${path}: same body as the route`);
    for (const h of PAGE_HEADERS) assert.equal(hit.headers[h], String(route.headers[h]), `${path}: same ${h}`);
    assert.equal(hit.headers['x-cache'], 'HIT');
    assert.equal(hit.headers['x-frame-options'], 'SAMEORIGIN', `${path}: no other site may frame a cached page`);
    // Same server-level headers (Date, keep-alive) as Fastify's own responses.
    assert.deepEqual(Object.keys(hit.headers).sort(), Object.keys(miss.headers).sort(), `${path}: same header names`);
    assert.equal(hit.headers['keep-alive'], miss.headers['keep-alive']);
  }
});

test('If-None-Match gets a 304 from the fast lane, as from the route', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z, { slug: 'local' });
  const a = await makeArticle(z, { category: cat.slug, title: '条件请求' });
  const base = await listen(z);
  const first = await get(base, `/news/${a.id}.html`);
  const etag = first.headers.etag as string;
  const route = await z.app.inject({ url: `/news/${a.id}.html`, headers: { 'if-none-match': `"other", ${etag}`, host: new URL(base).host } });
  assert.equal(route.statusCode, 304);
  const before = z.fastLane.stats().notModified;
  const lane = await get(base, `/news/${a.id}.html`, { 'if-none-match': `"other", ${etag}` });
  assert.equal(z.fastLane.stats().notModified, before + 1);
  assert.equal(lane.status, 304);
  assert.equal(lane.body.length, 0);
  for (const h of ['etag', 'cache-control', 'x-cache', 'content-type', 'content-length'])
    assert.equal(lane.headers[h], route.headers[h] as string | undefined, h);
  const stale = await get(base, `/news/${a.id}.html`, { 'if-none-match': 'W/"nope"' });
  assert.equal(stale.status, 200);
  assert.ok(stale.body.equals(first.body));
});

test('views served by the fast lane are counted once per visitor, and bots not at all', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z, { slug: 'local' });
  const a = await makeArticle(z, { category: cat.slug, title: '点击计数' });
  const base = await listen(z);
  await get(base, `/news/${a.id}.html`); // the route renders and counts this visitor
  assert.equal(z.hits.pendingCount(), 1);
  const before = served(z);
  await get(base, `/news/${a.id}.html`);
  await get(base, `/mobile/news/${a.id}.html`); // the mobile page renders (route), same visitor and article
  await get(base, `/mobile/news/${a.id}.html`);
  assert.equal(z.hits.pendingCount(), 1, 'the same visitor counts once per article');
  await get(base, `/news/${a.id}.html`, { 'user-agent': BROWSER + ' Edg/120.0' });
  assert.equal(z.hits.pendingCount(), 2, 'another visitor counts');
  await get(base, `/news/${a.id}.html`, { 'user-agent': 'Mozilla/5.0 (compatible; Baiduspider/2.0)' });
  await get(base, `/news/${a.id}.html`, { 'user-agent': 'curl/8.0' });
  assert.equal(z.hits.pendingCount(), 2, 'bots are not counted');
  assert.equal(served(z), before + 5, 'all but the first mobile request came from the fast lane');
  await z.hits.flush();
  const row = await z.dbh.db.selectFrom('articles').select('hits').where('id', '=', a.id).executeTakeFirstOrThrow();
  assert.equal(Number(row.hits), 2);
});

test('after a purge the next request renders again (MISS), then the fast lane serves the new page', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z, { slug: 'local' });
  const other = await makeCategory(z, { slug: 'sports' });
  const a = await makeArticle(z, { category: cat.slug, title: '原来的标题' });
  const base = await listen(z);
  const path = `/news/${a.id}.html`;
  await get(base, path);
  assert.equal((await get(base, path)).headers['x-cache'], 'HIT');

  await z.articles.update(a.id, { title: '修改后的标题' });
  const after = await get(base, path);
  assert.equal(after.headers['x-cache'], 'MISS');
  assert.ok(after.body.toString().includes('修改后的标题'));
  const before = served(z);
  assert.ok((await get(base, path)).body.toString().includes('修改后的标题'));
  assert.equal(served(z), before + 1);

  // A new article elsewhere refreshes a shared block (a fragment) of this page: the page entry stays,
  // but the lane does not serve it until the route has rendered the fragment again.
  await makeArticle(z, { category: other.slug, title: '体育快讯一则' });
  const passed = z.fastLane.stats().passed;
  const refreshed = await get(base, path);
  assert.equal(z.fastLane.stats().passed, passed + 1);
  assert.equal(refreshed.headers['x-cache'], 'HIT', 'the page itself was not purged');
  assert.ok(refreshed.body.toString().includes('体育快讯一则'), 'its 最新文章 block shows the new article');
  const again = await get(base, path);
  assert.equal(served(z), before + 2);
  assert.ok(again.body.equals(refreshed.body));
});

test('member pages, other methods and odd paths never come from the fast lane', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z, { slug: 'local' });
  const a = await makeArticle(z, { category: cat.slug, title: '会员与缓存' });
  const base = await listen(z);
  const member = await loginAs(z, 'reader01');
  await get(base, `/news/${a.id}.html`);
  const before = z.fastLane.stats();
  const home = await get(base, '/member/', { cookie: member.cookie });
  assert.equal(home.status, 200);
  assert.ok(home.body.toString().includes('reader01'), 'the member centre is rendered for this member');
  assert.equal(home.headers['x-cache'], undefined);
  const head = await fetch(`${base}/news/${a.id}.html`, { method: 'HEAD', headers: { 'user-agent': BROWSER } });
  assert.equal(head.status, 200);
  for (const p of [`/news/%3${String(a.id).slice(0, 1)}.html`, `/news//${a.id}.html`, '/news/0.html']) await get(base, p);
  assert.equal(z.fastLane.stats().served, before.served, 'none of these were served by the lane');
  // With a slash after it, the address is sent to the page's one address (not served under a second one).
  const slash = await fetch(`${base}/news/${a.id}.html/`, { redirect: 'manual', headers: { 'user-agent': BROWSER } });
  assert.equal(slash.status, 301);
  assert.equal(slash.headers.get('location'), `/news/${a.id}.html`);
  assert.equal(z.fastLane.stats().served, before.served);
  // A guest's cached copy is the same page a logged-in member gets: article pages hold no per-visitor HTML.
  const asMember = await get(base, `/news/${a.id}.html`, { cookie: member.cookie });
  assert.ok(!asMember.body.toString().includes('reader01'));
});

test('no other site may frame any page: cached pages, forms, error pages and 304s all say so', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z, { slug: 'local' });
  const a = await makeArticle(z, { category: cat.slug, title: '不许嵌入' });
  const base = await listen(z);
  const first = await get(base, `/news/${a.id}.html`);
  const notModified = await get(base, `/news/${a.id}.html`, { 'if-none-match': first.headers.etag as string });
  assert.equal(notModified.status, 304);
  for (const r of [first, notModified, await get(base, '/member/login'), await get(base, '/news/999999.html'), await get(base, '/static/site.css')]) {
    assert.equal(r.headers['x-frame-options'], 'SAMEORIGIN');
    assert.equal(r.headers['content-security-policy'], "frame-ancestors 'self'");
  }
  const post = await fetch(`${base}/favorites/toggle`, { method: 'POST', headers: { 'user-agent': BROWSER } });
  assert.equal(post.headers.get('x-frame-options'), 'SAMEORIGIN', 'a refused POST too');
});

test('browsers that take gzip get cached pages gzipped, from the route and then from the fast lane; a fresh render goes as it is', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z, { slug: 'local' });
  const a = await makeArticle(z, { category: cat.slug, title: '压缩传输', body: `<p>${'青川新闻正文。'.repeat(400)}</p>` });
  const base = await listen(z);
  const path = `/news/${a.id}.html`;
  const raw = async (headers: Record<string, string>) => {
    // node:http, not fetch: fetch would undo the gzip before the test could see it
    const http = await import('node:http');
    return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
      http
        .get(base + path, { headers: { 'user-agent': BROWSER, ...headers } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        })
        .on('error', reject);
    });
  };
  const gz = { 'accept-encoding': 'gzip, deflate, br' };
  const first = await raw(gz);
  assert.equal(first.headers['x-cache'], 'MISS');
  assert.equal(first.headers['content-encoding'], undefined, 'a page just rendered is sent as it is');
  assert.equal(first.headers.vary, 'Accept-Encoding');
  const plain = first.body;

  const before = served(z);
  const second = await raw(gz);
  assert.equal(second.headers['content-encoding'], 'gzip', 'a cached page goes gzipped');
  assert.equal(served(z), before, 'made by the route');
  const { gunzipSync } = await import('node:zlib');
  assert.ok(gunzipSync(second.body).equals(plain), 'the same page');
  assert.ok(second.body.length * 3 < plain.length, `much smaller: ${second.body.length} of ${plain.length} bytes`);
  assert.match(String(second.headers.etag), /-gzip"$/);

  const third = await raw(gz);
  assert.equal(served(z), before + 1, 'then sent by the fast lane');
  assert.equal(third.headers['content-encoding'], 'gzip');
  assert.ok(third.body.equals(second.body));
  assert.equal(third.headers.etag, second.headers.etag);
  assert.equal(third.headers.vary, 'Accept-Encoding');
  const revalidate = await raw({ ...gz, 'if-none-match': String(third.headers.etag) });
  assert.equal(revalidate.status, 304);

  const identity = await raw({});
  assert.equal(identity.headers['content-encoding'], undefined, 'no Accept-Encoding: the page as it is');
  assert.ok(identity.body.equals(plain));
  assert.notEqual(identity.headers.etag, third.headers.etag, 'each variant has its own ETag');
});
