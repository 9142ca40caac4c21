import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * SQLite: move `articles.body` to the end of the row.
 *
 * SQLite stores a row's columns in order and spills what does not fit on the page into a chain of
 * overflow pages. With the body (often several KB) in the middle, every read of a column after it
 * (cover, category, author, recommend level, hits, counts, dates: everything a card or a list shows)
 * walked the body's overflow chain first. With the body last, those columns sit in the row's first
 * bytes and a card is one page read (bench: 100,000 articles, an uncached article page reads about
 * 20 such rows).
 *
 * Columns added later with ALTER TABLE … ADD COLUMN land after the body again: keep new columns of
 * `articles` small and rarely read, or rebuild the table the same way (docs/ARCHITECTURE.md, "Data").
 *
 * The rebuild follows SQLite's documented procedure for schema changes ALTER TABLE cannot make: with
 * foreign keys off, copy into a new table in one transaction, drop the old one, rename the new one,
 * re-create the indexes, check every foreign key, commit. Ids and the AUTOINCREMENT counter are kept.
 * PostgreSQL keeps large values out of line (TOAST) already: nothing to do there.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect !== 'sqlite') return;
  const table = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'articles'`.execute(db);
  const createSql = table.rows[0]?.sql;
  if (!createSql) throw new Error('migration article_body_last: table articles not found');
  const bodyDef = '"body" text not null';
  const columns = (await sql<{ name: string }>`select name from pragma_table_info('articles') order by cid`.execute(db)).rows.map((r) => r.name);
  if (columns[columns.length - 1] === 'body') return; // already last (a database created after this migration's change)
  if (createSql.split(bodyDef).length !== 2) throw new Error(`migration article_body_last: unexpected definition of articles: ${createSql}`);
  const close = createSql.lastIndexOf(')');
  const reordered = (createSql.slice(0, close).replace(`${bodyDef}, `, '') + `, ${bodyDef}` + createSql.slice(close)).replace(
    /^CREATE TABLE (IF NOT EXISTS )?"articles"/i,
    'CREATE TABLE "articles_body_last"',
  );
  if (!reordered.startsWith('CREATE TABLE "articles_body_last"')) throw new Error('migration article_body_last: could not rewrite the table definition');
  const newOrder = [...columns.filter((c) => c !== 'body'), 'body'];
  const indexes = (
    await sql<{ sql: string }>`select sql from sqlite_master where type = 'index' and tbl_name = 'articles' and sql is not null`.execute(db)
  ).rows.map((r) => r.sql);
  const seq = (await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'articles'`.execute(db)).rows[0]?.seq;
  const list = sql.join(newOrder.map((c) => sql.ref(c)));

  // Not inside a transaction here (SQLite migrations run without one), so the pragma takes effect.
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin immediate`.execute(db);
    try {
      await sql.raw(reordered).execute(db);
      await sql`insert into "articles_body_last" (${list}) select ${list} from "articles" order by "id"`.execute(db);
      await sql`drop table "articles"`.execute(db);
      await sql`alter table "articles_body_last" rename to "articles"`.execute(db);
      for (const s of indexes) await sql.raw(s).execute(db);
      if (seq !== undefined) await sql`update sqlite_sequence set seq = cast(${seq} as integer) where name = 'articles'`.execute(db);
      const broken = await sql<{ table: string }>`select "table" from pragma_foreign_key_check`.execute(db);
      if (broken.rows.length > 0) throw new Error(`migration article_body_last: foreign keys broken in ${broken.rows.map((r) => r.table).join(', ')}`);
      await sql`commit`.execute(db);
    } catch (e) {
      await sql`rollback`.execute(db);
      throw e;
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
