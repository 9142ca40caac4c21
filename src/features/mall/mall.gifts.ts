import { sql, type Selectable } from 'kysely';
import { toNumber, type Database, type Db, type DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { escapeHtml } from '../../platform/html/jsx.ts';
import { sanitizeRichText } from '../../platform/html/sanitize.ts';
import { check } from '../../platform/validation.ts';
import { t } from '../../strings/index.ts';
import type { Audit } from '../audit/index.ts';
import { GiftInputSchema, type GiftInput } from './mall.schema.ts';

const s = t.mall;

/** The cache tag of every public mall page (list and gift pages). */
export const MALL_TAG = 'mall';

export interface Gift {
  id: number;
  name: string;
  picture: string;
  /** Sanitized HTML: print with `sanitizedHtml`. */
  descriptionHtml: string;
  price: number;
  stock: number;
  redeemed: number;
  availableFrom: string | null;
  availableUntil: string | null;
  /** 0 = no limit. */
  perMemberLimit: number;
  /** Empty = every member group. */
  groupIds: number[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export type Availability = 'open' | 'not_open' | 'ended';

/** Whether the gift's window is open at `nowIso` (ISO instants compare as text). */
export function availability(g: Pick<Gift, 'availableFrom' | 'availableUntil'>, nowIso: string): Availability {
  if (g.availableFrom && nowIso < g.availableFrom) return 'not_open';
  if (g.availableUntil && nowIso >= g.availableUntil) return 'ended';
  return 'open';
}

function parseGroupIds(v: string): number[] {
  try {
    const a: unknown = JSON.parse(v);
    return Array.isArray(a) ? a.filter((x): x is number => Number.isInteger(x)) : [];
  } catch {
    return [];
  }
}

export function toGift(r: Selectable<Database['mall_gifts']>): Gift {
  return {
    id: r.id,
    name: r.name,
    picture: r.picture,
    descriptionHtml: r.description,
    price: r.price,
    stock: r.stock,
    redeemed: r.redeemed,
    availableFrom: r.available_from,
    availableUntil: r.available_until,
    perMemberLimit: r.per_member_limit,
    groupIds: parseGroupIds(r.group_ids),
    active: r.active === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** A description as stored: HTML goes through the sanitizer; plain text becomes escaped paragraphs. */
export function descriptionHtml(raw: string): string {
  const text = raw.trim();
  if (!text) return '';
  if (/<[a-z!/]/i.test(text)) return sanitizeRichText(text);
  return text
    .split(/\n\s*\n/)
    .map((p) => `<p>${escapeHtml(p.trim()).replace(/\r?\n/g, '<br>')}</p>`)
    .join('');
}

/** What the admin's form sends besides the picture. */
export type RawGiftForm = Record<string, string | string[] | undefined>;

/** The picture change a save makes: a new URL, removal, or nothing. */
export type PictureChange = { set: string } | { remove: true } | undefined;

/** Gifts (礼品): the admin's create / edit / (de)activate, each audited, and the public lists. */
export function createGifts(deps: { dbh: DbHandle; clock: Clock; audit: Audit; groupIds: () => Promise<number[]>; purge: (tags: string[]) => void }) {
  const { dbh, clock, audit } = deps;
  const db = dbh.db;
  const nowIso = () => clock.now().toISOString();

  async function byId(id: number, trx: Db = db): Promise<Gift | undefined> {
    const r = await trx.selectFrom('mall_gifts').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toGift(r) : undefined;
  }

  async function mustGet(id: number, trx: Db = db): Promise<Gift> {
    const g = await byId(id, trx);
    if (!g) throw new NotFoundError(s.giftGone, 'mall_gift_not_found');
    return g;
  }

  /** Parses and checks the form; the member groups must exist. */
  async function parse(raw: RawGiftForm): Promise<GiftInput> {
    const r = check(GiftInputSchema, raw);
    if (!r.ok) throw new ValidationError(r.fields);
    if (r.data.groups.length) {
      const known = new Set(await deps.groupIds());
      if (r.data.groups.some((g) => !known.has(g))) throw new ValidationError({ groups: s.errGroups });
    }
    return r.data;
  }

  function columns(v: GiftInput) {
    return {
      name: v.name,
      description: descriptionHtml(v.description),
      price: v.price,
      stock: v.stock,
      per_member_limit: v.perMemberLimit,
      available_from: v.availableFrom,
      available_until: v.availableUntil,
      group_ids: JSON.stringify([...new Set(v.groups)].sort((a, b) => a - b)),
      active: v.active ? 1 : 0,
    };
  }

  async function create(raw: RawGiftForm, picture: string, who: { actorId: number; ip: string }): Promise<Gift> {
    const v = await parse(raw);
    const now = nowIso();
    const id = await dbh.tx(async (trx) => {
      const row = await trx
        .insertInto('mall_gifts')
        .values({ ...columns(v), picture, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit.record(
        { ...who, action: 'mall.gift.create', targetType: 'mall_gift', targetId: row.id, detail: { name: v.name, price: v.price, stock: v.stock } },
        trx,
      );
      return row.id;
    });
    deps.purge([MALL_TAG]);
    return mustGet(id);
  }

  /**
   * Saves the form over a gift. The edit form carries the stock it showed (`stockSeen`): the stock
   * moves by the difference the admin typed (restock +50 stays +50) and redemptions made while the
   * form was open are kept; an unchanged number leaves the stock alone. Never below 0. Without
   * `stockSeen` (a form that did not show one) the number typed in is the new stock.
   */
  async function update(id: number, raw: RawGiftForm, picture: PictureChange, who: { actorId: number; ip: string }): Promise<Gift> {
    const v = await parse(raw);
    await dbh.tx(async (trx) => {
      const before = await mustGet(id, trx);
      const delta = v.stockSeen === undefined ? undefined : v.stock - v.stockSeen;
      const { stock, ...rest } = columns(v);
      await trx
        .updateTable('mall_gifts')
        .set({
          ...rest,
          ...(delta === undefined ? { stock } : delta === 0 ? {} : { stock: sql<number>`case when stock + ${delta} < 0 then 0 else stock + ${delta} end` }),
          ...(picture && 'set' in picture ? { picture: picture.set } : picture ? { picture: '' } : {}),
          updated_at: nowIso(),
        })
        .where('id', '=', id)
        .execute();
      await audit.record(
        {
          ...who,
          action: 'mall.gift.update',
          targetType: 'mall_gift',
          targetId: id,
          detail: { name: v.name, price: [before.price, v.price], stock: [before.stock, (await mustGet(id, trx)).stock], active: v.active },
        },
        trx,
      );
    });
    deps.purge([MALL_TAG]);
    return mustGet(id);
  }

  async function setActive(id: number, active: boolean, who: { actorId: number; ip: string }): Promise<void> {
    await dbh.tx(async (trx) => {
      await mustGet(id, trx);
      await trx
        .updateTable('mall_gifts')
        .set({ active: active ? 1 : 0, updated_at: nowIso() })
        .where('id', '=', id)
        .execute();
      await audit.record({ ...who, action: active ? 'mall.gift.activate' : 'mall.gift.deactivate', targetType: 'mall_gift', targetId: id }, trx);
    });
    deps.purge([MALL_TAG]);
  }

  /** Active gifts whose window has not ended, newest first (the public list). */
  async function listPublic(): Promise<Gift[]> {
    const now = nowIso();
    const rows = await db
      .selectFrom('mall_gifts')
      .selectAll()
      .where('active', '=', 1)
      .where((eb) => eb.or([eb('available_until', 'is', null), eb('available_until', '>', now)]))
      .orderBy('id', 'desc')
      .limit(200)
      .execute();
    return rows.map(toGift);
  }

  /** Which of these gifts are on sale (active): their public page exists. */
  async function activeIds(ids: number[]): Promise<Set<number>> {
    if (!ids.length) return new Set();
    const rows = await db.selectFrom('mall_gifts').select('id').where('id', 'in', ids).where('active', '=', 1).execute();
    return new Set(rows.map((r) => r.id));
  }

  async function listAdmin(page: number, perPage: number): Promise<{ items: Gift[]; total: number }> {
    const [rows, n] = await Promise.all([
      db
        .selectFrom('mall_gifts')
        .selectAll()
        .orderBy('id', 'desc')
        .limit(perPage)
        .offset((page - 1) * perPage)
        .execute(),
      db
        .selectFrom('mall_gifts')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst(),
    ]);
    return { items: rows.map(toGift), total: toNumber(n?.n) };
  }

  return {
    byId,
    mustGet,
    parse,
    create,
    update,
    setActive,
    listPublic,
    activeIds,
    listAdmin,
    /** The clock's now as an ISO instant (for availability checks in views). */
    now: nowIso,
  };
}

export type Gifts = ReturnType<typeof createGifts>;
