import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { PageCache } from './page-cache.ts';
import { connectPurgeBus } from './redis-purge.ts';
import { createSharedMemos } from './shared-memos.ts';
import { createFakeClock } from '../clock.ts';
import { requireOrSkip } from '../../test/app.ts';
import { REDIS_URL, redisReachable } from '../../test/redis.ts';

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 20));
};

test('a purge on one instance reaches the page cache of another through Redis', async (t) => {
  const skip = requireOrSkip('Redis', await redisReachable());
  if (skip) return t.skip(skip);
  const clock = createFakeClock();
  const channel = `zixun:test:${randomBytes(4).toString('hex')}`;
  const a = new PageCache({ enabled: true, clock });
  const b = new PageCache({ enabled: true, clock });
  const busA = await connectPurgeBus(a, REDIS_URL, { channel });
  const busB = await connectPurgeBus(b, REDIS_URL, { channel });
  t.after(async () => {
    await busA.close();
    await busB.close();
  });
  const render = (body: string) => async () => ({ status: 200, contentType: 'text/html', body, tags: ['article:1'] });
  await a.page('p', render('a'));
  await b.page('p', render('b'));
  await b.page('q', async () => ({ status: 200, contentType: 'text/html', body: 'q', tags: ['article:2'] }));
  a.purge(['article:1']);
  await until(() => !b.has('p'));
  assert.equal(b.has('p'), false, 'instance B dropped the purged page');
  assert.equal(b.has('q'), true, 'and kept the unrelated one');
  assert.equal(a.stats().purges, 1, 'B did not echo the purge back to A');
  await a.page('r', render('r'));
  b.clear();
  await until(() => !a.has('r'));
  assert.equal(a.has('r'), false, 'a clear on B clears A too');
});

test('a shared memo changed on one instance is dropped on the other, and only under its own name', async (t) => {
  const skip = requireOrSkip('Redis', await redisReachable());
  if (skip) return t.skip(skip);
  const clock = createFakeClock();
  const channel = `zixun:test:${randomBytes(4).toString('hex')}`;
  const memosA = createSharedMemos();
  const memosB = createSharedMemos();
  const busA = await connectPurgeBus(new PageCache({ enabled: true, clock }), REDIS_URL, { channel, memos: memosA });
  const busB = await connectPurgeBus(new PageCache({ enabled: true, clock }), REDIS_URL, { channel, memos: memosB });
  t.after(async () => {
    await busA.close();
    await busB.close();
  });
  const dropped: string[] = [];
  memosB.on('tips.settings', () => dropped.push('tips'));
  memosB.on('banned-words', () => dropped.push('words'));
  memosA.on('tips.settings', () => dropped.push('echo'));
  memosA.changed('tips.settings');
  await until(() => dropped.length > 0);
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(dropped, ['tips'], 'B dropped its copy; A heard no echo of its own change');
  assert.equal(busA.status(), 'ready');
});

test('an unreachable Redis fails start-up at once, naming Redis and the address (password hidden)', async () => {
  const started = Date.now();
  await assert.rejects(
    connectPurgeBus(new PageCache({ enabled: true, clock: createFakeClock() }), 'redis://:geheim@127.0.0.1:1/0', { connectTimeoutMs: 1000 }),
    (e: Error) => /^无法连接 Redis（redis:\/\/:\*\*\*@127\.0\.0\.1:1\/0）/.test(e.message) && !e.message.includes('geheim'),
  );
  assert.ok(Date.now() - started < 5000, 'no endless retries');
});

test('after its subscription was cut, an instance drops its pages and memos (news sent meanwhile is lost)', async (t) => {
  const skip = requireOrSkip('Redis', await redisReachable());
  if (skip) return t.skip(skip);
  const clock = createFakeClock();
  const channel = `zixun:test:${randomBytes(4).toString('hex')}`;
  const cache = new PageCache({ enabled: true, clock });
  const memos = createSharedMemos();
  const bus = await connectPurgeBus(cache, REDIS_URL, { channel, memos });
  const { Redis } = await import('ioredis');
  const admin = new Redis(REDIS_URL);
  t.after(async () => {
    await bus.close();
    admin.disconnect();
  });
  let dropped = 0;
  memos.on('tips.settings', () => dropped++);
  await cache.page('p', async () => ({ status: 200, contentType: 'text/html', body: 'p', tags: ['article:1'] }));
  // Only this bus's own subscriber connection is cut (others share this Redis).
  const list = String(await admin.client('LIST'));
  const id = list
    .split('\n')
    .find((l) => l.includes(`name=zixun-purge-${bus.id} `))
    ?.match(/\bid=(\d+)/)?.[1];
  assert.ok(id, 'the subscriber is named after its instance');
  assert.equal(await admin.client('KILL', 'ID', id), 1);
  await until(() => dropped > 0);
  assert.equal(dropped > 0, true, 'the memo was dropped on reconnect');
  assert.equal(cache.has('p'), false, 'and the pages');
});
