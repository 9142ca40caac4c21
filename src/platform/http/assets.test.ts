import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createTestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

const file = (name: string) => readFileSync(new URL(`../../../public/${name}`, import.meta.url));
const hash = (b: Buffer) => createHash('sha256').update(b).digest('hex').slice(0, 8);

test('pages link the static files by content version; a versioned URL is kept a year and sent gzipped, a bare one briefly', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug });
  const css = file('site.css');
  const v = hash(css);

  // Every page's links carry the version (desktop, phone, the article's community script, ads.js's stylesheet).
  const page = (await z.app.inject(`/news/${a.id}.html`)).body;
  assert.ok(page.includes(`href="/static/site.css?v=${v}"`), 'desktop stylesheet versioned');
  assert.ok(page.includes(`src="/static/site.js?v=${hash(file('site.js'))}"`));
  assert.ok(page.includes(`src="/static/community.js?v=${hash(file('community.js'))}"`));
  assert.ok(page.includes(`data-css="/static/ads.css?v=${hash(file('ads.css'))}"`));
  const phone = (await z.app.inject(`/mobile/news/${a.id}.html`)).body;
  assert.ok(phone.includes(`href="/static/mobile.css?v=${hash(file('mobile.css'))}"`));
  assert.ok(!/"\/static\/[\w.-]+\.(?:css|js)"/.test(page + phone), 'no unversioned asset link left');

  const gz = await z.app.inject({ url: `/static/site.css?v=${v}`, headers: { 'accept-encoding': 'gzip, deflate, br' } });
  assert.equal(gz.statusCode, 200);
  assert.equal(gz.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.match(String(gz.headers['content-type']), /^text\/css/);
  assert.equal(gz.headers.vary, 'Accept-Encoding');
  assert.ok(gz.rawPayload.length < css.length / 2, 'compressed');
  assert.deepEqual(gunzipSync(gz.rawPayload), css, 'the file, byte for byte');

  const plain = await z.app.inject(`/static/site.css?v=${v}`);
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.deepEqual(plain.rawPayload, css);
  assert.notEqual(plain.headers.etag, gz.headers.etag, 'each encoding its own ETag');
  assert.equal((await z.app.inject({ url: `/static/site.css?v=${v}`, headers: { 'if-none-match': String(plain.headers.etag) } })).statusCode, 304);

  // A bare or outdated URL is not frozen: five minutes, then revalidated.
  for (const url of ['/static/site.css', '/static/site.css?v=00000000']) {
    const r = await z.app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
    assert.equal(r.statusCode, 200, url);
    assert.equal(r.headers['cache-control'], 'public, max-age=300', url);
    assert.deepEqual(gunzipSync(r.rawPayload), css, url);
  }
  const js = await z.app.inject(`/static/community.js?v=${hash(file('community.js'))}`);
  assert.match(String(js.headers['content-type']), /^text\/javascript/);
  assert.equal((await z.app.inject('/static/favicon.svg')).statusCode, 200);
  assert.equal((await z.app.inject('/static/no-such.css')).statusCode, 404);
  assert.equal((await z.app.inject('/static/../package.json')).statusCode, 404);
});
