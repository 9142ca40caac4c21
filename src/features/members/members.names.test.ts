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
    assert.match(e.message, /用户名「admin」已被注册（用户名不区分大小写）/);
    return true;
  });
  await assert.rejects(z.members.create({ username: 'admin' }), /用户名「admin」已被注册/);
  await z.members.create({ username: 'xiaolin88', displayName: '小林記者' });
  await assert.rejects(z.members.create({ username: '小林记者' }), /与会员“xiaolin88”的昵称相同/);
  await assert.rejects(z.members.ensure('小林记者'), /与会员“xiaolin88”的昵称相同/, 'an author name is not quietly given to someone else either');
  assert.equal(await memberCount(z), 2);
  // Unrelated names still work.
  assert.equal((await z.members.ensure('Reporter_9')).username, 'Reporter_9');
});

test('two accounts racing for the same name in different case: one wins, the other is told the name is taken', async (t) => {
  const z = await app(t);
  const results = await Promise.allSettled([
    z.members.create({ username: 'Chen' }),
    z.members.create({ username: 'chen' }),
    z.members.create({ username: 'CHEN' }),
  ]);
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  for (const r of results) {
    if (r.status === 'rejected') {
      assert.equal((r.reason as { code?: string }).code, 'username_taken', String(r.reason));
      assert.match((r.reason as Error).message, /用户名「(Chen|chen|CHEN)」已被注册/);
    }
  }
  assert.equal(await memberCount(z), 1);
  // The database itself refuses a second spelling, whatever path writes it.
  await assert.rejects(
    z.dbh.db
      .insertInto('members')
      .values({
        username: 'chEN',
        display_name: 'x',
        role: 'member',
        status: 'active',
        email: null,
        password_hash: null,
        group_id: null,
        last_login_at: null,
        created_at: '2026-11-29T00:00:00Z',
        updated_at: '2026-11-29T00:00:00Z',
      })
      .execute(),
  );
});

test('sign-ups racing for one name in different case: one account, the other form names the taken name', async (t) => {
  const z = await app(t);
  const form = (username: string, n: number) => ({ username, password: `qingchuan-${n}x`, confirm: `qingchuan-${n}x`, email: `r${n}@example.com` });
  const results = await Promise.allSettled([z.members.accounts.register(form('LaoLi', 1)), z.members.accounts.register(form('laoli', 2))]);
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  const refused = results.find((r) => r.status === 'rejected');
  assert.ok(refused && refused.status === 'rejected');
  assert.match(String((refused.reason as { fields?: Record<string, string> }).fields?.username), /用户名「(LaoLi|laoli)」已被注册/);
  assert.equal(await memberCount(z), 1);
});
