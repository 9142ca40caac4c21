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

test('ZIXUN_TRUST_PROXY takes the number of proxies in front of the app, or their addresses', () => {
  assert.equal(loadConfig({}).trustProxy, false, 'by default no X-Forwarded-For is believed');
  assert.equal(loadConfig({ ZIXUN_TRUST_PROXY: '0' }).trustProxy, false);
  assert.equal(loadConfig({ ZIXUN_TRUST_PROXY: '1' }).trustProxy, 1, 'an existing single-proxy install keeps working');
  assert.equal(loadConfig({ ZIXUN_TRUST_PROXY: '2' }).trustProxy, 2);
  assert.deepEqual(loadConfig({ ZIXUN_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).trustProxy, ['127.0.0.1', '10.0.0.0/8', '::1']);
});

test('a ZIXUN_TRUST_PROXY that is neither a hop count nor addresses is refused at start-up, naming the setting', () => {
  for (const bad of ['true', 'yes', '-1', '1.5', '6', '99', '', ' ', 'nginx', '10.0.0.0/0', '10.0.0.0/33', '::1/129', '300.1.1.1', '127.0.0.1,,x']) {
    assert.throws(() => loadConfig({ ZIXUN_TRUST_PROXY: bad }), /ZIXUN_TRUST_PROXY/, JSON.stringify(bad));
  }
});
