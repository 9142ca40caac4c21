// A segmentation worker for `zixun reindex`: jieba is CPU-bound and single-threaded, so a rebuild
// spreads segmentation over a few threads while the main thread reads and writes the database.
// Results go back as space-joined strings (four per article), which cost a tenth of token arrays
// to pass between threads; for PostgreSQL, one weighted tsvector literal per article (`format`), so
// the main thread only passes it on. Bundled as dist/search.worker.mjs next to dist/zixun.mjs (scripts/build.mjs).
import { workerData } from 'node:worker_threads';
import { serveWorkerMessages } from '../../platform/workers/serve.ts';
import { createAnalyzer, type IndexItem } from './search.analyzer.ts';
import type { DocFormat } from './search.index.ts';
import { weightedTsvector } from './search.tsvector.ts';

/** One batch: its items, after adding `words` to the dictionary. */
export interface SegmentJob {
  items: IndexItem[];
  words?: string[];
  format?: DocFormat;
}

const analyzer = createAnalyzer();
analyzer.addWords((workerData as { words: string[] }).words);
serveWorkerMessages((m: SegmentJob) => {
  if (m.words?.length) analyzer.addWords(m.words);
  const out: string[] = [];
  if (m.format === 'tsvector') for (const a of m.items) out.push(weightedTsvector(analyzer.fields(a)));
  else for (const a of m.items) for (const f of analyzer.joinedFields(a)) out.push(f);
  return out;
});
