// Migration 2026112714 rebuilds the SQLite articles table with the body last: an existing site's
// articles, their ids, the id counter, indexes and every row that points at an article must survive it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Migrator, sql } from 'kysely';
import { openDatabase } from '../index.ts';
import { migrationsFor } from './index.ts';

test('SQLite: the articles table is rebuilt with the body last, keeping rows, ids, links and indexes', async () => {
  const h = openDatabase({ dialect: 'sqlite', path: ':memory:' });
  const db = h.db;
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrationsFor('sqlite') } });
  const before = await migrator.migrateTo('2026112713_render_indexes');
  assert.equal(before.error, undefined);
  const columns = async () => (await sql<{ name: string }>`select name from pragma_table_info('articles') order by cid`.execute(db)).rows.map((r) => r.name);
  assert.notEqual((await columns()).at(-1), 'body', 'the older layout has the body in the middle');

  const now = '2026-11-27T00:00:00.000Z';
  await sql`insert into members (id, username, display_name, created_at, updated_at) values (1, 'zhang', '张三', ${now}, ${now})`.execute(db);
  await sql`insert into categories (id, slug, name, created_at, updated_at) values (1, 'local', '本地', ${now}, ${now})`.execute(db);
  const long = '正文'.repeat(5000); // spills into overflow pages
  for (const [id, title, body] of [
    [3, '第一篇', '短正文'],
    [7, '第二篇', long],
    [9, '后来删掉的', '被删除'],
  ] as const) {
    await sql`insert into articles (id, title, summary, body, category_id, author_id, status, hits, published_at, created_at, updated_at)
      values (${id}, ${title}, ${'摘要' + id}, ${body}, 1, 1, 'published', ${id * 10}, ${now}, ${now}, ${now})`.execute(db);
  }
  await sql`delete from articles where id = 9`.execute(db); // the counter stays at 9
  await sql`insert into tags (id, name) values (1, '城市')`.execute(db);
  await sql`insert into article_tags (article_id, tag_id) values (3, 1), (7, 1)`.execute(db);

  const after = await migrator.migrateTo('2026112714_article_body_last');
  assert.equal(after.error, undefined);
  assert.deepEqual(
    after.results?.map((r) => r.migrationName),
    ['2026112714_article_body_last'],
  );

  assert.equal((await columns()).at(-1), 'body');
  const rows = (
    await sql<{
      id: number;
      title: string;
      summary: string;
      body: string;
      hits: number;
    }>`select id, title, summary, body, hits from articles order by id`.execute(db)
  ).rows;
  assert.deepEqual(
    rows.map((r) => [r.id, r.title, r.summary, r.body.length, r.hits]),
    [
      [3, '第一篇', '摘要3', 3, 30],
      [7, '第二篇', '摘要7', long.length, 70],
    ],
  );
  const tags = (await sql<{ article_id: number }>`select article_id from article_tags order by article_id`.execute(db)).rows;
  assert.deepEqual(
    tags.map((t) => t.article_id),
    [3, 7],
    'tag links survive (no cascade while the old table is dropped)',
  );
  const indexes = (
    await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'articles' and sql is not null order by name`.execute(db)
  ).rows;
  assert.ok(
    indexes.some((i) => i.name === 'articles_status_published_id_level'),
    'indexes are re-created',
  );

  // The id counter continues after the deleted article, and foreign keys are enforced again.
  await sql`insert into articles (title, body, category_id, author_id, status, created_at, updated_at) values ('新文章', '内容', 1, 1, 'draft', ${now}, ${now})`.execute(
    db,
  );
  const newest = (await sql<{ id: number }>`select max(id) as id from articles`.execute(db)).rows[0]!;
  assert.equal(newest.id, 10);
  await assert.rejects(
    sql`insert into article_tags (article_id, tag_id) values (999, 1)`.execute(db),
    /FOREIGN KEY/,
    'foreign keys are on after the migration',
  );
  await h.close();
});
