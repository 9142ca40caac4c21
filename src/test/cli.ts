// Test support for the CLI tests: run `bin/zixun.mjs` as a child process against a throwaway database.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, parseDatabaseUrl, type Config } from '../config.ts';
import { createZixun, type Zixun } from '../main.ts';
import { openDatabase, type DbHandle } from '../platform/db/index.ts';
import { createFileStorage } from '../platform/storage/index.ts';
import { ROOT } from './app.ts';
import { TEST_PG_URL, testDialect } from './db.ts';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliDatabase {
  url: string;
  /** The whole app on this database (to arrange data); close it before running the CLI on SQLite. */
  app(): Promise<Zixun>;
  open(): DbHandle;
  run(args: string[], opts?: { env?: Record<string, string>; input?: string }): Promise<CliResult>;
}

export const BASE_URL = 'https://www.qingchuan.example';

/**
 * A database for one test: a SQLite file in a temp folder, or in the PostgreSQL pass a fresh database
 * on the test server. Cleaned up by `t.after`.
 */
export async function cliDatabase(t: { after(fn: () => unknown): void }, name = 'site'): Promise<CliDatabase> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zixun-cli-'));
  t.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  let url = `sqlite:${path.join(tmp, `${name}.db`)}`;
  const opened: DbHandle[] = [];
  if (testDialect() === 'postgres') {
    // A database of its own, not a schema: Kysely's migrator looks for its tables in every schema of
    // the database, so schemas of tests running at the same time would confuse it.
    const dbName = `zixun_cli_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    t.after(async () => {
      // Handles the test opened are closed first: a forced drop would end their pooled connections
      // under them, and an idle client's error then fails whatever test is running.
      await Promise.all(opened.splice(0).map((h) => h.close().catch(() => undefined)));
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`drop database ${dbName} with (force)`);
      await c.end();
    });
    const u = new URL(TEST_PG_URL);
    u.pathname = `/${dbName}`;
    url = u.toString();
  }
  const config: Config = { ...loadConfig({ ZIXUN_LOG: 'silent' }), database: parseDatabaseUrl(url), demo: false, baseUrl: BASE_URL };
  return {
    url,
    app: () => createZixun(config, { storage: createFileStorage(path.join(tmp, 'uploads')), rootDir: ROOT }),
    open: () => {
      const h = openDatabase(config.database);
      let closing: Promise<void> | undefined;
      const handle: DbHandle = { ...h, close: () => (closing ??= h.close()) }; // the test may close it too
      opened.push(handle);
      return handle;
    },
    run: (args, opts = {}) => runCli(args, { DATABASE_URL: url, ZIXUN_BASE_URL: BASE_URL, ...opts.env }, opts.input),
  };
}

export function runCli(args: string[], env: Record<string, string>, input?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/zixun.mjs'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ZIXUN_FROM_SOURCE: '1', ZIXUN_LOG: 'silent', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

export async function countRows(db: CliDatabase, table: 'articles' | 'members' | 'api_tokens'): Promise<number> {
  const h = db.open();
  try {
    const r = await h.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  } finally {
    await h.close();
  }
}
