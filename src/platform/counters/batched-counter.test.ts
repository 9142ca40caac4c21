import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBatchedCounter, createRecentSet, hash53 } from './batched-counter.ts';

test('a batched counter writes the sums in one batch per flush, and keeps the counts when a write fails', async () => {
  const written: Array<Record<string, number>> = [];
  let fail = false;
  const c = createBatchedCounter<string>({
    flushMs: 0,
    write: async (batch) => {
      if (fail) throw new Error('database unavailable');
      written.push(Object.fromEntries(batch));
    },
  });
  c.add('a');
  c.add('a');
  c.add('b', 5);
  assert.deepEqual(c.pendingSize(), { keys: 2, total: 7 });
  fail = true;
  await assert.rejects(c.flush(), /database unavailable/);
  c.add('a');
  assert.equal(c.pendingOf('a'), 3, 'the failed batch is put back and new counts add to it');
  fail = false;
  assert.equal(await c.flush(), 2);
  assert.deepEqual(written, [{ a: 3, b: 5 }]);
  assert.equal(await c.flush(), 0, 'nothing pending, nothing written');
  assert.equal(written.length, 1);
});

test('flushes run one after another: a count added during a slow write goes into the next batch', async () => {
  const batches: Array<Record<string, number>> = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const c = createBatchedCounter<string>({
    flushMs: 0,
    write: async (batch) => {
      batches.push(Object.fromEntries(batch));
      if (batches.length === 1) await gate;
    },
  });
  c.add('x');
  const first = c.flush();
  while (batches.length === 0) await new Promise((r) => setImmediate(r)); // the first write has begun
  c.add('x', 2);
  const second = c.flush();
  release();
  await Promise.all([first, second]);
  assert.deepEqual(batches, [{ x: 1 }, { x: 2 }]);
});

test('stop writes what is pending', async () => {
  const batches: number[] = [];
  const c = createBatchedCounter<number>({ flushMs: 60_000, write: async (b) => void batches.push(b.get(7) ?? 0) });
  c.start();
  c.add(7, 4);
  await c.stop();
  assert.deepEqual(batches, [4]);
});

test('a recent set answers true once per key per window, and forgets the oldest past its size', () => {
  const s = createRecentSet(1000, 3);
  assert.equal(s.firstIn('v1', 0), true);
  assert.equal(s.firstIn('v1', 999), false, 'a repeat inside the window');
  assert.equal(s.firstIn('v1', 1000), true, 'counted again once the window has passed');
  for (const k of ['v2', 'v3', 'v4']) assert.equal(s.firstIn(k, 1001), true);
  assert.ok(s.size <= 3);
  assert.equal(s.firstIn('v1', 1002), true, 'the oldest entry was forgotten to stay within the size');
  s.prune(5000);
  assert.equal(s.size, 0);
  const off = createRecentSet(0);
  assert.equal(off.firstIn('k', 0) && off.firstIn('k', 0), true, 'a zero window counts every time');
});

test('with a chunk size, each chunk is its own write; a failed chunk and the ones after it are kept, the ones before stay written', async () => {
  const written: number[][] = [];
  let failAt = 2;
  const c = createBatchedCounter<number>({
    flushMs: 60_000,
    chunkSize: 2,
    write: async (b) => {
      if (written.length === failAt) throw new Error('disk full');
      written.push([...b.keys()]);
    },
  });
  for (const k of [1, 2, 3, 4, 5, 6, 7]) c.add(k, k);
  await assert.rejects(c.flush(), /disk full/);
  assert.deepEqual(written, [
    [1, 2],
    [3, 4],
  ]);
  assert.deepEqual(c.pendingSize(), { keys: 3, total: 5 + 6 + 7 }, 'the failed chunk and the rest are pending again');
  failAt = -1;
  assert.equal(await c.flush(), 3);
  assert.deepEqual(written.slice(2), [[5, 6], [7]]);
  assert.deepEqual(c.pendingSize(), { keys: 0, total: 0 });
});

test('a recent set tells apart 200,000 visitor keys that differ in one character, and hashes are stable', () => {
  const s = createRecentSet(60_000, 300_000);
  const ua = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
  let firsts = 0;
  for (let i = 0; i < 200_000; i++) if (s.firstIn(`${i % 50_000}\u000010.0.${(i / 50_000) | 0}.1\u0000${ua}`, 1_000)) firsts++;
  assert.equal(firsts, 200_000, 'no two keys taken for one');
  assert.equal(s.size, 200_000);
  assert.equal(hash53('1\u000010.0.0.1'), hash53('1\u000010.0.0.1'));
  assert.notEqual(hash53('ab'), hash53('ba'));
  assert.ok(Number.isSafeInteger(hash53(ua)) && hash53(ua) >= 0);
});

test('afterFlush follows every flush that wrote, periodic ones included, and the flush settles after it', async () => {
  const calls: number[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const c = createBatchedCounter<string>({
    flushMs: 20,
    write: async () => {},
    afterFlush: async (n) => {
      calls.push(n);
      if (calls.length === 2) await gate;
      if (calls.length === 3) throw new Error('listener failed');
    },
  });
  assert.equal(await c.flush(), 0);
  assert.deepEqual(calls, [], 'nothing written, nothing to follow');
  c.add('a');
  c.add('b');
  assert.equal(await c.flush(), 2);
  assert.deepEqual(calls, [2]);
  c.add('a');
  c.start();
  while (calls.length < 2) await new Promise((r) => setTimeout(r, 5)); // the timer's flush
  assert.deepEqual(calls, [2, 1]);
  let settled = false;
  c.add('c');
  const next = c.flush().then((n) => ((settled = true), n));
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(settled, false, 'flushes wait for the previous one, which waits for its afterFlush');
  release();
  assert.equal(await next, 1, 'a failing afterFlush does not fail the flush');
  await c.stop();
});

test('a flush that fails part-way still reports the keys it wrote; stop() writes without afterFlush', async () => {
  const calls: number[] = [];
  let writes = 0;
  const c = createBatchedCounter<string>({
    flushMs: 0,
    chunkSize: 2,
    write: async () => {
      if (++writes === 2) throw new Error('disk full');
    },
    afterFlush: (n) => void calls.push(n),
  });
  for (const k of ['a', 'b', 'c', 'd']) c.add(k);
  await assert.rejects(c.flush(), /disk full/);
  assert.deepEqual(calls, [2], 'the first chunk was written and followed');
  assert.equal(c.pendingSize().keys, 2, 'the failed chunk is kept');
  await c.stop();
  assert.equal(c.pendingSize().keys, 0);
  assert.deepEqual(calls, [2], 'shutting down: nothing is refreshed');
});
