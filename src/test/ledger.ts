import { openTestDatabase } from './db.ts';
import { createFakeClock } from '../platform/clock.ts';
import type { DbHandle } from '../platform/db/index.ts';
import { createPoints, type Points } from '../features/points/index.ts';

export interface LedgerFixture {
  dbh: DbHandle;
  points: Points;
  clock: ReturnType<typeof createFakeClock>;
  /** Inserts members directly (no app needed) and returns their ids. */
  members(n: number): Promise<number[]>;
}

let seq = 0;

/** A fresh migrated database with only the ledger service: fast enough for property and load tests. */
export async function ledgerFixture(t: { after(fn: () => Promise<void>): void }): Promise<LedgerFixture> {
  const dbh = await openTestDatabase();
  t.after(() => dbh.close());
  const clock = createFakeClock('2026-11-27T08:00:00.000Z');
  const points = createPoints({ dbh, clock });
  return {
    dbh,
    points,
    clock,
    async members(n) {
      const now = clock.now().toISOString();
      const rows = Array.from({ length: n }, () => {
        seq++;
        return {
          username: `lm${seq}`,
          display_name: `会员${seq}`,
          email: null,
          password_hash: null,
          role: 'member',
          status: 'active',
          created_at: now,
          updated_at: now,
        };
      });
      const out = await dbh.db.insertInto('members').values(rows).returning('id').execute();
      return out.map((r) => r.id);
    },
  };
}
