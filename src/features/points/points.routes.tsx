import { randomUUID } from 'node:crypto';
import { assetUrl } from '../../platform/html/asset-url.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, Fragment } from '../../platform/html/jsx.ts';
import { clientIp } from '../../platform/http/app.ts';
import { NotFoundError, ValidationError, isAppError, type FieldErrors } from '../../platform/errors.ts';
import { format, t } from '../../strings/index.ts';
import type { Audit } from '../audit/index.ts';
import type { Console } from '../console/index.ts';
import type { Guards, Member, Members } from '../members/index.ts';
import { REWARD_RULES, adjustmentProblems, siteDayStart, type HistoryEntry, type Points, type RewardRuleSetting } from './points.service.ts';
import { adjustedFlash, LedgerPage, MemberLedger, MyPoints, RulesPage, type AdjustValues } from './views/points-pages.tsx';
import { registerPointsApi } from './points.api.ts';

const s = t.points;
const PER_PAGE = 20;
const RULE_MAX = 100_000;

export interface PointsDeps {
  points: Points;
  members: Members;
  /** Which articles are public now: 积分明细 links only to those (main.ts passes the articles service). */
  articles?: { getPublishedMany(ids: number[]): Promise<Array<{ id: number }>> };
  guards: Guards;
  console: Console;
  audit: Audit;
  /** After an admin adjusted a member's points (the member's 站内信): the amount, the reason, the new balance. */
  onAdjusted?: ((e: { memberId: number; amount: number; reason: string; balance: number }) => Promise<void>) | undefined;
}

type Q = Record<string, string | undefined>;
const bodyOf = (req: FastifyRequest) => (req.body && typeof req.body === 'object' ? req.body : {}) as Q;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

function pageParam(v: string | undefined): number {
  if (v === undefined || v === '') return 1;
  if (!/^[1-9]\d{0,4}$/.test(v)) throw new NotFoundError();
  return Number(v);
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (v: string) => DAY_RE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
const nextDay = (v: string) => new Date(Date.parse(`${v}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** 我的积分 (/member/points/ and GET /api/v1/points), 积分账本 (/admin/points/) and 积分规则 (/admin/points/rules); admin pages are for admins. */
export function registerPoints(app: FastifyInstance, deps: PointsDeps): void {
  const { points, guards } = deps;
  registerPointsApi(app, deps);

  /** An entry about an article links to it only while it is public (a taken-down article's page is a 404). */
  async function linksFor(items: HistoryEntry[]) {
    const articleIds = [...new Set(items.flatMap((e) => (e.refType === 'article' && /^\d{1,10}$/.test(e.refId ?? '') ? [Number(e.refId)] : [])))];
    const live = new Set(deps.articles && articleIds.length ? (await deps.articles.getPublishedMany(articleIds)).map((a) => a.id) : []);
    return (e: { refType: string | null; refId: string | null }) =>
      e.refType === 'article' && !live.has(Number(e.refId)) ? undefined : points.refLink(e.refType, e.refId);
  }

  app.get<{ Querystring: Q }>('/member/points/', async (req, reply) => {
    const me = await guards.member(req);
    const page = pageParam(req.query.page);
    const [balance, h1] = await Promise.all([points.balance(me.id), points.history(me.id, { limit: PER_PAGE, offset: (page - 1) * PER_PAGE })]);
    const pages = Math.max(1, Math.ceil(h1.total / PER_PAGE));
    if (page > pages) throw new NotFoundError();
    const linkFor = await linksFor(h1.items);
    const body = (
      <>
        <link rel="stylesheet" href={assetUrl('points.css')} />
        <MyPoints balance={balance} items={h1.items} page={page} pages={pages} linkFor={linkFor} />
      </>
    );
    return deps.console.member(req, reply, me, { title: s.myPoints, current: '/member/points/', body });
  });

  async function renderLedger(
    req: FastifyRequest<{ Querystring: Q }>,
    reply: FastifyReply,
    me: Member,
    over: { values?: AdjustValues; errors?: FieldErrors; message?: string; status?: number; flash?: string } = {},
  ) {
    const q = req.query ?? {};
    const from = str(q.from).trim();
    const to = str(q.to).trim();
    let rangeError: string | undefined;
    if ((from && !validDay(from)) || (to && !validDay(to))) rangeError = s.dateBad;
    else if (from && to && from > to) rangeError = s.dateOrder;
    const range = rangeError ? {} : { ...(from ? { from: siteDayStart(from) } : {}), ...(to ? { to: siteDayStart(nextDay(to)) } : {}) };
    const [acc, reasons] = await Promise.all([points.accountReport(), points.reasonReport(range)]);
    const body = (
      <>
        <link rel="stylesheet" href={assetUrl('points.css')} />
        <LedgerPage
          {...acc}
          reasons={reasons}
          range={{ from, to, ...(rangeError ? { error: rangeError } : {}) }}
          csrf={deps.console.csrf(req, reply)}
          adjust={{
            values: over.values ?? { username: '', amount: '', reason: '', key: randomUUID() },
            ...(over.errors ? { errors: over.errors } : {}),
            ...(over.message ? { message: over.message } : {}),
          }}
        />
      </>
    );
    return deps.console.admin(req, reply, me, {
      title: s.ledger,
      current: '/admin/points/',
      body,
      status: over.status ?? (rangeError ? 422 : 200),
      ...(over.flash ? { flash: over.flash } : {}),
    });
  }

  app.get<{ Querystring: Q }>('/admin/points/', async (req, reply) => {
    const me = await guards.admin(req);
    // The flash names the adjustment by its ledger transaction and reads member and amount from it:
    // nothing in the URL is believed.
    let flash: string | undefined;
    const txId = /^[1-9]\d{0,9}$/.test(str(req.query.adjusted)) ? Number(req.query.adjusted) : undefined;
    const adj = txId !== undefined && txId <= 2_147_483_647 ? await points.adjustment(txId) : undefined;
    const m = adj ? await deps.members.byId(adj.memberId) : undefined;
    if (adj && m) flash = adjustedFlash(m.username, adj.amount, await points.balance(m.id));
    return renderLedger(req, reply, me, flash ? { flash } : {});
  });

  // One member's 积分明细, for admins like the rest of the ledger (linked from 会员管理 and the top list).
  app.get<{ Params: { id: string }; Querystring: Q }>('/admin/points/members/:id', async (req, reply) => {
    const me = await guards.admin(req);
    const id = /^[1-9]\d{0,9}$/.test(req.params.id) ? Number(req.params.id) : 0;
    const member = id && id <= 2_147_483_647 ? await deps.members.byId(id) : undefined;
    if (!member) throw new NotFoundError();
    const page = pageParam(req.query.page);
    const [balance, h1] = await Promise.all([points.balance(id), points.history(id, { limit: PER_PAGE, offset: (page - 1) * PER_PAGE })]);
    const pages = Math.max(1, Math.ceil(h1.total / PER_PAGE));
    if (page > pages) throw new NotFoundError();
    const body = (
      <>
        <link rel="stylesheet" href={assetUrl('points.css')} />
        <MemberLedger member={member} balance={balance} items={h1.items} total={h1.total} page={page} pages={pages} linkFor={await linksFor(h1.items)} />
      </>
    );
    return deps.console.admin(req, reply, me, { title: format(s.memberLedgerTitle, { name: member.username }), current: '/admin/points/', body });
  });

  app.post<{ Querystring: Q }>('/admin/points/adjust', async (req, reply) => {
    const me = await guards.admin(req);
    const b = bodyOf(req);
    const values: AdjustValues = {
      username: str(b.username).trim().slice(0, 32),
      amount: str(b.amount).slice(0, 20),
      reason: str(b.reason).slice(0, 300),
      key: str(b.key).slice(0, 64) || randomUUID(),
    };
    try {
      const member = values.username ? await deps.members.byUsername(values.username) : undefined;
      if (!member) {
        // Name every bad field at once.
        const fields: FieldErrors = { ...adjustmentProblems(values.amount, values.reason), username: values.username ? s.memberNotFound : s.memberRequired };
        throw new ValidationError(fields);
      }
      const r = await points.adjust({
        actorId: me.id,
        memberId: member.id,
        amount: values.amount,
        reason: values.reason,
        key: values.key,
        audit: (trx, x) =>
          deps.audit.record(
            {
              actorId: me.id,
              action: 'points.adjust',
              targetType: 'member',
              targetId: member.id,
              detail: { amount: x.amount, reason: values.reason.trim(), transactionId: x.transactionId },
              ip: clientIp(req),
            },
            trx,
          ),
      });
      if (!r.replayed) await deps.onAdjusted?.({ memberId: member.id, amount: r.amount, reason: values.reason.trim(), balance: r.balance });
      return reply.redirect(`/admin/points/?adjusted=${r.transactionId}`, 303);
    } catch (e) {
      if (!isAppError(e) || e.status >= 500) throw e;
      return renderLedger(req, reply, me, { values, ...(e.fields ? { errors: e.fields } : {}), message: e.message, status: e.status });
    }
  });

  app.get('/admin/points/rules', async (req, reply) => {
    const me = await guards.admin(req);
    const body = (
      <>
        <link rel="stylesheet" href={assetUrl('points.css')} />
        <RulesPage rules={await points.rules()} csrf={deps.console.csrf(req, reply)} />
      </>
    );
    const flash = (req.query as Q).saved === '1' ? s.rulesSaved : undefined;
    return deps.console.admin(req, reply, me, { title: s.rulesTitle, current: '/admin/points/rules', body, ...(flash ? { flash } : {}) });
  });

  app.post('/admin/points/rules', async (req, reply) => {
    const me = await guards.admin(req);
    const b = bodyOf(req);
    const values: Record<string, string> = {};
    const errors: FieldErrors = {};
    const next: RewardRuleSetting[] = [];
    for (const rule of REWARD_RULES) {
      const nums: number[] = [];
      for (const part of ['points', 'cap'] as const) {
        const name = `${rule}.${part}`;
        const raw = str(b[name]).trim();
        values[name] = raw.slice(0, 20);
        const n = /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
        if (!(n >= 0 && n <= RULE_MAX)) errors[name] = `${s.rules[rule]}：${s.ruleBad}`;
        nums.push(n);
      }
      next.push({ rule, points: nums[0]!, dailyCap: nums[1]! });
    }
    if (Object.keys(errors).length) {
      const body = (
        <>
          <link rel="stylesheet" href={assetUrl('points.css')} />
          <RulesPage rules={await points.rules()} values={values} errors={errors} csrf={deps.console.csrf(req, reply)} />
        </>
      );
      return deps.console.admin(req, reply, me, { title: s.rulesTitle, current: '/admin/points/rules', body, status: 422 });
    }
    await points.saveRules(next);
    await deps.audit.record({ actorId: me.id, action: 'points.rules', targetType: 'points', detail: { rules: next }, ip: clientIp(req) });
    return reply.redirect('/admin/points/rules?saved=1', 303);
  });
}
