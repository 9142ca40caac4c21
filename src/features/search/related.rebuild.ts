import type { DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { createSegmenter, type Segmenter } from '../../platform/text/index.ts';
import type { ArticleIndexer } from '../articles/index.ts';
import { createOriginality, type Originality } from './originality.service.ts';
import { createRelated, type Related } from './related.service.ts';

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
 * seed, demo). `onProgress` receives a phase name and a running count.
 */
export async function rebuildRelated(
  deps: { dbh: DbHandle; clock: Clock; segmenter?: Segmenter; purge?: (tags: string[]) => void },
  onProgress?: (phase: 'fingerprints' | 'df' | 'terms' | 'lists', done: number) => void,
): Promise<number> {
  const segmenter = deps.segmenter ?? createSegmenter();
  const originality = createOriginality({ ...deps, segmenter });
  const related = createRelated({ ...deps, segmenter });
  await originality.rebuild((n) => onProgress?.('fingerprints', n));
  return related.rebuild(onProgress);
}
