import type { DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { createSegmenter, type Segmenter } from '../../platform/text/index.ts';
import { countIndexableArticles, tagVocabulary, type ArticleIndexer } from '../articles/index.ts';
import { createCategories } from '../categories/index.ts';
import { createOriginality, type Originality } from './originality.service.ts';
import { createRelated, type Related } from './related.service.ts';
import { createIndex, createTextPool, POOL_MIN_ARTICLES, type TextPool } from './related.pool.ts';
import { LSH_INDEX } from './originality.rebuild.ts';
import { TERMS_INDEX } from './related.lists.ts';

const BULK_INDEXES = [LSH_INDEX, TERMS_INDEX];
import { createSearchTerms } from './search.terms.ts';

/** The article write hook of this part of search: fingerprint first (related lists use it), then related terms and list. */
export function createRelatedIndexer(deps: { originality: Originality; related: Related }): ArticleIndexer {
  return {
    async sync(trx, id) {
      await deps.originality.sync(trx, id);
      await deps.related.sync(trx, id);
    },
  };
}

/**
 * Recompute every fingerprint, document frequency, candidate posting and related list (zixun reindex,
 * seed, demo). `onProgress` receives a phase name and a running count. From POOL_MIN_ARTICLES articles
 * on, segmentation runs in worker threads; their dictionaries and this thread's get the site words the
 * search index uses (tags, admin terms, category names), so every thread segments alike.
 */
export async function rebuildRelated(
  deps: { dbh: DbHandle; clock: Clock; segmenter?: Segmenter; purge?: (tags: string[]) => void },
  onProgress?: (phase: 'fingerprints' | 'df' | 'terms' | 'lists', done: number) => void,
): Promise<number> {
  const segmenter = deps.segmenter ?? createSegmenter();
  const originality = createOriginality({ ...deps, segmenter });
  const related = createRelated({ ...deps, segmenter });
  let pool: TextPool | undefined;
  if ((await countIndexableArticles(deps.dbh.db)) >= POOL_MIN_ARTICLES) {
    const db = deps.dbh.db;
    const categories = createCategories({ db, clock: deps.clock });
    const terms = createSearchTerms({ db, clock: deps.clock, categoryNames: async () => (await categories.all()).map((c) => c.name) });
    const words = [...(await tagVocabulary(db)), ...(await terms.words(db)), ...(await categories.all()).map((c) => c.name)];
    segmenter.addWords(words);
    pool = createTextPool(segmenter, words);
  }
  try {
    await originality.rebuild((n) => onProgress?.('fingerprints', n), { ...(pool ? { pool } : {}) });
    return await related.rebuild(onProgress, { ...(pool ? { pool } : {}) });
  } finally {
    await pool?.close();
    // The bulk loads drop two indexes and build them again; after a failed rebuild, build them here.
    for (const index of BULK_INDEXES) await createIndex(deps.dbh, index);
  }
}
