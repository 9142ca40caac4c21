import { sql } from 'kysely';
import type { Db, DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { decodeSignature, encodeSignature, type Segmenter } from '../../platform/text/index.ts';
import { format, t } from '../../strings/index.ts';
import { indexableArticle, indexableArticlesAfter, urls, type IndexableArticle } from '../articles/index.ts';
import type { Audit } from '../audit/index.ts';
import {
  compareFingerprints,
  estimateSimilarity,
  fingerprintText,
  DUPLICATE_AT,
  FLAG_AT,
  PREFILTER,
  VERIFY_AT,
  type TextFingerprint,
} from './originality.fingerprint.ts';
import { inlineTextPool, type TextPool } from './related.pool.ts';
import { topScores, type StoredFingerprint } from './related.text.ts';

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
  /** The matching article's plain text, for the side-by-side view. */
  text: string;
}

/** What a submission's text meets before it is written. */
export interface SubmissionCheck {
  /** A (near-)exact copy of a published article: the write is refused. */
  duplicate?: OriginalityMatch;
  /** The closest earlier article by someone else reaching the flag threshold: a 原创 claim loses its mark. */
  flagMatch?: OriginalityMatch;
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

const CANDIDATES = 40;
/** Articles read per band key in a lookup, newest first. */
export const PER_BAND = 100;
/** Matches returned (and read from the articles) per lookup. */
const SHOWN = 3;
/** Articles read (and fingerprinted) per step of a rebuild. */
const REBUILD_BATCH = 1000;

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
   * signatures; the closest one is verified exactly on its text when a decision may hang on it.
   */
  async function lookup(db: Db, fp: Probe, opts: { excludeId?: number; limit?: number } = {}): Promise<OriginalityMatch[]> {
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
    const out: OriginalityMatch[] = [];
    for (const [i, { id, sim }] of likely.entries()) {
      const a = await indexableArticle(db, id);
      if (!a || a.status === 'deleted') continue;
      const exact = i === 0 && sim.overlap >= VERIFY_AT && fp.shingles ? compareFingerprints({ shingles: fp.shingles }, fingerprintOf(a)) : sim;
      out.push({
        id: a.id,
        title: a.title,
        url: urls.article(a.id),
        authorId: a.authorId,
        isPublic: isPublic(a),
        publishedAt: a.publishedAt,
        similarity: exact.overlap,
        jaccard: exact.jaccard,
        text: a.text,
      });
    }
    return out.sort((a, b) => b.similarity - a.similarity || a.id - b.id);
  }

  const isPublic = (a: Pick<IndexableArticle, 'status' | 'publishedAt'>) => a.status === 'published' && !!a.publishedAt && a.publishedAt <= nowIso();

  /** The earliest-published article by someone else that the text overlaps enough to flag a 原创 claim. */
  function flagCandidate<M extends Pick<OriginalityMatch, 'id' | 'similarity' | 'isPublic' | 'authorId' | 'publishedAt'>>(
    matches: M[],
    authorId: number,
    before?: { at: string; id: number },
  ): M | undefined {
    const earlier = (m: M) => !before || (m.publishedAt ?? '') < before.at || ((m.publishedAt ?? '') === before.at && m.id < before.id);
    return matches.find((m) => m.similarity >= FLAG_AT && m.isPublic && m.authorId !== authorId && earlier(m));
  }

  /**
   * Before a member's write: refuse a (near-)exact copy of a published article (naming it), and say
   * whether a 原创 claim would be flagged. `articleId` is the article being edited (never its own match).
   */
  async function checkSubmission(input: { title: string; text: string; authorId: number; articleId?: number }): Promise<SubmissionCheck> {
    const fp = fingerprintOf(input);
    const matches = await lookup(dbh.db, probe(fp), input.articleId !== undefined ? { excludeId: input.articleId } : {});
    const duplicate = matches.find((m) => m.isPublic && (m.jaccard >= DUPLICATE_AT || (m.similarity >= 0.95 && m.jaccard >= 0.6)));
    const flagMatch = flagCandidate(matches, input.authorId);
    return { ...(duplicate ? { duplicate } : {}), ...(flagMatch ? { flagMatch } : {}) };
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
    const matches = await lookup(dbh.db, probe(fingerprintOf(a)), { excludeId: articleId });
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
      if (!row) throw new NotFoundError('文章不存在', 'article_not_found');
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

  /**
   * Fingerprint every published article again (after a reindex or a seed): signatures and band keys
   * in bulk batches first (segmentation in the pool's threads while this one writes), then the 原创
   * flags of the articles that claim it. Editor overrides are kept.
   *
   * The flags come from the stored signatures only (estimates, no second reading of the texts), with
   * exactly the rules of `lookup` run on an in-memory copy of article_lsh and the signatures (about
   * 0.8 KB per article: 160 MB at 200,000 articles) instead of one grouped query per claiming article.
   */
  async function rebuild(onProgress?: (done: number) => void, opts: { pool?: TextPool } = {}): Promise<number> {
    const pool = opts.pool ?? inlineTextPool(segmenter);
    const overrides = await dbh.db
      .selectFrom('article_fingerprints')
      .select(['article_id', 'override_by', 'override_at'])
      .where('override_by', 'is not', null)
      .execute();
    const kept = new Map(overrides.map((o) => [o.article_id, o]));
    await dbh.db.deleteFrom('article_lsh').execute();
    await dbh.db.deleteFrom('article_fingerprints').execute();
    const at = nowIso();
    // In memory, by index in id order: what a lookup reads of each article.
    const ids: number[] = [];
    const index = new Map<number, number>();
    const mem: Array<{ authorId: number; publishedAt: string | null; size: number; signature: Uint32Array; bands: number[] }> = [];
    const buckets = new Map<number, number[]>();
    const write = async (batch: IndexableArticle[], fps: StoredFingerprint[]) => {
      const rows = batch.map((a, i) => ({ a, fp: fps[i] as StoredFingerprint }));
      for (const { a, fp } of rows) {
        const j = ids.length;
        ids.push(a.id);
        index.set(a.id, j);
        mem.push({ authorId: a.authorId, publishedAt: a.publishedAt, size: fp.size, signature: fp.signature, bands: fp.bands });
        for (const k of fp.bands) {
          const b = buckets.get(k);
          if (b) b.push(j);
          else buckets.set(k, [j]);
        }
      }
      await dbh.tx(async (trx) => {
        for (let i = 0; i < rows.length; i += 500)
          await trx
            .insertInto('article_fingerprints')
            .values(
              rows.slice(i, i + 500).map(({ a, fp }) => ({
                article_id: a.id,
                author_id: a.authorId,
                is_public: 1,
                published_at: a.publishedAt,
                shingles: fp.size,
                signature: encodeSignature(fp.signature),
                match_id: null,
                similarity: 0,
                original_flagged: 0,
                override_by: kept.get(a.id)?.override_by ?? null,
                override_at: kept.get(a.id)?.override_at ?? null,
                updated_at: at,
              })),
            )
            .execute();
        const bands = rows.flatMap(({ a, fp }) => fp.bands.map((k) => ({ band_key: k, article_id: a.id })));
        for (let i = 0; i < bands.length; i += 5000)
          await trx
            .insertInto('article_lsh')
            .values(bands.slice(i, i + 5000))
            .execute();
      });
      onProgress?.(ids.length);
    };
    // The pool fingerprints one batch while this thread writes the previous one and reads the next.
    let pending: { batch: IndexableArticle[]; fps: Promise<StoredFingerprint[]> } | undefined;
    let batch = await indexableArticlesAfter(dbh.db, 0, REBUILD_BATCH);
    while (batch.length) {
      const next = { batch, fps: pool.fingerprints(batch.map((a) => ({ title: a.title, text: a.text }))) };
      const following = indexableArticlesAfter(dbh.db, (batch[batch.length - 1] as IndexableArticle).id, REBUILD_BATCH);
      if (pending) await write(pending.batch, await pending.fps);
      pending = next;
      batch = await following;
    }
    if (pending) await write(pending.batch, await pending.fps);

    // 原创 flags: only the articles that claim it need a lookup.
    await dbh.db.updateTable('articles').set({ original_flagged: 0 }).where('original_flagged', '=', 1).execute();
    const claims = await dbh.db.selectFrom('articles').select('id').where('status', '=', 'published').where('original', '=', 1).orderBy('id').execute();
    const shared = new Int32Array(ids.length);
    for (let i = 0; i < claims.length; i += REBUILD_BATCH) {
      const now = nowIso();
      const updates: Array<{ id: number; matchId: number | null; similarity: number; flagged: 0 | 1 }> = [];
      for (const { id } of claims.slice(i, i + REBUILD_BATCH)) {
        const self = index.get(id);
        if (self === undefined) continue;
        const me = mem[self] as (typeof mem)[number];
        // lookup(): the CANDIDATES articles sharing most band keys (ties: higher id first).
        const touched: number[] = [];
        for (const k of me.bands) {
          const bucket = buckets.get(k) ?? [];
          // Newest PER_BAND first, self excluded: the rows lookup() reads.
          for (let b = bucket.length - 1, taken = 0; b >= 0 && taken < PER_BAND; b--) {
            const j = bucket[b] as number;
            if (j === self) continue;
            taken++;
            if (!shared[j]) touched.push(j);
            shared[j] = (shared[j] as number) + 1;
          }
        }
        const hits = topScores(touched, shared, CANDIDATES);
        const likely = hits
          .map(([j]) => ({ j, sim: estimateSimilarity(me, mem[j] as (typeof mem)[number]) }))
          .filter((r) => r.sim.overlap >= PREFILTER)
          .sort((x, y) => y.sim.overlap - x.sim.overlap || y.j - x.j)
          .slice(0, SHOWN);
        for (const j of touched) shared[j] = 0;
        const matches = likely
          .map(({ j, sim }) => {
            const m = mem[j] as (typeof mem)[number];
            return {
              id: ids[j] as number,
              authorId: m.authorId,
              publishedAt: m.publishedAt,
              isPublic: !!m.publishedAt && m.publishedAt <= now,
              similarity: sim.overlap,
            };
          })
          .sort((x, y) => y.similarity - x.similarity || x.id - y.id);
        const flagMatch = flagCandidate(matches, me.authorId, me.publishedAt ? { at: me.publishedAt, id } : undefined);
        const best = flagMatch ?? matches[0];
        const flagged = flagMatch && !kept.get(id)?.override_by ? 1 : 0;
        if (best || flagged) updates.push({ id, matchId: best?.id ?? null, similarity: best?.similarity ?? 0, flagged });
      }
      await dbh.tx(async (trx) => {
        for (const u of updates) {
          await trx
            .updateTable('article_fingerprints')
            .set({ match_id: u.matchId, similarity: u.similarity, original_flagged: u.flagged })
            .where('article_id', '=', u.id)
            .execute();
          if (u.flagged) await trx.updateTable('articles').set({ original_flagged: 1 }).where('id', '=', u.id).execute();
        }
      });
    }
    return ids.length;
  }

  return { checkSubmission, refuseDuplicate, sync, report, override, rebuild, lookup, fingerprintOf };
}

export type Originality = ReturnType<typeof createOriginality>;
