import type { Db } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { toNumber } from '../../platform/db/index.ts';

export interface AuditEntry {
  id: number;
  actorId: number | null;
  action: string;
  targetType: string;
  targetId: number | null;
  detail: Record<string, unknown>;
  ip: string;
  createdAt: string;
}

export interface AuditInput {
  actorId: number | null;
  /** A stable identifier such as `article.approve`, `report.resolve`, `member.ban`. */
  action: string;
  targetType?: string;
  targetId?: number | null;
  detail?: Record<string, unknown>;
  ip?: string;
}

/** Who did what, when, from which IP. Written in the caller's transaction when one is given. */
export function createAudit(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  return {
    async record(e: AuditInput, trx: Db = db): Promise<void> {
      await trx
        .insertInto('audit_log')
        .values({
          actor_id: e.actorId,
          action: e.action,
          target_type: e.targetType ?? '',
          target_id: e.targetId ?? null,
          detail: JSON.stringify(e.detail ?? {}),
          ip: (e.ip ?? '').slice(0, 64),
          created_at: clock.now().toISOString(),
        })
        .execute();
    },
    async list(opts: { limit: number; offset: number; action?: string; actorId?: number }): Promise<{ items: AuditEntry[]; total: number }> {
      let q = db.selectFrom('audit_log');
      if (opts.action) q = q.where('action', '=', opts.action);
      if (opts.actorId !== undefined) q = q.where('actor_id', '=', opts.actorId);
      const rows = await q.selectAll().orderBy('id', 'desc').limit(opts.limit).offset(opts.offset).execute();
      const total = toNumber((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n);
      return {
        total,
        items: rows.map((r) => ({
          id: r.id,
          actorId: r.actor_id,
          action: r.action,
          targetType: r.target_type,
          targetId: r.target_id,
          detail: JSON.parse(r.detail) as Record<string, unknown>,
          ip: r.ip,
          createdAt: r.created_at,
        })),
      };
    },
  };
}

export type Audit = ReturnType<typeof createAudit>;
