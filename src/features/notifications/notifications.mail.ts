import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Mailer } from '../../platform/mail/index.ts';
import { format, t } from '../../strings/index.ts';
import { formatDateTime } from '../articles/index.ts';
import type { Members } from '../members/index.ts';
import { notificationsPath } from './views/my-notifications.tsx';

const s = t.notifications;
const MINUTE = 60_000;
/** A confirmation link works this long. */
export const CONFIRM_VALID_MS = 24 * 60 * MINUTE;
/** A message is mailed only when it stayed unread this long (read on the site meanwhile: no mail). */
export const MAIL_DELAY_MS = 10 * MINUTE;
/** Messages listed in one digest; the rest are counted. */
const DIGEST_LIST = 20;
/** Members mailed per run of the job (the next run takes the rest). */
const MEMBERS_PER_RUN = 200;
/** After a failed send the member's digest waits 10 minutes, doubling per failure up to a day… */
const RETRY_BASE_MS = 10 * MINUTE;
const RETRY_MAX_MS = 24 * 60 * MINUTE;
/** …and this many failures in a row turn the reminders off (the address does not take mail). */
export const MAX_FAILURES = 8;

export type MailState = { state: 'off' } | { state: 'pending'; email: string } | { state: 'on'; email: string };

export interface NotificationMailDeps {
  dbh: { db: Db };
  clock: Clock;
  mailer: Mailer;
  /** The app secret (platform/db/secret.ts): signs the unsubscribe links in digests. */
  secret: Buffer;
  settings: { get(): Promise<{ siteName: string }> };
  members: Pick<Members, 'byIds' | 'accounts'>;
  /** The configured site address; when set it wins over the origin stored at sign-up. */
  config: { baseUrl?: string | undefined };
}

const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

/** `a***@example.com`: enough for the member to recognise the address, not enough to read it off a screen. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/**
 * 站内信邮件提醒: a member may have unread 站内信 mailed to them as a digest. Opting in is confirmed from
 * the mailbox (double opt-in: nobody can have the site mail an address they do not read); a digest
 * carries only messages still unread after `MAIL_DELAY_MS`, each at most once, and a signed link that
 * turns the reminders off without logging in. A changed e-mail address stops them until confirmed again.
 */
export function createNotificationMail(deps: NotificationMailDeps) {
  const { clock, mailer } = deps;
  const db = deps.dbh.db;
  const nowIso = () => clock.now().toISOString();
  const originOf = (stored: string) => deps.config.baseUrl || stored;
  const siteName = async () => (await deps.settings.get()).siteName;

  /** A member's current address and name, and whether the account is active. */
  async function contact(memberId: number): Promise<{ email: string; name: string; active: boolean } | undefined> {
    const m = (await deps.members.byIds([memberId])).get(memberId);
    if (!m) return undefined;
    const p = await deps.members.accounts.profile(memberId);
    return { email: p.email, name: m.displayName || m.username, active: m.status === 'active' };
  }

  // The unsubscribe signature: the member's own way out, checked without reading their row: the answer for a member with reminders
  // on and one without is the same, so the link tells nobody who has them.
  const offSig = (memberId: number) => createHmac('sha256', deps.secret).update(`notification-mail-off:${memberId}`).digest('base64url');

  async function state(memberId: number, currentEmail: string | null): Promise<MailState> {
    const r = await db.selectFrom('notification_mail').select(['email', 'confirmed_at', 'requested_at']).where('member_id', '=', memberId).executeTakeFirst();
    if (!r || !currentEmail || r.email !== currentEmail) return { state: 'off' };
    if (r.confirmed_at) return { state: 'on', email: r.email };
    const fresh = clock.now().getTime() - Date.parse(r.requested_at) < CONFIRM_VALID_MS;
    return fresh ? { state: 'pending', email: r.email } : { state: 'off' };
  }

  const retryAt = (failuresBefore: number) =>
    new Date(clock.now().getTime() + Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.min(failuresBefore, 20))).toISOString();

  /** Marks the member's due messages as dealt with at `at`; what this call marked (none when another instance did). */
  async function claim(memberId: number, since: string, cutoff: string, at: string) {
    const rows = await db
      .updateTable('notifications')
      .set({ mailed_at: at })
      .where('member_id', '=', memberId)
      .where('read_at', 'is', null)
      .where('mailed_at', 'is', null)
      .where('created_at', '>=', since)
      .where('created_at', '<=', cutoff)
      .returning(['id', 'kind', 'body', 'link', 'created_at'])
      .execute();
    return rows.sort((a, b) => b.id - a.id);
  }

  /** One digest: the newest messages first, each with the link that opens it, and the signed way out. */
  function digest(d: { member_id: number; email: string; origin: string }, name: string, items: Awaited<ReturnType<typeof claim>>, site: string) {
    const origin = originOf(d.origin);
    const lines = items.slice(0, DIGEST_LIST).map((n) =>
      format(s.mailDigestItem, {
        kind: s.kinds[n.kind] ?? n.kind,
        body: n.body,
        time: formatDateTime(n.created_at),
        link: `${origin}${notificationsPath}${n.id}`,
      }),
    );
    if (items.length > DIGEST_LIST) lines.push(format(s.mailDigestMore, { n: items.length - DIGEST_LIST }));
    const off = `${origin}${notificationsPath}mail/off?m=${d.member_id}&sig=${offSig(d.member_id)}`;
    return {
      to: d.email,
      subject: format(s.mailDigestSubject, { site, n: items.length }),
      text: format(s.mailDigestBody, { name, site, n: items.length, items: lines.join('\n\n'), all: `${origin}${notificationsPath}`, off }),
    };
  }

  return {
    state,
    offSig,

    /** Records the request and mails the confirmation link to `email`. */
    async request(m: { id: number; email: string; displayName: string }, origin: string): Promise<void> {
      const token = randomBytes(24).toString('base64url');
      // A new request starts afresh: no back-off left from an address that failed before.
      const row = { email: m.email, origin, token_hash: sha256(token), requested_at: nowIso(), confirmed_at: null, failures: 0, retry_at: null };
      await db
        .insertInto('notification_mail')
        .values({ member_id: m.id, ...row })
        .onConflict((oc) => oc.column('member_id').doUpdateSet(row))
        .execute();
      const site = await siteName();
      const link = `${originOf(origin)}${notificationsPath}mail/confirm?token=${encodeURIComponent(token)}`;
      await mailer.send({ to: m.email, subject: format(s.mailConfirmSubject, { site }), text: format(s.mailConfirmBody, { name: m.displayName, site, link }) });
    },

    /** Whether `token` is a live confirmation link. */
    async tokenValid(token: string): Promise<boolean> {
      if (!token || token.length > 100) return false;
      const r = await db.selectFrom('notification_mail').select('requested_at').where('token_hash', '=', sha256(token)).executeTakeFirst();
      return !!r && clock.now().getTime() - Date.parse(r.requested_at) < CONFIRM_VALID_MS;
    },

    /** Confirms; false when the link is unknown, used or expired. Messages from now on are mailed. */
    async confirm(token: string): Promise<boolean> {
      if (!token || token.length > 100) return false;
      const validSince = new Date(clock.now().getTime() - CONFIRM_VALID_MS).toISOString();
      const r = await db
        .updateTable('notification_mail')
        .set({ confirmed_at: nowIso(), token_hash: null })
        .where('token_hash', '=', sha256(token))
        .where('requested_at', '>', validSince)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    /** Turns the reminders off (logged in). */
    async off(memberId: number): Promise<void> {
      await db.deleteFrom('notification_mail').where('member_id', '=', memberId).execute();
    },

    /** Turns them off from a digest's link; false when the signature does not match the member's address. */
    async offBySignature(memberId: number, sig: string): Promise<boolean> {
      const want = Buffer.from(offSig(memberId));
      const got = Buffer.from(sig);
      if (want.length !== got.length || !timingSafeEqual(want, got)) return false;
      await db.deleteFrom('notification_mail').where('member_id', '=', memberId).execute(); // (already off: nothing to do)
      return true;
    },

    /**
     * The job: one digest per member with messages unread for `MAIL_DELAY_MS` and not mailed yet, created
     * after they confirmed. Each member's messages are claimed by one UPDATE before mailing, so several
     * instances running the job never mail a message twice; a failed send gives them back for a later run
     * (backing off, and turning the reminders off after MAX_FAILURES in a row) and the run goes on with the
     * next member. A changed address ends the reminders; a banned account's messages are passed over.
     * Returns how many digests went out.
     */
    async sendDigests(): Promise<number> {
      const cutoff = new Date(clock.now().getTime() - MAIL_DELAY_MS).toISOString();
      const due = await db
        .selectFrom('notification_mail as nm')
        .select(['nm.member_id', 'nm.email', 'nm.origin', 'nm.confirmed_at', 'nm.failures'])
        .where('nm.confirmed_at', 'is not', null)
        .where((eb) => eb.or([eb('nm.retry_at', 'is', null), eb('nm.retry_at', '<=', nowIso())]))
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('notifications as n')
              .select('n.id')
              .whereRef('n.member_id', '=', 'nm.member_id')
              .where('n.read_at', 'is', null)
              .where('n.mailed_at', 'is', null)
              .whereRef('n.created_at', '>=', 'nm.confirmed_at')
              .where('n.created_at', '<=', cutoff),
          ),
        )
        .orderBy('nm.member_id')
        .limit(MEMBERS_PER_RUN)
        .execute();
      if (!due.length) return 0;
      const site = await siteName();
      let sent = 0;
      for (const d of due) {
        const at = nowIso();
        const who = await contact(d.member_id);
        // Another address now (or the account is gone): the reminders need confirming again.
        if (!who || who.email !== d.email) {
          await db.deleteFrom('notification_mail').where('member_id', '=', d.member_id).where('email', '=', d.email).execute();
          continue;
        }
        // A banned account gets no mail; its messages are passed over (not kept for a later digest).
        const claimed = await claim(d.member_id, d.confirmed_at!, cutoff, at);
        if (!claimed.length || !who.active) continue; // (none: another instance took them)
        try {
          await mailer.send(digest(d, who.name, claimed, site));
          sent++;
          await db
            .updateTable('notification_mail')
            .set({ failures: 0, retry_at: null })
            .where('member_id', '=', d.member_id)
            .where('failures', '>', 0)
            .execute();
        } catch (e) {
          // Not mailed: the messages go back for a later run, after a pause that grows with each failure;
          // one failing address never holds up the others.
          await db
            .updateTable('notification_mail')
            .set((eb) => ({ failures: eb('failures', '+', 1), retry_at: retryAt(d.failures) }))
            .where('member_id', '=', d.member_id)
            .execute();
          if (d.failures + 1 >= MAX_FAILURES)
            await db.updateTable('notification_mail').set({ confirmed_at: null }).where('member_id', '=', d.member_id).execute();
          const ids = claimed.map((n) => n.id);
          await db.updateTable('notifications').set({ mailed_at: null }).where('id', 'in', ids).where('mailed_at', '=', at).execute();
          console.error(`notification digest to member ${d.member_id} failed:`, e);
        }
      }
      return sent;
    },
  };
}

export type NotificationMail = ReturnType<typeof createNotificationMail>;
