import type { ExpressionBuilder, Selectable } from 'kysely';
import { toNumber, type Database, type Db } from '../../platform/db/index.ts';
import type { Reason, ReportStatus, ReportTarget } from './reports.schema.ts';
import { violatesUnique } from '../../platform/db/unique-violation.ts';

export interface Report {
  id: number;
  target: ReportTarget;
  reason: Reason;
  description: string;
  reporterId: number | null;
  reporterIp: string;
  status: ReportStatus;
  resolution: string;
  resolvedBy: number | null;
  resolvedAt: string | null;
  createdAt: string;
}

/** Reports on one target with one status, counted: the unit of the admin queue. */
export interface ReportGroup {
  target: ReportTarget;
  count: number;
  /** The newest report of the group; its id addresses the group's detail page. */
  latestId: number;
  firstAt: string;
  lastAt: string;
  reasons: Array<{ reason: Reason; count: number }>;
}

type Row = Selectable<Database['reports']>;

export function targetOf(r: { target_type: string; target_id: number | null; url: string }): ReportTarget {
  if (r.target_type === 'url') return { type: 'url', url: r.url };
  return { type: r.target_type === 'comment' ? 'comment' : 'article', id: r.target_id ?? 0 };
}

function toReport(r: Row): Report {
  return {
    id: r.id,
    target: targetOf(r),
    reason: r.reason as Reason,
    description: r.description,
    reporterId: r.reporter_id,
    reporterIp: r.reporter_ip,
    status: r.status as ReportStatus,
    resolution: r.resolution,
    resolvedBy: r.resolved_by,
    resolvedAt: r.resolved_at,
    createdAt: r.created_at,
  };
}

/** The row filter "reports on this target". */
function onTarget(target: ReportTarget) {
  return (eb: ExpressionBuilder<Database, 'reports'>) =>
    target.type === 'url'
      ? eb.and([eb('target_type', '=', 'url'), eb('url', '=', target.url)])
      : eb.and([eb('target_type', '=', target.type), eb('target_id', '=', target.id)]);
}

/** The unique index on a member's open report per target (migration 2026112932). */
export const OPEN_PER_REPORTER_INDEX = 'reports_open_per_reporter';

/** The insert broke `reports_open_per_reporter`: that member has an open report on the target already. */
export function isOpenDuplicate(e: unknown): boolean {
  // An expression index: better-sqlite3 names it in its message ("UNIQUE constraint failed: index '…'").
  return violatesUnique(e, { sqlite: OPEN_PER_REPORTER_INDEX, pg: OPEN_PER_REPORTER_INDEX });
}

export function createReportsRepo(db: Db) {
  return {
    async insert(
      trx: Db,
      v: { target: ReportTarget; reason: Reason; description: string; reporterId: number | null; reporterIp: string; now: string },
    ): Promise<number> {
      const r = await trx
        .insertInto('reports')
        .values({
          target_type: v.target.type,
          target_id: v.target.type === 'url' ? null : v.target.id,
          url: v.target.type === 'url' ? v.target.url : '',
          reason: v.reason,
          description: v.description,
          reporter_id: v.reporterId,
          reporter_ip: v.reporterIp.slice(0, 64),
          status: 'open',
          created_at: v.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return r.id;
    },

    /** The one open report a member may have on a target (the unique index `reports_open_per_reporter`). */
    async hasOpenFrom(reporterId: number, target: ReportTarget): Promise<boolean> {
      const r = await db
        .selectFrom('reports')
        .select('id')
        .where(onTarget(target))
        .where('reporter_id', '=', reporterId)
        .where('status', '=', 'open')
        .executeTakeFirst();
      return r !== undefined;
    },

    async byId(id: number): Promise<Report | undefined> {
      const r = await db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toReport(r) : undefined;
    },

    /** Every report on the target, newest first (bounded: a flood of reports needs no longer page). */
    async forTarget(target: ReportTarget, limit = 500): Promise<Report[]> {
      const rows = await db.selectFrom('reports').selectAll().where(onTarget(target)).orderBy('id', 'desc').limit(limit).execute();
      return rows.map((r) => toReport(r));
    },

    async groups(status: ReportStatus, limit: number, offset: number): Promise<ReportGroup[]> {
      const rows = await db
        .selectFrom('reports')
        .select((eb) => [
          'target_type',
          'target_id',
          'url',
          eb.fn.countAll().as('n'),
          eb.fn.max('id').as('latest_id'),
          eb.fn.min('created_at').as('first_at'),
          eb.fn.max('created_at').as('last_at'),
        ])
        .where('status', '=', status)
        .groupBy(['target_type', 'target_id', 'url'])
        .orderBy((eb) => eb.fn.countAll(), 'desc')
        .orderBy((eb) => eb.fn.max('id'), 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      if (!rows.length) return [];
      const groups = rows.map((r) => ({
        target: targetOf(r),
        count: toNumber(r.n),
        latestId: toNumber(r.latest_id),
        firstAt: String(r.first_at),
        lastAt: String(r.last_at),
        reasons: [] as Array<{ reason: Reason; count: number }>,
      }));
      // The reasons of the page's groups, in one query.
      const reasons = await db
        .selectFrom('reports')
        .select((eb) => ['target_type', 'target_id', 'url', 'reason', eb.fn.countAll().as('n')])
        .where('status', '=', status)
        .where((eb) => eb.or(groups.map((g) => onTarget(g.target)(eb))))
        .groupBy(['target_type', 'target_id', 'url', 'reason'])
        .execute();
      for (const r of reasons) {
        const key = JSON.stringify(targetOf(r));
        groups.find((g) => JSON.stringify(g.target) === key)?.reasons.push({ reason: r.reason as Reason, count: toNumber(r.n) });
      }
      for (const g of groups) g.reasons.sort((a, b) => b.count - a.count);
      return groups;
    },

    async countGroups(status: ReportStatus): Promise<number> {
      const r = await db
        .selectFrom((eb) =>
          eb
            .selectFrom('reports')
            .select(['target_type', 'target_id', 'url'])
            .where('status', '=', status)
            .groupBy(['target_type', 'target_id', 'url'])
            .as('g'),
        )
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      return toNumber(r?.n);
    },

    async mine(reporterId: number, limit: number, offset: number): Promise<Report[]> {
      const rows = await db.selectFrom('reports').selectAll().where('reporter_id', '=', reporterId).orderBy('id', 'desc').limit(limit).offset(offset).execute();
      return rows.map((r) => toReport(r));
    },

    async countMine(reporterId: number): Promise<number> {
      const r = await db
        .selectFrom('reports')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('reporter_id', '=', reporterId)
        .executeTakeFirst();
      return toNumber(r?.n);
    },

    /**
     * Close every open report on the target up to `upTo` (the newest report the moderator saw; one filed
     * since waits for its own decision); returns the ids closed. This is a decision's claim: one conditional
     * UPDATE, so of two decisions racing on one group only one closes anything (on PostgreSQL the second
     * waits for the first's row locks, then finds nothing open), and the other gets none.
     */
    async closeOpen(
      trx: Db,
      target: ReportTarget,
      v: { status: 'resolved' | 'dismissed'; note: string; actorId: number; now: string; upTo: number },
    ): Promise<number[]> {
      const rows = await trx
        .updateTable('reports')
        .set({ status: v.status, resolution: v.note, resolved_by: v.actorId, resolved_at: v.now })
        .where(onTarget(target))
        .where('status', '=', 'open')
        .where('id', '<=', v.upTo)
        .returning('id')
        .execute();
      return rows.map((r) => r.id).sort((a, b) => a - b);
    },

    /** Undo a claim whose content action failed: the reports it closed are open again, as before. */
    async reopen(trx: Db, ids: number[], v: { status: 'resolved' | 'dismissed'; actorId: number; now: string }): Promise<void> {
      if (!ids.length) return;
      await trx
        .updateTable('reports')
        .set({ status: 'open', resolution: '', resolved_by: null, resolved_at: null })
        .where('id', 'in', ids)
        .where('status', '=', v.status)
        .where('resolved_by', '=', v.actorId)
        .where('resolved_at', '=', v.now)
        .execute();
    },
  };
}

export type ReportsRepo = ReturnType<typeof createReportsRepo>;
