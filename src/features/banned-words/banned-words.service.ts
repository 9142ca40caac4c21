import type { Db } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { fold } from '../../platform/text/index.ts';
import { memoCopy, type SharedMemos } from '../../platform/cache/shared-memos.ts';
import { t, format } from '../../strings/index.ts';

/**
 * The admin-managed banned-word list. Matching folds Traditional to Simplified, case and full-width forms, and ignores spaces
 * and punctuation inserted between characters (违 禁 词, 违-禁-词), the usual way around naive lists.
 */
export function normalizeForMatch(s: string): string {
  return visibleForm(s).replace(/[\s\p{P}\p{S}]/gu, '');
}

/**
 * Folded (Traditional characters to Simplified first, 發票 matches 发票, as search does), NFKC, lower case,
 * and without the characters that print as nothing and would split a word invisibly: format characters
 * (zero-width spaces and joiners, the soft hyphen, word joiner), the combining grapheme joiner, variation
 * selectors and the Hangul fillers. Other combining marks stay: in Thai or Devanagari they tell words apart.
 */
function visibleForm(s: string): string {
  return fold(s)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{Cf}\u034f\u115f\u1160\u180b-\u180d\u3164\ufe00-\ufe0f\uffa0]|\udb40[\udd00-\uddef]/gu, '');
}

/**
 * Two or three Latin letters or digits (AV, 64): matched as a whole word of the text, not inside one,
 * or David, Javier and user1964 would all be refused. Longer entries match anywhere, spaced out or not.
 */
function shortWordPattern(norm: string): RegExp | undefined {
  return /^[a-z0-9]{2,3}$/.test(norm) ? new RegExp(`(?<![a-z0-9])${norm}(?![a-z0-9])`) : undefined;
}

/** Single Latin letters or digits spelled out with separators (A V, A.V, a_v) joined into one word (av). */
function joinSpelledOut(s: string): string {
  return s.replace(/(?<=(?:^|[^a-z0-9])[a-z0-9])[\s\p{P}\p{S}]+(?=[a-z0-9](?![a-z0-9]))/gu, '');
}

/**
 * A word the list cannot use: too long, nothing left to match once folded, or one Latin letter or digit
 * (it would hold back nearly every comment).
 */
function unusable(w: string): boolean {
  const n = normalizeForMatch(w);
  return w.length > 64 || !n || /^[a-z0-9]$/.test(n);
}

const MEMO = 'banned-words';
/** Most words one 批量导入 may carry. */
export const IMPORT_MAX = 2000;

export interface ImportResult {
  added: string[];
  existing: string[];
  invalid: string[];
}

/** A pasted list: one word a line, or separated by commas, 顿号, semicolons or (full-width) spaces. */
export function splitWords(text: string): string[] {
  return text
    .split(/[\r\n,，、;；\s\u3000]+/)
    .map((w) => w.trim())
    .filter(Boolean);
}

export function createBannedWords(deps: { db: Db; clock: Clock; memos?: SharedMemos }) {
  const { db, clock } = deps;
  // Every instance keeps the list: a change here drops the others' copies too (with Redis).
  const list = memoCopy(async () =>
    (await all())
      .map((w) => ({ word: w.word, norm: normalizeForMatch(w.word) }))
      .filter((w) => w.norm.length > 0)
      .map((w) => ({ ...w, whole: shortWordPattern(w.norm) })),
  );
  deps.memos?.on(MEMO, list.drop);

  async function all(): Promise<Array<{ id: number; word: string; createdAt: string }>> {
    const rows = await db.selectFrom('banned_words').selectAll().orderBy('word').execute();
    return rows.map((r) => ({ id: r.id, word: r.word, createdAt: r.created_at }));
  }

  const loaded = () => list.get();

  return {
    all,
    /** The banned words found in any of the texts (empty when clean). HTML tags are ignored. */
    async find(...texts: string[]): Promise<string[]> {
      const words = await loaded();
      if (!words.length) return [];
      const text = texts.join('\n').replace(/<[^>]*>/g, '');
      const hay = normalizeForMatch(text);
      let spaced: string | undefined; // word boundaries kept, for the short Latin entries
      return words.filter((w) => (w.whole ? w.whole.test((spaced ??= joinSpelledOut(visibleForm(text)))) : hay.includes(w.norm))).map((w) => w.word);
    },
    async add(word: string): Promise<void> {
      const w = word.trim();
      if (!w || unusable(w)) throw new ValidationError({ word: t.errors.bannedWordBad });
      const n = normalizeForMatch(w);
      const exists = await db.selectFrom('banned_words').select('id').where('word', '=', w).executeTakeFirst();
      if (exists || (await loaded()).some((x) => x.norm === n)) throw new ConflictError(t.errors.bannedWordExists, 'banned_word_exists');
      await db.insertInto('banned_words').values({ word: w, created_at: clock.now().toISOString() }).execute();
      list.drop();
      deps.memos?.changed(MEMO);
    },
    /**
     * 批量导入: words one per line or separated by commas, 顿号, semicolons or spaces, checked like `add`
     * (1–64 characters with something left to match). New ones are inserted in one transaction; the rest
     * are reported as already there or invalid. Repeats within the text count once.
     */
    async importMany(text: string): Promise<ImportResult> {
      const words = [...new Set(splitWords(text))];
      if (!words.length) throw new ValidationError({ words: t.admin.importWordsEmpty });
      if (words.length > IMPORT_MAX) throw new ValidationError({ words: format(t.admin.importWordsTooMany, { n: IMPORT_MAX }) });
      const invalid = words.filter(unusable);
      const valid = words.filter((w) => !unusable(w));
      // Already listed means the same once folded (ＷＡＬＫＣ is walkc, 發票 is 发票): matching sees no difference.
      const have = new Set((await loaded()).map((w) => w.norm));
      const added: string[] = [];
      const existing: string[] = [];
      for (const w of valid) {
        const n = normalizeForMatch(w);
        if (have.has(n)) existing.push(w);
        else {
          have.add(n);
          added.push(w);
        }
      }
      const now = clock.now().toISOString();
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < added.length; i += 200)
          await trx
            .insertInto('banned_words')
            .values(added.slice(i, i + 200).map((word) => ({ word, created_at: now })))
            // A word someone adds at this moment is already there: not an error for the whole import.
            .onConflict((oc) => oc.column('word').doNothing())
            .execute();
      });
      const result = { added, existing, invalid };
      if (result.added.length) {
        list.drop();
        deps.memos?.changed(MEMO);
      }
      return result;
    },
    async remove(id: number): Promise<void> {
      const r = await db.deleteFrom('banned_words').where('id', '=', id).executeTakeFirst();
      if (!Number(r.numDeletedRows)) throw new NotFoundError(t.errors.bannedWordNotFound);
      list.drop();
      deps.memos?.changed(MEMO);
    },
  };
}

export type BannedWords = ReturnType<typeof createBannedWords>;
