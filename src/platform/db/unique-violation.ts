/**
 * Whether a write failed on one unique index, on either dialect: better-sqlite3 (SQLITE_CONSTRAINT_UNIQUE)
 * names `table.column` in its message, or `index '<name>'` for an expression index; pg (unique_violation,
 * 23505) gives the index's name as `constraint`.
 */
export function violatesUnique(e: unknown, index: { pg: string; sqlite: string }): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const err = e as { code?: unknown; constraint?: unknown; message?: unknown };
  if (err.code === 'SQLITE_CONSTRAINT_UNIQUE') return String(err.message).includes(index.sqlite);
  return err.code === '23505' && err.constraint === index.pg;
}
