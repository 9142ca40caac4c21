import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startWorkerPool, type WorkerEntry } from './pool.ts';

const entry: WorkerEntry = { sourceUrl: new URL('./pool.fixture.worker.ts', import.meta.url), bundledName: 'pool.fixture.worker.mjs' };
const squares = (items: number[], offset = 0) => items.map((n) => n * n + offset);
const here = (items: number[]) => () => squares(items, 1000); // marks results computed on this thread

test('spread() splits a batch over the threads and returns the results in item order', async () => {
  const pool = startWorkerPool({ entry, size: 3 });
  assert.ok(pool, 'the pool starts from the TypeScript source');
  try {
    assert.equal(pool.size, 3);
    const threads = await pool.broadcast<number>({ op: 'thread' });
    assert.equal(new Set(threads).size, 3, 'three distinct threads');
    const items = Array.from({ length: 10 }, (_, i) => i);
    assert.deepEqual(await pool.spread(items, (part) => ({ op: 'square', items: part }), here(items)), squares(items));
    // Fewer items than threads: every worker still gets its (empty) part, the results stay in order.
    assert.deepEqual(await pool.spread([7], (part) => ({ op: 'square', items: part }), here([7])), [49]);
    assert.deepEqual(await pool.spread([], (part) => ({ op: 'square', items: part }), here([])), []);
    // State sent to every worker applies to later batches on all of them.
    await pool.broadcast({ op: 'offset', value: 1 });
    assert.deepEqual(await pool.spread(items, (part) => ({ op: 'square', items: part }), here(items)), squares(items, 1));
    assert.equal(await pool.call(1, { op: 'square', items: [3] }).then((r) => (r as number[])[0]), 10);
    await assert.rejects(pool.call(5, { op: 'thread' }), RangeError);
  } finally {
    await pool.close();
  }
});

test('a worker crashing in a batch makes that batch and every later one run on the caller thread', async () => {
  const pool = startWorkerPool({ entry, size: 2 });
  assert.ok(pool);
  try {
    assert.deepEqual(await pool.spread([1, 2], (part) => ({ op: 'square', items: part }), here([1, 2])), [1, 4], 'the workers run');
    const bad = [1, 2, 3, -1];
    assert.deepEqual(await pool.spread(bad, (part) => ({ op: 'square', items: part }), here(bad)), squares(bad, 1000));
    assert.equal(pool.failed, true);
    assert.deepEqual(await pool.spread([1, 2], (part) => ({ op: 'square', items: part }), here([1, 2])), [1001, 1004]);
    await assert.rejects(pool.call(0, { op: 'thread' }));
  } finally {
    await pool.close();
  }
});

test('a handler error or a worker that cannot start also makes the caller fall back', async () => {
  const throwing = startWorkerPool({ entry, size: 2 });
  assert.ok(throwing);
  try {
    await assert.rejects(throwing.call(0, { op: 'throw' }), /handler failed/);
    assert.equal(throwing.failed, true);
    assert.deepEqual(await throwing.spread([2], (part) => ({ op: 'square', items: part }), here([2])), [1004]);
  } finally {
    await throwing.close();
  }
  const broken = startWorkerPool({ entry, workerData: { failAtStart: true }, size: 2 });
  assert.ok(broken);
  try {
    assert.deepEqual(await broken.spread([3], (part) => ({ op: 'square', items: part }), here([3])), [1009]);
    assert.equal(broken.failed, true);
  } finally {
    await broken.close();
  }
});

test('no pool when fewer than two threads are asked for or the worker file is missing', () => {
  assert.equal(startWorkerPool({ entry, size: 1 }), undefined);
  assert.equal(startWorkerPool({ entry: { sourceUrl: new URL('./absent.worker.ts', import.meta.url), bundledName: 'absent.worker.mjs' }, size: 2 }), undefined);
});

test('close() ends the threads, so a process using the pool can exit', () => {
  // The fixture workers keep themselves alive; only close() lets this child process end by itself.
  const pool = JSON.stringify(new URL('./pool.ts', import.meta.url).href);
  const code = `
    const { startWorkerPool } = await import(${pool});
    const p = startWorkerPool({ entry: { sourceUrl: new URL(${JSON.stringify(entry.sourceUrl.href)}), bundledName: 'x.mjs' }, size: 2 });
    const r = await p.spread([1, 2, 3], (part) => ({ op: 'square', items: part }), () => []);
    await p.close();
    console.log(JSON.stringify({ r, failed: p.failed }));`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: fileURLToPath(new URL('../../..', import.meta.url)),
    encoding: 'utf8',
    timeout: 60_000, // a guard against a hang, not a measurement
  });
  assert.equal(child.status, 0, child.stderr);
  assert.deepEqual(JSON.parse(child.stdout), { r: [1, 4, 9], failed: true });
});
