import type { Selectable } from 'kysely';
import { toNumber, type Database, type Db, type DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { memoCopy, type SharedMemos } from '../../platform/cache/shared-memos.ts';
import { createQueryMemo } from '../../platform/db/query-memo.ts';
import { AppError, ValidationError, type FieldErrors } from '../../platform/errors.ts';
import { check } from '../../platform/validation.ts';
import { format, t } from '../../strings/index.ts';
import type { BannedWords } from '../banned-words/index.ts';
import type { Members } from '../members/index.ts';
import type { LedgerTransaction, Points } from '../points/index.ts';
import { DEFAULT_TIP_SETTINGS, parseAmount, parseFormKey, parseMessage, splitTip, TipSettingsSchema, type TipSettings } from './tips.schema.ts';

const s = t.tips;

export interface Tip {
  id: number;
  articleId: number;
  tipperId: number;
  authorId: number;
  amount: number;
  authorShare: number;
  siteShare: number;
  anonymous: boolean;
  message: string;
  ledgerTxId: number | null;
  createdAt: string;
}

/** A tip as lists show it: the tipper's name, or null when the tip was anonymous. */
export interface TipView extends Tip {
  tipperName: string | null;
}

export interface TipInput {
  memberId: number;
  articleId: number;
  amount: unknown;
  message?: unknown;
  anonymous?: boolean;
  /** The form's (or the API request's) idempotency key, before namespacing. */
  key?: unknown;
}

/**
 * The refusal limit of a caller (form and API): refused attempts (422) are counted apart from tips, under a
 * more generous limit, so a script cannot hammer the refusal path (each one reads the article and the
 * balance) while a member whose tip was refused once can still tip at once.
 */
export interface TipRefusalGate {
  /** Refuses (429) before any database read when the member's refusals are over their limit. */
  check(): Promise<void>;
  /** Counts one refused attempt. */
  refused(): Promise<void>;
}

export interface TipOptions {
  /** Counts an attempt that would be accepted (the tip rate limit); may refuse with 429. */
  admit?: () => Promise<void>;
  refusals?: TipRefusalGate;
}

/** The cache tags a tip on an article purges: its own pages (the 打赏 count) and its 打赏记录 fragments. */
export const tipTags = (articleId: number) => [`article:${articleId}`, `tips:${articleId}`];

/** Stable refusal codes; each is a 422 with a message a member understands. */
export class TipRefused extends AppError {
  constructor(code: 'tip_self' | 'tip_article_gone' | 'points_insufficient', message: string) {
    super(code, message, 422);
  }
}

function toTip(r: Selectable<Database['tips']>): Tip {
  return {
    id: r.id,
    articleId: r.article_id,
    tipperId: r.tipper_id,
    authorId: r.author_id,
    amount: r.amount,
    authorShare: r.author_share,
    siteShare: r.site_share,
    anonymous: r.anonymous === 1,
    message: r.message,
    ledgerTxId: r.ledger_tx_id,
    createdAt: r.created_at,
  };
}

export interface TipsDeps {
  dbh: DbHandle;
  clock: Clock;
  members: Members;
  bannedWords: BannedWords;
  points: Points;
  purge(tags: string[]): void;
  /** Every instance keeps the tip settings in memory: a change here drops the others' copies (with Redis). */
  memos?: SharedMemos | undefined;
  /** After a new tip (the author's 站内信); a failure never undoes the tip. */
  onTipped?: ((tip: Tip) => Promise<void>) | undefined;
}

/** The name under which instances tell each other to drop their copy of the tip settings (shared memos). */
const SETTINGS_MEMO = 'tips.settings';

/**
 * 打赏: a member gives points to an article's author. One call is one database transaction holding the
 * ledger transaction (tipper −amount, author +share, site revenue +rest), the tip row and the article's
 * `tip_count` (a counter this feature keeps, like favorites keeps `favorite_count`).
 */
export function createTips(deps: TipsDeps) {
  const { dbh, clock } = deps;
  const db = dbh.db;
  const run = createQueryMemo(db);
  // Dropped after a write here and, through the shared memos, after one on another instance.
  const kept = memoCopy(async (): Promise<TipSettings> => {
    const r = await db.selectFrom('tip_settings').selectAll().where('id', '=', 1).executeTakeFirst();
    if (!r) return DEFAULT_TIP_SETTINGS;
    let presets: unknown = [];
    try {
      presets = JSON.parse(r.presets);
    } catch {
      /* a corrupt row falls back to the defaults below */
    }
    const parsed = check(TipSettingsSchema, { presets, sharePercent: r.share_percent, minAmount: r.min_amount, maxAmount: r.max_amount });
    return parsed.ok ? parsed.data : DEFAULT_TIP_SETTINGS;
  });
  deps.memos?.on(SETTINGS_MEMO, kept.drop);
  const settings = () => kept.get();

  /** Validate the whole form, then store it; a failure is a ValidationError naming each bad field. */
  async function updateSettings(raw: unknown): Promise<TipSettings> {
    const parsed = check(TipSettingsSchema, raw);
    if (!parsed.ok) throw new ValidationError(parsed.fields);
    const v = parsed.data;
    const row = {
      presets: JSON.stringify(v.presets),
      share_percent: v.sharePercent,
      min_amount: v.minAmount,
      max_amount: v.maxAmount,
      updated_at: clock.now().toISOString(),
    };
    await db
      .insertInto('tip_settings')
      .values({ id: 1, ...row })
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
    kept.drop();
    deps.memos?.changed(SETTINGS_MEMO);
    return settings();
  }

  /** Check the input before any transaction: every bad field at once, nothing written. */
  async function validate(input: TipInput, st: TipSettings): Promise<{ amount: number; message: string }> {
    const fields: FieldErrors = {};
    const amount = parseAmount(input.amount, st);
    if (!amount.ok) fields.amount = amount.message;
    const message = parseMessage(input.message);
    if (!message.ok) fields.message = message.message;
    else if (message.value) {
      const banned = await deps.bannedWords.find(message.value);
      if (banned.length) fields.message = format(s.errMessageBanned, { words: banned.join('、') });
    }
    if (!amount.ok || !message.ok || fields.message) throw new ValidationError(fields, s.formHasErrors);
    return { amount: amount.value, message: message.value };
  }

  async function byLedgerTx(trx: Db, txId: number): Promise<Tip | undefined> {
    const r = await trx.selectFrom('tips').selectAll().where('ledger_tx_id', '=', txId).executeTakeFirst();
    return r ? toTip(r) : undefined;
  }

  /**
   * Tip an article's author. Refused (TipRefused, nothing moved) for the member's own article, an
   * article that is not public, or a balance below the amount. With a key already used by this member
   * the earlier tip is returned (`replayed: true`) and nothing moves again.
   */
  async function tip(input: TipInput, opts: TipOptions = {}): Promise<{ tip: Tip; replayed: boolean }> {
    const formKey = parseFormKey(input.key);
    const key = formKey === undefined ? undefined : `tip:${input.memberId}:${formKey}`;
    // A retry with the same key answers with the first tip before anything else (no rate limit).
    if (key !== undefined) {
      const earlier = await deps.points.transactionByKey(key);
      const found = earlier ? await byLedgerTx(db, earlier.id) : undefined;
      if (found) return { tip: found, replayed: true };
    }
    // A member over the refusal limit is answered before anything else is read.
    await opts.refusals?.check();
    try {
      return await attempt(input, key, opts);
    } catch (e) {
      if (e instanceof AppError && e.status === 422) await opts.refusals?.refused();
      throw e;
    }
  }

  async function attempt(input: TipInput, key: string | undefined, opts: TipOptions): Promise<{ tip: Tip; replayed: boolean }> {
    const points = deps.points;
    const st = await settings();
    const v = await validate(input, st);
    if (opts.admit) {
      // Only an attempt that would be accepted counts against the caller's limit (`admit`, e.g. the
      // rate limit): a refused one (积分不足, own article…) is answered first and costs nothing.
      await refusal(input.memberId, input.articleId, v.amount);
      await opts.admit();
    }
    const nowIso = clock.now().toISOString();

    const result = await points
      .once<{ tip: Tip; replayed: boolean }>(
        key,
        async (trx) => {
          const a = await trx
            .selectFrom('articles')
            .select(['id', 'author_id', 'title', 'status', 'published_at'])
            .where('id', '=', input.articleId)
            .executeTakeFirst();
          if (!a || a.status !== 'published' || !a.published_at || a.published_at > nowIso) throw new TipRefused('tip_article_gone', s.errArticleGone);
          if (a.author_id === input.memberId) throw new TipRefused('tip_self', s.errSelfTip);
          const split = splitTip(v.amount, st.sharePercent);
          const postings = [
            { account: { member: input.memberId }, amount: -v.amount },
            ...(split.author > 0 ? [{ account: { member: a.author_id }, amount: split.author }] : []),
            ...(split.site > 0 ? [{ account: { system: 'revenue' as const }, amount: split.site }] : []),
          ];
          const { transactionId } = await points.post(trx, {
            reason: 'tip',
            memo: format(s.memo, { title: a.title.slice(0, 60) }),
            ref: { type: 'article', id: a.id },
            ...(key ? { idempotencyKey: key } : {}),
            actorId: input.memberId,
            postings,
          });
          const row = await trx
            .insertInto('tips')
            .values({
              article_id: a.id,
              tipper_id: input.memberId,
              author_id: a.author_id,
              amount: v.amount,
              author_share: split.author,
              site_share: split.site,
              anonymous: input.anonymous ? 1 : 0,
              message: v.message,
              ledger_tx_id: transactionId,
              created_at: nowIso,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          await trx
            .updateTable('articles')
            .set((eb) => ({ tip_count: eb('tip_count', '+', 1) }))
            .where('id', '=', a.id)
            .execute();
          return { tip: toTip(row), replayed: false };
        },
        async (earlier: LedgerTransaction) => {
          const found = await byLedgerTx(db, earlier.id);
          // The key was spent on something that is not a tip: treat the form as stale.
          if (!found) throw new ValidationError({ key: s.errKey }, s.errKey);
          return { tip: found, replayed: true };
        },
      )
      .catch(async (e: unknown) => {
        if (e instanceof AppError && e.code === 'points_insufficient' && !(e instanceof TipRefused)) {
          const balance = await points.balance(input.memberId);
          throw new TipRefused('points_insufficient', format(s.errInsufficient, { balance, amount: v.amount }));
        }
        throw e;
      });

    if (!result.replayed) {
      deps.purge(tipTags(input.articleId));
      await rewardAuthor(result.tip);
      await deps.onTipped?.(result.tip).catch(() => undefined);
    }
    return result;
  }

  /** The refusals `tip` would meet in its transaction, checked ahead (that transaction checks them again). */
  async function refusal(memberId: number, articleId: number, amount: number): Promise<void> {
    const nowIso = clock.now().toISOString();
    const a = await db.selectFrom('articles').select(['author_id', 'status', 'published_at']).where('id', '=', articleId).executeTakeFirst();
    if (!a || a.status !== 'published' || !a.published_at || a.published_at > nowIso) throw new TipRefused('tip_article_gone', s.errArticleGone);
    if (a.author_id === memberId) throw new TipRefused('tip_self', s.errSelfTip);
    const balance = await deps.points.balance(memberId);
    if (balance < amount) throw new TipRefused('points_insufficient', format(s.errInsufficient, { balance, amount }));
  }

  /** The "receiving a tip" reward rule (points feature); a failure never undoes the tip. */
  async function rewardAuthor(tipRow: Tip): Promise<void> {
    try {
      await deps.points.reward(tipRow.authorId, 'tip', { type: 'tip', id: tipRow.id });
    } catch {
      /* a reward is a bonus: a cap or a disabled rule must not turn a tip into an error */
    }
  }

  async function withNames(rows: Array<Selectable<Database['tips']>>): Promise<TipView[]> {
    const tips = rows.map(toTip);
    const names = await deps.members.byIds([...new Set(tips.filter((x) => !x.anonymous).map((x) => x.tipperId))]);
    return tips.map((x) => {
      const m = x.anonymous ? undefined : names.get(x.tipperId);
      return { ...x, tipperName: m ? m.displayName || m.username : null };
    });
  }

  async function pageOf(
    col: 'article_id' | 'tipper_id' | 'author_id',
    id: number,
    page: number,
    perPage: number,
  ): Promise<{ items: TipView[]; total: number; sum: number }> {
    const q = db.selectFrom('tips').where(col, '=', id);
    // 打赏记录 is on every uncached article page: the page query is built and compiled once per column.
    const rows = await run(`page|${col}`, [id, perPage, (page - 1) * perPage], (v) =>
      db.selectFrom('tips').where(col, '=', v(0)).selectAll().orderBy('id', 'desc').limit(v(1)).offset(v(2)),
    );
    const items = await withNames(rows);
    // A first page that is not full holds every tip: count and sum it here (most articles' 打赏记录).
    if (page === 1 && rows.length < perPage) {
      return { items, total: rows.length, sum: rows.reduce((n, r) => n + (col === 'author_id' ? r.author_share : r.amount), 0) };
    }
    const agg = await q.select((eb) => [eb.fn.countAll().as('n'), eb.fn.sum(col === 'author_id' ? 'author_share' : 'amount').as('total')]).executeTakeFirst();
    return { items, total: toNumber(agg?.n), sum: toNumber(agg?.total) };
  }

  return {
    settings,
    updateSettings,
    tip,
    /** The latest tips of an article, newest first, and how many there are (打赏记录). */
    latestFor: (articleId: number, n: number) => pageOf('article_id', articleId, 1, n),
    /** Tips the member gave (我的打赏). */
    given: (memberId: number, page: number, perPage: number) => pageOf('tipper_id', memberId, page, perPage),
    /** Tips the member's articles received; `sum` is what the member got (their shares). */
    received: (memberId: number, page: number, perPage: number) => pageOf('author_id', memberId, page, perPage),
    balance: (memberId: number): Promise<number> => deps.points.balance(memberId),
  };
}

export type Tips = ReturnType<typeof createTips>;
