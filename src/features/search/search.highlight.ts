import { fold } from '../../platform/text/index.ts';

/** A piece of displayed text; `mark` pieces matched the query. Rendered by JSX, so always escaped. */
export interface Piece {
  text: string;
  mark: boolean;
}

const charFold = new Map<string, string>();

/** Folds per character so offsets map back to the original text (fold() as a whole may change length). */
function foldChars(text: string): { folded: string; origin: number[] } {
  let folded = '';
  const origin: number[] = [];
  let i = 0;
  for (const ch of text) {
    let f = charFold.get(ch);
    if (f === undefined) {
      f = fold(ch);
      if (charFold.size < 50_000) charFold.set(ch, f);
    }
    for (let k = 0; k < f.length; k++) origin.push(i);
    folded += f;
    i += ch.length;
  }
  origin.push(i);
  return { folded, origin };
}

const LETTER = /[\p{Ll}\p{Lu}\p{Lt}\p{Lm}\p{Mn}]/u;
const DIGIT = /\p{Nd}/u;
const kind = (ch: string | undefined): 'letter' | 'digit' | undefined => (!ch ? undefined : DIGIT.test(ch) ? 'digit' : LETTER.test(ch) ? 'letter' : undefined);

/**
 * Whether `hay[at, end)` is a whole token rather than part of a longer Latin word or number: the
 * segmenter keeps letter and digit runs whole (28分钟 holds the token 28, not 2; 1080 not 1; bank not
 * b), so a match may not continue a run of the same kind (digits also across a decimal point: 3.5).
 * Han text has no such boundaries: any occurrence counts.
 */
function isWhole(hay: string, at: number, end: number): boolean {
  const first = kind(hay[at]);
  const last = kind(hay[end - 1]);
  if (first && kind(hay[at - 1]) === first) return false;
  if (last && kind(hay[end]) === last) return false;
  if (first === 'digit' && /[.,]/.test(hay[at - 1] ?? '') && kind(hay[at - 2]) === 'digit') return false;
  if (last === 'digit' && /[.,]/.test(hay[end] ?? '') && kind(hay[end + 1]) === 'digit') return false;
  return true;
}

function find(hay: string, terms: string[], map: (i: number) => number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const term of terms) {
    if (!term) continue;
    let from = 0;
    for (;;) {
      const at = hay.indexOf(term, from);
      if (at < 0) break;
      if (isWhole(hay, at, at + term.length)) {
        ranges.push([map(at), map(at + term.length)]);
        from = at + term.length;
      } else from = at + 1;
    }
  }
  return ranges;
}

/** [start, end) ranges in `text` where any of the (folded) terms occurs, merged. */
function matchRanges(text: string, terms: string[]): Array<[number, number]> {
  if (!terms.length || !text) return [];
  // Fast path: most text is already Simplified and half-width, so lowercasing is all the folding it
  // needs. Folding character by character (Traditional, full-width) only when that finds nothing.
  const lower = text.toLowerCase();
  let ranges = lower.length === text.length ? find(lower, terms, (i) => i) : [];
  if (!ranges.length) {
    // Folding the whole text at once is cheap; folding it character by character (to map offsets
    // back) only pays when the folded text matches at all. Chinese text rarely lowercases to its
    // folded form (full-width punctuation alone differs), so this check saves most of that work.
    const whole = fold(text);
    if (!terms.some((term) => term && whole.includes(term))) return [];
    const { folded, origin } = foldChars(text);
    ranges = find(folded, terms, (i) => origin[i] as number);
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** The text split into plain and matched pieces. */
export function highlight(text: string, terms: string[]): Piece[] {
  const out: Piece[] = [];
  let at = 0;
  for (const [s, e] of matchRanges(text, terms)) {
    if (s > at) out.push({ text: text.slice(at, s), mark: false });
    out.push({ text: text.slice(s, e), mark: true });
    at = e;
  }
  if (at < text.length) out.push({ text: text.slice(at), mark: false });
  return out;
}

/**
 * A window of about `size` characters around the first match in `text` (or its start), with … where
 * it was cut, highlighted. Scans at most the first 20,000 characters for a match.
 */
export function snippet(text: string, terms: string[], size = 110): Piece[] {
  const flat = text.replace(/\s+/g, ' ').trim();
  const head = flat.slice(0, 20_000);
  const first = matchRanges(head, terms)[0];
  let start = first ? Math.max(0, first[0] - Math.floor(size / 4)) : 0;
  // Do not start in the middle of a surrogate pair.
  if (start > 0 && /[\uDC00-\uDFFF]/.test(flat[start] ?? '')) start--;
  let end = Math.min(flat.length, start + size);
  if (end < flat.length && /[\uDC00-\uDFFF]/.test(flat[end] ?? '')) end++;
  const pieces = highlight(flat.slice(start, end), terms);
  if (start > 0) pieces.unshift({ text: '…', mark: false });
  if (end < flat.length) pieces.push({ text: '…', mark: false });
  return pieces;
}

/** Whether any term occurs in the text (to choose between summary and body for the snippet). */
export function mentions(text: string, terms: string[]): boolean {
  return matchRanges(text.slice(0, 20_000), terms).length > 0;
}
