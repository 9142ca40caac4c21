import type { Selectable } from 'kysely';
import { toNumber, type Database, type Db, type DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { Storage } from '../../platform/storage/index.ts';
import { check } from '../../platform/validation.ts';
import { format, t } from '../../strings/index.ts';
import type { Audit } from '../audit/index.ts';
import type { BannedWords } from '../banned-words/index.ts';
import type { SettingsService } from '../settings/index.ts';
import { dropLinkLogo, storeLinkLogo, type LogoUpload } from './links.logo.ts';
import { ApplicationSchema, LINK_STATUSES, LinkFormSchema, type LinkKind, type LinkStatus } from './links.schema.ts';
import { violatesUnique } from '../../platform/db/unique-violation.ts';

export interface FriendLink {
  id: number;
  name: string;
  url: string;
  host: string;
  logo: string;
  description: string;
  /** Staff only. */
  contact: string;
  /** Staff only. */
  note: string;
  kind: LinkKind;
  status: LinkStatus;
  sortOrder: number;
  ip: string;
  createdAt: string;
  updatedAt: string;
}

/** The cache tag of every page and fragment that shows friend links (/links, the home pages' block). */
export const LINKS_TAG = 'links';

/** The unique index on `host` (migration 2026112931): one link per site. */
export const HOST_INDEX = 'friend_links_host';

/** The write broke `friend_links_host`: a concurrent application or edit took the site first. */
export function isHostDuplicate(e: unknown): boolean {
  return violatesUnique(e, { sqlite: 'friend_links.host', pg: HOST_INDEX });
}

/** An application refused as spam (banned words): unlike a typo or a duplicate, it counts towards the hourly limit. */
export class SpamApplicationError extends ValidationError {}

/** The largest id the `integer` id column holds. */
const ID_MAX = 2_147_483_647;
/** Ids per `in (…)` of 保存排序 (both dialects cap the parameters of one statement). */
const SORT_CHUNK = 500;

/** Who does a staff change, for the audit log. */
export interface LinkActor {
  id: number;
  ip: string;
}

function toLink(r: Selectable<Database['friend_links']>): FriendLink {
  return {
    id: r.id,
    name: r.name,
    url: r.url,
    host: r.host,
    logo: r.logo,
    description: r.description,
    contact: r.contact,
    note: r.note,
    kind: r.kind === 'image' ? 'image' : 'text',
    status: r.status as LinkStatus,
    sortOrder: r.sort_order,
    ip: r.ip,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function createLinks(deps: {
  dbh: DbHandle;
  clock: Clock;
  audit: Audit;
  bannedWords: Pick<BannedWords, 'find'>;
  settings: SettingsService;
  storage: Storage;
  purge: (tags: string[]) => void;
}) {
  const { dbh, clock, audit, storage } = deps;
  const db = dbh.db;
  const nowIso = () => clock.now().toISOString();
  const purge = () => deps.purge([LINKS_TAG]);
  const l = t.links;

  async function byId(id: number): Promise<FriendLink> {
    const r = await db.selectFrom('friend_links').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw new NotFoundError();
    return toLink(r);
  }

  const duplicate = (host: string) => new ValidationError({ url: format(l.errDuplicate, { host }) });

  /**
   * Refuses a second link to the same site (any status): `host` is already folded. Two writes racing past
   * this check meet the unique index instead, and the loser gets the same message (`asDuplicate`). An
   * applicant whose site was refused (未通过) is told so, not that it "already applied": the rule stays (it
   * cannot apply again), but the answer is honest and says whom to ask.
   */
  async function refuseDuplicate(trx: Db, host: string, exceptId?: number, applicant = false): Promise<void> {
    let q = trx.selectFrom('friend_links').select(['id', 'status']).where('host', '=', host);
    if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
    const hit = await q.executeTakeFirst();
    if (!hit) return;
    if (applicant && hit.status === 'rejected') throw new ValidationError({ url: format(l.errRejected, { host }) });
    throw duplicate(host);
  }

  const asDuplicate = (host: string) => (e: unknown) => Promise.reject(isHostDuplicate(e) ? duplicate(host) : e);

  /** Approved links in display order: the home block and /links. */
  async function approved(): Promise<FriendLink[]> {
    const rows = await db.selectFrom('friend_links').selectAll().where('status', '=', 'approved').orderBy('sort_order').orderBy('id').limit(500).execute();
    return rows.map(toLink);
  }

  /** Staff list: one status or all, in display order. */
  async function list(status: LinkStatus | 'all'): Promise<FriendLink[]> {
    let q = db.selectFrom('friend_links').selectAll();
    if (status !== 'all') q = q.where('status', '=', status);
    const rows = await q.orderBy('sort_order').orderBy('id').limit(1000).execute();
    return rows.map(toLink);
  }

  async function counts(): Promise<Record<LinkStatus, number>> {
    const rows = await db
      .selectFrom('friend_links')
      .select(['status', (eb) => eb.fn.countAll().as('n')])
      .groupBy('status')
      .execute();
    const out = Object.fromEntries(LINK_STATUSES.map((s) => [s, 0])) as Record<LinkStatus, number>;
    for (const r of rows) if ((LINK_STATUSES as readonly string[]).includes(r.status)) out[r.status as LinkStatus] = toNumber(r.n);
    return out;
  }

  /**
   * 申请友情链接: always waits for review. Banned words refuse it with `bannedWordAction: reject` (with
   * `hold` it waits like any other, and staff see the words). A site that already has a link is refused.
   */
  async function apply(raw: Record<string, unknown>, ip: string): Promise<{ id: number }> {
    const parsed = check(ApplicationSchema, raw);
    if (!parsed.ok) throw new ValidationError(parsed.fields);
    const v = parsed.data;
    const settings = await deps.settings.get();
    const banned = await deps.bannedWords.find(v.name, v.description, v.note);
    if (banned.length && settings.bannedWordAction === 'reject') throw new SpamApplicationError({ name: format(l.errBanned, { words: banned.join('、') }) });
    const now = nowIso();
    return dbh
      .tx(async (trx) => {
        await refuseDuplicate(trx, v.url.host, undefined, true);
        const row = await trx
          .insertInto('friend_links')
          .values({
            name: v.name,
            url: v.url.url,
            host: v.url.host,
            logo: '',
            description: v.description,
            contact: v.contact,
            note: v.note,
            kind: 'text',
            status: 'pending',
            sort_order: 0,
            ip: ip.slice(0, 64),
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return { id: row.id };
      })
      .catch(asDuplicate(v.url.host));
  }

  /**
   * 添加 (no id) or 编辑 a link from the admin form, with an optional new logo. An image link needs a logo.
   * The new file is stored before the write and dropped again if the write fails; a replaced or removed
   * logo's file goes after it. Audited `link.create` / `link.update`.
   */
  async function save(id: number | undefined, raw: Record<string, unknown>, upload: LogoUpload | undefined, actor: LinkActor): Promise<FriendLink> {
    const before = id === undefined ? undefined : await byId(id);
    const parsed = check(LinkFormSchema, raw);
    if (!parsed.ok) throw new ValidationError(parsed.fields);
    const v = parsed.data;
    let logo = v.removeLogo ? '' : (before?.logo ?? '');
    let stored: string | undefined;
    if (upload) {
      const r = await storeLinkLogo(storage, clock.now(), upload);
      if ('error' in r) throw new ValidationError({ logo: r.error });
      stored = logo = r.url;
    }
    if (v.kind === 'image' && !logo) throw new ValidationError({ logo: l.errLogoRequired });
    const now = nowIso();
    const values = {
      name: v.name,
      url: v.url.url,
      host: v.url.host,
      logo,
      description: v.description,
      contact: v.contact,
      note: v.note,
      kind: v.kind,
      status: v.status,
      sort_order: v.sortOrder,
      updated_at: now,
    };
    let savedId: number;
    try {
      savedId = await dbh.tx(async (trx) => {
        await refuseDuplicate(trx, v.url.host, id);
        if (before) {
          await trx.updateTable('friend_links').set(values).where('id', '=', before.id).execute();
          const changed = Object.entries({ name: before.name, url: before.url, logo: before.logo, description: before.description, kind: before.kind })
            .filter(([k, old]) => values[k as keyof typeof values] !== old)
            .map(([k]) => k);
          if (before.status !== v.status) changed.push('status');
          if (before.sortOrder !== v.sortOrder) changed.push('sortOrder');
          if (before.contact !== v.contact) changed.push('contact');
          if (before.note !== v.note) changed.push('note');
          const detail = { name: v.name, url: values.url, changed, ...(before.status !== v.status ? { from: before.status, to: v.status } : {}) };
          await audit.record({ actorId: actor.id, action: 'link.update', targetType: 'friend_link', targetId: before.id, detail, ip: actor.ip }, trx);
          return before.id;
        }
        const row = await trx
          .insertInto('friend_links')
          .values({ ...values, ip: '', created_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        const detail = { name: v.name, url: values.url, kind: v.kind, status: v.status };
        await audit.record({ actorId: actor.id, action: 'link.create', targetType: 'friend_link', targetId: row.id, detail, ip: actor.ip }, trx);
        return row.id;
      });
    } catch (e) {
      if (stored) await dropLinkLogo(storage, stored);
      throw isHostDuplicate(e) ? duplicate(v.url.host) : e;
    }
    if (before?.logo && before.logo !== logo) await dropLinkLogo(storage, before.logo);
    purge();
    return byId(savedId);
  }

  /** 通过 / 拒绝 / 隐藏: audited `link.approve|reject|hide`; the public pages are purged. */
  async function setStatus(id: number, status: 'approved' | 'rejected' | 'hidden', actor: LinkActor): Promise<FriendLink> {
    const before = await byId(id);
    const action = status === 'approved' ? 'link.approve' : status === 'rejected' ? 'link.reject' : 'link.hide';
    await dbh.tx(async (trx) => {
      await trx.updateTable('friend_links').set({ status, updated_at: nowIso() }).where('id', '=', id).execute();
      const detail = { name: before.name, url: before.url, from: before.status, to: status };
      await audit.record({ actorId: actor.id, action, targetType: 'friend_link', targetId: id, detail, ip: actor.ip }, trx);
    });
    purge();
    return before;
  }

  /** 删除 (admins; the route checks): the row, its audit entry, then its logo file. */
  async function remove(id: number, actor: LinkActor): Promise<FriendLink> {
    const before = await byId(id);
    await dbh.tx(async (trx) => {
      await trx.deleteFrom('friend_links').where('id', '=', id).execute();
      const detail = { name: before.name, url: before.url, status: before.status, contact: before.contact };
      await audit.record({ actorId: actor.id, action: 'link.delete', targetType: 'friend_link', targetId: id, detail, ip: actor.ip }, trx);
    });
    await dropLinkLogo(storage, before.logo);
    purge();
    return before;
  }

  /**
   * 保存排序: new sort orders by id (unknown ids, and ids no row can have, ignored); one audit entry with
   * the number changed. The route refuses numbers out of range (parseSortOrder); here they are skipped.
   */
  async function setSortOrders(orders: Map<number, number>, actor: LinkActor): Promise<number> {
    const ids = [...orders]
      .filter(([id, n]) => Number.isInteger(id) && id >= 1 && id <= ID_MAX && Number.isInteger(n) && Math.abs(n) <= 9999)
      .map(([id]) => id);
    if (!ids.length) return 0;
    const changed = await dbh.tx(async (trx) => {
      const rows: Array<{ id: number; sort_order: number }> = [];
      for (let i = 0; i < ids.length; i += SORT_CHUNK)
        rows.push(
          ...(await trx
            .selectFrom('friend_links')
            .select(['id', 'sort_order'])
            .where('id', 'in', ids.slice(i, i + SORT_CHUNK))
            .execute()),
        );
      const moves = rows.filter((r) => orders.get(r.id) !== r.sort_order);
      const now = nowIso();
      for (const r of moves)
        await trx
          .updateTable('friend_links')
          .set({ sort_order: orders.get(r.id) as number, updated_at: now })
          .where('id', '=', r.id)
          .execute();
      if (moves.length)
        await audit.record(
          {
            actorId: actor.id,
            action: 'link.sort',
            targetType: 'friend_link',
            detail: { count: moves.length, changed: moves.map((r) => `#${r.id}: ${r.sort_order} → ${orders.get(r.id)}`) },
            ip: actor.ip,
          },
          trx,
        );
      return moves.length;
    });
    if (changed) purge();
    return changed;
  }

  return { byId, approved, list, counts, apply, save, setStatus, remove, setSortOrders };
}

export type Links = ReturnType<typeof createLinks>;
