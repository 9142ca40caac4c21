import { defaultPoolSize, startWorkerPool } from '../../platform/workers/pool.ts';
import type { Analyzer, IndexItem } from './search.analyzer.ts';
import type { DocFormat } from './search.index.ts';
import { weightedTsvector } from './search.tsvector.ts';
import type { SegmentJob } from './search.worker.ts';

export interface SegmentPool {
  /**
   * Joined fields of each item (format 'joined': four strings per item, in item order: title, summary,
   * tags, body; see JoinedFields; format 'tsvector': one weighted tsvector literal per item), after
   * adding `words` to the dictionary. Several calls may be in flight at once:
   * each worker handles its messages in order, so words sent with a batch apply to that batch.
   */
  fields(items: IndexItem[], words: string[]): Promise<string[]>;
  /** Worker threads in use (0: segmentation runs on this thread). */
  readonly threads: number;
  close(): Promise<void>;
}

/** In-process segmentation (small rebuilds, or when workers cannot start). */
function inline(analyzer: Analyzer, format: DocFormat): SegmentPool {
  return {
    threads: 0,
    async fields(items, words) {
      if (words.length) analyzer.addWords(words);
      const out: string[] = [];
      if (format === 'tsvector') for (const a of items) out.push(weightedTsvector(analyzer.fields(a)));
      else for (const a of items) for (const f of analyzer.joinedFields(a)) out.push(f);
      return out;
    },
    async close() {},
  };
}

/**
 * Worker threads that segment batches for a rebuild (platform/workers: from the TypeScript sources
 * through tsx, or from dist/search.worker.mjs beside the bundle). When no worker can start or one
 * fails, segmentation stays in-process.
 */
export async function createSegmentPool(analyzer: Analyzer, words: string[], size = defaultPoolSize(), format: DocFormat = 'joined'): Promise<SegmentPool> {
  const pool = startWorkerPool({
    entry: { sourceUrl: new URL('./search.worker.ts', import.meta.url), bundledName: 'search.worker.mjs' },
    workerData: { words },
    size,
  });
  if (!pool) return inline(analyzer, format);
  const fallback = inline(analyzer, format);
  return {
    threads: pool.size,
    fields: (items, added) =>
      pool.spread<IndexItem, string>(
        // Only what segmentation reads crosses the thread boundary.
        items.map((a) => ({ title: a.title, subtitle: a.subtitle, summary: a.summary, tags: a.tags, text: a.text })),
        (part): SegmentJob => ({ items: part, words: added, format }),
        () => fallback.fields(items, added),
      ),
    close: () => pool.close(),
  };
}
