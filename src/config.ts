import { accessSync, constants, mkdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isHostEntry } from './platform/http/safe-urls.ts';
import { parseTrustProxy, type TrustProxy } from './platform/http/trust-proxy.ts';

/** The only reader of process.env. Everything else receives a typed Config. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().optional(),
  REDIS_URL: z.string().optional(),
  ZIXUN_DEMO: z.enum(['0', '1']).default('1'),
  ZIXUN_BASE_URL: z.string().url().optional(),
  ZIXUN_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    )
    .refine((hosts) => hosts.every(isHostEntry), 'comma-separated host names, each optionally with :port (news.example.com,www.example.com:8080)'),
  ZIXUN_REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{0,40}$/, 'letters, digits and _ . : - only, at most 40')
    .default(''),
  ZIXUN_UPLOADS_DIR: z.string().trim().min(1, 'a folder path (default ./data/uploads)').default('./data/uploads'),
  ZIXUN_OUTBOX_DIR: z.string().trim().min(1, 'a folder path (default ./data/outbox)').default('./data/outbox'),
  ZIXUN_PAGE_CACHE: z.enum(['0', '1']).default('1'),
  ZIXUN_PAGE_CACHE_MB: z.coerce.number().int().min(1).max(65536).default(40),
  ZIXUN_HIT_FLUSH_MS: z.coerce.number().int().min(50).default(5000),
  ZIXUN_HIT_WINDOW_MIN: z.coerce.number().int().min(0).default(30),
  ZIXUN_LOG: z.enum(['silent', 'error', 'warn', 'info', 'debug']).default('warn'),
  ZIXUN_TRUST_PROXY: z
    .string()
    .default('0')
    .transform((v, ctx) => {
      try {
        return parseTrustProxy(v);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
        return z.NEVER;
      }
    }),
  SMTP_URL: z.string().optional(),
  ZIXUN_SECRET: z.string().min(16).optional(),
  MAIL_FROM: z.string().default('青川资讯网 <noreply@localhost>'),
});

export type DatabaseTarget = { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string };

export interface Config {
  port: number;
  host: string;
  database: DatabaseTarget;
  redisUrl: string | undefined;
  /** Put before every Redis key and the purge channel, so several sites can share one Redis server. */
  redisPrefix: string;
  /**
   * Uploaded files (ZIXUN_UPLOADS_DIR) and, without SMTP, the mail outbox (ZIXUN_OUTBOX_DIR), as given:
   * relative to the working directory. Several instances of one site need the same folders (a shared
   * mount); two sites need folders of their own. Resolve and create with `dataDir`.
   */
  uploadsDir: string;
  outboxDir: string;
  demo: boolean;
  baseUrl: string | undefined;
  /** Hosts (ZIXUN_ALLOWED_HOSTS) whose name may go into links in e-mails when baseUrl is unset. */
  allowedHosts: string[];
  pageCache: boolean;
  /** Byte budget of the page cache (pages and fragments together), in MiB. */
  pageCacheMb: number;
  hitFlushMs: number;
  hitWindowMs: number;
  logLevel: 'silent' | 'error' | 'warn' | 'info' | 'debug';
  /** ZIXUN_TRUST_PROXY: how many proxies (or which addresses) stand in front of the app (trust-proxy.ts). */
  trustProxy: TrustProxy;
  smtpUrl: string | undefined;
  secret: string | undefined;
  mailFrom: string;
}

export function parseDatabaseUrl(url: string | undefined): DatabaseTarget {
  if (!url) return { dialect: 'sqlite', path: './data/zixun.db' };
  if (url.startsWith('sqlite:')) return { dialect: 'sqlite', path: url.slice('sqlite:'.length) || ':memory:' };
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return { dialect: 'postgres', url };
  throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (got "${url}")`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${fields}`);
  }
  const e = parsed.data;
  const unsafeUploads = uploadsDirProblem(process.cwd(), e.ZIXUN_UPLOADS_DIR, { database: parseDatabaseUrl(e.DATABASE_URL), outboxDir: e.ZIXUN_OUTBOX_DIR });
  if (unsafeUploads) throw new Error(`Invalid environment: ZIXUN_UPLOADS_DIR: ${unsafeUploads}`);
  return {
    port: e.PORT,
    host: e.HOST,
    database: parseDatabaseUrl(e.DATABASE_URL),
    redisUrl: e.REDIS_URL,
    redisPrefix: e.ZIXUN_REDIS_PREFIX,
    uploadsDir: e.ZIXUN_UPLOADS_DIR,
    outboxDir: e.ZIXUN_OUTBOX_DIR,
    demo: e.ZIXUN_DEMO === '1',
    baseUrl: e.ZIXUN_BASE_URL?.replace(/\/$/, ''),
    allowedHosts: e.ZIXUN_ALLOWED_HOSTS,
    pageCache: e.ZIXUN_PAGE_CACHE === '1',
    pageCacheMb: e.ZIXUN_PAGE_CACHE_MB,
    hitFlushMs: e.ZIXUN_HIT_FLUSH_MS,
    hitWindowMs: e.ZIXUN_HIT_WINDOW_MIN * 60_000,
    logLevel: e.ZIXUN_LOG,
    trustProxy: e.ZIXUN_TRUST_PROXY,
    smtpUrl: e.SMTP_URL,
    secret: e.ZIXUN_SECRET,
    mailFrom: e.MAIL_FROM,
  };
}

/**
 * The absolute folder for a configured path (relative to `cwd`), created if missing and checked to be
 * writable. Throws an error naming `variable` when it cannot be used, so start-up fails with the setting
 * to fix rather than with the first upload or e-mail.
 */
export function dataDir(cwd: string, dir: string, variable: 'ZIXUN_UPLOADS_DIR' | 'ZIXUN_OUTBOX_DIR'): string {
  const abs = path.resolve(cwd, dir);
  try {
    mkdirSync(abs, { recursive: true });
    if (!statSync(abs).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    accessSync(abs, constants.W_OK | constants.X_OK);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new Error(`${variable}: cannot use "${abs}" as a writable folder (${reason}); set ${variable} to a folder this process can create and write`, {
      cause: e,
    });
  }
  return abs;
}

/** `p` resolved against `cwd` with symbolic links followed as far as the path exists. */
function realPath(cwd: string, p: string): string {
  const abs = path.resolve(cwd, p);
  const rest: string[] = [];
  for (let head = abs; ;) {
    try {
      return path.join(realpathSync.native(head), ...rest);
    } catch {
      const up = path.dirname(head);
      if (up === head) return abs;
      rest.unshift(path.basename(head));
      head = up;
    }
  }
}

/** True when `inner` is `outer` or lies somewhere under it. */
function isWithin(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * Why `dir` must not be the uploads folder, or undefined when it may: it holds the SQLite database or the
 * mail outbox, or is (or holds) the working directory's whole `data` folder. Everything under the uploads
 * folder is served at /uploads/ and looked through by the sweep of unused files (features/uploads).
 */
export function uploadsDirProblem(cwd: string, dir: string, other: { database: DatabaseTarget; outboxDir: string }): string | undefined {
  const uploads = realPath(cwd, dir);
  const data = realPath(cwd, 'data');
  if (isWithin(data, uploads)) return `"${uploads}" is or holds the data folder ${data}; use a folder of its own, such as ./data/uploads`;
  const db = other.database;
  if (db.dialect === 'sqlite' && db.path !== ':memory:' && isWithin(realPath(cwd, db.path), uploads))
    return `"${uploads}" holds the SQLite database ${realPath(cwd, db.path)}; use a folder of its own, such as ./data/uploads`;
  const outbox = realPath(cwd, other.outboxDir);
  if (isWithin(outbox, uploads)) return `"${uploads}" holds the mail outbox ${outbox} (ZIXUN_OUTBOX_DIR); use a folder of its own, such as ./data/uploads`;
  return undefined;
}
