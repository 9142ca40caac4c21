import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeCategory } from '../../test/factories.ts';
import { body, createApiFixture } from '../../test/api.ts';

const input = (over: Record<string, unknown> = {}) => ({
  title: '青川新区首条地铁线开通',
  body: '<p>青川地铁一号线今天上午正式开通运营。</p>',
  category: 'local',
  author: 'api_reporter',
  ...over,
});

test('a fetched draft goes back with PUT; publishedAt null clears the date, so a scheduled article can be unscheduled', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local' });
  const draft = body(await call('POST', '/api/v1/articles', { as: 'editor', body: input({ status: 'draft' }) }));
  assert.equal(draft.publishedAt, null);
  const fetched = body(await call('GET', `/api/v1/articles/${draft.id}`, { as: 'editor' }));
  const put = await call('PUT', `/api/v1/articles/${draft.id}`, { as: 'editor', body: { ...fetched, title: '改过的标题' } });
  assert.equal(put.statusCode, 200, put.body);
  assert.deepEqual([body(put).title, body(put).publishedAt, body(put).status], ['改过的标题', null, 'draft']);
  assert.equal((await call('PATCH', `/api/v1/articles/${draft.id}`, { as: 'editor', body: { publishedAt: null } })).statusCode, 200);

  const scheduled = body(await call('POST', '/api/v1/articles', { as: 'editor', body: input({ publishedAt: '2027-01-01T00:00:00Z' }) }));
  assert.equal(scheduled.publishedAt, '2027-01-01T00:00:00.000Z');
  const off = await call('PATCH', `/api/v1/articles/${scheduled.id}`, { as: 'editor', body: { status: 'draft', publishedAt: null } });
  assert.equal(off.statusCode, 200, off.body);
  assert.deepEqual([body(off).status, body(off).publishedAt], ['draft', null]);
  // A published article always has a date: null keeps it (or, with none, gives the current time).
  const live = body(await call('POST', '/api/v1/articles', { as: 'editor', body: input({ title: '已发布', publishedAt: null }) }));
  assert.equal(live.publishedAt, '2026-11-27T08:00:00.000Z');
  const kept = body(await call('PATCH', `/api/v1/articles/${live.id}`, { as: 'editor', body: { publishedAt: null } }));
  assert.equal(kept.publishedAt, live.publishedAt);
});

test('dates are real calendar dates in ISO 8601; without an offset they are China time (+08:00)', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local' });
  const good: Array<[string, string]> = [
    ['2026-11-27T08:05:00+08:00', '2026-11-27T00:05:00.000Z'],
    ['2026-11-27T00:05:00Z', '2026-11-27T00:05:00.000Z'],
    ['2026-11-27T08:05:00', '2026-11-27T00:05:00.000Z'],
    ['2026-11-27T08:05', '2026-11-27T00:05:00.000Z'],
    ['2026-11-27 08:05', '2026-11-27T00:05:00.000Z'],
    ['2026-11-27T08:05:00.250+0800', '2026-11-27T00:05:00.250Z'],
    ['2026-11-27', '2026-11-26T16:00:00.000Z'],
    ['2028-02-29T12:00:00-05:00', '2028-02-29T17:00:00.000Z'],
  ];
  for (const [given, stored] of good) {
    const res = await call('POST', '/api/v1/articles', { as: 'editor', body: input({ publishedAt: given }) });
    assert.equal(res.statusCode, 201, `${given}: ${res.body}`);
    assert.equal(body(res).publishedAt, stored, given);
  }
  const a = body(await call('POST', '/api/v1/articles', { as: 'editor', body: input() }));
  const bad = [
    '2026-02-30',
    '2026-02-29T10:00:00Z',
    '2026-04-31',
    '2026-13-01',
    '2026-11-27T24:00:00',
    '2026-11-27T08:60',
    '2026-11-27T08:05:61Z',
    '2026-11-27T08:05:00+25:00',
    '2026-11-27T08:05:00+08:75',
    '27/11/2026',
    '2026-11-27T08',
    '2026-11-27Z',
    'Fri, 27 Nov 2026 08:05:00 GMT',
    '2026-11-27T08:05:00 +08:00',
  ];
  for (const given of bad) {
    for (const [method, url] of [
      ['POST', '/api/v1/articles'],
      ['PATCH', `/api/v1/articles/${a.id}`],
    ] as const) {
      const res = await call(method, url, { as: 'editor', body: method === 'POST' ? input({ publishedAt: given }) : { publishedAt: given } });
      assert.equal(res.statusCode, 422, `${method} ${given}: ${res.body}`);
      assert.match(body(res).error.fields.publishedAt, /日期/, given);
    }
  }
});

test('status "deleted" is refused on create, replace and change: deleting is DELETE', async (t) => {
  const { z, call, counts } = await createApiFixture();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local' });
  const a = body(await call('POST', '/api/v1/articles', { as: 'editor', body: input() }));
  const before = await counts();
  for (const [method, url, payload] of [
    ['POST', '/api/v1/articles', input({ status: 'deleted' })],
    ['PUT', `/api/v1/articles/${a.id}`, input({ status: 'deleted' })],
    ['PATCH', `/api/v1/articles/${a.id}`, { status: 'deleted' }],
  ] as const) {
    const res = await call(method, url, { as: 'editor', body: payload });
    assert.equal(res.statusCode, 422, `${method}: ${res.body}`);
    assert.deepEqual(Object.keys(body(res).error.fields), ['status']);
  }
  assert.deepEqual(await counts(), before);
  assert.equal(body(await call('GET', `/api/v1/articles/${a.id}`, { as: 'member' })).status, 'published');
  const doc = body(await call('GET', '/api/v1/openapi.json'));
  for (const name of ['ArticleInput', 'ArticlePatch']) {
    assert.deepEqual(doc.components.schemas[name].properties.status.enum, ['draft', 'pending', 'published', 'rejected'], name);
  }
});

test('covers are files of this site; links are http(s) or site paths, never protocol-relative or with backslashes', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local' });
  for (const cover of [
    '//evil.example/x.png',
    '/\\evil.example/x.png',
    '/uploads/../news/1.html',
    '/uploads//evil.example/x.png',
    '/uploads/a\\b.png',
    'https:\\\\evil.example/x.png',
    'javascript:alert(1)',
    '/news/1.html',
  ]) {
    const res = await call('POST', '/api/v1/articles', { as: 'editor', body: input({ cover }) });
    assert.equal(res.statusCode, 422, `${cover}: ${res.body}`);
    assert.ok(body(res).error.fields.cover, cover);
  }
  for (const sourceUrl of ['//evil.example/a', '/\\evil.example/a', 'https:\\\\evil.example', 'http://ok.example/a b', 'ftp://x.example/']) {
    const res = await call('POST', '/api/v1/articles', { as: 'editor', body: input({ sourceUrl }) });
    assert.equal(res.statusCode, 422, `${sourceUrl}: ${res.body}`);
    assert.ok(body(res).error.fields.sourceUrl, sourceUrl);
  }
  const ok = await call('POST', '/api/v1/articles', {
    as: 'editor',
    body: input({ cover: '/uploads/2026/11/bridge.jpg', sourceUrl: 'https://example.com/news/1?id=2', recommendLevel: 2 }),
  });
  assert.equal(ok.statusCode, 201, ok.body);
  assert.equal((await call('POST', '/api/v1/articles', { as: 'editor', body: input({ sourceUrl: '/page/about.html' }) })).statusCode, 201);
  // Staff may keep covers on their own CDN.
  assert.equal(
    (await call('POST', '/api/v1/articles', { as: 'editor', body: input({ cover: 'https://img.example.com/2026/11/bridge.jpg' }) })).statusCode,
    201,
  );
});

test('every bad field is reported in one 422, rules (category, picture pick, author) together with the schema', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local' });
  const res = await call('POST', '/api/v1/articles', {
    as: 'editor',
    body: input({ title: '', category: 'no-such-category', author: 'a b', recommendLevel: 2, tags: 'x', colour: 'red' }),
  });
  assert.equal(res.statusCode, 422);
  assert.deepEqual(Object.keys(body(res).error.fields).sort(), ['author', 'category', 'colour', 'recommendLevel', 'tags', 'title']);
  const a = body(await call('POST', '/api/v1/articles', { as: 'editor', body: input() }));
  const patch = await call('PATCH', `/api/v1/articles/${a.id}`, { as: 'editor', body: { category: 'nope', verified: 'yes', body: '<p></p>' } });
  assert.deepEqual(Object.keys(body(patch).error.fields).sort(), ['body', 'category', 'verified']);
  const put = await call('PUT', `/api/v1/articles/${a.id}`, { as: 'editor', body: { category: 'nope', body: '<script>x</script>' } });
  assert.deepEqual(Object.keys(body(put).error.fields).sort(), ['author', 'body', 'category', 'title']);
});

test('list paging accepts plain decimal integers only', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  for (const q of [
    'perPage=0x10',
    'perPage=1e1',
    'perPage=%2010',
    'perPage=10.0',
    'perPage=+10',
    'perPage=',
    'page=0x2',
    'page=1e0',
    'perPage=0',
    'perPage=101',
  ]) {
    const res = await call('GET', `/api/v1/articles?${q}`, { as: 'member' });
    assert.equal(res.statusCode, 422, q);
    assert.ok(body(res).error.fields[q.split('=')[0]!], q);
  }
  const ok = body(await call('GET', '/api/v1/articles?perPage=10&page=2', { as: 'member' }));
  assert.deepEqual([ok.perPage, ok.page], [10, 2]);
});
