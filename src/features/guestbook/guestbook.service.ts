import type { Selectable } from 'kysely';
import { toNumber, type Database, type Db, type DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { check } from '../../platform/validation.ts';
import { format, t } from '../../strings/index.ts';
import type { Audit } from '../audit/index.ts';
import type { BannedWords } from '../banned-words/index.ts';
import { guestNameProblem, type MemberNames } from '../comments/index.ts';
import type { Member } from '../members/index.ts';
import type { SettingsService } from '../settings/index.ts';
import { messageSchema, ReplySchema, type GuestbookStatus } from './guestbook.schema.ts';

export interface GuestbookMessage {
  id: number;
  memberId: number | null;
  nickname: string;
  /** Only staff see it. */
  contact: string;
  body: string;
  status: GuestbookStatus;
  reply: string;
  repliedBy: number | null;
  repliedAt: string | null;
  ip: string;
  createdAt: string;
}

/** The cache tag of every page that lists guestbook messages. */
export const GUESTBOOK_TAG = 'guestbook';

function toMessage(r: Selectable<Database['guestbook_messages']>): GuestbookMessage {
  return {
    id: r.id,
    memberId: r.member_id,
    nickname: r.nickname,
    contact: r.contact,
    body: r.body,
    status: r.status as GuestbookStatus,
    reply: r.reply,
    repliedBy: r.replied_by,
    repliedAt: r.replied_at,
    ip: r.ip,
    createdAt: r.created_at,
  };
}

export function createGuestbook(deps: {
  dbh: DbHandle;
  clock: Clock;
  audit: Audit;
  settings: SettingsService;
  bannedWords: BannedWords;
  purge: (tags: string[]) => void;
  /** Names a guest may not take: reserved words, members' usernames and 昵称. */
  members?: MemberNames | undefined;
  /** After staff answered a member's message (the member's 站内信). */
  onReplied?: ((m: GuestbookMessage) => Promise<void>) | undefined;
}) {
  const { dbh, clock, audit } = deps;
  const db = dbh.db;
  const nowIso = () => clock.now().toISOString();
  const purge = () => deps.purge([GUESTBOOK_TAG]);

  async function page(status: GuestbookStatus, pageNo: number, perPage: number): Promise<{ items: GuestbookMessage[]; total: number }> {
    const q = db.selectFrom('guestbook_messages').where('status', '=', status);
    const [rows, n] = await Promise.all([
      q
        .selectAll()
        .orderBy('id', 'desc')
        .limit(perPage)
        .offset((pageNo - 1) * perPage)
        .execute(),
      q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
    ]);
    return { items: rows.map(toMessage), total: toNumber(n?.n) };
  }

  async function byId(id: number): Promise<GuestbookMessage> {
    const r = await db.selectFrom('guestbook_messages').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw new NotFoundError(t.errors.guestbookNotFound, 'guestbook_message_not_found');
    return toMessage(r);
  }

  /**
   * Post a message. It waits for approval when the site says so or when it contains a banned word
   * (with the `hold` setting); with `reject` a banned word refuses it. Nothing is written on failure.
   */
  async function post(
    raw: { nickname?: unknown; contact?: unknown; body?: unknown },
    who: { member: Member | undefined; ip: string },
  ): Promise<{ id: number; status: GuestbookStatus }> {
    const parsed = check(messageSchema(who.member !== undefined), raw);
    if (!parsed.ok) throw new ValidationError(parsed.fields);
    const v = parsed.data;
    const nickname = who.member ? who.member.displayName || who.member.username : v.nickname;
    if (!who.member) {
      const problem = await guestNameProblem(deps.members, nickname, {
        reserved: t.reports.guestbook.errNicknameReserved,
        taken: t.reports.guestbook.errNicknameTaken,
      });
      if (problem) throw new ValidationError({ nickname: problem });
    }
    const settings = await deps.settings.get();
    const banned = await deps.bannedWords.find(nickname, v.contact, v.body);
    if (banned.length && settings.bannedWordAction === 'reject')
      throw new ValidationError({ body: format(t.reports.guestbook.errBanned, { words: banned.join('、') }) });
    const status: GuestbookStatus = banned.length || settings.guestbookNeedsApproval ? 'pending' : 'visible';
    const row = await db
      .insertInto('guestbook_messages')
      .values({
        member_id: who.member?.id ?? null,
        nickname: nickname.slice(0, 64),
        contact: v.contact,
        body: v.body,
        status,
        ip: who.ip.slice(0, 64),
        created_at: nowIso(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (status === 'visible') purge();
    return { id: row.id, status };
  }

  /** Run a staff change and its audit entry in one transaction, then purge the public pages. */
  async function staffChange(actor: Member, ip: string, action: string, id: number, detail: Record<string, unknown>, change: (trx: Db) => Promise<unknown>) {
    await dbh.tx(async (trx) => {
      await change(trx);
      await audit.record({ actorId: actor.id, action, targetType: 'guestbook_message', targetId: id, detail, ip }, trx);
    });
    purge();
  }

  async function setStatus(id: number, status: 'visible' | 'hidden', actor: Member, ip: string): Promise<void> {
    const m = await byId(id);
    await staffChange(actor, ip, status === 'visible' ? 'guestbook.approve' : 'guestbook.hide', id, { from: m.status }, (trx) =>
      trx.updateTable('guestbook_messages').set({ status }).where('id', '=', id).execute(),
    );
  }

  async function remove(id: number, actor: Member, ip: string): Promise<void> {
    const m = await byId(id);
    await staffChange(actor, ip, 'guestbook.delete', id, { nickname: m.nickname, status: m.status, body: m.body.slice(0, 200) }, (trx) =>
      trx.deleteFrom('guestbook_messages').where('id', '=', id).execute(),
    );
  }

  /** Write (or, with an empty text, remove) the staff reply; optionally publish the message with it. */
  async function reply(id: number, raw: { reply?: unknown; publish?: unknown }, actor: Member, ip: string): Promise<void> {
    const before = await byId(id);
    const parsed = check(ReplySchema, raw);
    if (!parsed.ok) throw new ValidationError(parsed.fields);
    const text = parsed.data.reply;
    const publish = parsed.data.publish === '1';
    await staffChange(actor, ip, 'guestbook.reply', id, { reply: text.slice(0, 200), publish }, (trx) =>
      trx
        .updateTable('guestbook_messages')
        .set({
          reply: text,
          replied_by: text ? actor.id : null,
          replied_at: text ? nowIso() : null,
          ...(publish ? { status: 'visible' } : {}),
        })
        .where('id', '=', id)
        .execute(),
    );
    // A new or changed answer to a member's message: they hear of it (guests left no account).
    if (text && text !== before.reply && before.memberId !== null) await deps.onReplied?.(await byId(id));
  }

  return {
    post,
    byId,
    /** Published messages, newest first (the public page). */
    published: (pageNo: number, perPage: number) => page('visible', pageNo, perPage),
    /** Messages of one status for staff. */
    list: page,
    setStatus,
    remove,
    reply,
  };
}

export type Guestbook = ReturnType<typeof createGuestbook>;
