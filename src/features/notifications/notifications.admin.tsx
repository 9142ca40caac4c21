import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from '../../platform/html/jsx.ts';
import { ErrorSummary, Field, Form, Select, TextArea, type FormErrors } from '../../platform/html/forms.tsx';
import { t, format } from '../../strings/index.ts';
import type { Audit } from '../audit/index.ts';
import type { Console } from '../console/index.ts';
import type { Guards, Member, Members } from '../members/index.ts';
import { linkOf, type Notifications } from './notifications.service.ts';
import type { DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';

const s = t.notifications;
const HOME = '/admin/notifications/';

export interface NotificationsAdminDeps {
  notifications: Notifications;
  guards: Guards;
  console: Console;
  audit: Audit;
  members: Pick<Members, 'groups'>;
  dbh: DbHandle;
  clock: Clock;
}

type Values = { target: string; body: string; link: string };
const str = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v.at(-1) === 'string' ? (v.at(-1) as string) : '');

/** 群发站内信 (admins): one notice to every member or to one member group, audited. */
export function registerNotificationsAdmin(app: FastifyInstance, deps: NotificationsAdminDeps): void {
  const { guards } = deps;

  async function render(req: FastifyRequest, reply: FastifyReply, me: Member, v: Values, errors: FormErrors = {}, flash?: string) {
    // The counts are who a send would reach (active members), not the groups' sizes (banned included).
    const [groups, audience] = await Promise.all([deps.members.groups.list(), deps.notifications.audience()]);
    const options = [
      { value: 'all', label: format(s.broadcastAll, { n: audience.all }) },
      ...groups.map((g) => ({
        value: `group:${g.id}`,
        label: format(s.broadcastGroup, { name: g.name, n: audience.forGroup(g.id, g.id === groups[0]?.id) }),
      })),
    ];
    const body = (
      <div class="broadcast">
        <p class="hint">{s.broadcastIntro}</p>
        <ErrorSummary errors={errors} />
        <Form action={HOME} csrf={deps.console.csrf(req, reply)} confirm={s.broadcastConfirm}>
          <Select name="target" label={s.broadcastTarget} value={v.target} options={options} error={errors.target} required />
          <TextArea name="body" label={s.broadcastBody} value={v.body} hint={s.broadcastBodyHint} error={errors.body} maxlength={500} rows={4} required />
          <Field name="link" label={s.broadcastLink} value={v.link} hint={s.broadcastLinkHint} error={errors.link} maxlength={500} />
          <button type="submit" class="btn primary">
            {s.broadcastSubmit}
          </button>
        </Form>
      </div>
    );
    return deps.console.admin(req, reply, me, {
      title: s.broadcastTitle,
      current: HOME,
      body,
      ...(flash ? { flash } : {}),
      status: Object.keys(errors).length ? 422 : 200,
    });
  }

  app.get<{ Querystring: Record<string, string | undefined> }>(HOME, async (req, reply) => {
    const me = await guards.admin(req);
    const sent = /^\d{1,9}$/.test(req.query.sent ?? '') ? format(s.broadcastSent, { n: Number(req.query.sent) }) : undefined;
    return render(req, reply, me, { target: 'all', body: '', link: '' }, {}, sent);
  });

  app.post(HOME, async (req, reply) => {
    const me = await guards.admin(req);
    const raw = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const v: Values = { target: str(raw.target), body: str(raw.body).trim(), link: str(raw.link).trim() };
    const errors: FormErrors = {};
    if (!v.body || [...v.body].length > 500) errors.body = s.errBroadcastBody;
    if (v.link && !linkOf(v.link)) errors.link = s.errBroadcastLink;
    const groups = await deps.members.groups.list();
    const groupId = /^group:(\d{1,9})$/.exec(v.target)?.[1];
    const group = groupId === undefined ? undefined : groups.find((g) => g.id === Number(groupId));
    if (v.target !== 'all' && !group) errors.target = s.errBroadcastTarget;
    if (Object.keys(errors).length) return render(req, reply, me, v, errors);
    const to = group ? { groupId: group.id, isDefaultGroup: group.id === groups[0]?.id } : {};
    // One transaction for the notices and the audit entry; the same text again within 10 minutes sends nothing.
    const since = new Date(deps.clock.now().getTime() - 10 * 60_000).toISOString();
    const n = await deps.dbh.tx(async (trx) => {
      const sent = await deps.notifications.broadcast({ body: v.body, ...(v.link ? { link: v.link } : {}) }, to, { trx, sinceIso: since });
      if (sent)
        await deps.audit.record(
          { actorId: me.id, action: 'notification.broadcast', detail: { target: v.target, body: v.body.slice(0, 200), reached: sent }, ip: req.ip },
          trx,
        );
      return sent;
    });
    if (!n) return render(req, reply, me, v, { body: s.errBroadcastRepeated });
    return reply.redirect(`${HOME}?sent=${n}`, 303);
  });
}
