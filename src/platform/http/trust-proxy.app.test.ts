// Behind nginx (ZIXUN_TRUST_PROXY=1), which appends the visitor's address to whatever X-Forwarded-For
// the visitor sent: a new forged entry on every request neither escapes the log-in lockout nor counts
// as a new reader, whether the page comes from a route or from the fast lane.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { guest, TEST_PASSWORD } from '../../test/session.ts';

const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36';
const NGINX = '127.0.0.1';
const CLIENT = '203.0.113.7';
const OTHER = '198.51.100.20';

/** The log-in form as nginx passes it on: `sent` is what the visitor put in X-Forwarded-For. */
function loginVia(z: TestApp, client: string, sent: string | undefined, password: string) {
  const c = guest(z);
  return z.app.inject({
    method: 'POST',
    url: '/member/login',
    remoteAddress: NGINX,
    headers: {
      cookie: c.cookie,
      'content-type': 'application/x-www-form-urlencoded',
      'x-forwarded-for': sent ? `${sent}, ${client}` : client,
    },
    payload: new URLSearchParams({ username: 'owner1', password, _csrf: c.csrf }).toString(),
  });
}

test('behind nginx a forged X-Forwarded-For on every try does not escape the log-in lockout', async (t) => {
  const z = await createTestApp({ trustProxy: 1 });
  t.after(() => z.close());
  await z.members.create({ username: 'owner1', password: TEST_PASSWORD });
  for (let i = 0; i < 5; i++) assert.equal((await loginVia(z, CLIENT, `10.0.0.${i}`, `guess-${i}`)).statusCode, 401);
  const locked = await loginVia(z, CLIENT, '10.0.0.99', TEST_PASSWORD);
  assert.equal(locked.statusCode, 429, 'the sixth try from the same visitor waits, whatever address it claims');
  assert.match(locked.body, /登录失败次数过多/);
  assert.equal((await loginVia(z, OTHER, CLIENT, TEST_PASSWORD)).statusCode, 303, 'another visitor claiming to be the locked one is not locked');
});

test('behind nginx a page view is counted once per real visitor, through the route and the fast lane alike', async (t) => {
  const z = await createTestApp({ trustProxy: 1 });
  t.after(() => z.close());
  const cat = await makeCategory(z, { slug: 'local' });
  const a = await makeArticle(z, { category: cat.slug, title: '青川大桥今日通车' });
  await z.app.listen({ port: 0, host: NGINX });
  const url = `http://${NGINX}:${(z.app.server.address() as AddressInfo).port}/news/${a.id}.html`;
  const view = async (xff: string) => {
    const res = await fetch(url, { headers: { 'user-agent': BROWSER, 'accept-encoding': 'identity', 'x-forwarded-for': xff } });
    assert.equal(res.status, 200);
    return res.headers.get('x-cache');
  };
  assert.equal(await view(`1.1.1.1, ${CLIENT}`), 'MISS', 'the first view renders through the route');
  const served = z.fastLane.stats().served;
  for (let i = 2; i <= 6; i++) assert.equal(await view(`${i}.${i}.${i}.${i}, ${CLIENT}`), 'HIT');
  assert.equal(z.fastLane.stats().served, served + 5, 'the repeat views came from the fast lane');
  assert.equal(z.hits.pendingCount(), 1, 'one visitor, one view, however many addresses it made up');
  await view(`1.1.1.1, ${OTHER}`);
  assert.equal(z.hits.pendingCount(), 2, 'another visitor behind the same proxy counts');
  await z.hits.flush();
  const row = await z.dbh.db.selectFrom('articles').select('hits').where('id', '=', a.id).executeTakeFirstOrThrow();
  assert.equal(Number(row.hits), 2);
});
