import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { createTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { withoutFileSlash } from './canonical.ts';

/** One raw HTTP exchange (the parser's refusals never reach inject). */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const c = net.connect(port, '127.0.0.1', () => c.write(request));
    c.on('data', (d) => chunks.push(d));
    c.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    c.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(e)));
  });
}

test('a form body over the limit: a Chinese page naming the limit, with the way back to the form', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const me = await loginAs(z, 'reader');
  const big = await me.post('/guestbook/', { nickname: '路人', body: '长'.repeat(400_000) });
  assert.equal(big.statusCode, 413, big.body.slice(0, 300));
  assert.match(String(big.headers['content-type']), /text\/html/);
  assert.ok(big.body.includes('提交的内容过大（上限1 MB）'), 'names the limit');
  assert.ok(big.body.includes('浏览器通常还保留着您填写的内容'));
  assert.ok(big.body.includes('href="javascript:history.back()"'), 'back to the form as it was');

  // The API answers in JSON.
  await loginAs(z, 'bianji', 'editor');
  const token = await z.members.createToken('bianji');
  const api = await z.app.inject({
    method: 'POST',
    url: '/api/v1/articles',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    payload: JSON.stringify({ body: 'x'.repeat(9_000_000) }), // article writes take 8 MB
  });
  assert.equal(api.statusCode, 413);
  assert.equal(JSON.parse(api.body).error.code, 'payload_too_large');
});

test('a URL over 16 KB: a page for browsers, JSON for the API', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await z.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (z.app.server.address() as AddressInfo).port;
  const page = await raw(port, `GET /search?q=${'%E9%9D%92'.repeat(10_000)} HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n\r\n`);
  assert.ok(page.startsWith('HTTP/1.1 431 '), page.slice(0, 100));
  assert.match(page, /Content-Type: text\/html; charset=utf-8/);
  assert.ok(page.includes('网址过长，无法打开') && page.includes('<a href="/">返回首页</a>'));
  const api = await raw(port, `GET /api/v1/articles?q=${'a'.repeat(90_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
  assert.ok(api.startsWith('HTTP/1.1 431 '), api.slice(0, 100));
  assert.equal(JSON.parse(api.slice(api.indexOf('\r\n\r\n') + 4)).error.code, 'header_too_large');
});

test('a file-like URL with a trailing slash is sent to the one without it', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug });
  const r = await z.app.inject(`/news/${a.id}.html/`);
  assert.equal(r.statusCode, 301);
  assert.equal(r.headers.location, `/news/${a.id}.html`);
  assert.equal((await z.app.inject('/page/about.html/?x=1')).headers.location, '/page/about.html?x=1');
  // Through the real server too (in front of the cache's fast lane), after the page is cached.
  await z.app.inject(`/news/${a.id}.html`);
  await z.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (z.app.server.address() as AddressInfo).port;
  const res = await raw(port, `GET /news/${a.id}.html/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  assert.match(res, /^HTTP\/1\.1 301 /);
  assert.match(res, new RegExp(`location: /news/${a.id}\\.html\\r\\n`, 'i'));
  // Directories keep their slash; other hosts are never a target.
  assert.equal(withoutFileSlash(`/category/${cat.slug}/`), undefined);
  assert.equal(withoutFileSlash('//evil.example/x.html/'), undefined);
  assert.equal(withoutFileSlash('/\\evil.example/x.html/'), undefined, 'a backslash reads as a slash in browsers');
  assert.equal(withoutFileSlash('/\\/evil.example/x.html/'), undefined);
  assert.equal(withoutFileSlash('/a\\b/x.html/'), undefined);
});
