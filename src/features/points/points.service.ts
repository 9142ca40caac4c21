import { sql } from 'kysely';
import type { Db, DbHandle } from '../../platform/db/index.ts';
import { toNumber } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { format, t } from '../../strings/index.ts';
import { amountProblem, createLedger, type SystemAccountCode } from './points.ledger.ts';
import { verifyLedger, type LedgerReport } from './points.verify.ts';
import { createLedgerLookups } from './points.lookups.ts';
import { createRewardRestore, createRewardTakeBack } from './points.takeback.ts';
import { typedNumber } from './points.numbers.ts';

export type RewardRule = 'register' | 'login' | 'article' | 'comment' | 'tip';
export const REWARD_RULES: readonly RewardRule[] = ['register', 'login', 'article', 'comment', 'tip'];

export interface RewardRuleSetting {
  rule: RewardRule;
  /** Points per reward; 0 switches the rule off. */
  points: number;
  /** Most points a member earns from this rule per day (Beijing time); 0 = no cap. */
  dailyCap: number;
}

export interface HistoryEntry {
  entryId: number;
  transactionId: number;
  amount: number;
  createdAt: string;
  reason: string;
  memo: string;
  refType: string | null;
  refId: string | null;
}

export interface ReasonRow {
  reason: string;
  count: number;
  /** Sum of the positive entries: how many points moved. */
  volume: number;
  /** Net of the entries on member accounts: what members gained (+) or paid (-). */
  memberNet: number;
}

export type RefLink = (id: string) => string | undefined;

/** Beijing time has no daylight saving: a fixed +08:00 offset gives the site's calendar day. */
const DAY_OFFSET_MS = 8 * 3600_000;
export function siteDay(d: Date): string {
  return new Date(d.getTime() + DAY_OFFSET_MS).toISOString().slice(0, 10);
}
/** The UTC instant at which the site day `yyyy-mm-dd` starts. */
export function siteDayStart(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - DAY_OFFSET_MS).toISOString();
}

/** A typed amount: digits with an optional sign (and, to refuse them clearly, decimals and exponents); NaN otherwise. */
export function parseAmount(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return Number.NaN;
  const x = typedNumber(v);
  // Digits only (an optional sign and decimals, which amountProblem then refuses): not 1e3, 0x10 or Infinity.
  return /^[+-]?\d+(\.\d+)?$/.test(x) ? Number(x) : Number.NaN;
}

/** The field errors of an admin adjustment (amount: ± integer, not 0, bounded; reason required). */
export function adjustmentProblems(amount: unknown, reason: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const problem =
    amount === undefined || (typeof amount === 'string' && typedNumber(amount) === '') ? t.points.amountRequired : amountProblem(parseAmount(amount));
  if (problem) fields.amount = problem;
  const r = reason.trim();
  if (r === '') fields.reason = t.points.reasonRequired;
  else if (r.length > 200) fields.reason = t.points.reasonTooLong;
  return fields;
}

/**
 * The points ledger and the reward rules. Every movement of points is a balanced transaction
 * (points.ledger.ts); this adds rewards and their reversal, admin adjustments, histories and reports.
 */
export function createPoints(deps: { dbh: DbHandle; clock: Clock }) {
  const { dbh, clock } = deps;
  const db = dbh.db;
  const ledger = createLedger(deps);

  /**
   * Locks a member's account (and issuance, which rewards and reversals move too) before reading it, in
   * ascending id order like `post`, so the read-then-post of a reward cannot race another one and lock
   * order never deadlocks. SQLite needs no lock: its transactions run one at a time.
   */
  async function lockAccount(trx: Db, accountId: number): Promise<number> {
    if (dbh.dialect === 'postgres') {
      const issuance = (await ledger.systemAccountIds(trx)).get('issuance')!;
      await trx.selectFrom('point_accounts').select('id').where('id', 'in', [issuance, accountId]).orderBy('id').forUpdate().execute();
    }
    return (await trx.selectFrom('point_accounts').select('balance').where('id', '=', accountId).executeTakeFirstOrThrow()).balance;
  }

  async function rules(): Promise<RewardRuleSetting[]> {
    const rows = await db.selectFrom('point_rules').selectAll().execute();
    const by = new Map(rows.map((r) => [r.rule, r]));
    return REWARD_RULES.map((rule) => ({ rule, points: by.get(rule)?.points ?? 0, dailyCap: by.get(rule)?.daily_cap ?? 0 }));
  }

  async function saveRules(values: RewardRuleSetting[]): Promise<void> {
    const bad: Record<string, string> = {};
    for (const v of values) {
      if (!Number.isInteger(v.points) || v.points < 0 || v.points > 100_000) bad[`${v.rule}.points`] = t.points.ruleBad;
      if (!Number.isInteger(v.dailyCap) || v.dailyCap < 0 || v.dailyCap > 100_000) bad[`${v.rule}.cap`] = t.points.ruleBad;
    }
    if (Object.keys(bad).length) throw new ValidationError(bad);
    const now = clock.now().toISOString();
    await dbh.tx(async (trx) => {
      for (const v of values) {
        if (!REWARD_RULES.includes(v.rule)) continue;
        await trx
          .insertInto('point_rules')
          .values({ rule: v.rule, points: v.points, daily_cap: v.dailyCap, updated_at: now })
          .onConflict((oc) => oc.column('rule').doUpdateSet({ points: v.points, daily_cap: v.dailyCap, updated_at: now }))
          .execute();
      }
    });
  }

  function rewardKey(memberId: number, rule: RewardRule, ref: { type: string; id: number | string } | undefined): string {
    if (rule === 'register') return `reward:register:${memberId}`;
    if (rule === 'login') return `reward:login:${memberId}:${siteDay(clock.now())}`;
    if (!ref) throw new Error(`reward ${rule} needs a ref`);
    return `reward:${rule}:${ref.id}`;
  }

  /**
   * Grants the rule's reward once per key (default keys: `reward:register:<memberId>`,
   * `reward:login:<memberId>:<yyyy-mm-dd>`, `reward:<rule>:<ref.id>`), trimmed to the rule's daily cap.
   * Returns the points granted (0 when the rule is off, the cap is reached or the key was used).
   */
  async function reward(
    memberId: number,
    rule: RewardRule,
    ref?: { type: string; id: number | string },
    opts: { key?: string; memo?: string } = {},
  ): Promise<number> {
    const setting = (await rules()).find((r) => r.rule === rule);
    if (!setting || setting.points <= 0) return 0;
    const key = opts.key ?? rewardKey(memberId, rule, ref);
    const reason = `reward.${rule}`;
    const memo = opts.memo ?? defaultMemo(rule);
    return ledger.once(
      key,
      async (trx) => {
        const accountId = await ledger.memberAccountId(trx, memberId);
        await lockAccount(trx, accountId); // the cap check below is per member: one at a time
        let amount = setting.points;
        let note = memo;
        if (setting.dailyCap > 0) {
          const r = await trx
            .selectFrom('ledger_entries as e')
            .innerJoin('ledger_transactions as x', 'x.id', 'e.transaction_id')
            .select((eb) => eb.fn.sum<number>('e.amount').as('s'))
            .where('e.account_id', '=', accountId)
            .where('x.reason', '=', reason)
            .where('x.created_at', '>=', siteDayStart(siteDay(clock.now())))
            .executeTakeFirst();
          const room = setting.dailyCap - toNumber(r?.s);
          if (room <= 0) return 0;
          if (room < amount) {
            amount = room;
            note = memo + format(t.points.memoCapped, { n: amount });
          }
        }
        await ledger.post(trx, {
          reason,
          memo: note,
          ...(ref ? { ref } : {}),
          idempotencyKey: key,
          actorId: memberId,
          postings: [
            { account: { system: 'issuance' }, amount: -amount },
            { account: { member: memberId }, amount },
          ],
        });
        return amount;
      },
      async () => 0,
    );
  }

  function defaultMemo(rule: RewardRule): string {
    if (rule === 'register') return t.points.memoRegister;
    if (rule === 'login') return format(t.points.memoLogin, { day: siteDay(clock.now()) });
    if (rule === 'article') return t.points.memoArticlePlain;
    if (rule === 'comment') return t.points.memoComment;
    return t.points.memoTip;
  }

  /**
   * Takes back the rewards granted for `ref` (content removed for a violation). A balance never goes
   * below zero: when the member already spent the points, what is available is taken and the memo
   * records the shortfall. Each reward is reversed at most once (key `reverse:<transactionId>`).
   */
  async function reverseRewards(ref: { type: string; id: number | string }, actorId?: number): Promise<number> {
    const granted = await db
      .selectFrom('ledger_transactions as x')
      .innerJoin('ledger_entries as e', 'e.transaction_id', 'x.id')
      .innerJoin('point_accounts as a', 'a.id', 'e.account_id')
      .select(['x.id', 'a.member_id', 'e.amount'])
      .where('x.ref_type', '=', ref.type)
      .where('x.ref_id', '=', String(ref.id))
      .where('x.reason', 'like', 'reward.%')
      .where('x.reason', '!=', 'reward.reverse')
      .where('a.member_id', 'is not', null)
      .where('e.amount', '>', 0)
      .execute();
    let taken = 0;
    for (const g of granted) {
      const memberId = g.member_id!;
      taken += await ledger.once(
        `reverse:${g.id}`,
        async (trx) => {
          const accountId = await ledger.memberAccountId(trx, memberId);
          const bal = await lockAccount(trx, accountId);
          const n = Math.min(g.amount, bal);
          if (n <= 0) return 0;
          await ledger.post(trx, {
            reason: 'reward.reverse',
            memo: n < g.amount ? format(t.points.memoReverseShort, { due: g.amount, n }) : format(t.points.memoReverse, { n }),
            ref,
            idempotencyKey: `reverse:${g.id}`,
            ...(actorId !== undefined ? { actorId } : {}),
            postings: [
              { account: { member: memberId }, amount: -n },
              { account: { system: 'issuance' }, amount: n },
            ],
          });
          return n;
        },
        async () => 0,
      );
    }
    return taken;
  }

  /**
   * Staff adjustment: + comes from issuance, - goes to the sink. `key` (from the form) makes a repeated
   * submit a no-op; `audit` runs in the adjustment's own transaction. Returns the new balance.
   */
  async function adjust(input: {
    actorId: number;
    memberId: number;
    amount: unknown;
    reason: string;
    key?: string;
    audit?: (trx: Db, r: { transactionId: number; amount: number }) => Promise<void>;
  }): Promise<{ transactionId: number; amount: number; balance: number; replayed: boolean }> {
    const fields = adjustmentProblems(input.amount, input.reason);
    if (Object.keys(fields).length) throw new ValidationError(fields);
    const n = parseAmount(input.amount);
    const reason = input.reason.trim();
    const key = input.key ? `admin.adjust:${input.actorId}:${input.key}`.slice(0, 200) : undefined;
    return ledger.once<{ transactionId: number; amount: number; balance: number; replayed: boolean }>(
      key,
      async (trx) => {
        const m = await trx.selectFrom('members').select('id').where('id', '=', input.memberId).executeTakeFirst();
        if (!m) throw new NotFoundError(t.points.memberNotFound);
        const other: SystemAccountCode = n > 0 ? 'issuance' : 'sink';
        const r = await ledger.post(trx, {
          reason: 'admin.adjust',
          memo: reason,
          actorId: input.actorId,
          ...(key ? { idempotencyKey: key } : {}),
          postings: [
            { account: { system: other }, amount: -n },
            { account: { member: input.memberId }, amount: n },
          ],
        });
        await input.audit?.(trx, { transactionId: r.transactionId, amount: n });
        return { transactionId: r.transactionId, amount: n, balance: await ledger.balance(input.memberId, trx), replayed: false };
      },
      async (earlier) => ({ transactionId: earlier.id, amount: n, balance: await ledger.balance(input.memberId), replayed: true }),
    );
  }

  async function history(memberId: number, opts: { limit: number; offset: number }): Promise<{ items: HistoryEntry[]; total: number }> {
    const acct = await db.selectFrom('point_accounts').select('id').where('member_id', '=', memberId).executeTakeFirst();
    if (!acct) return { items: [], total: 0 };
    const [rows, count] = await Promise.all([
      db
        .selectFrom('ledger_entries as e')
        .innerJoin('ledger_transactions as x', 'x.id', 'e.transaction_id')
        .select([
          'e.id as entryId',
          'x.id as transactionId',
          'e.amount',
          'e.created_at as createdAt',
          'x.reason',
          'x.memo',
          'x.ref_type as refType',
          'x.ref_id as refId',
        ])
        .where('e.account_id', '=', acct.id)
        .orderBy('e.id', 'desc')
        .limit(opts.limit)
        .offset(opts.offset)
        .execute(),
      db
        .selectFrom('ledger_entries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', acct.id)
        .executeTakeFirst(),
    ]);
    return { items: rows, total: toNumber(count?.n) };
  }

  async function accountReport(limit = 20): Promise<{
    system: { code: SystemAccountCode; balance: number }[];
    members: { memberId: number; username: string; displayName: string; balance: number }[];
    memberTotal: number;
  }> {
    const [sys, top, total] = await Promise.all([
      db.selectFrom('point_accounts').select(['code', 'balance']).where('code', 'is not', null).orderBy('id').execute(),
      db
        .selectFrom('point_accounts as a')
        .innerJoin('members as m', 'm.id', 'a.member_id')
        .select(['m.id as memberId', 'm.username', 'm.display_name as displayName', 'a.balance'])
        .orderBy('a.balance', 'desc')
        .orderBy('m.id')
        .limit(limit)
        .execute(),
      db
        .selectFrom('point_accounts')
        .select((eb) => eb.fn.sum<number>('balance').as('s'))
        .where('member_id', 'is not', null)
        .executeTakeFirst(),
    ]);
    return { system: sys.map((r) => ({ code: r.code as SystemAccountCode, balance: r.balance })), members: top, memberTotal: toNumber(total?.s) };
  }

  /** Sum and count per reason over [from, to) (ISO instants; either may be absent). */
  async function reasonReport(range: { from?: string; to?: string }): Promise<ReasonRow[]> {
    let q = db
      .selectFrom('ledger_transactions as x')
      .innerJoin('ledger_entries as e', 'e.transaction_id', 'x.id')
      .innerJoin('point_accounts as a', 'a.id', 'e.account_id')
      .select([
        'x.reason',
        sql<number>`count(distinct x.id)`.as('count'),
        sql<number>`sum(case when e.amount > 0 then e.amount else 0 end)`.as('volume'),
        sql<number>`sum(case when a.member_id is not null then e.amount else 0 end)`.as('memberNet'),
      ])
      .groupBy('x.reason')
      .orderBy('x.reason');
    if (range.from) q = q.where('x.created_at', '>=', range.from);
    if (range.to) q = q.where('x.created_at', '<', range.to);
    const rows = await q.execute();
    return rows.map((r) => ({ reason: r.reason, count: toNumber(r.count), volume: toNumber(r.volume), memberNet: toNumber(r.memberNet) }));
  }

  const refLinks = new Map<string, RefLink>([
    ['article', (id) => `/news/${encodeURIComponent(id)}.html`],
    ['comment', () => '/member/comments/'],
  ]);

  return {
    post: ledger.post,
    once: ledger.once,
    balance: ledger.balance,
    transactionByKey: ledger.transactionByKey,
    reward,
    reverseRewards,
    rules,
    saveRules,
    adjust,
    history,
    accountReport,
    reasonReport,
    verify: (): Promise<LedgerReport> => verifyLedger(db),
    ...createLedgerLookups(db),
    takeBackWhole: createRewardTakeBack({ ledger, lockAccount }),
    /** What take-downs reversed of `ref`'s rewards, given back once per reversal (points.takeback.ts). */
    restoreRewards: createRewardRestore({ db, ledger }),
    /** Lets a feature say where its ref type links to in histories (e.g. 'mall_order' → its order page). */
    registerRefLink(type: string, link: RefLink): void {
      refLinks.set(type, link);
    },
    refLink(type: string | null, id: string | null): string | undefined {
      if (!type || id === null) return undefined;
      return refLinks.get(type)?.(id);
    },
  };
}

export type Points = ReturnType<typeof createPoints>;
