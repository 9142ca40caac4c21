import type { Db } from '../../platform/db/index.ts';
import { toNumber } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { localPath } from '../../platform/http/safe-urls.ts';

/** What a notification is about; each kind has a label in the 站内信 list (strings: notifications.kinds). */
export type NotificationKind =
  | 'article.approved'
  | 'article.rejected'
  | 'article.taken-down'
  | 'comment.reply'
  | 'comment.hidden'
  | 'report.handled'
  | 'order.shipped'
  | 'order.cancelled'
  | 'ad.reviewed'
  | 'ad.stopped'
  | 'guestbook.replied'
  | 'member.warned'
  | 'member.banned'
  | 'tip.received'
  | 'points.adjusted'
  | 'promotion.settled'
  | 'site.notice';

export interface NotificationInput {
  kind: NotificationKind;
  /** Plain text (escaped when shown); cut to 500 characters. */
  body: string;
  /** A path on this site to open (the article, the order); anything else is dropped. */
  link?: string;
}

export interface Notification {
  id: number;
  kind: NotificationKind;
  body: string;
  link: string;
  createdAt: string;
  readAt: string | null;
}

const MAX_BODY = 500;

/** A site path to store (percent-encoded by localPath, so at most the column's 500 characters), or ''. */
export function linkOf(v: string): string {
  const p = localPath(v, '');
  return p.length <= 500 ? p : '';
}
/** Read messages are kept this long; unread ones a year. */
const KEEP_READ_DAYS = 180;
const KEEP_UNREAD_DAYS = 365;

/**
 * 站内信: what the site tells one member. Features send through `send` (in their own transaction when
 * the message must exist exactly when the change does); the member reads them in the member centre.
 */
export function createNotifications(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const now = () => clock.now().toISOString();

  async function unreadCount(memberId: number): Promise<number> {
    const r = await db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('member_id', '=', memberId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return toNumber(r?.n ?? 0);
  }

  return {
    async send(memberId: number, n: NotificationInput, trx: Db = db): Promise<void> {
      const body = [...n.body.trim()].slice(0, MAX_BODY).join('');
      if (!body) return;
      const link = n.link ? linkOf(n.link) : '';
      await trx.insertInto('notifications').values({ member_id: memberId, kind: n.kind, body, link, created_at: now(), read_at: null }).execute();
    },

    unreadCount,

    /** A page of the member's messages, newest first, and how many there are in all. */
    async list(memberId: number, page: number, perPage: number): Promise<{ items: Notification[]; total: number; unread: number }> {
      const [rows, total, unread] = await Promise.all([
        db
          .selectFrom('notifications')
          .select(['id', 'kind', 'body', 'link', 'created_at', 'read_at'])
          .where('member_id', '=', memberId)
          .orderBy('id', 'desc')
          .limit(perPage)
          .offset((page - 1) * perPage)
          .execute(),
        db
          .selectFrom('notifications')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('member_id', '=', memberId)
          .executeTakeFirst(),
        unreadCount(memberId),
      ]);
      const items = rows.map((r) => ({ id: r.id, kind: r.kind as NotificationKind, body: r.body, link: r.link, createdAt: r.created_at, readAt: r.read_at }));
      return { items, total: toNumber(total?.n ?? 0), unread };
    },

    /** Marks one of the member's messages read; its link (or '' when it has none), or undefined when it is not theirs. */
    async open(memberId: number, id: number): Promise<string | undefined> {
      const r = await db.selectFrom('notifications').select(['link', 'read_at']).where('id', '=', id).where('member_id', '=', memberId).executeTakeFirst();
      if (!r) return undefined;
      if (r.read_at === null) await db.updateTable('notifications').set({ read_at: now() }).where('id', '=', id).where('read_at', 'is', null).execute();
      return r.link;
    },

    async markAllRead(memberId: number): Promise<number> {
      const r = await db.updateTable('notifications').set({ read_at: now() }).where('member_id', '=', memberId).where('read_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    /** Deletes one of the member's messages; false when it is not theirs (or already gone). */
    async remove(memberId: number, id: number): Promise<boolean> {
      const r = await db.deleteFrom('notifications').where('id', '=', id).where('member_id', '=', memberId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    /**
     * 群发: one notice to every active member, or to one member group (`groupId`; `isDefaultGroup` when it
     * is the group members without one belong to), in one INSERT … SELECT however many members there are.
     * Returns how many members it reached.
     */
    async broadcast(
      n: { body: string; link?: string },
      to: { groupId?: number; isDefaultGroup?: boolean } = {},
      opts: { trx?: Db; sinceIso?: string } = {},
    ): Promise<number> {
      const body = [...n.body.trim()].slice(0, MAX_BODY).join('');
      if (!body) return 0;
      const link = n.link ? linkOf(n.link) : '';
      const at = now();
      const w = opts.trx ?? db;
      // The same notice sent again since `sinceIso` (a double click, a resubmitted form) sends nothing.
      if (opts.sinceIso) {
        const dup = await w
          .selectFrom('notifications')
          .select('id')
          .where('kind', '=', 'site.notice')
          .where('body', '=', body)
          .where('created_at', '>=', opts.sinceIso)
          .limit(1)
          .executeTakeFirst();
        if (dup) return 0;
      }
      const r = await w
        .insertInto('notifications')
        .columns(['member_id', 'kind', 'body', 'link', 'created_at'])
        .expression((eb) => {
          let q = eb
            .selectFrom('members')
            .select((s) => ['members.id', s.val<string>('site.notice').as('kind'), s.val(body).as('body'), s.val(link).as('link'), s.val(at).as('created_at')])
            .where('members.status', '=', 'active');
          if (to.groupId !== undefined)
            q = q.where((w) =>
              to.isDefaultGroup ? w.or([w('members.group_id', '=', to.groupId!), w('members.group_id', 'is', null)]) : w('members.group_id', '=', to.groupId!),
            );
          return q;
        })
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0);
    },

    /**
     * How many members `broadcast` would reach: everyone (`all`) and each group's share (`forGroup`, with
     * the members without a group counted in the default group), active members only, as it sends.
     */
    async audience(): Promise<{ all: number; forGroup(groupId: number, isDefaultGroup: boolean): number }> {
      const rows = await db
        .selectFrom('members')
        .select(['group_id', (eb) => eb.fn.countAll().as('n')])
        .where('status', '=', 'active')
        .groupBy('group_id')
        .execute();
      const byGroup = new Map(rows.map((r) => [r.group_id, toNumber(r.n)]));
      return {
        all: rows.reduce((sum, r) => sum + toNumber(r.n), 0),
        forGroup: (groupId, isDefaultGroup) => (byGroup.get(groupId) ?? 0) + (isDefaultGroup ? (byGroup.get(null) ?? 0) : 0),
      };
    },

    /** Drops read messages after 180 days and any after a year (a daily job). */
    async prune(): Promise<number> {
      const day = 24 * 3_600_000;
      const t = clock.now().getTime();
      const readBefore = new Date(t - KEEP_READ_DAYS * day).toISOString();
      const anyBefore = new Date(t - KEEP_UNREAD_DAYS * day).toISOString();
      const r = await db
        .deleteFrom('notifications')
        .where((eb) => eb.or([eb.and([eb('read_at', 'is not', null), eb('created_at', '<', readBefore)]), eb('created_at', '<', anyBefore)]))
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

export type Notifications = ReturnType<typeof createNotifications>;
