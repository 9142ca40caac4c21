// A text worker for rebuildRelated(): fingerprints, document-frequency terms and TF-IDF vectors of
// batches of articles, so that segmentation (CPU-bound, single-threaded jieba) runs beside the thread
// that reads and writes the database. The dictionary gets the same site words as the main thread.
// Bundled as dist/related.worker.mjs next to dist/zixun.mjs (scripts/build.mjs).
import { workerData } from 'node:worker_threads';
import { createSegmenter } from '../../platform/text/index.ts';
import { serveWorkerMessages } from '../../platform/workers/serve.ts';
import { articleFingerprint, articleTermKeys, articleVector, type DfTable } from './related.text.ts';
import type { TextWorkerMessage } from './related.pool.ts';

const segmenter = createSegmenter();
segmenter.addWords((workerData as { words: string[] }).words);
let df: DfTable = new Map();

serveWorkerMessages((job: TextWorkerMessage) => {
  if (job.kind === 'df') {
    df = job.df;
    return null;
  }
  if (job.kind === 'fingerprints') return job.items.map((a) => articleFingerprint(segmenter, a));
  if (job.kind === 'terms') return job.items.map((a) => articleTermKeys(segmenter, a));
  return job.items.map((a) => [...articleVector(segmenter, a, df).vector]);
});
