import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../config.ts';
import { createZixun, type Zixun } from '../main.ts';
import { createFakeClock } from '../platform/clock.ts';
import { createFileStorage } from '../platform/storage/index.ts';
import { openTestDatabase } from './db.ts';
import { createOutboxMailer } from '../platform/mail/index.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export type TestApp = Zixun & { clock: ReturnType<typeof createFakeClock>; tmp: string };

/** The whole app on a fresh test database, a fake clock and a temp upload folder. Call `close()`. */
export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const config: Config = { ...loadConfig({ ZIXUN_LOG: 'silent' }), demo: false, hitFlushMs: 3_600_000, ...overrides };
  const clock = createFakeClock('2026-11-27T08:00:00.000Z');
  const dbh = await openTestDatabase();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zixun-test-'));
  const z = await createZixun(config, {
    clock,
    dbh,
    storage: createFileStorage(path.join(tmp, 'uploads')),
    mailer: createOutboxMailer(undefined),
    rootDir: ROOT,
  });
  const close = async () => {
    await z.close();
    await dbh.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  return { ...z, clock, tmp, close };
}

/** Fail instead of skipping when CI says the service must be there. */
export function requireOrSkip(what: string, available: boolean): string | false {
  if (available) return false;
  if (process.env.ZIXUN_REQUIRE_SERVICES === '1') throw new Error(`${what} is required in CI (ZIXUN_REQUIRE_SERVICES=1) but is not available`);
  return `${what} is not available here; skipped`;
}
