import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CompiledQuery, Kysely, Migrator, SqliteDialect, SqliteDriver, sql, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';
import SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import type { DatabaseTarget } from '../../config.ts';
import type { Database } from './schema.ts';
import { OwnSchemaPostgresDialect } from './pg-introspector.ts';
import { startWriteThread, type WriteThread } from './write-thread.ts';
import type { Dialect } from './dialect.ts';
import { migrationsFor } from './migrations/index.ts';

export type Db = Kysely<Database>;
export type { Database } from './schema.ts';
export { toNumber, syncIdSequence, type Dialect } from './dialect.ts';

export interface DbHandle {
  db: Db;
  dialect: Dialect;
  /** PostgreSQL schema holding the tables, when not the default (test isolation). */
  schema?: string;
  /** Run fn in one transaction; nested calls are not supported (pass the trx down instead). */
  tx<T>(fn: (trx: Db) => Promise<T>): Promise<T>;
  /**
   * Runs these compiled statements in one transaction, for writes nobody waits to read back (batched hit
   * counts). On a SQLite file they run on a thread with its own connection (write-thread.ts), so the
   * commit does not hold the event loop; elsewhere, or if that thread is gone, as `tx` would.
   */
  batchWrite(queries: readonly CompiledQuery[]): Promise<void>;
  /**
   * One read whose rows nobody needs within the same tick (a long aggregate: the 点击排行 window totals). On a
   * SQLite file it runs on the write thread, so it does not hold the event loop; elsewhere as any query.
   */
  readOffThread<R>(query: CompiledQuery<R>): Promise<R[]>;
  close(): Promise<void>;
}

// pg is loaded only when a PostgreSQL database is opened: a SQLite server never needs it (≈ 150 ms of
// module loading at start-up, measured 2026-11-27). pg is CommonJS, so a synchronous require keeps
// openDatabase synchronous.
let pgModule: typeof pg | undefined;
function loadPg(): typeof pg {
  if (pgModule) return pgModule;
  const loaded = createRequire(import.meta.url)('pg') as typeof pg;
  // pg returns int8 (count(*), sum()) as strings; these values stay far below 2^53.
  loaded.types.setTypeParser(20, (v) => Number(v));
  loaded.types.setTypeParser(1700, (v) => Number(v));
  pgModule = loaded;
  return loaded;
}

export interface OpenOptions {
  /** PostgreSQL only: put every table in this schema (used by tests for isolation). */
  pgSchema?: string;
  poolSize?: number;
  /**
   * SQLite only: open an existing database file or throw DatabaseMissingError, instead of creating the file
   * and its folders (commands that only read: a typo in DATABASE_URL must not look like an empty site).
   */
  mustExist?: boolean;
}

/** The SQLite file asked for with `mustExist` is not there. */
export class DatabaseMissingError extends Error {
  readonly path: string;
  constructor(file: string) {
    super(`SQLite database file not found: ${file}`);
    this.name = 'DatabaseMissingError';
    this.path = file;
  }
}

export function openDatabase(target: DatabaseTarget, opts: OpenOptions = {}): DbHandle {
  let db: Db;
  let pool: pg.Pool | undefined;
  if (target.dialect === 'sqlite') {
    const inMemory = target.path === ':memory:';
    if (!inMemory && opts.mustExist && !fs.statSync(target.path, { throwIfNoEntry: false })?.isFile())
      throw new DatabaseMissingError(path.resolve(target.path));
    if (!inMemory && !opts.mustExist) fs.mkdirSync(path.dirname(path.resolve(target.path)), { recursive: true });
    const conn = new SqliteDatabase(target.path, { fileMustExist: opts.mustExist === true && !inMemory });
    conn.pragma('journal_mode = WAL');
    conn.pragma('synchronous = NORMAL');
    conn.pragma('foreign_keys = ON');
    conn.pragma('busy_timeout = 5000');
    // 16 MiB of SQLite's own page cache (default 2 MiB): the indexes and rows that lists and pages keep
    // reading stay in it; a random article's body is read once per render whatever the size (from the
    // OS's file cache, which RSS does not count). 32 MiB held 18 MB more RSS after a fixed run of the page
    // bench's work (300 MB budget) and was not measurably cheaper per uncached page (measured 2026-11-27).
    conn.pragma('cache_size = -16384');
    conn.pragma('temp_store = MEMORY');
    // No memory map (SQLite's default): a 64 MiB map added up to 64 MB of mapped file to RSS on top of
    // the page cache above, and measured no cheaper per uncached page (pages missing from the cache
    // are read from the OS's file cache, which RSS does not count).
    conn.pragma('mmap_size = 0');
    // Gather planner statistics where they are missing or stale (cheap; SQLite >= 3.46).
    conn.pragma('optimize = 0x10002');
    const database = withStatementCache(conn);
    const driver = new GatedSqliteDriver({ database });
    db = new Kysely<Database>({ dialect: new GatedSqliteDialect({ database }, driver) });
    directReaders.set(db, (sqlText, parameters) => {
      // Only while no one holds Kysely's connection or waits for it (a query, a transaction, a stream) and no
      // transaction is open on it: better-sqlite3 runs the read synchronously, so nothing interleaves with it.
      if (driver.claims > 0 || conn.inTransaction) return undefined;
      const stmt = database.prepare(sqlText);
      return stmt.reader ? (stmt.all(parameters as unknown[]) as unknown[]) : undefined;
    });
  } else {
    pool = new (loadPg().Pool)({
      connectionString: target.url,
      max: opts.poolSize ?? 10,
      ...(opts.pgSchema ? { options: `-c search_path=${opts.pgSchema}` } : {}),
    });
    db = new Kysely<Database>({ dialect: new OwnSchemaPostgresDialect({ pool }) });
  }
  const inProcess = (queries: readonly CompiledQuery[]) =>
    db.transaction().execute(async (trx) => {
      for (const q of queries) await trx.executeQuery(q);
    });
  // Started at the first batch, on SQLite files only (an in-memory database is private to its connection).
  let writer: WriteThread | undefined | null = target.dialect === 'sqlite' && target.path !== ':memory:' ? null : undefined;
  const sqlitePath = target.dialect === 'sqlite' ? target.path : '';
  const liveWriter = (): WriteThread | undefined => {
    if (writer === null) writer = startWriteThread(sqlitePath);
    return writer && !writer.failed ? writer : undefined;
  };
  return {
    db,
    dialect: target.dialect,
    ...(opts.pgSchema ? { schema: opts.pgSchema } : {}),
    tx: (fn) => db.transaction().execute(fn),
    async batchWrite(queries) {
      // A thread that crashed or could not start: this connection writes from now on. A batch the thread
      // rejected was rolled back there; its caller decides whether to send it again.
      const w = liveWriter();
      if (w) await w.run(queries);
      else await inProcess(queries);
    },
    async readOffThread<R>(query: CompiledQuery<R>): Promise<R[]> {
      const w = liveWriter();
      if (w) {
        try {
          return await w.read(query);
        } catch (e) {
          if (!w.failed) throw e; // the statement failed; a thread that died meanwhile falls through
        }
      }
      return (await db.executeQuery(query)).rows;
    },
    async close() {
      await writer?.close();
      await db.destroy();
    },
  };
}

/**
 * Runs a read straight on the database's one SQLite connection when it is free, returning its rows; undefined
 * when the caller must go through Kysely instead (PostgreSQL, a transaction's Kysely, a busy connection, a write).
 */
export type DirectReader = (sqlText: string, parameters: readonly unknown[]) => unknown[] | undefined;

const directReaders = new WeakMap<Db, DirectReader>();

/**
 * The direct reader of a database opened by `openDatabase` on SQLite (used by `query-memo.ts`). Kysely's path
 * for one compiled query (connection mutex, provider, result plugins: several promise hops) added ≈ 3 µs of
 * CPU to a ≈ 6 µs primary-key read; this way ≈ 0.6 µs (measured 2026-11-28), for ~11 memoized reads per
 * article page. Only the exact Kysely instance `openDatabase` returned has one: a transaction's (`tx`'s
 * `trx`), a `withPlugin` or `withSchema` instance keeps Kysely's path.
 */
export function directReader(db: Db): DirectReader | undefined {
  return directReaders.get(db);
}

/**
 * Kysely's SQLite driver, counting who holds the one connection or waits for it (queries, transactions,
 * streams). Counted when asked for, not when granted, so a direct read never overtakes a query issued
 * before it.
 */
class GatedSqliteDriver extends SqliteDriver {
  claims = 0;
  override acquireConnection(): Promise<DatabaseConnection> {
    this.claims++;
    return super.acquireConnection();
  }
  override releaseConnection(): Promise<void> {
    this.claims--;
    return super.releaseConnection();
  }
  /**
   * IMMEDIATE: the write lock is taken at BEGIN (waiting up to busy_timeout for another connection's
   * commit) instead of at the first write, where a commit by the write thread or another process since the
   * transaction's first read would fail it at once with SQLITE_BUSY_SNAPSHOT.
   */
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class GatedSqliteDialect extends SqliteDialect {
  constructor(
    config: SqliteDialectConfig,
    private readonly driver: GatedSqliteDriver,
  ) {
    super(config);
  }
  override createDriver(): Driver {
    return this.driver;
  }
}

export async function migrate(handle: DbHandle): Promise<string[]> {
  const migrations = migrationsFor(handle.dialect);
  // Nearly every start finds the database up to date: one read of the bookkeeping table says so. Kysely's
  // Migrator first introspects every table to find its own (≈ 50 ms on SQLite at every server start).
  if (await upToDate(handle, Object.keys(migrations))) return [];
  const migrator = new Migrator({
    db: handle.db,
    provider: { getMigrations: async () => migrations },
    // Pin the bookkeeping tables to our schema: Kysely's existence check otherwise sees another
    // schema's tables on the same database and skips creating its own.
    ...(handle.schema ? { migrationTableSchema: handle.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** True when exactly these migrations, no more and no fewer, are recorded as executed (else the Migrator decides). */
async function upToDate(handle: DbHandle, names: string[]): Promise<boolean> {
  try {
    // Kysely's default bookkeeping table, in the handle's schema (search_path) on PostgreSQL.
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(handle.db);
    const done = new Set(rows.map((r) => r.name));
    return done.size === names.length && names.every((n) => done.has(n));
  } catch {
    return false; // no bookkeeping table yet: a new database
  }
}

/** Cheap liveness probe used by health checks and the test harness. */
export async function ping(handle: DbHandle): Promise<void> {
  await sql`select 1`.execute(handle.db);
}

/** Refresh the query planner's statistics (after bulk loads: seed, import). */
export async function analyze(handle: DbHandle): Promise<void> {
  await sql`analyze`.execute(handle.db);
}

/**
 * Kysely's SQLite driver prepares every statement anew (measured: ~12% of the CPU of an uncached page
 * render). Compiled SQL text repeats, so keep the prepared statements of the most recent distinct SQL
 * strings. Kysely runs one query at a time on the connection, so a cached statement is never still
 * iterating when asked for again; if one were (`busy`), a fresh one is prepared rather than failing.
 * SQLite re-prepares cached statements by itself after a schema change.
 */
function withStatementCache(conn: SqliteDatabase.Database, max = 500) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => conn.close(),
    prepare(sqlText: string): SqliteDatabase.Statement {
      const hit = cache.get(sqlText);
      if (hit) {
        if (hit.busy) return conn.prepare(sqlText);
        cache.delete(sqlText); // re-insert: Map order is the LRU order
        cache.set(sqlText, hit);
        return hit;
      }
      const stmt = conn.prepare(sqlText);
      cache.set(sqlText, stmt);
      if (cache.size > max) cache.delete(cache.keys().next().value as string);
      return stmt;
    },
  };
}
