import type { Db, DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, ValidationError } from '../../platform/errors.ts';
import { format, t } from '../../strings/index.ts';
import { violatesUnique } from '../../platform/db/unique-violation.ts';

export type SystemAccountCode = 'issuance' | 'sink' | 'escrow' | 'revenue';
export const SYSTEM_ACCOUNTS: readonly SystemAccountCode[] = ['issuance', 'sink', 'escrow', 'revenue'];
export type AccountRef = { member: number } | { system: SystemAccountCode };

/** Integer points; + = the account gains, - = the account pays. */
export interface Posting {
  account: AccountRef;
  amount: number;
}

export interface PostInput {
  /** Stable code, e.g. 'reward.register', 'tip', 'mall.redeem', 'admin.adjust'. */
  reason: string;
  /** Human text (zh-CN) shown in the member's history. */
  memo?: string;
  /** What caused it, e.g. {type:'article', id}. */
  ref?: { type: string; id: number | string };
  /** Unique across the ledger; callers namespace it, e.g. `tip:${memberId}:${formKey}`. */
  idempotencyKey?: string;
  actorId?: number;
  /** >= 2 postings, non-zero integers, summing to 0. */
  postings: Posting[];
}

export interface LedgerTransaction {
  id: number;
  reason: string;
  memo: string;
  refType: string | null;
  refId: string | null;
  idempotencyKey: string | null;
  actorId: number | null;
  createdAt: string;
}

/** The largest amount one posting may move: far below 2^31 (integer columns) and 2^53. */
export const MAX_POSTING = 100_000_000;

/** Thrown by `post` when the idempotency key was already used. `once` turns it into `replay(earlier)`. */
export class IdempotencyReplay extends AppError {
  readonly key: string;
  /** Known when the earlier transaction was visible to the failed one; `once` looks it up otherwise. */
  readonly earlier: LedgerTransaction | undefined;
  constructor(key: string, earlier?: LedgerTransaction) {
    super('idempotency_replay', t.points.replayed, 409);
    this.name = 'IdempotencyReplay';
    this.key = key;
    this.earlier = earlier;
  }
}

export function insufficientPoints(): AppError {
  return new AppError('points_insufficient', t.points.insufficient, 409);
}

/** The SQL error of a concurrent duplicate idempotency key, on either dialect. */
export function isDuplicateKeyError(e: unknown): boolean {
  return violatesUnique(e, { sqlite: 'ledger_transactions.idempotency_key', pg: 'ledger_transactions_idempotency_key' });
}

/** PostgreSQL serialization failure or deadlock: the whole transaction may be run again. */
export function isRetryableError(e: unknown): boolean {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return code === '40001' || code === '40P01';
}

type TxRow = {
  id: number;
  reason: string;
  memo: string;
  ref_type: string | null;
  ref_id: string | null;
  idempotency_key: string | null;
  actor_id: number | null;
  created_at: string;
};

export function toTransaction(r: TxRow): LedgerTransaction {
  return {
    id: r.id,
    reason: r.reason,
    memo: r.memo,
    refType: r.ref_type,
    refId: r.ref_id,
    idempotencyKey: r.idempotency_key,
    actorId: r.actor_id,
    createdAt: r.created_at,
  };
}

const isSystemCode = (c: unknown): c is SystemAccountCode => typeof c === 'string' && (SYSTEM_ACCOUNTS as readonly string[]).includes(c);

/** Checks an amount a person typed or a caller computed; returns the message, or undefined when fine. */
export function amountProblem(n: unknown): string | undefined {
  if (typeof n !== 'number' || Number.isNaN(n)) return t.points.amountNotNumber;
  if (!Number.isFinite(n) || Math.abs(n) > MAX_POSTING) return format(t.points.amountTooLarge, { max: MAX_POSTING });
  if (!Number.isInteger(n)) return t.points.amountInteger;
  if (n === 0) return t.points.amountNonZero;
  return undefined;
}

/** Validates postings: >= 2, integer, non-zero, bounded, known accounts, summing to zero. */
export function validatePostings(input: PostInput): void {
  const bad = (msg: string): never => {
    throw new ValidationError({ postings: msg }, `${t.points.badPostings}：${msg}`);
  };
  if (typeof input.reason !== 'string' || input.reason.length === 0 || input.reason.length > 64) bad('reason');
  if (input.memo !== undefined && (typeof input.memo !== 'string' || input.memo.length > 500)) bad('memo');
  if (
    input.idempotencyKey !== undefined &&
    (typeof input.idempotencyKey !== 'string' || input.idempotencyKey.length === 0 || input.idempotencyKey.length > 200)
  )
    bad('idempotencyKey');
  if (!Array.isArray(input.postings) || input.postings.length < 2) bad(t.errors.postingsTooFew);
  let sum = 0;
  for (const p of input.postings) {
    const problem = amountProblem(p?.amount);
    if (problem) bad(problem);
    const a = p.account as { member?: unknown; system?: unknown };
    if ('member' in a) {
      if (!Number.isSafeInteger(a.member) || (a.member as number) <= 0) bad('member');
    } else if (!isSystemCode(a.system)) bad('account');
    sum += p.amount;
  }
  if (sum !== 0) bad(t.errors.postingsUnbalanced);
}

export function createLedger(deps: { dbh: DbHandle; clock: Clock }) {
  const { dbh, clock } = deps;
  const db = dbh.db;
  /** System account ids never change once the migration made them. */
  let systemIds: Map<SystemAccountCode, number> | undefined;

  async function systemAccountIds(trx: Db): Promise<Map<SystemAccountCode, number>> {
    if (systemIds) return systemIds;
    const rows = await trx.selectFrom('point_accounts').select(['id', 'code']).where('code', 'is not', null).execute();
    const m = new Map<SystemAccountCode, number>();
    for (const r of rows) if (isSystemCode(r.code)) m.set(r.code, r.id);
    for (const c of SYSTEM_ACCOUNTS) if (!m.has(c)) throw new Error(`system points account ${c} is missing`);
    systemIds = m;
    return m;
  }

  /** The member's account id, creating the account when it is not there yet. */
  async function memberAccountId(trx: Db, memberId: number): Promise<number> {
    const found = await trx.selectFrom('point_accounts').select('id').where('member_id', '=', memberId).executeTakeFirst();
    if (found) return found.id;
    await trx
      .insertInto('point_accounts')
      .values({ member_id: memberId, balance: 0, updated_at: clock.now().toISOString() })
      .onConflict((oc) => oc.column('member_id').doNothing())
      .execute();
    const row = await trx.selectFrom('point_accounts').select('id').where('member_id', '=', memberId).executeTakeFirstOrThrow();
    return row.id;
  }

  async function transactionByKeyIn(q: Db, key: string): Promise<LedgerTransaction | undefined> {
    const r = await q.selectFrom('ledger_transactions').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
    return r ? toTransaction(r) : undefined;
  }

  /**
   * Records one balanced transaction inside the caller's transaction.
   *
   * Balances move with a conditional update (`balance + amt >= 0`) in ascending account-id order, so
   * concurrent spends never deadlock each other and never overdraw: on PostgreSQL (READ COMMITTED) the
   * UPDATE takes the row lock and re-evaluates the condition against the committed balance; on SQLite
   * Kysely's driver has one connection guarded by a mutex (SqliteDriver.acquireConnection in
   * node_modules/kysely/dist/esm/dialect/sqlite/sqlite-driver.js), so transactions run one after another.
   */
  async function post(trx: Db, input: PostInput): Promise<{ transactionId: number }> {
    validatePostings(input);
    const now = clock.now().toISOString();
    const key = input.idempotencyKey;
    if (key !== undefined) {
      const earlier = await transactionByKeyIn(trx, key);
      if (earlier) throw new IdempotencyReplay(key, earlier);
    }

    // Resolve accounts (member accounts created in member-id order) and net each account's movement.
    const sys = await systemAccountIds(trx);
    const memberIds = [...new Set(input.postings.flatMap((p) => ('member' in p.account ? [p.account.member] : [])))].sort((a, b) => a - b);
    const memberAccount = new Map<number, number>();
    for (const m of memberIds) memberAccount.set(m, await memberAccountId(trx, m));
    const accountOf = (a: AccountRef) => ('member' in a ? memberAccount.get(a.member)! : sys.get(a.system)!);

    let txId: number;
    try {
      const row = await trx
        .insertInto('ledger_transactions')
        .values({
          reason: input.reason,
          memo: input.memo ?? '',
          ref_type: input.ref ? input.ref.type : null,
          ref_id: input.ref ? String(input.ref.id) : null,
          idempotency_key: key ?? null,
          actor_id: input.actorId ?? null,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      txId = row.id;
    } catch (e) {
      // A concurrent request with the same key committed first (PostgreSQL). This transaction is
      // aborted now, so the earlier one is looked up by `once`, outside it.
      if (key !== undefined && isDuplicateKeyError(e)) throw new IdempotencyReplay(key);
      throw e;
    }

    await trx
      .insertInto('ledger_entries')
      .values(input.postings.map((p) => ({ transaction_id: txId, account_id: accountOf(p.account), amount: p.amount, created_at: now })))
      .execute();

    const net = new Map<number, number>();
    for (const p of input.postings) net.set(accountOf(p.account), (net.get(accountOf(p.account)) ?? 0) + p.amount);
    const guarded = new Set([...memberAccount.values(), sys.get('escrow')!]);
    for (const [accountId, amount] of [...net.entries()].sort((a, b) => a[0] - b[0])) {
      if (amount === 0) continue;
      let q = trx
        .updateTable('point_accounts')
        .set((eb) => ({ balance: eb('balance', '+', amount), updated_at: now }))
        .where('id', '=', accountId);
      // Member accounts (and escrow, which holds members' points) never go below zero.
      if (guarded.has(accountId) && amount < 0) q = q.where((eb) => eb(eb('balance', '+', amount), '>=', 0));
      const r = await q.executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) {
        if (accountId === sys.get('escrow')) throw new AppError('ledger_escrow_short', 'escrow account would go below zero', 500);
        throw insufficientPoints();
      }
    }
    return { transactionId: txId };
  }

  /**
   * Runs `work` in a transaction, retrying PostgreSQL serialization failures and deadlocks. When `key`
   * (or the key `work` posted with) was already used, nothing of `work` is kept and `replay(earlier)`
   * answers instead.
   */
  async function once<T>(key: string | undefined, work: (trx: Db) => Promise<T>, replay: (earlier: LedgerTransaction) => Promise<T>): Promise<T> {
    if (key !== undefined) {
      const earlier = await transactionByKeyIn(db, key);
      if (earlier) return replay(earlier);
    }
    for (let attempt = 0; ; attempt++) {
      try {
        return await dbh.tx(work);
      } catch (e) {
        const dupKey = e instanceof IdempotencyReplay ? e.key : key !== undefined && isDuplicateKeyError(e) ? key : undefined;
        if (dupKey !== undefined && (key === undefined || dupKey === key)) {
          // Looked up after the failed transaction ended (on SQLite the one connection is free again).
          const earlier = (e instanceof IdempotencyReplay ? e.earlier : undefined) ?? (await transactionByKeyIn(db, dupKey));
          if (earlier && key !== undefined) return replay(earlier);
          throw e;
        }
        if (isRetryableError(e) && attempt < 5) {
          await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
          continue;
        }
        throw e;
      }
    }
  }

  async function balance(memberId: number, trx?: Db): Promise<number> {
    const r = await (trx ?? db).selectFrom('point_accounts').select('balance').where('member_id', '=', memberId).executeTakeFirst();
    return r?.balance ?? 0;
  }

  return {
    post,
    once,
    balance,
    transactionByKey: (key: string, trx?: Db) => transactionByKeyIn(trx ?? db, key),
    memberAccountId,
    systemAccountIds,
  };
}
