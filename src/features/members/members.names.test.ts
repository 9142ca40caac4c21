import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { makeCategory } from '../../test/factories.ts';

async function app(t: { after(fn: () => Promise<void>): void }): Promise<TestApp> {
  const z = await createTestApp();
  t.after(() => z.close());
  return z;
}

const memberCount = async (z: TestApp) =>
  Number(
    (
      await z.dbh.db
        .selectFrom('members')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

test('ensure finds an existing member whatever the case of the name: articles by "Admin" belong to admin', async (t) => {
  const z = await app(t);
  const admin = await z.members.create({ username: 'admin', role: 'admin', displayName: '站长' });
  assert.equal((await z.members.ensure('ADMIN')).id, admin.id);
  const cat = await makeCategory(z);
  const a = await z.articles.create({ title: '大小写不同的作者名', body: '<p>正文</p>', category: cat.slug, author: 'Admin' });
  assert.equal((await z.articles.getAny(a.id))!.authorId, admin.id);
  assert.equal(await memberCount(z), 1, 'no second account');
  // An exact match is preferred where old data already holds both spellings.
  assert.equal((await z.members.ensure('admin')).id, admin.id);
});

test('create refuses a username that differs from an existing one only in case, or is another member’s 昵称', async (t) => {
  const z = await app(t);
  await z.members.create({ username: 'admin', role: 'admin' });
  await assert.rejects(z.members.create({ username: 'Admin', role: 'editor' }), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'username_taken');
    assert.match(e.message, /已有会员“admin”/);
    return true;
  });
  await assert.rejects(z.members.create({ username: 'admin' }), /用户名已被占用/);
  await z.members.create({ username: 'xiaolin88', displayName: '小林記者' });
  await assert.rejects(z.members.create({ username: '小林记者' }), /与会员“xiaolin88”的昵称相同/);
  await assert.rejects(z.members.ensure('小林记者'), /与会员“xiaolin88”的昵称相同/, 'an author name is not quietly given to someone else either');
  assert.equal(await memberCount(z), 2);
  // Unrelated names still work.
  assert.equal((await z.members.ensure('Reporter_9')).username, 'Reporter_9');
});
