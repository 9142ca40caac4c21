import { toNumber, type Db, type DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, ConflictError, NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.ts';
import { check } from '../../platform/validation.ts';
import type { Storage } from '../../platform/storage/index.ts';
import { format, t } from '../../strings/index.ts';
import { createAdPositions } from './ads.positions.ts';
import { HOLDING, toAd, type Ad, type AdPosition } from './ads.model.ts';
import type { Audit } from '../audit/index.ts';
import type { Member } from '../members/index.ts';
import type { Points } from '../points/index.ts';
import { addDays, chinaDay } from './ads.dates.ts';
import { removeAdImage, storeAdImage, type AdUpload } from './ads.image.ts';
import { BOOK_AHEAD_DAYS, BookingSchema, HTML_MAX, StaffAdSchema, type AdStatus } from './ads.schema.ts';
import { createAdDecisions, type AdDecisionDeps } from './ads.decisions.ts';
import { createAdCounters, type Visitor } from './ads.counters.ts';
import type { SharedClaims } from '../../platform/counters/shared-claims.ts';
import type { SharedAllowances } from '../../platform/counters/shared-allowances.ts';

export type { Ad, AdPosition, FreeDay } from './ads.model.ts';

const a = t.ads;

export interface AdsDeps {
  dbh: DbHandle;
  clock: Clock;
  audit: Audit;
  points: Points;
  storage: Storage;
  /** How often counted impressions are written (ms; default 10 s) and how long a visitor counts once per ad (default 30 min). */
  impressionFlushMs?: number;
  impressionWindowMs?: number;
  /** Once-per-window across app instances (Redis); per process when absent. */
  sharedClaims?: SharedClaims;
  /** The one click a counted impression allows, usable on any app instance (Redis); per process when absent. */
  sharedAllowances?: SharedAllowances;
  /** Where Redis errors while counting go (counting then follows this process's rule); default stderr, rate-limited. */
  onSharedError?: (e: unknown) => void;
  /** After staff approved, rejected or stopped a member's booking (the member's 站内信). */
  onAdDecided?: AdDecisionDeps['onAdDecided'];
}

export function createAds(deps: AdsDeps) {
  const { dbh, clock, audit, points, storage } = deps;
  const db = dbh.db;
  const nowIso = () => clock.now().toISOString();
  const today = () => chinaDay(clock.now());

  const adPositions = createAdPositions({ dbh, clock, audit });
  const counters = createAdCounters({
    dbh,
    clock,
    flushMs: deps.impressionFlushMs ?? 10_000,
    windowMs: deps.impressionWindowMs ?? 30 * 60_000,
    shared: deps.sharedClaims,
    allowances: deps.sharedAllowances,
    ...(deps.onSharedError ? { onSharedError: deps.onSharedError } : {}),
  });
  /** Stored impressions and clicks plus those counted in memory and not yet written. */
  const withPending = (ad: Ad): Ad => {
    const p = counters.pendingOf(ad.id);
    return { ...ad, impressions: ad.impressions + p.impressions, clicks: ad.clicks + p.clicks };
  };
  const { positions, positionById, positionByCode, lockPosition, savePosition, deletePosition, calendar, assertRoom } = adPositions;

  function checkStart(startsOn: string, fields: FieldErrors): void {
    if (startsOn < today()) fields.startsOn = a.errDatePast;
    else if (startsOn > addDays(today(), BOOK_AHEAD_DAYS)) fields.startsOn = format(a.errDateFar, { n: BOOK_AHEAD_DAYS });
  }

  // ---- member bookings -------------------------------------------------------------------------

  /**
   * A member books a position: checks the form and the calendar, stores the picture, and in one
   * transaction inserts the pending ad and moves the price from the member to the site's revenue.
   * The form's key makes a repeated submit return the first booking instead of paying twice.
   */
  async function book(member: Member, raw: Record<string, unknown>, upload?: AdUpload): Promise<{ id: number; price: number; replayed: boolean }> {
    const parsed = check(BookingSchema, raw);
    const fields: FieldErrors = parsed.ok ? {} : { ...parsed.fields };
    const position = typeof raw.position === 'string' ? await positionByCode(raw.position.trim()) : undefined;
    if (!position) fields.position = a.errPosition;
    else if (!position.active) fields.position = a.errPositionClosed;
    else if (position.kind === 'html') fields.position = a.errPositionHtml;
    if (parsed.ok) checkStart(parsed.data.startsOn, fields);
    if (position?.kind === 'image' && !upload) fields.image ??= a.errImageRequired;
    if (!parsed.ok || !position || Object.keys(fields).length) throw new ValidationError(fields);
    const v = parsed.data;
    const key = `ads:${member.id}:${v.key}`;
    // A repeated submit: answer with the first booking before touching the upload.
    const earlier = await points.transactionByKey(key);
    if (earlier) return { id: Number(earlier.refId), price: position.pricePerDay * v.days, replayed: true };

    const imageUrl = position.kind === 'image' && upload ? await storeAdImage(storage, clock.now(), upload, position) : '';
    const endsOn = addDays(v.startsOn, v.days - 1);
    const price = position.pricePerDay * v.days;
    try {
      return await points.once<{ id: number; price: number; replayed: boolean }>(
        key,
        async (trx) => {
          await lockPosition(trx, position.id);
          const p = await positionById(position.id, trx);
          if (!p.active) throw new ValidationError({ position: a.errPositionClosed });
          await assertRoom(trx, p, v.startsOn, endsOn);
          const row = await trx
            .insertInto('ads')
            .values({
              position_id: p.id,
              kind: p.kind,
              title: v.title,
              image_url: imageUrl,
              target_url: v.targetUrl,
              starts_on: v.startsOn,
              ends_on: endsOn,
              days: v.days,
              member_id: member.id,
              created_by: member.id,
              price,
              status: 'pending',
              created_at: nowIso(),
              updated_at: nowIso(),
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          if (price > 0)
            await points.post(trx, {
              reason: 'ads.booking',
              memo: format(a.memo, { name: p.name, days: v.days }),
              ref: { type: 'ad_booking', id: row.id },
              idempotencyKey: key,
              actorId: member.id,
              postings: [
                { account: { member: member.id }, amount: -price },
                { account: { system: 'revenue' }, amount: price },
              ],
            });
          return { id: row.id, price, replayed: false };
        },
        async (earlierTx) => {
          if (imageUrl) await removeAdImage(storage, imageUrl);
          return { id: Number(earlierTx.refId), price, replayed: true };
        },
      );
    } catch (e) {
      if (imageUrl) await removeAdImage(storage, imageUrl);
      if (e instanceof AppError && e.code === 'points_insufficient')
        throw new AppError('points_insufficient', format(a.errPoints, { n: price }), 409, { fields: { days: format(a.errPoints, { n: price }) } });
      throw e;
    }
  }

  async function memberAds(memberId: number): Promise<Ad[]> {
    const rows = await db.selectFrom('ads').selectAll().where('member_id', '=', memberId).orderBy('id', 'desc').limit(200).execute();
    return rows.map((r) => withPending(toAd(r)));
  }

  // ---- staff -----------------------------------------------------------------------------------

  async function byId(id: number, trx: Db = db): Promise<Ad> {
    const r = await trx.selectFrom('ads').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw new NotFoundError();
    return toAd(r);
  }

  async function list(filter: { status?: AdStatus; page: number; perPage: number }): Promise<{ items: Ad[]; total: number }> {
    let q = db.selectFrom('ads');
    if (filter.status) q = q.where('status', '=', filter.status);
    const [rows, n] = await Promise.all([
      q
        .selectAll()
        .orderBy('id', 'desc')
        .limit(filter.perPage)
        .offset((filter.page - 1) * filter.perPage)
        .execute(),
      q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
    ]);
    return { items: rows.map((r) => withPending(toAd(r))), total: toNumber(n?.n) };
  }

  /** Checks a staff ad; returns the row values (without the picture upload). */
  async function parseStaffAd(raw: Record<string, unknown>, actor: Member, upload: AdUpload | undefined, existing?: Ad) {
    const parsed = check(StaffAdSchema, raw);
    const fields: FieldErrors = parsed.ok ? {} : { ...parsed.fields };
    const position = typeof raw.position === 'string' ? await positionByCode(raw.position.trim()) : undefined;
    if (!position) fields.position = a.errPosition;
    if (parsed.ok) {
      const v = parsed.data;
      if (v.kind === 'html' && actor.role !== 'admin') fields.kind = a.errHtmlAdmin;
      if (v.kind === 'html' && !v.html.trim()) fields.html = format(a.errHtml, { n: HTML_MAX });
      if (v.kind !== 'html' && !v.targetUrl) fields.targetUrl = a.errUrl;
      if (v.kind === 'image' && !upload && !v.imageUrl && !existing?.imageUrl) fields.image = a.errImageRequired;
      if (!existing && v.startsOn < today()) fields.startsOn = a.errDatePast;
    }
    if (!parsed.ok || !position || Object.keys(fields).length) throw new ValidationError(fields);
    return { v: parsed.data, position };
  }

  /** Staff create an ad directly; it is approved at once and takes a place in the calendar like a booking. */
  async function saveStaffAd(id: number | undefined, raw: Record<string, unknown>, actor: Member, ip: string, upload?: AdUpload): Promise<number> {
    const existing = id === undefined ? undefined : await byId(id);
    if (existing && existing.memberId !== null) throw new ConflictError(a.errMemberAdEdit, 'ad_member_owned');
    const { v, position } = await parseStaffAd(raw, actor, upload, existing);
    const uploaded = v.kind === 'image' && upload ? await storeAdImage(storage, clock.now(), upload, position) : '';
    const imageUrl = v.kind === 'image' ? uploaded || v.imageUrl || existing?.imageUrl || '' : '';
    const endsOn = addDays(v.startsOn, v.days - 1);
    const values = {
      position_id: position.id,
      kind: v.kind,
      title: v.title,
      image_url: imageUrl,
      html: v.kind === 'html' ? v.html : '',
      target_url: v.targetUrl,
      starts_on: v.startsOn,
      ends_on: endsOn,
      days: v.days,
      updated_at: nowIso(),
    };
    try {
      return await dbh.tx(async (trx) => {
        await lockPosition(trx, position.id);
        const holds = !existing || HOLDING.includes(existing.status);
        if (holds) await assertRoom(trx, position, v.startsOn, endsOn, existing?.id);
        let adId: number;
        if (existing) {
          await trx.updateTable('ads').set(values).where('id', '=', existing.id).execute();
          adId = existing.id;
        } else {
          const row = await trx
            .insertInto('ads')
            .values({
              ...values,
              member_id: null,
              created_by: actor.id,
              price: 0,
              status: 'approved',
              reviewed_by: actor.id,
              reviewed_at: nowIso(),
              created_at: nowIso(),
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          adId = row.id;
        }
        const detail = { position: position.code, kind: v.kind, title: v.title, targetUrl: v.targetUrl, startsOn: v.startsOn, days: v.days };
        await audit.record({ actorId: actor.id, action: existing ? 'ads.update' : 'ads.create', targetType: 'ad', targetId: adId, detail, ip }, trx);
        return adId;
      });
    } catch (e) {
      if (uploaded) await removeAdImage(storage, uploaded);
      throw e;
    }
  }

  /** Deletes a staff ad; member bookings stay (the ledger refers to them) and can only be stopped. */
  async function remove(id: number, actor: Member, ip: string): Promise<void> {
    const ad = await byId(id);
    if (ad.memberId !== null) throw new ConflictError(a.errMemberAdEdit, 'ad_member_owned');
    await dbh.tx(async (trx) => {
      await trx.deleteFrom('ads').where('id', '=', id).execute();
      await audit.record({ actorId: actor.id, action: 'ads.delete', targetType: 'ad', targetId: id, detail: { title: ad.title, kind: ad.kind }, ip }, trx);
    });
    if (ad.imageUrl) await removeAdImage(storage, ad.imageUrl);
  }

  /** Totals per position: impressions, clicks, points earned by bookings that were not refunded. */
  async function positionStats(): Promise<Map<number, { impressions: number; clicks: number; revenue: number; showing: number }>> {
    await counters.flush(); // the admin's totals include what is counted in memory
    const day = today();
    const rows = await db
      .selectFrom('ads')
      .select((eb) => [
        'position_id',
        eb.fn.sum<number>('impressions').as('impressions'),
        eb.fn.sum<number>('clicks').as('clicks'),
        eb.fn.sum<number>(eb.case().when('status', 'in', HOLDING).then(eb.ref('price')).else(0).end()).as('revenue'),
        eb.fn
          .sum<number>(
            eb
              .case()
              .when(eb.and([eb('status', '=', 'approved'), eb('starts_on', '<=', day), eb('ends_on', '>=', day)]))
              .then(1)
              .else(0)
              .end(),
          )
          .as('showing'),
      ])
      .groupBy('position_id')
      .execute();
    const out = new Map<number, { impressions: number; clicks: number; revenue: number; showing: number }>();
    for (const r of rows)
      out.set(r.position_id, { impressions: toNumber(r.impressions), clicks: toNumber(r.clicks), revenue: toNumber(r.revenue), showing: toNumber(r.showing) });
    return out;
  }

  // ---- serving ---------------------------------------------------------------------------------

  /**
   * Picks one showing ad for each requested position and records the fill (an impression unless the
   * visitor saw that ad within the window, or is a crawler; see ads.counters.ts). Showing = approved,
   * within its period today, on an active position. Rotation: the ad filled fewest times goes next
   * (ties by id), which takes turns per page view and needs no shared state.
   */
  async function serve(codes: string[], visitor: Visitor): Promise<Map<string, { ad: Ad; position: AdPosition }>> {
    const out = new Map<string, { ad: Ad; position: AdPosition }>();
    if (!codes.length) return out;
    const day = today();
    const rows = await db
      .selectFrom('ads as a')
      .innerJoin('ad_positions as p', 'p.id', 'a.position_id')
      .selectAll('a')
      .select(['p.code as p_code'])
      .where('p.code', 'in', codes)
      .where('p.active', '=', 1)
      .where('a.status', '=', 'approved')
      .where('a.starts_on', '<=', day)
      .where('a.ends_on', '>=', day)
      .execute();
    const best = new Map<string, { row: (typeof rows)[number]; weight: number }>();
    for (const r of rows) {
      const weight = counters.rotationWeight(r.id, toNumber(r.impressions));
      const held = best.get(r.p_code);
      if (!held || weight < held.weight || (weight === held.weight && r.id < held.row.id)) best.set(r.p_code, { row: r, weight });
    }
    for (const code of codes) {
      const pick = best.get(code);
      if (!pick) continue;
      const position = await positionByCode(code);
      if (position) out.set(code, { ad: toAd(pick.row), position });
    }
    counters.recordFills(
      [...out.values()].map((v) => v.ad.id),
      visitor,
    );
    return out;
  }

  /** A click on a signed link: the target to redirect to, and one more click when the ad is showing. */
  /**
   * A click on a text or image ad's link: its target URL (undefined when the ad has no live link). It
   * counts while the ad is showing, once per visitor per window, never for crawlers.
   */
  async function click(id: number, visitor: Visitor): Promise<string | undefined> {
    const r = await db.selectFrom('ads').select(['status', 'kind', 'target_url', 'starts_on', 'ends_on']).where('id', '=', id).executeTakeFirst();
    if (!r || r.status !== 'approved' || !r.target_url) return undefined;
    const day = today();
    // Not awaited: the redirect does not wait for Redis (recordClick never rejects).
    if (r.starts_on <= day && r.ends_on >= day) void counters.recordClick(id, visitor);
    return r.target_url;
  }

  /**
   * A click inside an HTML ad (its own code, in a sandboxed frame, cannot use the redirect): ads.js
   * reports it. False when the ad is not an HTML ad showing today.
   */
  async function htmlClick(id: number, visitor: Visitor): Promise<boolean> {
    const r = await db.selectFrom('ads').select(['status', 'kind', 'starts_on', 'ends_on']).where('id', '=', id).executeTakeFirst();
    const day = today();
    if (!r || r.status !== 'approved' || r.kind !== 'html' || r.starts_on > day || r.ends_on < day) return false;
    void counters.recordClick(id, visitor);
    return true;
  }

  const decisions = createAdDecisions({ dbh, clock, audit, points, byId, onAdDecided: deps.onAdDecided });

  return {
    today,
    positions,
    positionById,
    positionByCode,
    savePosition,
    deletePosition,
    calendar,
    book,
    memberAds,
    byId,
    list,
    saveStaffAd,
    ...decisions,
    remove,
    positionStats,
    serve,
    click,
    htmlClick,
    /** Writes counted impressions and clicks now (also every 10 s once started, and on stop). */
    flushImpressions: () => counters.flush(),
    startImpressions: (onError?: (e: unknown) => void) => counters.start(onError),
    /** Stops the timer and writes what is left (shutdown). */
    stopImpressions: () => counters.stop(),
    balance: (memberId: number) => points.balance(memberId),
  };
}

export type Ads = ReturnType<typeof createAds>;
