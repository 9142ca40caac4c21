import type { Db } from '../../platform/db/index.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { check } from '../../platform/validation.ts';
import { t } from '../../strings/index.ts';
import type { Member } from '../members/index.ts';
import { matchKey, toKeyword, type Keyword, type PromotionCore } from './promotion.model.ts';
import { KeywordFormSchema } from './promotion.schema.ts';

const s = t.promotion;

/** 推广关键词: the admin-managed keywords (create, edit, deactivate, delete while unused); every change audited. */
export function createKeywords(core: PromotionCore) {
  const { dbh, clock, audit } = core;
  const db = dbh.db;
  const nowIso = () => clock.now().toISOString();
  const purgeWinners = core.purgeWinners;

  async function keywords(opts: { activeOnly?: boolean } = {}): Promise<Keyword[]> {
    let q = db.selectFrom('promotion_keywords').selectAll();
    if (opts.activeOnly) q = q.where('active', '=', 1);
    return (await q.orderBy('keyword').orderBy('id').execute()).map(toKeyword);
  }

  async function keywordById(id: number, trx: Db = db): Promise<Keyword> {
    const r = await trx.selectFrom('promotion_keywords').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw new NotFoundError(s.keywordGone, 'promotion_keyword_not_found');
    return toKeyword(r);
  }

  async function parseKeyword(raw: unknown) {
    const parsed = check(KeywordFormSchema, raw);
    if (!parsed.ok) throw new ValidationError(parsed.fields);
    const folded = matchKey(parsed.data.keyword);
    if (!folded) throw new ValidationError({ keyword: s.errKeyword });
    if (parsed.data.category !== null && !(await core.categories.byId(parsed.data.category))) throw new ValidationError({ category: s.errCategory });
    return { ...parsed.data, folded };
  }

  async function assertUnique(folded: string, exceptId?: number): Promise<void> {
    let q = db.selectFrom('promotion_keywords').select('id').where('keyword_folded', '=', folded);
    if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
    if (await q.executeTakeFirst()) throw new ValidationError({ keyword: s.errKeywordTaken });
  }

  async function createKeyword(raw: unknown, actor: Member, ip: string): Promise<Keyword> {
    const v = await parseKeyword(raw);
    await assertUnique(v.folded);
    const now = nowIso();
    const id = await dbh.tx(async (trx) => {
      const row = await trx
        .insertInto('promotion_keywords')
        .values({
          keyword: v.keyword,
          keyword_folded: v.folded,
          floor_price: v.floorPrice,
          slots: v.slots,
          active: v.active ? 1 : 0,
          category_id: v.category,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const detail = { keyword: v.keyword, floorPrice: v.floorPrice, slots: v.slots, active: Boolean(v.active), categoryId: v.category };
      await audit.record({ actorId: actor.id, action: 'promotion.keyword.create', targetType: 'promotion_keyword', targetId: row.id, detail, ip }, trx);
      return row.id;
    });
    purgeWinners();
    return keywordById(id);
  }

  /** Floor and slots apply to bids placed and rounds settled from now on; bids already held stay valid. */
  async function updateKeyword(id: number, raw: unknown, actor: Member, ip: string): Promise<Keyword> {
    const before = await keywordById(id);
    const v = await parseKeyword(raw);
    await assertUnique(v.folded, id);
    await dbh.tx(async (trx) => {
      await trx
        .updateTable('promotion_keywords')
        .set({
          keyword: v.keyword,
          keyword_folded: v.folded,
          floor_price: v.floorPrice,
          slots: v.slots,
          active: v.active ? 1 : 0,
          category_id: v.category,
          updated_at: nowIso(),
        })
        .where('id', '=', id)
        .execute();
      const detail = {
        from: { keyword: before.keyword, floorPrice: before.floorPrice, slots: before.slots, active: before.active, categoryId: before.categoryId },
        to: { keyword: v.keyword, floorPrice: v.floorPrice, slots: v.slots, active: Boolean(v.active), categoryId: v.category },
      };
      await audit.record({ actorId: actor.id, action: 'promotion.keyword.update', targetType: 'promotion_keyword', targetId: id, detail, ip }, trx);
    });
    purgeWinners();
    return keywordById(id);
  }

  /** Only a keyword nobody ever bid on can be deleted (bids are history); otherwise deactivate it. */
  async function deleteKeyword(id: number, actor: Member, ip: string): Promise<void> {
    const k = await keywordById(id);
    await dbh.tx(async (trx) => {
      const used = await trx.selectFrom('promotion_bids').select('id').where('keyword_id', '=', id).limit(1).executeTakeFirst();
      if (used) throw new ConflictError(s.errKeywordInUse, 'promotion_keyword_in_use');
      await trx.deleteFrom('promotion_keywords').where('id', '=', id).execute();
      await audit.record(
        { actorId: actor.id, action: 'promotion.keyword.delete', targetType: 'promotion_keyword', targetId: id, detail: { keyword: k.keyword }, ip },
        trx,
      );
    });
    purgeWinners();
  }

  return { keywords, keywordById, createKeyword, updateKeyword, deleteKeyword };
}

export type Keywords = ReturnType<typeof createKeywords>;
