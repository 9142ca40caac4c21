import type { CreateTableBuilder } from 'kysely';

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
