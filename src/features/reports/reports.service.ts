import type { Db, DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.ts';
import { check } from '../../platform/validation.ts';
import { format, t } from '../../strings/index.ts';
import { createAudit, type Audit } from '../audit/index.ts';
import { isStaff, type Member } from '../members/index.ts';
import { countOpenReports } from './reports.counts.ts';
import { createDecide, type DecisionLog, type DecisionOutcome } from './reports.decide.ts';
import { createReversal, type ReportReversed } from './reports.reversal.ts';
import { createReportsRepo, isOpenDuplicate, type Report, type ReportGroup } from './reports.repo.ts';
import {
  checkReportUrl,
  contentFromUrl,
  REASONS,
  ReportFieldsSchema,
  ResolveSchema,
  type Reason,
  type ReportStatus,
  type ReportTarget,
} from './reports.schema.ts';

/** What the admin and the reporter see of a reported thing. */
export interface TargetInfo {
  /** Still there and shown to the public. */
  visible: boolean;
  /** Gone for good (deleted) or never existed. */
  gone: boolean;
  /** Article title, comment excerpt (after its writer's name) or the URL. */
  label: string;
  /** What the author is quoted when told of a decision: the article title or the comment's text alone. */
  quote?: string;
  href?: string;
  /** For a comment: the title of the article it is under. */
  context?: string;
  /** For a comment: the article it is under. */
  articleId?: number;
  /** The member who wrote it; null for URLs and guest comments. */
  authorId: number | null;
}

/**
 * What reports need from the features that own the reported things. Built from their index
 * functions at registration, so this service does not depend on how they are named or stored.
 */
export interface ReportPorts {
  describe(target: ReportTarget): Promise<TargetInfo>;
  /**
   * Take an article down or hide a comment. `reason` is what its author is told (the reports' categories
   * and staff's reason for the author); `note` is staff's note to the reporters, kept for the audit log only.
   */
  hide(target: ReportTarget, actorId: number, reason: string, note: string, ip: string): Promise<AfterCommit>;
  /**
   * `reason` is the author-facing reason (never the reporters' note): the ban's is shown on the log-in page.
   * Each gives the id of the audit entry it wrote (`member.warn`, `member.ban`): the decision records it.
   */
  warn(memberId: number, actorId: number, reason: string, ip: string): Promise<number>;
  ban(memberId: number, actorId: number, reason: string, ip: string): Promise<AfterCommit & { id: number }>;
  member(id: number): Promise<Member | undefined>;
  /**
   * Puts back what a decision took down: a taken-down (`rejected`) article is published again with its own
   * date, a hidden comment shown again. Refused (409) when it is not in that state any more, or when the
   * article was edited after `since` (the decision): unreviewed text is not published from here.
   */
  restore(target: ReportTarget, actorId: number, ip: string, since: string): Promise<void>;
  /** A member's standing (banned and why, how many warnings), for what a reversal can offer. */
  standing(id: number): Promise<{ status: string; banReason: string; warnings: number } | undefined>;
  /** Lifts the ban and/or the one warning a decision gave, in the reversal's transaction (audited by members). */
  lift(
    trx: Db,
    m: { memberId: number; actorId: number; ip: string; unban: boolean; warnId?: number | undefined; via: Record<string, unknown> },
  ): Promise<{ unbanned: boolean; warningWithdrawn: boolean }>;
}

/**
 * A content action that is done (committed) even though something after it failed: `laterError` is that
 * failure (the take-down's audit entry, ending a banned member's sessions), logged, not the action's.
 */
export interface AfterCommit {
  laterError?: unknown;
}

export interface SubmitContext {
  reporterId: number | null;
  ip: string;
  /** Hosts this site answers to; a reported URL on one of them that shows an article becomes an article report. */
  siteHosts: string[];
}

export interface RawReport {
  article?: number;
  comment?: number;
  url?: string;
  reason?: unknown;
  description?: unknown;
}

export type ModerationAction = 'hide' | 'warn' | 'ban';

/** A closed report group, as its reporters and the content's author hear of it (站内信). */
export interface ReportDecided {
  decision: 'resolve' | 'dismiss';
  /** Members whose open reports were closed (guests have no account to tell). */
  reporterIds: number[];
  /** The reported content as staff saw it (title or excerpt) and the author, when there is one. */
  label: string;
  authorId: number | null;
  actions: ModerationAction[];
  /** Staff's note to the reporters. */
  note: string;
  targetType: ReportTarget['type'];
  /** What the author is quoted: the article title or the comment's text. */
  quote: string;
  /** The categories of the closed reports in words, most reported first (广告、侵权). */
  category: string;
  /** Staff's reason for the author (the ban reason when banned); never the reporters' note. */
  authorReason: string;
  /** Where the author can still see the content after the decision, if anywhere. */
  link?: string | undefined;
}

/** What a decision would do, shown before a warning or a ban is given. */
export interface DecisionPreview {
  actions: ModerationAction[];
  author: Member | undefined;
  info: TargetInfo;
  target: ReportTarget;
  /** The reason recorded with the warning (the member's warning list) or the ban (the log-in page). */
  told: string;
  /** The author is banned already: the ban is not given again. */
  alreadyBanned: boolean;
  /** The author's 站内信, when the composition root can say it. */
  notice?: string | undefined;
}

/** The reason categories of reports in words, most reported first (ties in the form's order): `广告、侵权`. */
export function categoryWords(reports: Array<{ reason: Reason }>): string {
  const counts = new Map<Reason, number>();
  for (const r of reports) counts.set(r.reason, (counts.get(r.reason) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || REASONS.indexOf(a[0]) - REASONS.indexOf(b[0]))
    .map(([r]) => t.reports.reasons[r])
    .join('、');
}

export function createReports(deps: {
  dbh: DbHandle;
  clock: Clock;
  audit: Audit;
  ports: ReportPorts;
  onDecided?: ((e: ReportDecided) => Promise<void>) | undefined;
  /** The 站内信 the author would get for a decision (shown on the confirmation step); main.ts builds it. */
  previewAuthorNotice?: ((e: ReportDecided) => string | undefined) | undefined;
  /** Told of each reversal (the author's 站内信). */
  onReversed?: ((e: ReportReversed) => Promise<void>) | undefined;
}) {
  const { dbh, clock, audit, ports } = deps;
  const repo = createReportsRepo(dbh.db);
  const nowIso = () => clock.now().toISOString();

  /** Validate and file a report. Field problems are reported together; nothing is written on failure. */
  async function submit(raw: RawReport, ctx: SubmitContext): Promise<number> {
    const fields: FieldErrors = {};
    const parsed = check(ReportFieldsSchema, { reason: raw.reason, description: raw.description ?? '' });
    if (!parsed.ok) Object.assign(fields, parsed.fields);
    let target: ReportTarget | undefined;
    if (raw.article !== undefined) target = { type: 'article', id: raw.article };
    else if (raw.comment !== undefined) target = { type: 'comment', id: raw.comment };
    else {
      const u = checkReportUrl(raw.url ?? '', ctx.siteHosts);
      if (!u.ok) fields.url = u.message;
      else {
        // Our own article and comment pages join their content's group: a `#c<id>` anchor names the
        // comment when it is shown under that article, otherwise the article is reported.
        const shown = contentFromUrl(u.url, ctx.siteHosts);
        const comment = shown?.commentId !== undefined ? await ports.describe({ type: 'comment', id: shown.commentId }) : undefined;
        if (shown && shown.commentId !== undefined && comment?.visible && comment.articleId === shown.articleId)
          target = { type: 'comment', id: shown.commentId };
        else if (shown && (await ports.describe({ type: 'article', id: shown.articleId })).visible) target = { type: 'article', id: shown.articleId };
        else target = { type: 'url', url: u.url };
      }
    }
    if (target && target.type !== 'url') {
      const info = await ports.describe(target);
      if (!info.visible) throw new NotFoundError(t.reports.errTarget, 'report_target_not_found');
      // A member's own article or comment is theirs to edit or delete, not to report.
      if (ctx.reporterId !== null && info.authorId === ctx.reporterId) throw new ConflictError(t.reports.errOwnContent, 'report_own_content');
    }
    if (!parsed.ok || !target) throw new ValidationError(fields);
    const duplicate = () => new ConflictError(t.reports.duplicate, 'report_duplicate');
    if (ctx.reporterId !== null && (await repo.hasOpenFrom(ctx.reporterId, target))) throw duplicate();
    const { reason, description } = parsed.data;
    const row = { target, reason, description, reporterId: ctx.reporterId, reporterIp: ctx.ip, now: nowIso() };
    // The check above answers the usual case; two submits racing past it are told apart by the unique index.
    return dbh.tx((trx) => repo.insert(trx, row)).catch((e: unknown) => Promise.reject(isOpenDuplicate(e) ? duplicate() : e));
  }

  /** The queue: groups of reports on the same target, most reported first. */
  async function queue(status: ReportStatus, page: number, perPage: number): Promise<{ groups: Array<ReportGroup & { info: TargetInfo }>; total: number }> {
    const [groups, total] = await Promise.all([repo.groups(status, perPage, (page - 1) * perPage), repo.countGroups(status)]);
    const infos = await Promise.all(groups.map((g) => ports.describe(g.target)));
    return { groups: groups.map((g, i) => ({ ...g, info: infos[i] as TargetInfo })), total };
  }

  /** A report's group: its target, every report on it and the author of the reported content. */
  async function group(reportId: number) {
    const report = await repo.byId(reportId);
    if (!report) throw new NotFoundError(t.reports.errReportNotFound, 'report_not_found');
    const [info, reports] = await Promise.all([ports.describe(report.target), repo.forTarget(report.target)]);
    const people = [...new Set(reports.flatMap((r) => [r.reporterId, r.resolvedBy]).filter((x): x is number => x !== null))];
    const [author, ...known] = await Promise.all([info.authorId !== null ? ports.member(info.authorId) : undefined, ...people.map((id) => ports.member(id))]);
    const members = new Map(known.filter((m): m is Member => !!m).map((m) => [m.id, m]));
    return { report, target: report.target, info, reports, author, members, openCount: reports.filter((r) => r.status === 'open').length };
  }

  /** Checks a decision on the report's group and works out what it would do; nothing is written. */
  async function plan(reportId: number, raw: unknown) {
    const g = await group(reportId);
    const parsed = check(ResolveSchema, raw);
    if (!parsed.ok) {
      // A form without the newest report it showed (an old page, a hand-made post) is refused with its own message.
      const { upTo: stale, ...fields } = parsed.fields;
      throw new ValidationError(fields, stale);
    }
    const input = parsed.data;
    // Content that is already off the site (hidden meanwhile by comment moderation, say) needs no hiding.
    const wanted = (['hide', 'warn', 'ban'] as const).filter((a) => input[a] === '1' && (a !== 'hide' || g.info.visible || g.target.type === 'url'));
    const actions: ModerationAction[] = input.decision === 'dismiss' ? [] : wanted;
    // Only the open reports the moderator was shown (up to `upTo`); one filed since waits for its own decision.
    const seen = g.reports.filter((r) => r.status === 'open' && r.id <= input.upTo);
    if (!seen.length) throw new ConflictError(t.reports.nothingOpen, 'report_already_closed');
    const upTo = Math.max(...seen.map((r) => r.id));
    const fields: FieldErrors = {};
    if (actions.includes('hide') && g.target.type === 'url') fields.hide = t.reports.errNotHideable;
    if (actions.includes('warn') || actions.includes('ban')) {
      const key = actions.includes('ban') ? 'ban' : 'warn';
      if (!g.author) fields[key] = t.reports.errNoAuthor;
      else if (isStaff(g.author.role)) fields[key] = t.reports.errStaffAuthor;
    }
    // A ban's reason is shown to the author when they try to log in: staff must write one for them.
    if (actions.includes('ban') && !input.reason) fields.reason = t.reports.errBanReason;
    if (Object.keys(fields).length) throw new ValidationError(fields);
    // The author is told the categories of the reports and staff's reason for them; the note (which may
    // name a reporter) goes to the reporters only.
    const category = categoryWords(seen);
    const told = format(input.reason ? t.reports.authorReasonWith : t.reports.authorReason, { category, reason: input.reason });
    return { g, input, actions, category, told, upTo };
  }

  /** The decision as the people concerned hear of it; `actions`: what was done (all that was asked, unless a step failed). */
  function decidedEvent(p: Awaited<ReturnType<typeof plan>>, reporterIds: number[], actions: ModerationAction[] = p.actions): ReportDecided {
    const { g, input } = p;
    const stillShown = g.info.visible && !actions.includes('hide');
    // A taken-down article stays in its author's 我的文章 (to fix and resubmit); a hidden comment is nowhere to link.
    const link = stillShown ? g.info.href : g.target.type === 'article' && !g.info.gone ? '/member/articles/' : undefined;
    return {
      decision: input.decision,
      reporterIds,
      label: g.info.label,
      authorId: g.author?.id ?? null,
      actions,
      note: input.note,
      targetType: g.target.type,
      quote: g.info.quote ?? g.info.label,
      category: p.category,
      authorReason: input.reason,
      link,
    };
  }

  /**
   * What a decision would do, for its confirmation step (a warning or a ban is confirmed before it is
   * given): the actions, the reason recorded with the warning or the ban, and the author's 站内信.
   */
  async function preview(reportId: number, raw: unknown): Promise<DecisionPreview> {
    const p = await plan(reportId, raw);
    return {
      actions: p.actions,
      author: p.g.author,
      info: p.g.info,
      target: p.g.target,
      told: p.told,
      alreadyBanned: p.g.author?.status === 'banned',
      notice: deps.previewAuthorNotice?.(decidedEvent(p, [])),
    };
  }

  const decideNow = createDecide({ dbh, clock, audit, ports, repo, decidedEvent, onDecided: deps.onDecided });

  /**
   * Resolve or dismiss the open reports of the report's group that the moderator saw (up to the posted
   * `upTo`); see reports.decide.ts for how the claim, the content actions and their records fit together.
   */
  async function decide(reportId: number, raw: unknown, actor: Member, ip: string, log?: DecisionLog): Promise<DecisionOutcome> {
    return decideNow(await plan(reportId, raw), actor, ip, log);
  }

  /** A member's own reports, with the content they named (for 我的举报). */
  async function mine(memberId: number, page: number, perPage: number): Promise<{ items: Array<Report & { info: TargetInfo }>; total: number }> {
    const [items, total] = await Promise.all([repo.mine(memberId, perPage, (page - 1) * perPage), repo.countMine(memberId)]);
    const infos = await Promise.all(items.map((r) => ports.describe(r.target)));
    return { items: items.map((r, i) => ({ ...r, info: infos[i] as TargetInfo })), total };
  }

  const reversal = createReversal({ dbh, audit, auditIn: (trx) => createAudit({ db: trx, clock }), ports, group, onReversed: deps.onReversed });

  return {
    submit,
    queue,
    group,
    preview,
    decide,
    offerReversal: reversal.offer,
    reverse: reversal.reverse,
    member: ports.member,
    mine,
    describe: ports.describe,
    countOpen: () => countOpenReports(dbh.db),
    byId: repo.byId,
  };
}

export type Reports = ReturnType<typeof createReports>;
export type { Report, ReportGroup, Reason, ReportStatus, ReportTarget };
