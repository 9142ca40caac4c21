import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { createFakeClock } from '../clock.ts';
import { createBatchResults } from './batch-results.ts';
import { SESSION_COOKIE } from './session.ts';

const session = (token: string) => ({ cookies: { [SESSION_COOKIE]: token } }) as unknown as FastifyRequest;

test('a kept result is read back by its session and member only, until it expires', async () => {
  const clock = createFakeClock();
  const results = createBatchResults({ clock, ttlMs: 60_000 });
  const mine = session('a'.repeat(32));
  const key = await results.keep(mine, 7, 'review', { decided: [1, 2] });
  assert.deepEqual(await results.read(mine, 7, 'review', key), { decided: [1, 2] });
  assert.equal(await results.read(session('b'.repeat(32)), 7, 'review', key), undefined, 'another session');
  assert.equal(await results.read(mine, 8, 'review', key), undefined, 'another member');
  assert.equal(await results.read(mine, 7, 'articles', key), undefined, 'another kind of batch');
  assert.equal(await results.read(mine, 7, 'review', 'not-a-key'), undefined);
  clock.advance(60_001);
  assert.equal(await results.read(mine, 7, 'review', key), undefined, 'expired');
});

test('without Redis, large results push the oldest out: the process keeps a bounded amount', async () => {
  const clock = createFakeClock();
  const results = createBatchResults({ clock });
  const req = session('c'.repeat(32));
  const big = 'x'.repeat(4 * 1024 * 1024); // 8 MB as a JS string
  const keys: string[] = [];
  for (let i = 0; i < 6; i++) keys.push(await results.keep(req, 1, 'import', { invalid: big, i }));
  assert.equal(await results.read(req, 1, 'import', keys[0]!), undefined, 'the oldest went to make room');
  assert.deepEqual(((await results.read(req, 1, 'import', keys[5]!)) as { i: number }).i, 5, 'the newest is kept');
});

test('a Redis failure after the batch ran keeps the result in this process instead of failing the request', async () => {
  const clock = createFakeClock();
  const broken = {
    set: async () => {
      throw new Error('connection lost');
    },
    get: async () => {
      throw new Error('connection lost');
    },
  } as unknown as Redis;
  const errors: unknown[] = [];
  const original = console.error;
  console.error = (...a: unknown[]) => void errors.push(a);
  try {
    const results = createBatchResults({ clock, redis: broken });
    const req = session('d'.repeat(32));
    const key = await results.keep(req, 3, 'review', { ok: true });
    assert.deepEqual(await results.read(req, 3, 'review', key), { ok: true });
    assert.equal(errors.length, 1, 'the failure is logged');
  } finally {
    console.error = original;
  }
});
