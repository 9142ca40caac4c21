import { sql } from 'kysely';
import type { Db, DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { decodeShingles, decodeSignature, encodeShingles, encodeSignature, type Segmenter } from '../../platform/text/index.ts';
import { format, t } from '../../strings/index.ts';
import { indexableArticle, urls, type IndexableArticle } from '../articles/index.ts';
import type { Audit } from '../audit/index.ts';
import {
  compareFingerprints,
  estimateSimilarity,
  fingerprintText,
  CANDIDATES,
  DUPLICATE_AT,
  flagCandidate,
  PER_BAND,
  PREFILTER,
  SHOWN,
  VERIFY_AT,
  type TextFingerprint,
} from './originality.fingerprint.ts';
import { inlineTextPool, type TextPool } from './related.pool.ts';
import { rebuildFingerprints } from './originality.rebuild.ts';

const s = t.related;

/** An existing article close to a text, with the exact similarity of the two. */
export interface OriginalityMatch {
  id: number;
  title: string;
  url: string;
  authorId: number;
  isPublic: boolean;
  publishedAt: string | null;
  /** Shingle overlap (share of the shorter text found in the longer), 0–1: the percentage reviewers see. */
  similarity: number;
  jaccard: number;
  /** The matching article's plain text, for the side-by-side view (read for the review page only; '' elsewhere). */
  text: string;
}

/** What a submission's text meets before it is written. */
export interface SubmissionCheck {
  /** A (near-)exact copy of a published article: the write is refused. */
  duplicate?: OriginalityMatch;
  /** The closest earlier article by someone else reaching the flag threshold: a 原创 claim loses its mark. */
  flagMatch?: OriginalityMatch;
  /** Every close article the lookup found (any status but deleted), closest first: submissions check the queue with them. */
  matches: OriginalityMatch[];
}

/**
 * The copy rule: a (near-)exact copy has a Jaccard similarity from DUPLICATE_AT, or is nearly all
 * contained in the other (95 %) with a Jaccard from 0.6. A copy of a published article is refused
 * (checkSubmission); submissions apply the same rule to texts waiting in the queue.
 */
export function isCopyMatch(m: { similarity: number; jaccard: number }): boolean {
  return m.jaccard >= DUPLICATE_AT || (m.similarity >= 0.95 && m.jaccard >= 0.6);
}

/** The originality block on the review page. */
export interface OriginalityReport {
  articleId: number;
  text: string;
  claimsOriginal: boolean;
  flagged: boolean;
  overriddenBy: number | null;
  overriddenAt: string | null;
  match?: OriginalityMatch;
}

/** What a lookup starts from: a signature and its band keys; with the shingles, the closest match is verified exactly. */
interface Probe {
  signature: Uint32Array;
  bands: number[];
  size: number;
  shingles?: Set<number>;
}
const probe = (fp: TextFingerprint): Probe => ({ ...fp, size: fp.shingles.size });

/**
 * Originality fingerprints (ADR 0007): every article's MinHash signature and LSH band keys, kept in
 * step with the article by `sync` (inside the article write's transaction). Lookups find the closest
 * existing articles in a few indexed queries; candidates are verified exactly on their text.
 */
export function createOriginality(deps: { dbh: DbHandle; clock: Clock; segmenter: Segmenter; audit?: Audit }) {
  const { dbh, clock, segmenter } = deps;
  const nowIso = () => clock.now().toISOString();

  const fingerprintOf = (a: { title: string; text: string }): TextFingerprint => fingerprintText(segmenter, a.title, a.text);

  /**
   * Articles sharing band keys with `fp`, closest first. Similarities are estimated from the stored
   * signatures; the closest one is verified exactly when a decision may hang on it, on its stored
   * shingle set (or, for a fingerprint stored before that column existed, on its text). The matches'
   * `text` is read only `withText` (the review page); it is '' otherwise.
   */
  async function lookup(db: Db, fp: Probe, opts: { excludeId?: number; limit?: number; withText?: boolean } = {}): Promise<OriginalityMatch[]> {
    if (!fp.size || !fp.bands.length) return [];
    // One statement: each band key's newest PER_BAND articles (from the (band_key, article_id) index),
    // glued with UNION ALL and counted. The cap bounds the rows read when a bucket fills up (the
    // synthetic seed corpus reuses one pool of sentences, so some band keys hold thousands of articles).
    const not = opts.excludeId === undefined ? sql`` : sql` and article_id <> ${opts.excludeId}`;
    const parts = fp.bands.map(
      (k, i) =>
        sql`select * from (select article_id from article_lsh where band_key = ${k}${not} order by article_id desc limit ${PER_BAND}) as ${sql.raw(`b${i}`)}`,
    );
    const { rows: hits } = await sql<{
      article_id: number;
      n: number;
    }>`select article_id, count(*) as n from (${sql.join(parts, sql` union all `)}) as u group by article_id order by n desc, article_id desc limit ${CANDIDATES}`.execute(
      db,
    );
    if (!hits.length) return [];
    const rows = await db
      .selectFrom('article_fingerprints')
      .select(['article_id', 'signature', 'shingles'])
      .where(
        'article_id',
        'in',
        hits.map((h) => h.article_id),
      )
      .execute();
    const me = { signature: fp.signature, size: fp.size };
    const likely = rows
      .map((r) => ({ id: r.article_id, sim: estimateSimilarity(me, { signature: decodeSignature(r.signature), size: r.shingles }) }))
      .filter((r) => r.sim.overlap >= PREFILTER)
      .sort((a, b) => b.sim.overlap - a.sim.overlap || b.id - a.id)
      .slice(0, opts.limit ?? SHOWN);
    if (!likely.length) return [];
    const ids = likely.map((l) => l.id);
    const articles = await db
      .selectFrom('articles')
      .select(['id', 'title', 'author_id', 'status', 'published_at'])
      .where('id', 'in', ids)
      .where('status', '!=', 'deleted')
      .execute();
    const byId = new Map(articles.map((r) => [r.id, r]));
    const first = likely[0];
    const verify = first && byId.has(first.id) && first.sim.overlap >= VERIFY_AT && fp.shingles ? first.id : undefined;
    const stored =
      verify === undefined ? undefined : await db.selectFrom('article_fingerprints').select('shingle_set').where('article_id', '=', verify).executeTakeFirst();
    const texts = new Map<number, string>();
    if (opts.withText || (verify !== undefined && !stored?.shingle_set))
      for (const id of opts.withText ? ids : [verify as number]) texts.set(id, (await indexableArticle(db, id))?.text ?? '');
    const out: OriginalityMatch[] = [];
    for (const { id, sim } of likely) {
      const a = byId.get(id);
      if (!a) continue;
      let exact = sim;
      if (id === verify && fp.shingles) {
        const other = stored?.shingle_set ? decodeShingles(stored.shingle_set) : fingerprintOf({ title: a.title, text: texts.get(id) ?? '' }).shingles;
        exact = compareFingerprints({ shingles: fp.shingles }, { shingles: other });
      }
      out.push({
        id,
        title: a.title,
        url: urls.article(id),
        authorId: a.author_id,
        isPublic: isPublic({ status: a.status, publishedAt: a.published_at }),
        publishedAt: a.published_at,
        similarity: exact.overlap,
        jaccard: exact.jaccard,
        text: opts.withText ? (texts.get(id) ?? '') : '',
      });
    }
    return out.sort((a, b) => b.similarity - a.similarity || a.id - b.id);
  }

  const isPublic = (a: Pick<IndexableArticle, 'status' | 'publishedAt'>) => a.status === 'published' && !!a.publishedAt && a.publishedAt <= nowIso();

  /**
   * Before a member's write: refuse a (near-)exact copy of a published article (naming it), and say
   * whether a 原创 claim would be flagged. `articleId` is the article being edited (never its own match).
   */
  async function checkSubmission(input: { title: string; text: string; authorId: number; articleId?: number }): Promise<SubmissionCheck> {
    const fp = fingerprintOf(input);
    const matches = await lookup(dbh.db, probe(fp), input.articleId !== undefined ? { excludeId: input.articleId } : {});
    const duplicate = matches.find((m) => m.isPublic && isCopyMatch(m));
    const flagMatch = flagCandidate(matches, input.authorId);
    return { ...(duplicate ? { duplicate } : {}), ...(flagMatch ? { flagMatch } : {}), matches };
  }

  /** `checkSubmission`, throwing the form error that names the published original when the text is a copy. */
  async function refuseDuplicate(input: { title: string; text: string; authorId: number; articleId?: number }): Promise<SubmissionCheck> {
    const check = await checkSubmission(input);
    if (check.duplicate) {
      const msg = format(s.duplicate, { title: check.duplicate.title, url: check.duplicate.url, percent: Math.round(check.duplicate.similarity * 100) });
      throw new ValidationError({ body: msg }, msg);
    }
    return check;
  }

  /**
   * Keep the article's fingerprint in step (article write hook, inside its transaction): store the
   * signature and band keys, the closest earlier match, and the 原创 flag (unless an editor overrode it).
   */
  async function sync(trx: Db, articleId: number): Promise<void> {
    const a = await indexableArticle(trx, articleId);
    await trx.deleteFrom('article_lsh').where('article_id', '=', articleId).execute();
    if (!a || a.status === 'deleted') {
      await trx.deleteFrom('article_fingerprints').where('article_id', '=', articleId).execute();
      return;
    }
    const fp = fingerprintOf(a);
    const matches = await lookup(trx, probe(fp), { excludeId: articleId });
    const row = await trx.selectFrom('articles').select(['original', 'created_at']).where('id', '=', articleId).executeTakeFirst();
    const prev = await trx.selectFrom('article_fingerprints').select(['override_by', 'override_at']).where('article_id', '=', articleId).executeTakeFirst();
    const flagMatch = flagCandidate(matches, a.authorId, a.publishedAt && a.status === 'published' ? { at: a.publishedAt, id: a.id } : undefined);
    const best = flagMatch ?? matches[0];
    const flagged = row?.original === 1 && !!flagMatch && !prev?.override_by ? 1 : 0;
    const values = {
      author_id: a.authorId,
      is_public: a.status === 'published' ? 1 : 0,
      published_at: a.publishedAt,
      shingles: fp.shingles.size,
      signature: encodeSignature(fp.signature),
      shingle_set: encodeShingles(fp.shingles),
      match_id: best?.id ?? null,
      similarity: best?.similarity ?? 0,
      original_flagged: flagged,
      updated_at: nowIso(),
    };
    await trx
      .insertInto('article_fingerprints')
      .values({ article_id: articleId, ...values, override_by: null, override_at: null })
      .onConflict((oc) => oc.column('article_id').doUpdateSet(values))
      .execute();
    if (fp.bands.length)
      await trx
        .insertInto('article_lsh')
        .values(fp.bands.map((k) => ({ band_key: k, article_id: articleId })))
        .execute();
    // The public 原创 mark reads this column of the article (articles' view hides the mark when set).
    await trx.updateTable('articles').set({ original_flagged: flagged }).where('id', '=', articleId).execute();
  }

  /** What reviewers see: the submission's closest earlier article, the similarity, and the flag. */
  async function report(articleId: number): Promise<OriginalityReport | undefined> {
    const a = await indexableArticle(dbh.db, articleId);
    if (!a) return undefined;
    const row = await dbh.db.selectFrom('article_fingerprints').selectAll().where('article_id', '=', articleId).executeTakeFirst();
    const orig = await dbh.db.selectFrom('articles').select('original').where('id', '=', articleId).executeTakeFirst();
    const matches = await lookup(dbh.db, probe(fingerprintOf(a)), { excludeId: articleId, withText: true });
    const match = flagCandidate(matches, a.authorId) ?? matches[0];
    return {
      articleId,
      text: a.text,
      claimsOriginal: orig?.original === 1,
      flagged: row?.original_flagged === 1,
      overriddenBy: row?.override_by ?? null,
      overriddenAt: row?.override_at ?? null,
      ...(match ? { match } : {}),
    };
  }

  /** An editor lets a flagged article keep its 原创 mark (audited). */
  async function override(actorId: number, articleId: number, ip: string): Promise<void> {
    await dbh.tx(async (trx) => {
      const row = await trx
        .selectFrom('article_fingerprints')
        .select(['original_flagged', 'match_id', 'similarity'])
        .where('article_id', '=', articleId)
        .executeTakeFirst();
      if (!row) throw new NotFoundError(t.errors.articleNotFound, 'article_not_found');
      if (!row.original_flagged) throw new ConflictError(s.notFlagged, 'originality_not_flagged');
      await trx
        .updateTable('article_fingerprints')
        .set({ original_flagged: 0, override_by: actorId, override_at: nowIso() })
        .where('article_id', '=', articleId)
        .execute();
      await trx.updateTable('articles').set({ original_flagged: 0 }).where('id', '=', articleId).execute();
      await deps.audit?.record(
        {
          actorId,
          action: 'article.original_override',
          targetType: 'article',
          targetId: articleId,
          detail: { matchId: row.match_id, similarity: row.similarity },
          ip,
        },
        trx,
      );
    });
  }

  /** Fingerprint every published article again, then the 原创 flags (originality.rebuild.ts). */
  async function rebuild(onProgress?: (done: number) => void, opts: { pool?: TextPool } = {}): Promise<number> {
    return rebuildFingerprints(deps, opts.pool ?? inlineTextPool(segmenter), onProgress);
  }

  return { checkSubmission, refuseDuplicate, sync, report, override, rebuild, lookup, fingerprintOf };
}

export type Originality = ReturnType<typeof createOriginality>;
