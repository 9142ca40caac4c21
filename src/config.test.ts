// Configuration read from the environment: the page cache's memory budget.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from './config.ts';

test('the page cache budget is 40 MiB unless ZIXUN_PAGE_CACHE_MB sets it', () => {
  assert.equal(loadConfig({}).pageCacheMb, 40);
  assert.equal(loadConfig({ ZIXUN_PAGE_CACHE_MB: '24' }).pageCacheMb, 24);
});

test('a page cache budget that is not a whole number of MiB is refused at start-up, naming the setting', () => {
  for (const bad of ['0', '-5', '1.5', 'lots']) assert.throws(() => loadConfig({ ZIXUN_PAGE_CACHE_MB: bad }), /ZIXUN_PAGE_CACHE_MB/);
});
