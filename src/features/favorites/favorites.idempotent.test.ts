import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { loginAs, type Client } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

// 收藏 carries the wanted state: a double submit does not undo it; the script always gets JSON.

const favCount = async (z: TestApp, id: number) => (await z.articles.getAny(id))!.favoriteCount;

function postJson(z: TestApp, c: Client, payload: string) {
  return z.app.inject({
    method: 'POST',
    url: '/favorites/toggle',
    headers: { cookie: c.cookie, accept: 'application/json', 'x-csrf-token': c.csrf, 'content-type': 'application/x-www-form-urlencoded' },
    payload,
  });
}

test('a double submit of the 收藏 form keeps the favorite; on=0 removes it once; the old form still toggles', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug, title: '青川大桥今日通车' });
  const alice = await loginAs(z, 'alice');

  const page = await alice.get(`/favorites/toggle?article=${a.id}`);
  assert.ok(page.body.includes('name="on" value="1"'), 'the form asks for the favorite');
  for (let i = 0; i < 2; i++) assert.equal((await alice.post('/favorites/toggle', { article: String(a.id), on: '1' })).statusCode, 303);
  assert.equal(await favCount(z, a.id), 1, 'the second submit did not undo the first');
  assert.ok((await alice.get(`/favorites/toggle?article=${a.id}`)).body.includes('name="on" value="0"'));

  for (let i = 0; i < 2; i++) assert.deepEqual(JSON.parse((await postJson(z, alice, `article=${a.id}&on=0`)).body), { favorited: false, count: 0 });
  assert.equal(await favCount(z, a.id), 0);

  // A form of a page cached before `on` existed.
  await alice.post('/favorites/toggle', { article: String(a.id) });
  assert.equal(await favCount(z, a.id), 1);
  await alice.post('/favorites/toggle', { article: String(a.id) });
  assert.equal(await favCount(z, a.id), 0);
});

test('the script gets a JSON answer for an unknown article, not an HTML page', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const alice = await loginAs(z, 'alice');
  for (const payload of ['article=99999', 'article=99999&on=1', 'article=abc']) {
    const res = await postJson(z, alice, payload);
    assert.equal(res.statusCode, 404, payload);
    assert.match(String(res.headers['content-type']), /application\/json/);
    assert.equal(JSON.parse(res.body).error.message, '文章不存在或已删除');
  }
});
