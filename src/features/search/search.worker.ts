// A segmentation worker for `zixun reindex`: jieba is CPU-bound and single-threaded, so a rebuild
// spreads segmentation over a few threads while the main thread reads and writes the database.
// Results go back as space-joined strings (four per article), which cost a tenth of token arrays
// to pass between threads. Bundled as dist/search.worker.mjs next to dist/zixun.mjs (scripts/build.mjs).
import { parentPort, workerData } from 'node:worker_threads';
import { createAnalyzer, type IndexItem } from './search.analyzer.ts';

const analyzer = createAnalyzer();
analyzer.addWords((workerData as { words: string[] }).words);
parentPort?.on('message', (m: { id: number; items: IndexItem[]; words?: string[] }) => {
  if (m.words?.length) analyzer.addWords(m.words);
  const out: string[] = [];
  for (const a of m.items) out.push(...analyzer.joinedFields(a));
  parentPort?.postMessage({ id: m.id, out });
});
