// The bulk side of the originality check (ADR 0007): every published article fingerprinted again
// (zixun reindex, seed, demo), then the 原创 flags, with exactly the rules of originality.service.ts's lookup.
import type { DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { encodeSignature } from '../../platform/text/index.ts';
import { indexableArticlesAfter, type IndexableArticle } from '../articles/index.ts';
import { CANDIDATES, estimateSimilarity, flagCandidate, PER_BAND, PREFILTER, SHOWN } from './originality.fingerprint.ts';
import { createIndex, dropIndex, type TextPool } from './related.pool.ts';
import { topScores, type StoredFingerprint } from './related.text.ts';

export const LSH_INDEX = { name: 'article_lsh_band', table: 'article_lsh', columns: ['band_key', 'article_id'] };

/** Articles read (and fingerprinted) per step of a rebuild. */
const REBUILD_BATCH = 1000;

/**
 * Fingerprint every published article again (after a reindex or a seed): signatures and band keys
 * in bulk batches first (segmentation in the pool's threads while this one writes), then the 原创
 * flags of the articles that claim it. Editor overrides are kept.
 *
 * The flags come from the stored signatures only (estimates, no second reading of the texts), with
 * exactly the rules of `lookup` run on an in-memory copy of article_lsh and the signatures (about
 * 0.8 KB per article: 160 MB at 200,000 articles) instead of one grouped query per claiming article.
 */
export async function rebuildFingerprints(deps: { dbh: DbHandle; clock: Clock }, pool: TextPool, onProgress?: (done: number) => void): Promise<number> {
  const { dbh, clock } = deps;
  const nowIso = () => clock.now().toISOString();
  const overrides = await dbh.db
    .selectFrom('article_fingerprints')
    .select(['article_id', 'override_by', 'override_at'])
    .where('override_by', 'is not', null)
    .execute();
  const kept = new Map(overrides.map((o) => [o.article_id, o]));
  // The (band_key, article_id) index is dropped while the table is emptied and refilled, and built
  // once at the end: 32 rows per article inserted at random places of a large index cost more than
  // sorting them once (lookups during a rebuild find nothing anyway: the table is being refilled).
  await dropIndex(dbh, LSH_INDEX.name);
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
              shingle_set: fp.shingleSet,
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
  await createIndex(dbh, LSH_INDEX);

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
