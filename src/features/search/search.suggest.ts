import type { DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { fold } from '../../platform/text/index.ts';
import type { Categories } from '../categories/index.ts';
import { recentTitles, tagVocabulary } from '../articles/index.ts';
import type { Analyzer, QueryPlan } from './search.analyzer.ts';
import type { SearchTerms } from './search.terms.ts';

/** Edit distance over code points, giving up (Infinity) beyond `max`. */
export function editDistance(a: string, b: string, max: number): number {
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > max) return Infinity;
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= y.length; j++) {
      const v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return Infinity;
    prev = cur;
  }
  return prev[y.length] as number;
}

/** How far a word may be from a suggestion: nothing for one character, one edit up to four, then two. */
function allowed(len: number): number {
  return len <= 1 ? 0 : len <= 4 ? 1 : 2;
}

const VOCAB_TTL_MS = 600_000;
const TITLES = 5_000;

/**
 * "Did you mean": the nearest word of the site's own vocabulary (tags, category names, admin terms,
 * words of recent titles) by edit distance over folded text, for the whole query or one of its words,
 * offered only when it has results itself.
 */
export function createSuggester(deps: { dbh: DbHandle; clock: Clock; categories: Categories; analyzer: Analyzer; terms: SearchTerms }) {
  let vocab: Map<string, number> | undefined;
  let builtAt = 0;
  const containing = new Map<string, string[]>();

  async function vocabulary(): Promise<Map<string, number>> {
    if (vocab && Date.now() - builtAt < VOCAB_TTL_MS) return vocab;
    const m = new Map<string, number>();
    const add = (w: string, weight: number) => {
      const f = fold(w).trim();
      if ([...f].length >= 2 && /[\p{L}\p{N}]/u.test(f)) m.set(f, (m.get(f) ?? 0) + weight);
    };
    for (const c of await deps.categories.all()) add(c.name, 5);
    for (const w of await deps.terms.words()) add(w, 5);
    for (const w of await tagVocabulary(deps.dbh.db, 10_000)) add(w, 3);
    for (const title of await recentTitles(deps.dbh.db, TITLES)) for (const w of deps.analyzer.words(title)) add(w, 1);
    vocab = m;
    builtAt = Date.now();
    containing.clear();
    return m;
  }

  function nearest(word: string, words: Map<string, number>): string[] {
    const max = allowed([...word].length);
    if (!max) return [];
    const found: Array<{ w: string; d: number; n: number }> = [];
    for (const [w, n] of words) {
      if (w === word) continue;
      const d = editDistance(word, w, max);
      if (d <= max) found.push({ w, d, n });
    }
    return found
      .sort((a, b) => a.d - b.d || b.n - a.n)
      .slice(0, 3)
      .map((f) => f.w);
  }

  return {
    async suggest(q: string, hasResults: (plan: QueryPlan) => Promise<boolean>): Promise<string | undefined> {
      const words = await vocabulary();
      const folded = fold(q).replace(/\s+/g, ' ').trim();
      const tries: string[] = nearest(folded.replace(/ /g, ''), words);
      const parts = deps.analyzer.words(folded);
      if (parts.length > 1)
        for (const [i, p] of parts.entries()) {
          if (words.has(p)) continue;
          for (const alt of nearest(p, words).slice(0, 2)) tries.push(parts.map((x, j) => (j === i ? alt : x)).join(' '));
        }
      for (const s of tries.slice(0, 6)) {
        const plan = deps.analyzer.plan(s);
        if (plan.clauses.length && (await hasResults(plan))) return s;
      }
      return undefined;
    },
    /**
     * Words of the site's vocabulary containing the character `ch` (for one-character queries: 鹰 →
     * 雄鹰, 老鹰), the most used first.
     */
    async wordsContaining(ch: string, limit = 20): Promise<string[]> {
      const words = await vocabulary();
      let found = containing.get(ch);
      if (!found) {
        found = [...words]
          .filter(([w]) => w !== ch && w.includes(ch) && /^\p{Script=Han}+$/u.test(w))
          .sort((a, b) => b[1] - a[1] || a[0].length - b[0].length || (a[0] < b[0] ? -1 : 1))
          .slice(0, 50)
          .map(([w]) => w);
        if (containing.size >= 500) containing.delete(containing.keys().next().value as string);
        containing.set(ch, found);
      }
      return found.slice(0, limit);
    },
    invalidate(): void {
      vocab = undefined;
      containing.clear();
    },
  };
}
