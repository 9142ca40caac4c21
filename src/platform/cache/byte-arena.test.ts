import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteArena, type ArenaOwner } from './byte-arena.ts';

function owner(text: string): ArenaOwner & { text: string } {
  return { buf: Buffer.from(text), text };
}

test('adopted bytes are copied into a block and read the same', () => {
  const arena = new ByteArena({ blockBytes: 100 });
  const a = owner('甲'.repeat(10));
  const heapCopy = a.buf;
  arena.adopt(a);
  assert.notEqual(a.buf, heapCopy);
  assert.equal(a.buf.toString(), a.text);
  arena.adopt(a); // already there: nothing moves
  assert.deepEqual(arena.stats(), { blocks: 1, heldBytes: 100, movedBytes: 0 });
});

test('a block mostly released has its survivors moved, and its memory is let go', () => {
  const moved: string[] = [];
  const arena = new ByteArena({ blockBytes: 100, minLive: 0.5, onMove: (o) => moved.push(o.buf.toString()) });
  const owners = Array.from({ length: 10 }, (_, i) => owner(`item-${i}-xxx`)); // 10 bytes each: the first block is full
  for (const o of owners) arena.adopt(o);
  const next = owner('next-entry');
  arena.adopt(next); // starts a second block
  assert.equal(arena.stats().blocks, 2);
  for (const o of owners.slice(0, 5)) arena.release(o);
  assert.equal(arena.stats().blocks, 2, 'half live: kept');
  arena.release(owners[5] as ArenaOwner);
  assert.deepEqual(moved, ['item-6-xxx', 'item-7-xxx', 'item-8-xxx', 'item-9-xxx']);
  assert.equal(arena.stats().blocks, 1, 'the first block is dropped');
  assert.equal(arena.stats().heldBytes, 100);
  for (const o of [...owners.slice(6), next]) assert.equal(o.buf.toString(), o.text);
});

test('released bytes are never overwritten: a response still sending them reads the same', () => {
  const arena = new ByteArena({ blockBytes: 64, minLive: 0.9 });
  const first = owner('a page being sent');
  arena.adopt(first);
  const sending = first.buf;
  arena.release(first);
  for (let i = 0; i < 50; i++) {
    const o = owner(`other ${i}`);
    arena.adopt(o);
    if (i % 2) arena.release(o);
  }
  assert.equal(sending.toString(), 'a page being sent');
});

test('an entry larger than a block gets a block of its own, dropped when released', () => {
  const arena = new ByteArena({ blockBytes: 16 });
  const big = owner('x'.repeat(40));
  arena.adopt(big);
  assert.equal(big.buf.toString(), 'x'.repeat(40));
  const small = owner('small');
  arena.adopt(small);
  arena.release(big);
  assert.equal(arena.stats().heldBytes, 16, 'only the small entry’s block is held');
  assert.equal(small.buf.toString(), 'small');
});

test('under random churn every entry keeps its bytes and memory held stays near the live bytes', () => {
  const blockBytes = 4096;
  const minLive = 0.8;
  const arena = new ByteArena({ blockBytes, minLive });
  let seed = 7;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  const live = new Set<ArenaOwner & { text: string }>();
  let liveBytes = 0;
  let maxRatioExcess = 0;
  for (let i = 0; i < 5_000; i++) {
    const o = owner(`${i}:${'字'.repeat(rnd(200))}`);
    arena.adopt(o);
    live.add(o);
    liveBytes += o.buf.length;
    while (liveBytes > 64 * 1024) {
      // Evict a random survivor (least recently used is not the same as oldest in memory).
      const victim = [...live][rnd(Math.min(live.size, 50))] as ArenaOwner & { text: string };
      arena.release(victim);
      live.delete(victim);
      liveBytes -= victim.buf.length;
    }
    maxRatioExcess = Math.max(maxRatioExcess, arena.stats().heldBytes - liveBytes / minLive - 2 * blockBytes);
  }
  for (const o of live) assert.equal(o.buf.toString(), o.text);
  assert.ok(maxRatioExcess <= 0, `held exceeded live / minLive + 2 blocks by ${maxRatioExcess} bytes`);
  assert.ok(arena.stats().movedBytes > 0, 'survivors were moved');
});

test('an entry too large for what compaction left in the current block gets a block of its own size; the compacted block stays current', () => {
  const arena = new ByteArena({ blockBytes: 100, minLive: 0.8 });
  const small = Array.from({ length: 10 }, (_, i) => owner(`s${i}-abcdef`)); // 9 bytes each: 90 of the first block
  for (const o of small) arena.adopt(o);
  for (const o of small.slice(0, 5)) arena.release(o); // the current block is half dead (not compacted while current)
  const big = owner('B'.repeat(70)); // does not fit: the block retires, its 45 live bytes move to a new block
  arena.adopt(big);
  assert.equal(big.buf.toString(), 'B'.repeat(70));
  assert.deepEqual(arena.stats(), { blocks: 2, heldBytes: 170, movedBytes: 45 }, 'the survivors’ block (100) and one of exactly 70 bytes');
  const next = owner('n'.repeat(20));
  arena.adopt(next); // goes after the survivors: their block is still the one being filled
  assert.equal(arena.stats().heldBytes, 170);
  for (const o of [...small.slice(5), next]) assert.equal(o.buf.toString(), o.text);
});
