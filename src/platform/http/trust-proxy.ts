import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/**
 * Which proxies in front of the app are believed (ZIXUN_TRUST_PROXY): `false`/0 none, a number of
 * hops (1: one reverse proxy such as nginx, 2: a CDN in front of it, …), or the proxies' own addresses
 * and CIDR ranges. The client address is the X-Forwarded-For entry just left of the trusted hops; every
 * entry further left was written by the client and is never used, so a forged X-Forwarded-For cannot
 * change `req.ip` (log-in lockouts, rate limits, hit de-duplication).
 */
export type TrustProxy = false | number | readonly string[];

/** The most hops ZIXUN_TRUST_PROXY takes (a CDN, a load balancer, an ingress and nginx are 4). */
export const MAX_PROXY_HOPS = 5;

/** proxy-addr's trust function: is `addr`, `hop` steps from this server, a proxy whose headers we believe? */
export type TrustFn = (addr: string | undefined, hop: number) => boolean;

/**
 * ZIXUN_TRUST_PROXY's text: a hop count 0–MAX_PROXY_HOPS, or comma-separated proxy addresses / CIDRs
 * (`127.0.0.1`, `10.0.0.0/8,::1`). Throws a message saying what is accepted.
 */
export function parseTrustProxy(text: string): TrustProxy {
  const v = text.trim();
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    if (n > MAX_PROXY_HOPS) throw new Error(`at most ${MAX_PROXY_HOPS} proxies (got ${v})`);
    return n === 0 ? false : n;
  }
  const entries = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!entries.length || !entries.every(isProxyEntry)) {
    throw new Error(
      `the number of proxies in front of the app (0 none, 1 one reverse proxy such as nginx, 2 a CDN in front of it, … up to ${MAX_PROXY_HOPS}), ` +
        `or the proxies' comma-separated addresses or CIDR ranges (127.0.0.1,10.0.0.0/8); got "${text}"`,
    );
  }
  return entries;
}

function isProxyEntry(entry: string): boolean {
  const slash = entry.indexOf('/');
  const addr = slash < 0 ? entry : entry.slice(0, slash);
  const family = isIP(addr);
  if (!family || addr.includes('%')) return false;
  if (slash < 0) return true;
  const bits = entry.slice(slash + 1);
  return /^\d{1,3}$/.test(bits) && Number(bits) >= 1 && Number(bits) <= (family === 4 ? 32 : 128);
}

/** The trust function for a setting (undefined: trust no proxy). Fastify and the fast lane share it. */
export function trustFunction(tp: TrustProxy): TrustFn | undefined {
  if (tp === false || tp === 0) return undefined;
  if (typeof tp === 'number') {
    if (!Number.isInteger(tp) || tp < 0) throw new Error(`trustProxy: a number of hops, got ${tp}`);
    // Fastify 5 ignores a numeric trustProxy (it trusts nothing), so the hop count is a function.
    return (_addr, hop) => hop < tp;
  }
  const list = new BlockList();
  for (const entry of tp) {
    if (!isProxyEntry(entry)) throw new Error(`trustProxy: not an address or CIDR range: ${entry}`);
    const [addr, bits] = entry.split('/') as [string, string | undefined];
    const type = isIP(addr) === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(addr, type);
    else list.addSubnet(addr, Number(bits), type);
  }
  return (addr) => {
    const family = addr === undefined ? 0 : isIP(addr);
    if (!family) return false;
    try {
      return list.check(addr as string, family === 4 ? 'ipv4' : 'ipv6');
    } catch {
      return false; // e.g. an IPv6 address with a zone
    }
  };
}

/**
 * The client's address exactly as Fastify's `req.ip` reads it with `trust` (@fastify/proxy-addr's
 * `all` over @fastify/forwarded's list): the socket address, then the X-Forwarded-For entries from
 * right to left, walked while each one is a trusted proxy: the first that is not (or the left-most) is the client.
 */
export function clientAddress(req: IncomingMessage, trust: TrustFn | undefined): string | undefined {
  const socketAddr = req.socket.remoteAddress;
  if (!trust) return socketAddr;
  const addrs = forwardedAddresses(req.headers['x-forwarded-for'], socketAddr);
  for (let i = 0; i < addrs.length - 1; i++) {
    if (!trust(addrs[i], i)) return addrs[i]; // the first address that is not a trusted proxy
  }
  return addrs[addrs.length - 1];
}

/** @fastify/forwarded: [socket, right-most X-Forwarded-For entry, …, left-most]; blanks dropped. */
function forwardedAddresses(header: string | string[] | undefined, socketAddr: string | undefined): Array<string | undefined> {
  const result: Array<string | undefined> = [socketAddr];
  if (!header || typeof header !== 'string') return result;
  if (header.indexOf(',') === -1) {
    const remote = header.trim();
    if (remote.length) result.push(remote);
    return result;
  }
  let end = header.length;
  let start = end;
  for (let i = end - 1; i >= 0; --i) {
    const char = header[i];
    if (char === ' ' || char === '\t') {
      if (start === end) start = end = i;
    } else if (char === ',') {
      if (start !== end) result.push(header.slice(start, end));
      start = end = i;
    } else {
      start = i;
    }
  }
  if (start !== end) result.push(header.substring(start, end));
  return result;
}

/** Fastify's `req.host` / `req.protocol` source: the last of several comma-separated values. */
export function lastEntry(v: string): string {
  const i = v.lastIndexOf(',');
  return i < 0 ? v.trim() : v.slice(i + 1).trim();
}
