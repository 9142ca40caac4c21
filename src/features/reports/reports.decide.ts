import type { Db, DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { ConflictError } from '../../platform/errors.ts';
import { t } from '../../strings/index.ts';
import { createAudit, type Audit } from '../audit/index.ts';
import type { Member } from '../members/index.ts';
import type { ReportsRepo } from './reports.repo.ts';
import type { ReportTarget, ResolveInput } from './reports.schema.ts';
import type { ModerationAction, ReportDecided, ReportPorts, TargetInfo } from './reports.service.ts';

/** What `plan` worked out for a decision (reports.service.ts). */
export interface DecisionPlan {
  g: { target: ReportTarget; info: TargetInfo; author: Member | undefined; reports: Array<{ id: number; reporterId: number | null }> };
  input: ResolveInput;
  actions: ModerationAction[];
  told: string;
  /** The newest open report the moderator saw (and that is still there): nothing newer is closed. */
  upTo: number;
}

/** A decision taken: how many reports it closed, which content actions were done and which were not. */
export interface DecisionOutcome {
  decision: 'resolve' | 'dismiss';
  count: number;
  applied: ModerationAction[];
  /** The steps that failed or were not reached after a failure; the moderator does them by hand. */
  failed: ModerationAction[];
}

/** Logs what the moderator is not shown (a failed step's error, sessions not ended after a ban). */
export type DecisionLog = (err: unknown, message: string) => void;

/**
 * The audit trail of a decision (read back by 撤销处理结果, reports.reversal.ts):
 * - `report.resolve` / `report.dismiss` is written in the claim's transaction, with the actions asked for;
 *   when there are content actions to run it says `outcomeLater: true`;
 * - after the actions, `report.applied` (`decisionEntry`: the decision's id) says what was done: `applied`
 *   {hide, warn, ban}, `actions` (what the people concerned were told), the `warnId` / `banId` entries, and
 *   `complete: false` when a step failed after another had been done (the reports stay closed);
 * - when the first step fails, nothing was done: the reports are opened again and `report.reopen` says so
 *   in the same transaction (the decision entry then stands for nothing; a reversal skips it).
 */
export const REOPEN_ACTION = 'report.reopen';

export function createDecide(deps: {
  dbh: DbHandle;
  clock: Clock;
  audit: Audit;
  ports: ReportPorts;
  repo: ReportsRepo;
  decidedEvent(p: DecisionPlan, reporterIds: number[], actions: ModerationAction[]): ReportDecided;
  onDecided?: ((e: ReportDecided) => Promise<void>) | undefined;
}) {
  const { dbh, clock, audit, ports, repo } = deps;

  /** The id of the decision entry just written in `trx` (it names the first report it closed, which no other open decision can). */
  async function entryId(trx: Db, action: string, target: ReportTarget, firstReport: number): Promise<number> {
    const { items } = await createAudit({ db: trx, clock }).list({ action, limit: 50, offset: 0 });
    const type = target.type;
    const e = items.find((x) => x.targetType === type && Array.isArray(x.detail.reportIds) && x.detail.reportIds[0] === firstReport);
    if (!e) throw new Error('reports: the decision entry just written was not found');
    return e.id;
  }

  /**
   * Claims the group's open reports the moderator saw and records the decision in one transaction, then runs
   * the content actions through their own features (each in its own transaction), then records what they
   * did and tells the people concerned. A request that claims nothing gets 409 and writes nothing. When the
   * first action fails nothing was done: the reports are opened again and the error goes on. When a later
   * one fails the decision stands with what was done (its audit, its 站内信) and the outcome names the rest.
   */
  async function decide(p: DecisionPlan, actor: Member, ip: string, log?: DecisionLog): Promise<DecisionOutcome> {
    const { g, input, actions, told } = p;
    const status = input.decision === 'dismiss' ? 'dismissed' : 'resolved';
    const action = input.decision === 'dismiss' ? 'report.dismiss' : 'report.resolve';
    const now = clock.now().toISOString();
    const author = g.author;
    // A ban already in place is not given again (nor taken back by a reversal).
    const steps = actions.filter((a) => a === 'hide' || (author && (a === 'warn' || (a === 'ban' && author.status !== 'banned'))));
    const targetId = g.target.type === 'url' ? null : g.target.id;
    const claim = await dbh.tx(async (trx) => {
      const ids = await repo.closeOpen(trx, g.target, { status, note: input.note, actorId: actor.id, now, upTo: p.upTo });
      if (!ids.length) return undefined;
      const sanction = !!author && (actions.includes('warn') || actions.includes('ban'));
      const detail = {
        reportIds: ids,
        actions,
        note: input.note,
        ...(input.reason ? { reason: input.reason } : {}),
        ...(g.target.type === 'url' ? { url: g.target.url } : {}),
        ...(sanction ? { memberId: author.id, authorReason: told } : {}),
        ...(steps.length ? { outcomeLater: true } : {}),
      };
      await audit.record({ actorId: actor.id, action, targetType: g.target.type, targetId, detail, ip }, trx);
      return { ids, decisionEntry: steps.length ? await entryId(trx, action, g.target, ids[0] as number) : undefined };
    });
    if (!claim) throw new ConflictError(t.reports.nothingOpen, 'report_already_closed');
    const { ids, decisionEntry } = claim;

    const done: ModerationAction[] = [];
    let warnId: number | undefined;
    let banId: number | undefined;
    let failure: { error: unknown } | undefined;
    for (const step of steps) {
      try {
        if (step === 'hide') {
          const hidden = await ports.hide(g.target, actor.id, told, input.note, ip);
          if (hidden.laterError !== undefined) log?.(hidden.laterError, 'report decision: the take-down was not audited');
        } else if (step === 'warn' && author) warnId = await ports.warn(author.id, actor.id, told, ip);
        else if (step === 'ban' && author) {
          const ban = await ports.ban(author.id, actor.id, told, ip);
          banId = ban.id;
          // The ban is committed: a banned member's session is refused on every request and their tokens are gone.
          if (ban.laterError !== undefined) log?.(ban.laterError, 'report decision: the banned author was not logged out everywhere');
        }
        done.push(step);
      } catch (error) {
        failure = { error };
        break;
      }
    }
    const failed = steps.filter((s) => !done.includes(s));
    if (failure && !done.length) {
      await dbh.tx(async (trx) => {
        await repo.reopen(trx, ids, { status, actorId: actor.id, now });
        const detail = { decisionEntry, reportIds: ids };
        await audit.record({ actorId: actor.id, action: REOPEN_ACTION, targetType: g.target.type, targetId, detail, ip }, trx);
      });
      throw failure.error;
    }
    if (failure) log?.(failure.error, `report decision partly applied: ${failed.join(', ')} not done`);
    // What the people concerned are told: what was done (a ban already in place still counts as one).
    const doneActions = actions.filter((a) => !failed.includes(a));
    if (steps.length) {
      const detail = {
        decisionEntry,
        reportIds: ids,
        actions: doneActions,
        applied: { hide: done.includes('hide'), warn: done.includes('warn'), ban: done.includes('ban') },
        complete: !failed.length,
        ...(warnId !== undefined ? { warnId } : {}),
        ...(banId !== undefined ? { banId } : {}),
      };
      // The decision and its reports are committed; a lost outcome entry is read back from the members'
      // entries by a reversal (reports.reversal.ts), so it does not stop the people concerned being told.
      await audit
        .record({ actorId: actor.id, action: 'report.applied', targetType: g.target.type, targetId, detail, ip })
        .catch((e: unknown) => log?.(e, 'report decision: its outcome entry was not written'));
    }
    const reporterIds = [...new Set(g.reports.filter((r) => ids.includes(r.id) && r.reporterId !== null).map((r) => r.reporterId as number))];
    await deps.onDecided?.(deps.decidedEvent(p, reporterIds, doneActions));
    return { decision: input.decision, count: ids.length, applied: done, failed };
  }

  return decide;
}
