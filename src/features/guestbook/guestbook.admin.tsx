import { assetUrl } from '../../platform/html/asset-url.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, Fragment } from '../../platform/html/jsx.ts';
import { clientIp } from '../../platform/http/app.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { t } from '../../strings/index.ts';
import type { Console } from '../console/index.ts';
import type { Guards, Member } from '../members/index.ts';
import type { BannedWords } from '../banned-words/index.ts';
import { GUESTBOOK_STATUSES, type GuestbookStatus } from './guestbook.schema.ts';
import type { Guestbook } from './guestbook.service.ts';
import { AdminListView, ReplyView } from './views/admin-pages.tsx';

const PER_PAGE = 20;
const CURRENT = '/admin/guestbook/';
const g = t.reports.guestbook;
const FLASH: Record<string, string> = { approved: g.approvedFlash, hidden: g.hiddenFlash, removed: g.removedFlash, replied: g.repliedFlash };

type Q = Record<string, string | undefined>;

function idParam(v: string): number {
  if (!/^[1-9]\d{0,9}$/.test(v) || Number(v) > 2_147_483_647) throw new NotFoundError();
  return Number(v);
}

function statusParam(v: string | undefined, fallback: GuestbookStatus): GuestbookStatus {
  return (GUESTBOOK_STATUSES as readonly string[]).includes(v ?? '') ? (v as GuestbookStatus) : fallback;
}

// A function: asset versions are known only after start-up (platform/http/assets.ts), not when this module loads.
const css = () => <link rel="stylesheet" href={assetUrl('reports.css')} />;

/** 网站留言 in the admin console (editors and admins): list by status, approve, hide, delete, reply. */
export function registerGuestbookAdmin(
  app: FastifyInstance,
  deps: { guestbook: Guestbook; guards: Guards; console: Console; bannedWords: Pick<BannedWords, 'find'> },
): void {
  const { guestbook, guards } = deps;

  app.get<{ Querystring: Q }>('/admin/guestbook/', async (req, reply) => {
    const me = await guards.staff(req);
    const status = statusParam(req.query.status, 'pending');
    const page = /^[1-9]\d{0,4}$/.test(req.query.page ?? '') ? Number(req.query.page) : 1;
    const { items, total } = await guestbook.list(status, page, PER_PAGE);
    const csrf = deps.console.csrf(req, reply);
    // Why each waiting message was held: the banned words in it (as 评论管理 shows them).
    const held = new Map<number, string[]>();
    for (const m of items) {
      if (m.status !== 'pending') continue;
      const words = await deps.bannedWords.find(m.memberId === null ? m.nickname : '', m.contact, m.body);
      if (words.length) held.set(m.id, words);
    }
    const body = (
      <>
        {css()}
        <AdminListView status={status} items={items} held={held} page={page} pages={Math.max(1, Math.ceil(total / PER_PAGE))} csrf={csrf} />
      </>
    );
    const flash = FLASH[req.query.done ?? ''];
    return deps.console.admin(req, reply, me, { title: g.adminTitle, current: CURRENT, body, ...(flash ? { flash } : {}) });
  });

  // One-button actions return to the tab the message was listed in.
  const actions = [
    ['approve', 'approved', (id: number, me: Member, ip: string) => guestbook.setStatus(id, 'visible', me, ip)],
    ['hide', 'hidden', (id: number, me: Member, ip: string) => guestbook.setStatus(id, 'hidden', me, ip)],
    ['delete', 'removed', (id: number, me: Member, ip: string) => guestbook.remove(id, me, ip)],
  ] as const;
  for (const [name, done, run] of actions) {
    app.post<{ Params: { id: string } }>(`/admin/guestbook/:id/${name}`, async (req, reply) => {
      const me = await guards.staff(req);
      const id = idParam(req.params.id);
      const from = (await guestbook.byId(id)).status;
      await run(id, me, clientIp(req));
      return reply.redirect(`/admin/guestbook/?status=${from}&done=${done}`, 303);
    });
  }

  async function renderReply(
    req: FastifyRequest,
    reply: FastifyReply,
    me: Member,
    id: number,
    over: { values?: { reply: string; publish: boolean }; errors?: Record<string, string>; message?: string; status?: number },
  ) {
    const m = await guestbook.byId(id);
    const body = (
      <>
        {css()}
        <ReplyView
          m={m}
          csrf={deps.console.csrf(req, reply)}
          values={over.values ?? { reply: m.reply, publish: true }}
          {...(over.errors ? { errors: over.errors } : {})}
          {...(over.message ? { message: over.message } : {})}
        />
      </>
    );
    return deps.console.admin(req, reply, me, { title: g.replyTitle, current: CURRENT, body, status: over.status ?? 200 });
  }

  app.get<{ Params: { id: string } }>('/admin/guestbook/:id', async (req, reply) => {
    const me = await guards.staff(req);
    return renderReply(req, reply, me, idParam(req.params.id), {});
  });

  app.post<{ Params: { id: string }; Body: Q }>('/admin/guestbook/:id/reply', async (req, reply) => {
    const me = await guards.staff(req);
    const id = idParam(req.params.id);
    const b = req.body ?? {};
    try {
      await guestbook.reply(id, { reply: b.reply ?? '', publish: b.publish }, me, clientIp(req));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return renderReply(req, reply, me, id, {
        values: { reply: b.reply ?? '', publish: b.publish === '1' },
        errors: e.fields ?? {},
        message: e.message,
        status: 422,
      });
    }
    const m = await guestbook.byId(id);
    return reply.redirect(`/admin/guestbook/?status=${m.status}&done=replied`, 303);
  });
}
