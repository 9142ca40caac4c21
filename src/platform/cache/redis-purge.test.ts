import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { PageCache } from './page-cache.ts';
import { connectPurgeBus } from './redis-purge.ts';
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
