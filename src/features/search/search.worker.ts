// A segmentation worker for `zixun reindex`: jieba is CPU-bound and single-threaded, so a rebuild
// spreads segmentation over a few threads while the main thread reads and writes the database.
import { parentPort, workerData } from 'node:worker_threads';
import { createAnalyzer } from './search.analyzer.ts';

type Item = { title: string; subtitle?: string; summary: string; tags: string[]; text: string };

const analyzer = createAnalyzer();
analyzer.addWords((workerData as { words: string[] }).words);
parentPort?.on('message', (m: { id: number; items: Item[]; words?: string[] }) => {
  if (m.words?.length) analyzer.addWords(m.words);
  parentPort?.postMessage({ id: m.id, fields: m.items.map((a) => analyzer.fields(a)) });
});
