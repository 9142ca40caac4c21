import type { Kysely } from 'kysely';

/** 点击排行 falls back to all-time hits: let that be an index scan, not a sort of every article. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('articles_status_hits').on('articles').columns(['status', 'hits']).execute();
}
