import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { cliDatabase } from '../../test/cli.ts';
import type { Zixun } from '../../main.ts';
import { INDEX_VERSION, readIndexVersion, writeIndexVersion } from './search.index-version.ts';

const titlesFor = async (z: Zixun, q: string) => {
  const out = await z.search.search({ q }, 10);
  return (await z.articles.getPublishedMany(out.ids)).map((a) => a.title);
};

test('zixun reindex rebuilds the index with progress on stderr; zixun import indexes what it writes', async (t) => {
  const db = await cliDatabase(t);
  let z = await db.app();
  await z.categories.create({ slug: 'local', name: '本地' });
  for (let i = 1; i <= 30; i++) await z.articles.create({ title: `青川港第${i}号泊位投用`, body: '<p>港口码头扩建。</p>', category: 'local', author: 'port' });
  await z.articles.create({ title: '草稿：候鸟迁徙', body: '<p>x</p>', category: 'local', author: 'port', status: 'draft' });
  await z.close();

  // Simulate a damaged index: one entry missing, one stale entry for an article that is a draft.
  const h = db.open();
  const draft = await h.db.selectFrom('articles').select('id').where('status', '=', 'draft').executeTakeFirstOrThrow();
  const first = await h.db.selectFrom('articles').select('id').where('status', '=', 'published').orderBy('id').executeTakeFirstOrThrow();
  await h.tx(async (trx) => {
    if (h.dialect === 'sqlite') await sql`delete from search_fts where rowid = ${first.id}`.execute(trx);
    await trx.deleteFrom('search_docs').where('article_id', '=', first.id).execute();
    await trx
      .insertInto('search_docs')
      .values({ article_id: draft.id, category_id: 1, published_at: '2026-01-01T00:00:00.000Z', recommend_level: 0, verified: 0 })
      .execute();
  });
  await h.close();

  const r = await db.run(['reindex']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /索引 \[#+\] 100% 30\/30/, 'a progress bar');
  assert.match(r.stderr, /已重建搜索索引：30 篇文章，用时 [\d.]+ 秒（\d+ 篇\/秒）/);
  assert.equal(r.stdout, '');

  z = await db.app();
  try {
    assert.equal((await z.search.search({ q: '泊位' }, 10)).total, 30, 'every published article is found again');
    const after = await z.dbh.db.selectFrom('search_docs').select('article_id').where('article_id', '=', draft.id).execute();
    assert.equal(after.length, 0, 'the stale entry is gone');
  } finally {
    await z.close();
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zixun-search-import-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'in.jsonl');
  fs.writeFileSync(file, JSON.stringify({ title: '导入的湿地保护报道', body: '<p>湿地里的候鸟回来了。</p>', category: 'local', author: 'importer' }) + '\n');
  const imp = await db.run(['import', file]);
  assert.equal(imp.code, 0, imp.stderr);
  z = await db.app();
  try {
    assert.deepEqual(await titlesFor(z, '湿地保护'), ['导入的湿地保护报道']);
  } finally {
    await z.close(); // before cliDatabase drops the database
  }

  const bad = await db.run(['reindex', 'extra']);
  assert.equal(bad.code, 2);
});

test('zixun import into an empty site records the index version, so the first start does not rebuild; into an older index it does not', async (t) => {
  const db = await cliDatabase(t, 'imported');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zixun-search-import-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'in.jsonl');
  const line = (title: string) => JSON.stringify({ title, body: '<p>园区厂房出租，租金每月1.2万元。</p>', category: 'local', author: 'importer' });
  fs.writeFileSync(file, [JSON.stringify({ kind: 'category', slug: 'local', name: '本地' }), line('厂房租金每月1.2万元')].join('\n') + '\n');
  const imp = await db.run(['import', file]);
  assert.equal(imp.code, 0, imp.stderr);

  let z = await db.app();
  try {
    assert.equal(await readIndexVersion(z.dbh.db), INDEX_VERSION);
    assert.equal(await z.search.ensureIndexVersion(), 'current', 'what serve does at start-up: no rebuild');
    assert.deepEqual(z.search.jobs.status(), []);
    assert.deepEqual(await titlesFor(z, '1.2万元'), ['厂房租金每月1.2万元']);
    // A site whose index is of an older version keeps it: the import adds to that index.
    await writeIndexVersion(z.dbh.db, INDEX_VERSION - 1);
  } finally {
    await z.close();
  }
  fs.writeFileSync(file, line('仓库租金每月1.2万元') + '\n');
  const again = await db.run(['import', file]);
  assert.equal(again.code, 0, again.stderr);
  z = await db.app();
  try {
    assert.equal(await readIndexVersion(z.dbh.db), INDEX_VERSION - 1);
  } finally {
    await z.close();
  }
});
