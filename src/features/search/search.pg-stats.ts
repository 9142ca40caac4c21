import { sql } from 'kysely';
import type { Db } from '../../platform/db/index.ts';

const STATS_TTL_MS = 600_000;

/**
 * Share of documents holding each lexeme, from PostgreSQL's statistics on `search_docs.doc` (ANALYZE
 * keeps the most common lexemes of a sample with their frequencies: about a thousand). A lexeme not
 * among them is rarer than all of those: reported as 0. Cached for ten minutes, dropped by `reset`.
 */
export function createLexemeStats() {
  let cached: { at: number; freqs: Map<string, number> } | undefined;

  async function load(db: Db): Promise<Map<string, number>> {
    const now = Date.now();
    if (cached && now - cached.at < STATS_TTL_MS) return cached.freqs;
    const freqs = new Map<string, number>();
    try {
      const r = await sql<{ elems: string[] | null; freqs: number[] | null }>`select most_common_elems::text::text[] as elems,
          most_common_elem_freqs as freqs from pg_stats
        where schemaname = current_schema() and tablename = 'search_docs' and attname = 'doc'`.execute(db);
      const row = r.rows[0];
      if (row?.elems && row.freqs) row.elems.forEach((e, i) => freqs.set(e, Number(row.freqs?.[i] ?? 0)));
    } catch {
      // no statistics readable: every lexeme counts as rare
    }
    cached = { at: now, freqs };
    return freqs;
  }

  return {
    /**
     * Estimated share of documents matching the query (independent lexemes): an AND of clauses
     * multiplies, an OR of alternatives takes the likeliest, a group of tokens multiplies.
     */
    async share(db: Db, clauses: string[][][], mode: 'all' | 'any'): Promise<number> {
      const freqs = await load(db);
      const of = (clause: string[][]) => Math.max(0, ...clause.map((g) => g.reduce((p, t) => p * (freqs.get(t) ?? 0), g.length ? 1 : 0)));
      const each = clauses.map(of);
      return mode === 'all' ? each.reduce((p, x) => p * x, each.length ? 1 : 0) : Math.max(0, ...each);
    },
    reset(): void {
      cached = undefined;
    },
  };
}
