import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setAssetVersions } from '../html/asset-url.ts';
import { matchesEtag } from './fast-lane.ts';
import { acceptsGzip, GZIP_MIN_BYTES } from './gzip.ts';

/** A request naming the file's current version (`?v=<hash>`): that URL's bytes never change. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** A bare (or outdated) URL: kept briefly, then revalidated by ETag, so a changed file reaches readers soon. */
export const SHORT = 'public, max-age=300';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

interface Asset {
  type: string;
  version: string;
  body: Buffer;
  etag: string;
  /** The gzipped bytes, for text files where gzip pays. */
  gzip?: Buffer;
  gzipEtag?: string;
}

/**
 * Reads the public directory's files (a flat handful of CSS, JS and an icon) once: their content hash
 * (the `?v=` of `assetUrl`) and, for text, their gzipped bytes. Files of other kinds are left to
 * @fastify/static. A file changed on disk takes effect at the next start, like a changed build.
 */
export function loadAssets(dir: string): Map<string, Asset> {
  const out = new Map<string, Asset>();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const type = TYPES[path.extname(name).toLowerCase()];
    const file = path.join(dir, name);
    if (!type || !/^[\w.-]+$/.test(name) || !statSync(file).isFile()) continue;
    const body = readFileSync(file);
    const version = createHash('sha256').update(body).digest('hex').slice(0, 8);
    const asset: Asset = { type, version, body, etag: `"${version}-${body.length.toString(36)}"` };
    if (body.length >= GZIP_MIN_BYTES / 2) {
      const gz = gzipSync(body, { level: 9 });
      if (gz.length < body.length) Object.assign(asset, { gzip: gz, gzipEtag: asset.etag.replace(/"$/, '-gzip"') });
    }
    out.set(name, asset);
  }
  return out;
}

/**
 * `/static/<file>` from memory: versioned requests cached for a year, bare ones for five minutes with an
 * ETag; gzip for clients that take it. Anything else under /static/ goes to `fallback` (@fastify/static).
 */
export function registerAssets(app: FastifyInstance, dir: string, fallback: (req: FastifyRequest, reply: FastifyReply, name: string) => unknown): void {
  const assets = loadAssets(dir);
  setAssetVersions(new Map([...assets].map(([name, a]) => [name, a.version])));
  app.get<{ Params: { '*': string }; Querystring: { v?: unknown } }>('/static/*', (req, reply) => {
    const name = req.params['*'];
    const a = assets.get(name);
    if (!a) return fallback(req, reply, name);
    const gz = a.gzip !== undefined && acceptsGzip(req.headers['accept-encoding']);
    const etag = gz ? (a.gzipEtag as string) : a.etag;
    reply
      .header('cache-control', req.query.v === a.version ? IMMUTABLE : SHORT)
      .header('vary', 'Accept-Encoding')
      .header('etag', etag)
      .header('x-content-type-options', 'nosniff')
      .type(a.type);
    const inm = req.headers['if-none-match'];
    if (inm && matchesEtag(inm, etag)) return reply.code(304).send();
    if (gz) reply.header('content-encoding', 'gzip');
    return reply.send(gz ? a.gzip : a.body);
  });
}
