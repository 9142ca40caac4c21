// A text worker for rebuildRelated(): fingerprints, document-frequency terms and TF-IDF vectors of
// batches of articles, so that segmentation (CPU-bound, single-threaded jieba) runs beside the thread
// that reads and writes the database. The dictionary gets the same site words as the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { createSegmenter } from '../../platform/text/index.ts';
import { articleFingerprint, articleTermKeys, articleVector, type DfTable } from './related.text.ts';
import type { TextJob } from './related.pool.ts';

const segmenter = createSegmenter();
segmenter.addWords((workerData as { words: string[] }).words);
let df: DfTable = new Map();

parentPort?.on('message', (m: { id: number; job: TextJob | { kind: 'df'; df: DfTable } }) => {
  const job = m.job;
  let result: unknown;
  if (job.kind === 'df') {
    df = job.df;
    result = null;
  } else if (job.kind === 'fingerprints') result = job.items.map((a) => articleFingerprint(segmenter, a));
  else if (job.kind === 'terms') result = job.items.map((a) => articleTermKeys(segmenter, a));
  else result = job.items.map((a) => [...articleVector(segmenter, a, df).vector]);
  parentPort?.postMessage({ id: m.id, result });
});
