// PostgreSQL tsvector and tsquery literals from our own tokens (ADR 0006). Pure string work, so a
// rebuild's worker threads (search.worker.ts) build the documents' literals, not the main thread.
import type { AnalyzedFields } from './search.analyzer.ts';

// PostgreSQL keeps at most 256 positions per lexeme and positions up to 16383 (MAXNUMPOS, MAXENTRYPOS - 1).
const MAX_POSITIONS = 256;
const MAX_POSITION = 16_383;

/** A lexeme in tsvector/tsquery input syntax: quoted, so & | ! ( ) : * are plain text. */
function lexeme(token: string): string {
  return `'${token.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** Each token's positions (from 1, capped), at most MAX_POSITIONS, ascending and distinct: one field as PostgreSQL reads it. */
function positionsOf(tokens: readonly string[]): Map<string, number[]> {
  const positions = new Map<string, number[]>();
  tokens.forEach((t, i) => {
    if (!t || t.length > 200) return;
    const list = positions.get(t);
    const p = Math.min(i + 1, MAX_POSITION);
    if (!list) positions.set(t, [p]);
    else if (list.length < MAX_POSITIONS && list[list.length - 1] !== p) list.push(p);
  });
  return positions;
}

/**
 * A tsvector literal from exact tokens with their positions. Built here rather than with
 * to_tsvector so that PostgreSQL's parser cannot split or normalise our tokens (hk3001, 3.5%).
 */
export function tsvectorLiteral(tokens: readonly string[]): string {
  return [...positionsOf(tokens)].map(([t, ps]) => `${lexeme(t)}:${ps.join(',')}`).join(' ');
}

/** ts_rank weights by field: title A, summary B, tags C, body D. */
const WEIGHTED = [
  ['title', 'A'],
  ['summary', 'B'],
  ['tags', 'C'],
  ['body', 'D'],
] as const;

/**
 * The document's tsvector as one weighted literal: exactly what
 * `setweight(title, 'A') || setweight(summary, 'B') || setweight(tags, 'C') || setweight(body, 'D')`
 * gives (tsvector_concat: each field's positions shifted by the largest position so far, capped at
 * 16383, at most 256 per lexeme, none added after one at 16383), without PostgreSQL parsing four
 * literals and concatenating them per row.
 */
export function weightedTsvector(fields: Pick<AnalyzedFields, 'title' | 'summary' | 'tags' | 'body'>): string {
  // Per lexeme: its positions so far as "12A,40B", how many, and the largest.
  const acc = new Map<string, { s: string; n: number; end: number }>();
  let maxpos = 0;
  for (const [name, weight] of WEIGHTED) {
    const shift = maxpos;
    for (const [t, ps] of positionsOf(fields[name])) {
      let e = acc.get(t);
      if (!e) acc.set(t, (e = { s: '', n: 0, end: 0 }));
      for (const p of ps) {
        if (e.n >= MAX_POSITIONS || e.end === MAX_POSITION) break;
        e.end = Math.min(p + shift, MAX_POSITION);
        e.s += e.n++ ? `,${e.end}${weight}` : `${e.end}${weight}`;
      }
      if (e.end > maxpos) maxpos = e.end;
    }
  }
  let out = '';
  for (const [t, e] of acc) out += `${out ? ' ' : ''}${lexeme(t)}:${e.s}`;
  return out;
}

export function tsqueryLiteral(clauses: string[][][], mode: 'all' | 'any'): string {
  const parts = clauses.map((alts) => {
    const groups = alts.filter((g) => g.length).map((g) => (g.length === 1 ? lexeme(g[0] as string) : `(${g.map(lexeme).join(' & ')})`));
    return groups.length === 1 ? (groups[0] as string) : `(${groups.join(' | ')})`;
  });
  return parts.join(mode === 'all' ? ' & ' : ' | ');
}
