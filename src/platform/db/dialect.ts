import { sql, type CreateTableBuilder, type Kysely } from 'kysely';

/** The few places where SQLite and PostgreSQL differ live here and nowhere else. */
export type Dialect = 'sqlite' | 'postgres';

/** An auto-incrementing integer primary key `id`. */
export function idColumn<T extends string>(builder: CreateTableBuilder<T, never>, dialect: Dialect) {
  return dialect === 'postgres'
    ? builder.addColumn('id', 'serial', (c) => c.primaryKey())
    : builder.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** Aggregates come back as strings from `pg` (bigint/numeric); normalise to numbers. */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') return Number(v);
  return 0;
}

/**
 * After rows were inserted with explicit ids, make the next generated id follow them. PostgreSQL
 * sequences do not move on explicit ids; SQLite's AUTOINCREMENT does by itself (and never goes back).
 */
export async function syncIdSequence(db: Kysely<any>, dialect: Dialect, table: string): Promise<void> {
  if (dialect !== 'postgres') return;
  if (!/^[a-z_]+$/.test(table)) throw new Error(`bad table name ${table}`);
  // Never backwards: ids of rows deleted for good (回收站's 彻底删除) stay used, so nothing that still
  // names them (ledger keys, reports, the audit log) attaches to a new row.
  await sql`select setval(pg_get_serial_sequence(${table}, 'id'), greatest(
      (select coalesce(max(id), 1) from ${sql.table(table)}),
      coalesce(pg_sequence_last_value(pg_get_serial_sequence(${table}, 'id')::regclass), 1)))`.execute(db);
}
