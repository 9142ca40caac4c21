import type { Categories, Category } from '../categories/index.ts';

export const MAX_QUERY_CHARS = 100;
/**
 * The deepest page offered: every match up to COUNT_CAP can be reached (10 a page). Deeper pages cost
 * a sort over every match and nobody reads them.
 */
export const MAX_PAGE = 100;

/** What a reader sends to /search (every value as the query string gave it: unchecked). */
export interface SearchInput {
  q?: unknown;
  category?: unknown;
  from?: unknown;
  to?: unknown;
  sort?: unknown;
  page?: unknown;
}

/** The request's query and filters, parsed; bad values are ignored and reported, never errors. */
export interface ParsedInput {
  q: string;
  truncated: boolean;
  /** The query without markup (`<b>`, `<script>`): what is searched and highlighted. */
  text: string;
  sort: 'relevance' | 'newest';
  page: number;
  category?: Category;
  /** A `category` value that names no category (searched in all categories instead). */
  unknownCategory?: string;
  /** As typed (YYYY-MM-DD), when valid; swapped when `from` was later than `to`. */
  from?: string;
  to?: string;
  /** ISO instants: inclusive start of `from`, exclusive end of `to` (China days). */
  fromAt?: string;
  untilAt?: string;
  badDate: boolean;
  datesSwapped: boolean;
}

/** Query text as plain text: first value of a repeated parameter, well-formed, no control characters, bounded. */
export function cleanQuery(raw: unknown): { q: string; truncated: boolean } {
  const v = Array.isArray(raw) ? raw[0] : raw;
  if (typeof v !== 'string') return { q: '', truncated: false };
  const q = v
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, ' ') // lone surrogates
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...q];
  if (chars.length <= MAX_QUERY_CHARS) return { q, truncated: false };
  return { q: chars.slice(0, MAX_QUERY_CHARS).join('').trim(), truncated: true };
}

/**
 * The query without HTML tags: a pasted `<b>x</b>` or `<script>…</script>` searches for its text only,
 * so the tag names (b, script) are neither searched nor marked in results.
 */
export function withoutMarkup(q: string): string {
  return q
    .replace(/<\/?[a-z!][^<>]*>/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A China-time calendar day `YYYY-MM-DD` as the ISO instant it starts at; undefined when malformed. */
export function chinaDayStart(v: string, plusDays = 0): string | undefined {
  const m = DATE.exec(v);
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays, -8));
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1990 || d.getUTCFullYear() > 2200) return undefined;
  // Reject 2026-02-31 and friends rather than rolling over.
  const back = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (back.getUTCDate() !== Number(m[3])) return undefined;
  return d.toISOString();
}

const str = (v: unknown): string => {
  const x = Array.isArray(v) ? v[0] : v;
  return typeof x === 'string' ? x.trim() : '';
};

export async function parseInput(input: SearchInput, categories: Categories): Promise<ParsedInput> {
  const { q, truncated } = cleanQuery(input.q);
  const sort = str(input.sort) === 'newest' ? 'newest' : 'relevance';
  const pageRaw = str(input.page);
  const page = /^[1-9]\d{0,3}$/.test(pageRaw) ? Math.min(Number(pageRaw), MAX_PAGE) : 1;
  const slug = str(input.category);
  const category = slug && /^[a-z0-9-]{1,63}$/.test(slug) ? await categories.bySlug(slug) : undefined;
  let fromRaw = str(input.from);
  let toRaw = str(input.to);
  const fromOk = !!fromRaw && !!chinaDayStart(fromRaw);
  const toOk = !!toRaw && !!chinaDayStart(toRaw);
  // A range given backwards (from after to) is meant the other way round: swapped, and the page says so.
  const datesSwapped = fromOk && toOk && fromRaw > toRaw;
  if (datesSwapped) [fromRaw, toRaw] = [toRaw, fromRaw];
  const fromAt = fromOk ? chinaDayStart(fromRaw) : undefined;
  const untilAt = toOk ? chinaDayStart(toRaw, 1) : undefined;
  return {
    q,
    truncated,
    text: withoutMarkup(q),
    sort,
    page,
    ...(category ? { category } : slug ? { unknownCategory: slug.slice(0, 40) } : {}),
    ...(fromAt ? { from: fromRaw, fromAt } : {}),
    ...(untilAt ? { to: toRaw, untilAt } : {}),
    badDate: (!!fromRaw && !fromOk) || (!!toRaw && !toOk),
    datesSwapped,
  };
}
