// Ad positions (广告位) and their calendars: staff CRUD, free places per day, and the capacity check a
// booking makes with the position locked.
import { type Db, type DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { check } from '../../platform/validation.ts';
import { format, t } from '../../strings/index.ts';
import type { Audit } from '../audit/index.ts';
import type { Member } from '../members/index.ts';
import { addDays, chinaDay, daysBetween, shortDay } from './ads.dates.ts';
import { CALENDAR_DAYS, PositionSchema, type PositionInput } from './ads.schema.ts';
import { HOLDING, toPosition, type AdPosition, type FreeDay } from './ads.model.ts';

const a = t.ads;

export function createAdPositions(deps: { dbh: DbHandle; clock: Clock; audit: Audit }) {
  const { dbh, clock, audit } = deps;
  const db = dbh.db;
  const nowIso = () => clock.now().toISOString();
  const today = () => chinaDay(clock.now());

  // ---- positions -------------------------------------------------------------------------------

  async function positions(opts: { activeOnly?: boolean } = {}): Promise<AdPosition[]> {
    let q = db.selectFrom('ad_positions').selectAll().orderBy('sort_order').orderBy('id');
    if (opts.activeOnly) q = q.where('active', '=', 1);
    return (await q.execute()).map(toPosition);
  }

  async function positionById(id: number, trx: Db = db): Promise<AdPosition> {
    const r = await trx.selectFrom('ad_positions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw new NotFoundError();
    return toPosition(r);
  }

  async function positionByCode(code: string, trx: Db = db): Promise<AdPosition | undefined> {
    const r = await trx.selectFrom('ad_positions').selectAll().where('code', '=', code).executeTakeFirst();
    return r ? toPosition(r) : undefined;
  }

  /**
   * Takes the position's row lock for the rest of the transaction, so two bookings of one position
   * check the calendar one after the other (PostgreSQL; SQLite transactions already run one at a time).
   */
  async function lockPosition(trx: Db, id: number): Promise<void> {
    await trx
      .selectFrom('ad_positions')
      .select('id')
      .where('id', '=', id)
      .$if(dbh.dialect === 'postgres', (q) => q.forUpdate())
      .execute();
  }

  function parsePosition(raw: Record<string, unknown>): PositionInput {
    const r = check(PositionSchema, raw);
    if (!r.ok) throw new ValidationError(r.fields);
    return r.data;
  }

  function positionValues(v: PositionInput) {
    return {
      code: v.code,
      name: v.name,
      description: v.description,
      width: v.width,
      height: v.height,
      kind: v.kind,
      price_per_day: v.pricePerDay,
      capacity: v.capacity,
      active: v.active === '1' ? 1 : 0,
      sort_order: v.sortOrder,
    };
  }

  async function savePosition(id: number | undefined, raw: Record<string, unknown>, actor: Member, ip: string): Promise<AdPosition> {
    const v = parsePosition(raw);
    const other = await positionByCode(v.code);
    if (other && other.id !== id) throw new ValidationError({ code: a.errCodeTaken });
    const saved = await dbh.tx(async (trx) => {
      let posId: number;
      if (id === undefined) {
        const row = await trx
          .insertInto('ad_positions')
          .values({ ...positionValues(v), created_at: nowIso(), updated_at: nowIso() })
          .returning('id')
          .executeTakeFirstOrThrow();
        posId = row.id;
      } else {
        await positionById(id, trx);
        await trx
          .updateTable('ad_positions')
          .set({ ...positionValues(v), updated_at: nowIso() })
          .where('id', '=', id)
          .execute();
        posId = id;
      }
      await audit.record(
        {
          actorId: actor.id,
          action: id === undefined ? 'ads.position.create' : 'ads.position.update',
          targetType: 'ad_position',
          targetId: posId,
          detail: { ...v },
          ip,
        },
        trx,
      );
      return posId;
    });
    return positionById(saved);
  }

  async function deletePosition(id: number, actor: Member, ip: string): Promise<void> {
    const p = await positionById(id);
    const used = await db.selectFrom('ads').select('id').where('position_id', '=', id).limit(1).executeTakeFirst();
    if (used) throw new ConflictError(a.errPositionUsed, 'ad_position_used');
    await dbh.tx(async (trx) => {
      await trx.deleteFrom('ad_positions').where('id', '=', id).execute();
      await audit.record(
        { actorId: actor.id, action: 'ads.position.delete', targetType: 'ad_position', targetId: id, detail: { code: p.code, name: p.name }, ip },
        trx,
      );
    });
  }

  // ---- calendar --------------------------------------------------------------------------------

  /** Ads holding a place on any day of [from, to] on this position, counted per day. */
  async function usage(trx: Db, positionId: number, from: string, to: string, exceptAdId?: number): Promise<Map<string, number>> {
    const rows = await trx
      .selectFrom('ads')
      .select(['id', 'starts_on', 'ends_on'])
      .where('position_id', '=', positionId)
      .where('status', 'in', HOLDING)
      .where('starts_on', '<=', to)
      .where('ends_on', '>=', from)
      .execute();
    const used = new Map<string, number>();
    for (const r of rows)
      if (r.id !== exceptAdId)
        for (const d of daysBetween(r.starts_on > from ? r.starts_on : from, r.ends_on < to ? r.ends_on : to)) used.set(d, (used.get(d) ?? 0) + 1);
    return used;
  }

  /** Free places per day for the next `n` days (the 广告服务 page). */
  async function calendar(p: AdPosition, n = CALENDAR_DAYS): Promise<FreeDay[]> {
    const from = today();
    const to = addDays(from, n - 1);
    const used = await usage(db, p.id, from, to);
    return daysBetween(from, to).map((day) => ({ day, free: Math.max(0, p.capacity - (used.get(day) ?? 0)) }));
  }

  /** Refuses a period when any of its days is full; call with the position locked. */
  async function assertRoom(trx: Db, p: AdPosition, from: string, to: string, exceptAdId?: number): Promise<void> {
    const used = await usage(trx, p.id, from, to, exceptAdId);
    const full = daysBetween(from, to).filter((d) => (used.get(d) ?? 0) >= p.capacity);
    if (full.length) {
      const list = full.slice(0, 5).map(shortDay).join('、') + (full.length > 5 ? '…' : '');
      throw new ValidationError({ startsOn: format(a.errFull, { days: list }) });
    }
  }

  return { positions, positionById, positionByCode, lockPosition, savePosition, deletePosition, calendar, assertRoom };
}
