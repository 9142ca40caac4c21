import type { CompiledQuery, Compilable } from 'kysely';
import { directReader, type Db } from './index.ts';

/** Stands for the i-th value of a memoized query while it is built and compiled once. */
class Slot {
  constructor(readonly i: number) {}
}

type Param = { slot: number } | { value: unknown };

/** Past this many shapes the memo starts over (shapes are few; this only bounds a pathological caller). */
const MAX_SHAPES = 2_000;

/**
 * Kysely builds a query's operation tree and compiles it to SQL on every call: a fair share of the CPU
 * of an uncached page. A hot query of fixed shape is built and compiled once here, with slots where
 * its values go, and run again with new values (the SQL text is the same, so the prepared statement
 * is reused too). `shape` must name everything that changes the SQL: which filters are present, the
 * length of every `in (…)` list. On SQLite a read runs straight on the connection when nothing holds it
 * (`directReader`), else through Kysely like any query, which waits for a running transaction to end.
 */
export function createQueryMemo(db: Db) {
  const direct = directReader(db);
  const memo = new Map<string, { compiled: CompiledQuery; params: Param[] }>();
  return async function run<R>(shape: string, values: readonly unknown[], build: (v: (i: number) => any) => Compilable<R>): Promise<R[]> {
    let m = memo.get(shape);
    if (!m) {
      const compiled = build((i) => new Slot(i)).compile();
      const params = compiled.parameters.map((p): Param => (p instanceof Slot ? { slot: p.i } : { value: p }));
      if (memo.size >= MAX_SHAPES) memo.clear();
      m = { compiled, params };
      memo.set(shape, m);
    }
    const parameters = m.params.map((p) => ('slot' in p ? values[p.slot] : p.value));
    const rows = direct?.(m.compiled.sql, parameters);
    if (rows) return rows as R[];
    const r = await db.executeQuery<R>({ ...m.compiled, parameters } as CompiledQuery<R>);
    return r.rows;
  };
}
