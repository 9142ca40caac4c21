import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isStoreUnavailable } from './app.ts';

// A shared store out of reach is a 503 (服务暂时不可用) with Retry-After, not a 500: these are the errors
// ioredis really throws when its server is gone.
test('ioredis errors for an unreachable server are recognised as "store unavailable"; other errors are not', async () => {
  const { Redis } = await import('ioredis');
  const gone = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 1, retryStrategy: (n) => (n > 1 ? null : 10), lazyConnect: false });
  gone.on('error', () => {});
  const err = await gone.get('k').then(
    () => undefined,
    (e: unknown) => e,
  );
  gone.disconnect();
  assert.ok(err instanceof Error, 'the command failed');
  assert.equal(isStoreUnavailable(err), true, String(err));
  assert.equal(isStoreUnavailable(new Error('boom')), false);
  assert.equal(isStoreUnavailable('Connection is closed.'), false, 'only errors');
});
