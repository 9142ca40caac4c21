import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Storage } from '../../platform/storage/index.ts';
import { askedPrincipal } from '../../platform/http/session.ts';

/**
 * The key prefixes storage hands out, with what each file is for: one entry per `storage.put` caller
 * (covers and body images: submissions.cover; avatars: members.avatars; site/logo-: admin.settings.logo;
 * ads/: ads.image; links/: links.logo; demo/ and seed/: the demo and seed commands). A new caller adds
 * its prefix here. The sweep looks only under these: anything else in the folder (a database, an outbox,
 * another program's files) is never considered, let alone removed.
 */
const STORED_PREFIXES: ReadonlyArray<readonly [prefix: string, kind: string]> = [
  ['covers/', 'cover'],
  ['images/', 'body_image'],
  ['avatars/', 'avatar'],
  ['site/logo-', 'logo'],
  ['ads/', 'ad'],
  ['links/', 'link_logo'],
  ['demo/gift-', 'gift'],
  ['demo/', 'demo'],
  ['seed/', 'demo'],
];

/** The top folders of those prefixes: the only places the sweep walks. */
export const STORED_FOLDERS: readonly string[] = [...new Set(STORED_PREFIXES.map(([p]) => p.slice(0, p.indexOf('/'))))];

/** What a file was stored for, from its key (the callers' key prefixes); `other` for a key storage never hands out. */
export function kindOfKey(key: string): string {
  return STORED_PREFIXES.find(([prefix]) => key.startsWith(prefix))?.[1] ?? 'other';
}

/** True when `key` is under a prefix storage hands out: only such files may ever be swept. */
export function isSweepableKey(key: string): boolean {
  return kindOfKey(key) !== 'other' && !key.includes('..') && !key.includes('//');
}

/** The request a storage call runs for (to name the uploader), carried through the request's async work. */
const current = new AsyncLocalStorage<FastifyRequest>();
const RESOURCE = Symbol('zixun.uploads.request');

/**
 * Runs every request's hooks and handler inside its own async context, so a `put` deep in a feature knows
 * whose upload it is without each caller passing it. The context is entered again before the handler
 * (a form body is read on the socket's events, outside it), as @fastify/request-context does. Install it
 * before any route. GET and HEAD requests are left alone: they store nothing.
 */
export function trackUploaders(app: FastifyInstance): void {
  app.addHook('onRequest', (req, _reply, done) => {
    if (req.method === 'GET' || req.method === 'HEAD') return done(); // page views store nothing: no cost on them
    current.run(req, () => {
      const resource = new AsyncResource('zixun-upload-request');
      (req as unknown as Record<symbol, AsyncResource>)[RESOURCE] = resource;
      resource.runInAsyncScope(done, req.raw);
    });
  });
  app.addHook('preValidation', (req, _reply, done) => {
    const resource = (req as unknown as Record<symbol, AsyncResource | undefined>)[RESOURCE];
    if (resource) resource.runInAsyncScope(done, req.raw);
    else done();
  });
}

/** The member of the request being served, when its route identified them (every upload route does). */
async function currentUploader(): Promise<number | null> {
  const req = current.getStore();
  const principal = req ? await askedPrincipal<{ id: number }>(req)?.catch(() => undefined) : undefined;
  return principal?.id ?? null;
}

/**
 * The storage every feature gets: the files themselves in `inner`, and one `uploads` row per file (附件管理).
 * A failed row write is logged; the upload stands (the sweep adopts an unrecorded file as `legacy`).
 */
export function recordingStorage(inner: Storage, deps: { db: Db; clock: Clock; onChange?: () => void }): Storage {
  const { db, clock } = deps;
  const changed = () => deps.onChange?.();
  return {
    root: inner.root,
    async put(key, data) {
      const url = await inner.put(key, data);
      const row = { key, kind: kindOfKey(key), size: data.length, uploader_id: await currentUploader(), created_at: clock.now().toISOString() };
      await db
        .insertInto('uploads')
        .values(row)
        .onConflict((oc) => oc.column('key').doUpdateSet({ kind: row.kind, size: row.size, uploader_id: row.uploader_id, created_at: row.created_at }))
        .execute()
        .catch((e: unknown) => console.error('upload record failed:', e));
      changed();
      return url;
    },
    get: (key) => inner.get(key),
    async remove(key) {
      await inner.remove(key);
      await db
        .deleteFrom('uploads')
        .where('key', '=', key)
        .execute()
        .catch((e: unknown) => console.error('upload record removal failed:', e));
      changed();
    },
  };
}
