// ZIXUN_TRUST_PROXY: which X-Forwarded-* headers are believed. Fastify's req.ip/protocol/host and the
// fast lane's facts follow one rule, and a client cannot choose its own address (and so escape every
// per-IP limit) by sending a forged X-Forwarded-For that nginx then appends to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { createHttpApp } from './app.ts';
import { requestFacts, type RequestFacts } from './fast-lane.ts';
import { trustFunction, type TrustProxy } from './trust-proxy.ts';

const CLIENT = '203.0.113.7';
const CDN = '198.51.100.1';
const FORGED = '6.6.6.6';

interface Seen {
  ip: string | undefined;
  protocol: string | undefined;
  host: string;
}

/**
 * An app with one Fastify route (`/fastify`) and one fast-lane route (`/lane/`, always a cache hit),
 * each reporting what it saw of the client, over real HTTP from 127.0.0.1 (the proxy's address).
 */
async function probe(t: { after(fn: () => Promise<void>): void }, trustProxy: TrustProxy) {
  const { app, fastLane } = await createHttpApp({ logLevel: 'silent', trustProxy, publicDir: os.tmpdir(), uploadsDir: os.tmpdir() });
  let fastify: Seen | undefined;
  let lane: RequestFacts | undefined;
  app.get('/fastify', async (req) => {
    fastify = { ip: req.ip, protocol: req.protocol, host: req.host };
    return 'ok';
  });
  const page = { status: 200, contentType: 'text/plain', body: Buffer.from('cached'), etag: '"p"', hit: true };
  fastLane.usePages((key) => (key === 'probe' ? page : undefined));
  fastLane.add({ prefix: '/lane/' }, { key: () => 'probe', onHit: (_rest, facts) => void (lane = facts) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  t.after(() => app.close());
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return async (headers: Record<string, string>) => {
    fastify = lane = undefined;
    const served = fastLane.stats().served;
    assert.equal((await fetch(`${base}/fastify`, { headers })).status, 200);
    assert.equal(await (await fetch(`${base}/lane/x`, { headers })).text(), 'cached');
    assert.equal(fastLane.stats().served, served + 1, 'the second request was answered by the fast lane');
    // (set by the handlers above; TypeScript cannot see that through the closures)
    const [f, l] = [fastify as Seen | undefined, lane as RequestFacts | undefined];
    assert.ok(f && l);
    assert.deepEqual({ ip: l.ip, protocol: l.protocol, host: l.host }, f, `the fast lane sees the client as Fastify does (${JSON.stringify(headers)})`);
    return { ...f, host: f.host.replace(/^127\.0\.0\.1:\d+$/, 'direct') };
  };
}

test('with no proxy trusted (0, the default) forwarded headers are ignored: the client is the socket', async (t) => {
  const seen = await probe(t, false);
  const expected = { ip: '127.0.0.1', protocol: 'http', host: 'direct' };
  assert.deepEqual(await seen({}), expected);
  assert.deepEqual(await seen({ 'x-forwarded-for': `${FORGED}, ${CLIENT}`, 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' }), expected);
});

test('behind one proxy (1, nginx) the client is the right-most X-Forwarded-For entry, whatever it put to the left', async (t) => {
  const seen = await probe(t, 1);
  assert.equal((await seen({ 'x-forwarded-for': CLIENT })).ip, CLIENT);
  for (const forged of [FORGED, `${FORGED}, 1.1.1.1`, 'unknown', '::1']) {
    assert.equal((await seen({ 'x-forwarded-for': `${forged}, ${CLIENT}` })).ip, CLIENT, `forged ${forged} is ignored`);
  }
  assert.equal((await seen({})).ip, '127.0.0.1', 'a request without the header is the proxy itself');
  // Scheme and host from the proxy: the last of several values, the one it set.
  assert.deepEqual(await seen({ 'x-forwarded-for': CLIENT, 'x-forwarded-proto': 'http, https', 'x-forwarded-host': 'evil.example, news.example.com' }), {
    ip: CLIENT,
    protocol: 'https',
    host: 'news.example.com',
  });
});

test('behind a CDN and nginx (2) the client is the second entry from the right; forged ones further left are ignored', async (t) => {
  const seen = await probe(t, 2);
  assert.equal((await seen({ 'x-forwarded-for': `${CLIENT}, ${CDN}` })).ip, CLIENT);
  assert.equal((await seen({ 'x-forwarded-for': `${FORGED}, ${CLIENT}, ${CDN}` })).ip, CLIENT);
  assert.equal((await seen({ 'x-forwarded-for': `${FORGED}, 1.1.1.1, ${CLIENT}, ${CDN}` })).ip, CLIENT);
  assert.equal((await seen({ 'x-forwarded-for': CDN })).ip, CDN, 'fewer entries than hops: the left-most there is');
  assert.equal((await seen({ 'x-forwarded-proto': 'https' })).protocol, 'https');
});

test('with the proxies named by address only their headers are believed', async (t) => {
  const viaLocalNginx = await probe(t, ['127.0.0.1', '::1']);
  assert.equal((await viaLocalNginx({ 'x-forwarded-for': `${FORGED}, ${CLIENT}` })).ip, CLIENT);
  assert.equal((await viaLocalNginx({ 'x-forwarded-for': `${FORGED}, ${CLIENT}`, 'x-forwarded-proto': 'https' })).protocol, 'https');
  // A client reaching the app from an address that is not a listed proxy gets no say at all.
  const elsewhere = await probe(t, ['10.0.0.0/8']);
  assert.deepEqual(await elsewhere({ 'x-forwarded-for': `${FORGED}, ${CLIENT}`, 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' }), {
    ip: '127.0.0.1',
    protocol: 'http',
    host: 'direct',
  });
});

test("the fast lane's client, scheme and host equal Fastify's for any forwarded headers and setting", async (t) => {
  const settings: TrustProxy[] = [false, 1, 2, 3, 5, ['127.0.0.1'], ['10.0.0.0/8', '::1'], ['::ffff:127.0.0.1', '198.51.100.0/24']];
  const apps = await Promise.all(
    settings.map(async (s) => {
      const { app } = await createHttpApp({ logLevel: 'silent', trustProxy: s, publicDir: os.tmpdir(), uploadsDir: os.tmpdir() });
      const trust = trustFunction(s);
      app.get('/facts', async (req) => {
        const lane = requestFacts(req.raw, trust);
        return { fastify: { ip: req.ip, protocol: req.protocol, host: req.host }, lane: lane && { ip: lane.ip, protocol: lane.protocol, host: lane.host } };
      });
      t.after(() => app.close());
      return app;
    }),
  );
  const token = fc.constantFrom('203.0.113.7', '10.1.2.3', '127.0.0.1', '::1', '::ffff:10.0.0.1', '198.51.100.9', 'unknown', 'a.example', 'https', 'http', '');
  const sep = fc.constantFrom(',', ', ', ' ,', '\t,', ',,', ' ');
  const header = fc.option(
    fc.tuple(fc.array(fc.tuple(token, sep), { maxLength: 5 }), token).map(([xs, last]) => xs.map(([a, b]) => a + b).join('') + last),
    { nil: undefined },
  );
  await fc.assert(
    fc.asyncProperty(
      fc.nat({ max: settings.length - 1 }),
      fc.constantFrom('127.0.0.1', '::1', '::ffff:127.0.0.1', '10.9.9.9', '198.51.100.2', '203.0.113.50'),
      header,
      header,
      header,
      async (i, remoteAddress, xff, proto, fwdHost) => {
        const headers: Record<string, string> = { host: 'site.example' };
        if (xff !== undefined) headers['x-forwarded-for'] = xff;
        if (proto !== undefined) headers['x-forwarded-proto'] = proto;
        if (fwdHost !== undefined) headers['x-forwarded-host'] = fwdHost;
        const res = await apps[i]!.inject({ url: '/facts', remoteAddress, headers });
        const { fastify, lane } = res.json() as { fastify: Seen; lane: Seen };
        assert.deepEqual(lane, fastify);
      },
    ),
    { numRuns: 400 },
  );
});
