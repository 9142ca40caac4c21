import { z } from 'zod';
import { isHostEntry } from './platform/http/safe-urls.ts';

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
  ZIXUN_PAGE_CACHE: z.enum(['0', '1']).default('1'),
  ZIXUN_PAGE_CACHE_MB: z.coerce.number().int().min(1).max(65536).default(40),
  ZIXUN_HIT_FLUSH_MS: z.coerce.number().int().min(50).default(5000),
  ZIXUN_HIT_WINDOW_MIN: z.coerce.number().int().min(0).default(30),
  ZIXUN_LOG: z.enum(['silent', 'error', 'warn', 'info', 'debug']).default('warn'),
  ZIXUN_TRUST_PROXY: z.enum(['0', '1']).default('0'),
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
  trustProxy: boolean;
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
  return {
    port: e.PORT,
    host: e.HOST,
    database: parseDatabaseUrl(e.DATABASE_URL),
    redisUrl: e.REDIS_URL,
    redisPrefix: e.ZIXUN_REDIS_PREFIX,
    demo: e.ZIXUN_DEMO === '1',
    baseUrl: e.ZIXUN_BASE_URL?.replace(/\/$/, ''),
    allowedHosts: e.ZIXUN_ALLOWED_HOSTS,
    pageCache: e.ZIXUN_PAGE_CACHE === '1',
    pageCacheMb: e.ZIXUN_PAGE_CACHE_MB,
    hitFlushMs: e.ZIXUN_HIT_FLUSH_MS,
    hitWindowMs: e.ZIXUN_HIT_WINDOW_MIN * 60_000,
    logLevel: e.ZIXUN_LOG,
    trustProxy: e.ZIXUN_TRUST_PROXY === '1',
    smtpUrl: e.SMTP_URL,
    secret: e.ZIXUN_SECRET,
    mailFrom: e.MAIL_FROM,
  };
}
