import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase } from '../../test/db.ts';
import { createCategories } from './categories.service.ts';

const clock = { now: () => new Date('2026-11-29T08:00:00Z') };

test('a category created without a sort order goes after its last sibling, not ahead of them', async (t) => {
  const dbh = await openTestDatabase();
  t.after(() => dbh.close());
  const cats = createCategories({ db: dbh.db, clock });
  await cats.create({ slug: 'local', name: '本地', sortOrder: 10 });
  await cats.create({ slug: 'china', name: '国内', sortOrder: 20 });
  await cats.create({ slug: 'local-life', name: '民生', parent: 'local', sortOrder: 5 });
  const sports = await cats.create({ slug: 'sports', name: '体育' });
  const traffic = await cats.create({ slug: 'local-traffic', name: '交通', parent: 'local' });
  assert.deepEqual(
    (await cats.roots()).map((c) => c.slug),
    ['local', 'china', 'sports'],
  );
  assert.equal(sports.sortOrder, 21);
  assert.deepEqual(
    (await cats.children((await cats.bySlug('local'))!.id)).map((c) => c.slug),
    ['local-life', 'local-traffic'],
  );
  assert.equal(traffic.sortOrder, 6);
  // The first child of a new parent, and an explicit order, are as given.
  assert.equal((await cats.create({ slug: 'sports-nba', name: 'NBA', parent: 'sports' })).sortOrder, 0);
  assert.equal((await cats.create({ slug: 'world', name: '国际', sortOrder: 0 })).sortOrder, 0);
});

test('a category added after a sibling at the largest sort order stays within what the console and the import accept', async (t) => {
  const dbh = await openTestDatabase();
  t.after(() => dbh.close());
  const cats = createCategories({ db: dbh.db, clock });
  await cats.create({ slug: 'local', name: '本地', sortOrder: 100_000 });
  const sports = await cats.create({ slug: 'sports', name: '体育' });
  const world = await cats.create({ slug: 'world', name: '国际' });
  // The console, the API and `zixun import` take −100000…100000; 100001 made export → import drop it.
  assert.equal(sports.sortOrder, 100_000);
  assert.equal(world.sortOrder, 100_000);
  assert.deepEqual(
    (await cats.roots()).map((c) => c.slug),
    ['local', 'sports', 'world'],
    'still listed after the sibling it was added after',
  );
});
