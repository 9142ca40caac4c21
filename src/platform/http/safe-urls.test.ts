import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isHostEntry, localPath, mailOrigin } from './safe-urls.ts';

test('localPath keeps same-site paths, percent-encoded for a Location header, and drops everything else', () => {
  const cases: Array<[unknown, string]> = [
    ['/news/12.html', '/news/12.html'],
    ['/search?q=青&page=2', '/search?q=%E9%9D%92&page=2'],
    ['/search?q=%E9%9D%92', '/search?q=%E9%9D%92'],
    ['/tag/交通/#评论', '/tag/%E4%BA%A4%E9%80%9A/#%E8%AF%84%E8%AE%BA'],
    ['/a/../b', '/b'],
    ['/..//evil.example', '/fallback'],
    ['//evil.example', '/fallback'],
    ['/\\evil.example', '/fallback'],
    ['https://evil.example/', '/fallback'],
    ['/ok\r\nSet-Cookie: x=1', '/fallback'],
    ['/a b', '/fallback'],
    ['/\u3000', '/fallback'],
    ['/x'.repeat(300), '/fallback'],
    [undefined, '/fallback'],
    [['/a'], '/fallback'],
  ];
  for (const [v, want] of cases) assert.equal(localPath(v, '/fallback'), want, JSON.stringify(v));
  // Whatever comes out is safe in a header and stays on the site.
  for (const [v] of cases) {
    const out = localPath(v, '/fallback');
    assert.match(out, /^\/[\x21-\x7e]*$/);
    assert.equal(new URL(out, 'https://site.example').host, 'site.example');
  }
});

test('mailOrigin: the base URL, else a listed host, else loopback only', () => {
  const req = (host: string, protocol = 'http') => ({ host, protocol });
  assert.equal(mailOrigin(req('evil.example'), { baseUrl: 'https://news.example.com' }), 'https://news.example.com');
  assert.equal(mailOrigin(req('evil.example'), {}), undefined);
  assert.equal(mailOrigin(req('localhost:3000'), {}), 'http://localhost:3000');
  assert.equal(mailOrigin(req('127.0.0.1'), { allowedHosts: [] }), 'http://127.0.0.1');
  assert.equal(mailOrigin(req('localhost:3000'), { allowedHosts: ['news.example.com'] }), undefined);
  assert.equal(mailOrigin(req('NEWS.example.com', 'https'), { allowedHosts: ['news.example.com'] }), 'https://news.example.com');
  assert.equal(mailOrigin(req('news.example.com:81'), { allowedHosts: ['news.example.com:80'] }), undefined);
  assert.equal(mailOrigin(req('news.example.com/x@evil.example'), { allowedHosts: ['news.example.com'] }), undefined);
  assert.equal(mailOrigin(req(''), {}), undefined);
  assert.ok(isHostEntry('www.example.com:8080') && isHostEntry('[::1]') && !isHostEntry('https://x.example') && !isHostEntry('a b'));
});
