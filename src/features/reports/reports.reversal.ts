import type { Db, DbHandle } from '../../platform/db/index.ts';
import { ConflictError, ValidationError } from '../../platform/errors.ts';
import { format, t } from '../../strings/index.ts';
import type { Audit, AuditEntry } from '../audit/index.ts';
import type { Member } from '../members/index.ts';
import { AUTHOR_REASON_MAX, type ReportTarget } from './reports.schema.ts';
import type { ModerationAction, ReportPorts, TargetInfo } from './reports.service.ts';

const PAGE = 200;
const MAX_PAGES = 10;

/** A resolved decision on a report group with what it did, and whether (and how) it was reversed since. */
export interface PastDecision {
  auditId: number;
  at: string;
  actorId: number | null;
  actions: ModerationAction[];
  /** What it did: took the content down, and the sanctions it gave (a ban already in place is not one of them). */
  applied: { hide: boolean; warn: boolean; ban: boolean };
  memberId: number | null;
  /** The reason recorded with the warning or the ban. */
  authorReason: string;
  /** The audit entries of its own warning and ban; absent on decisions recorded before they were kept. */
  warnId?: number | undefined;
  banId?: number | undefined;
  /** The reports it closed. */
  reportIds: number[];
  /** Every part taken back by its reversals so far; when and by whom: the newest of them. */
  reversal?: { at: string; actorId: number | null; undone: Undo[] } | undefined;
}

export type Undo = 'restore' | 'unban' | 'unwarn';

/** What a reversal can still do now (each offered only when it would change something). */
export interface ReversalOffer {
  decision: PastDecision;
  restore: boolean;
  unban: boolean;
  unwarn: boolean;
  /** The author's current ban reason, shown next to 解除封禁 (it may be a later ban's). */
  banReason: string;
}

/** The author is told what was taken back (站内信); the composition root sends it. */
export interface ReportReversed {
  memberId: number;
  body: string;
  link?: string | undefined;
}

type AuditReader = Pick<Audit, 'list'>;

async function* entries(audit: AuditReader, action: string): AsyncGenerator<AuditEntry> {
  for (let page = 0; page < MAX_PAGES; page++) {
    const { items } = await audit.list({ action, limit: PAGE, offset: page * PAGE });
    yield* items;
    if (items.length < PAGE) return;
  }
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const numbers = (v: unknown): number[] => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : []);
const idOf = (v: unknown): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined);

/** Everything the reversals of a decision took back (each reversal records only its own parts), and the newest. */
async function reversedParts(audit: AuditReader, decisionId: number): Promise<{ undone: Set<Undo>; newest: AuditEntry | undefined }> {
  const undone = new Set<Undo>();
  let newest: AuditEntry | undefined;
  for await (const r of entries(audit, 'report.reverse')) {
    if (r.detail.decisionId !== decisionId) continue;
    newest ??= r;
    for (const u of strings(r.detail.undone)) if (u === 'restore' || u === 'unban' || u === 'unwarn') undone.add(u);
  }
  return { undone, newest };
}

/**
 * The decision's own warning (its `member.warn` entry), unless already withdrawn. Decisions recorded before
 * `warnId` was kept wrote their warning just before themselves: the member's newest warning before the
 * decision counts only when the same moderator gave it with the decision's reason; otherwise it is not taken
 * back from here (another warning of the same category must never be).
 */
async function warningOf(audit: AuditReader, memberId: number, d: PastDecision): Promise<number | undefined> {
  let id = d.warnId;
  if (id === undefined) {
    for await (const e of entries(audit, 'member.warn')) {
      if (e.targetType !== 'member' || e.targetId !== memberId || e.id > d.auditId) continue;
      if (e.actorId === d.actorId && e.detail.reason === d.authorReason.slice(0, 200)) id = e.id;
      break;
    }
  }
  if (id === undefined) return undefined;
  for await (const e of entries(audit, 'member.warn_withdraw')) if (e.targetId === memberId && e.detail.warnId === id) return undefined;
  return id;
}

/**
 * Whether the member's ban is still the one the decision gave: their newest `member.ban` is the decision's
 * (a ban given after an unban is someone else's call). Before `banId` was kept: no ban since the decision.
 */
async function ownBanStands(audit: AuditReader, memberId: number, d: PastDecision): Promise<boolean> {
  for await (const e of entries(audit, 'member.ban')) {
    if (e.targetType !== 'member' || e.targetId !== memberId) continue;
    return d.banId !== undefined ? e.id === d.banId : e.id < d.auditId && e.actorId === d.actorId;
  }
  return false;
}

/** What a decision recorded before its actions ran did (`report.applied`), or that they were undone (`report.reopen`). */
type Outcome = 'reopened' | { actions: unknown; applied: unknown; warnId: unknown; banId: unknown };

/**
 * The outcome of a decision recorded before its actions ran (reports.decide.ts). Its `report.applied` entry
 * says what was done; `report.reopen`, that nothing was. Neither (the process stopped in between, or the
 * entry could not be written): what the decision asked for, with the warning and the ban its moderator gave
 * the member first after it (the decision's own, written just after it with its reason), if any; the
 * content is offered back only while it is still taken down (the restore checks that itself).
 */
async function outcomeOf(audit: AuditReader, decision: AuditEntry): Promise<Outcome> {
  for await (const e of entries(audit, 'report.applied')) {
    if (e.detail.decisionEntry === decision.id) return { actions: e.detail.actions, applied: e.detail.applied, warnId: e.detail.warnId, banId: e.detail.banId };
    if (e.id < decision.id) break;
  }
  for await (const e of entries(audit, 'report.reopen')) {
    if (e.detail.decisionEntry === decision.id) return 'reopened';
    if (e.id < decision.id) break;
  }
  const d = decision.detail;
  const memberId = typeof d.memberId === 'number' ? d.memberId : undefined;
  const reason = typeof d.authorReason === 'string' ? d.authorReason.slice(0, 200) : '';
  /** The oldest entry of `action` about the member by the decision's moderator after the decision. */
  const firstAfter = async (action: string, sameReason: boolean): Promise<number | undefined> => {
    let first: number | undefined;
    if (memberId === undefined) return undefined;
    for await (const e of entries(audit, action)) {
      if (e.id < decision.id) break;
      if (e.targetType === 'member' && e.targetId === memberId && e.actorId === decision.actorId && (!sameReason || e.detail.reason === reason)) first = e.id;
    }
    return first;
  };
  const asked = strings(d.actions);
  const warnId = asked.includes('warn') ? await firstAfter('member.warn', true) : undefined;
  const banId = asked.includes('ban') ? await firstAfter('member.ban', false) : undefined;
  return {
    actions: asked.filter((a) => a === 'hide' || (a === 'warn' && warnId !== undefined) || (a === 'ban' && banId !== undefined)),
    applied: { hide: asked.includes('hide'), warn: warnId !== undefined, ban: banId !== undefined },
    warnId,
    banId,
  };
}

/**
 * 撤销处理: a moderator takes back a resolved decision on reported content — the content put back, the
 * ban it gave lifted, its warning withdrawn (each chosen). The content goes back through its own feature
 * first; then the sanctions are lifted and `report.reverse` recorded in one transaction; then the author
 * is told. The reports stay resolved: what the reporters were told does not change. The decision and
 * its reversal are read from the audit log (report.resolve / report.reverse), which is where they live.
 */
export function createReversal(deps: {
  dbh: DbHandle;
  audit: Audit;
  /** The audit log read inside a transaction (what concurrent reversals committed, after the lock). */
  auditIn(trx: Db): AuditReader;
  ports: ReportPorts;
  group(reportId: number): Promise<{ target: ReportTarget; info: TargetInfo; reports: Array<{ id: number }>; author: Member | undefined }>;
  onReversed?: ((e: ReportReversed) => Promise<void>) | undefined;
}) {
  const { audit, ports } = deps;

  /** The newest resolve decision on the group that acted on the content or its author. */
  async function lastDecision(target: ReportTarget, reportIds: number[]): Promise<PastDecision | undefined> {
    if (target.type === 'url') return undefined;
    let found: AuditEntry | undefined;
    let outcome: Outcome | undefined;
    for await (const e of entries(audit, 'report.resolve')) {
      if (e.targetType !== target.type || e.targetId !== target.id) continue;
      if (!numbers(e.detail.reportIds).some((x) => reportIds.includes(x))) continue;
      // A decision whose actions ran after it was recorded: their outcome is its own entry (reports.decide.ts).
      outcome = e.detail.outcomeLater === true ? await outcomeOf(audit, e) : undefined;
      if (outcome === 'reopened') continue; // nothing was done; its reports were opened again
      found = e;
      break;
    }
    const asked = (v: unknown) => strings(v).filter((a): a is ModerationAction => a === 'hide' || a === 'warn' || a === 'ban');
    const actions = asked(typeof outcome === 'object' ? outcome.actions : found?.detail.actions);
    if (!found || !actions.length) return undefined;
    const d = found.detail;
    const applied = (typeof outcome === 'object' ? outcome.applied : d.applied) as { hide?: unknown; warn?: unknown; ban?: unknown } | undefined;
    const ids = typeof outcome === 'object' ? outcome : d;
    const decision: PastDecision = {
      auditId: found.id,
      at: found.createdAt,
      actorId: found.actorId,
      actions,
      // Decisions recorded before `applied` existed: what they asked for (the take-down is checked on the content).
      applied: applied
        ? { hide: applied.hide === true || (applied.hide === undefined && actions.includes('hide')), warn: applied.warn === true, ban: applied.ban === true }
        : { hide: actions.includes('hide'), warn: actions.includes('warn'), ban: actions.includes('ban') },
      memberId: typeof d.memberId === 'number' ? d.memberId : null,
      authorReason: typeof d.authorReason === 'string' ? d.authorReason : '',
      warnId: idOf(ids.warnId),
      banId: idOf(ids.banId),
      reportIds: numbers(d.reportIds),
    };
    const { undone, newest } = await reversedParts(audit, found.id);
    if (newest) decision.reversal = { at: newest.createdAt, actorId: newest.actorId, undone: [...undone] };
    return decision;
  }

  /** What can be taken back of the group's last decision now; undefined when there is no such decision. */
  async function offer(reportId: number): Promise<ReversalOffer | undefined> {
    const g = await deps.group(reportId);
    const d = await lastDecision(
      g.target,
      g.reports.map((r) => r.id),
    );
    if (!d) return undefined;
    const author = d.memberId !== null ? await ports.standing(d.memberId) : undefined;
    const done = new Set(d.reversal?.undone ?? []);
    const m = d.memberId;
    return {
      decision: d,
      restore: d.applied.hide && !done.has('restore') && !g.info.visible && !g.info.gone,
      unban: m !== null && d.applied.ban && !done.has('unban') && author?.status === 'banned' && (await ownBanStands(audit, m, d)),
      unwarn: m !== null && d.applied.warn && !done.has('unwarn') && (author?.warnings ?? 0) > 0 && (await warningOf(audit, m, d)) !== undefined,
      banReason: author?.status === 'banned' ? author.banReason : '',
    };
  }

  /**
   * Reversals of one decision take turns: the first report it closed is locked for the transaction (an
   * UPDATE that changes nothing: SELECT … FOR UPDATE's row lock on PostgreSQL; SQLite's write transaction
   * holds the whole database), so what another one committed meanwhile is seen by the reads after it.
   */
  async function lockDecision(trx: Db, d: PastDecision): Promise<void> {
    const first = d.reportIds[0];
    if (first === undefined) return;
    await trx
      .updateTable('reports')
      .set((eb) => ({ status: eb.ref('status') }))
      .where('id', '=', first)
      .execute();
  }

  /**
   * Reversals of one group run one after another in this process. The content goes back through its own
   * feature before the locked transaction (it cannot share it), so two identical requests would both find
   * it still taken down and both put it back, each with its audit entry, `report.reverse` and 站内信; in turn,
   * the second one's offer sees the first's reversal and gets 409. (Across instances the lock below still
   * keeps the sanctions to one lift; the content's own state check refuses a restore that comes second.)
   */
  const turns = new Map<string, Promise<void>>();
  async function inTurn<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const run = (turns.get(key) ?? Promise.resolve()).then(fn);
    const done = run.then(
      () => undefined,
      () => undefined,
    );
    turns.set(key, done);
    try {
      return await run;
    } finally {
      if (turns.get(key) === done) turns.delete(key);
    }
  }

  /** Takes back what the moderator chose (`restore`, `unban`, `unwarn` = '1'; `reason` told to the author). */
  async function reverse(reportId: number, raw: Record<string, unknown>, actor: Member, ip: string): Promise<Undo[]> {
    const { target } = await deps.group(reportId);
    return inTurn(JSON.stringify(target), () => reverseNow(reportId, raw, actor, ip));
  }

  async function reverseNow(reportId: number, raw: Record<string, unknown>, actor: Member, ip: string): Promise<Undo[]> {
    const o = await offer(reportId);
    if (!o || (!o.restore && !o.unban && !o.unwarn)) throw new ConflictError(t.reports.errNothingToReverse, 'report_nothing_to_reverse');
    const reason = typeof raw.reason === 'string' ? raw.reason.trim() : '';
    if ([...reason].length > AUTHOR_REASON_MAX) throw new ValidationError({ reason: format(t.reports.errReverseReasonLong, { n: AUTHOR_REASON_MAX }) });
    const want = (k: Undo) => raw[k] === '1' && o[k];
    if (!want('restore') && !want('unban') && !want('unwarn')) throw new ValidationError({ restore: t.reports.errReverseNone }, t.reports.errReverseNone);
    const g = await deps.group(reportId);
    const d = o.decision;
    const undone: Undo[] = [];
    if (want('restore')) {
      await ports.restore(g.target, actor.id, ip, d.at);
      undone.push('restore');
    }
    await deps.dbh.tx(async (trx) => {
      await lockDecision(trx, d);
      // Read again after the lock: a reversal committed since the offer (a second click, another
      // moderator) has taken its parts back already; they are not taken back twice.
      const log = deps.auditIn(trx);
      const { undone: before } = await reversedParts(log, d.auditId);
      const m = d.memberId;
      if (m !== null) {
        const warnId = want('unwarn') && !before.has('unwarn') ? await warningOf(log, m, d) : undefined;
        const unban = want('unban') && !before.has('unban') && (await ownBanStands(log, m, d));
        if (unban || warnId !== undefined) {
          const via = { via: 'report', decisionId: d.auditId };
          const r = await ports.lift(trx, { memberId: m, actorId: actor.id, ip, unban, warnId, via });
          if (r.unbanned) undone.push('unban');
          if (r.warningWithdrawn) undone.push('unwarn');
        }
      }
      if (!undone.length) throw new ConflictError(t.reports.errAlreadyReversed, 'report_already_reversed');
      const target = g.target as Exclude<ReportTarget, { type: 'url' }>;
      await audit.record(
        {
          actorId: actor.id,
          action: 'report.reverse',
          targetType: target.type,
          targetId: target.id,
          detail: {
            decisionId: d.auditId,
            undone,
            reportIds: g.reports.map((r) => r.id),
            ...(reason ? { reason } : {}),
            ...(d.memberId ? { memberId: d.memberId } : {}),
          },
          ip,
        },
        trx,
      );
    });
    if (d.memberId !== null) await deps.onReversed?.(notice(d.memberId, g.target, g.info, undone, reason, await deps.group(reportId)));
    return undone;
  }

  return { offer, reverse };
}

function notice(memberId: number, target: ReportTarget, before: TargetInfo, undone: Undo[], reason: string, now: { info: TargetInfo }): ReportReversed {
  const type = target.type === 'comment' ? 'comment' : 'article';
  const w = t.reports.reversedNoticeWhat;
  const what = undone.map((u) => (u === 'restore' ? w.restore[type] : w[u])).join('，');
  const quote = [...(before.quote ?? before.label)].slice(0, 40).join('');
  const body =
    format(t.reports.reversedNotice, { kind: t.reports.reversedKinds[type] ?? '', quote, what }) +
    (reason ? format(t.reports.reversedNoticeReason, { reason }) : '');
  return { memberId, body, link: now.info.visible ? now.info.href : undefined };
}
