import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';
import { makeCategory } from '../../test/factories.ts';

const ZW = '\u200b';
const form = (over: Record<string, string> = {}) => ({
  title: '普通标题',
  category: 'local',
  summary: '',
  body: '<p>正文。</p>',
  tags: '',
  source: '',
  op: 'submit',
  ...over,
});

async function setup(t: { after(fn: () => Promise<void>): void }): Promise<TestApp> {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地' });
  return z;
}

test('a title of only zero-width spaces is an empty title; invisible characters are stripped from tags, summary and source', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'trusty', 'trusted');
  const empty = await alice.post('/member/articles/new', form({ title: ZW.repeat(3) }));
  assert.equal(empty.statusCode, 422);
  assert.ok(empty.body.includes('请填写标题'));

  const r = await alice.post(
    '/member/articles/new',
    form({ title: `看得见${ZW}的标题\u202e`, tags: `tag${ZW}zw, \ufeff青川`, summary: `提示\u2060一句`, source: `来源\u200d` }),
  );
  assert.equal(r.statusCode, 303, r.body.slice(0, 300));
  const id = Number(/id=(\d+)/.exec(String(r.headers.location))?.[1]);
  const a = await z.articles.getAny(id);
  assert.equal(a?.title, '看得见的标题');
  assert.equal(a?.summary, '提示一句');
  assert.equal(a?.source, '来源');
  const tags = (await z.dbh.db.selectFrom('tags').select('name').execute()).map((x) => x.name).sort();
  assert.deepEqual(tags, ['tagzw', '青川'].sort());
});

test('a tag with markup is refused with a field error and nothing is written', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'trusty', 'trusted');
  const r = await alice.post('/member/articles/new', form({ tags: '正常, <script>alert(1)</script>' }));
  assert.equal(r.statusCode, 422);
  assert.ok(r.body.includes('标签不能包含'));
  assert.equal((await z.dbh.db.selectFrom('tags').select('name').execute()).length, 0);
});
