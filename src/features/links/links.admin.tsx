import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, Fragment, type SafeHtml } from '../../platform/html/jsx.ts';
import { assetUrl } from '../../platform/html/asset-url.ts';
import { clientIp } from '../../platform/http/app.ts';
import { readForm, registerMultipart } from '../../platform/http/multipart.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { t } from '../../strings/index.ts';
import type { BannedWords } from '../banned-words/index.ts';
import type { Console } from '../console/index.ts';
import type { Guards, Member } from '../members/index.ts';
import { LOGO_MAX_BYTES } from './links.logo.ts';
import { LINK_STATUSES, parseSortOrder, type LinkStatus } from './links.schema.ts';
import type { LinkActor, Links } from './links.service.ts';
import { ADMIN_HOME, AdminList, DeleteConfirm, LinkFormView, valuesOf, type LinkFormValues } from './views/admin-pages.tsx';

const l = t.links;
type Q = Record<string, string | undefined>;

/** The largest id the `integer` id column holds (PostgreSQL refuses a bigger number outright). */
const ID_MAX = 2_147_483_647;

function idParam(v: string): number {
  if (!/^[1-9]\d{0,9}$/.test(v) || Number(v) > ID_MAX) throw new NotFoundError();
  return Number(v);
}

function statusParam(v: string | undefined): LinkStatus | 'all' {
  return (LINK_STATUSES as readonly string[]).includes(v ?? '') ? (v as LinkStatus) : 'all';
}

const listUrl = (status: string, done: string) => `${ADMIN_HOME}?${status === 'all' ? '' : `status=${status}&`}done=${done}`;
const actorOf = (req: FastifyRequest, me: Member): LinkActor => ({ id: me.id, ip: clientIp(req) });
// A function: asset versions are known only after start-up (platform/http/assets.ts), not when this module loads.
const css = () => <link rel="stylesheet" href={assetUrl('links.css')} />;

/**
 * 友情链接 in the admin console: editors and admins review applications (通过 / 拒绝 / 隐藏), add and edit
 * links (with a logo upload) and set their order; only admins delete. Every action is a CSRF-checked POST,
 * audited by the service, which purges the public pages.
 */
export function registerLinksAdmin(
  app: FastifyInstance,
  deps: { links: Links; guards: Guards; console: Console; bannedWords: Pick<BannedWords, 'find'> },
): void {
  const { links, guards } = deps;

  const page = (req: FastifyRequest, reply: FastifyReply, me: Member, title: string, body: SafeHtml, extra: { flash?: string; status?: number } = {}) =>
    deps.console.admin(req, reply, me, {
      title,
      current: ADMIN_HOME,
      body: (
        <>
          {css()}
          {body}
        </>
      ),
      ...extra,
    });

  app.get<{ Querystring: Q }>(ADMIN_HOME, async (req, reply) => {
    const me = await guards.staff(req);
    const status = statusParam(req.query.status);
    const [items, counts] = await Promise.all([links.list(status), links.counts()]);
    // Why a waiting application may be spam: the banned words in it (as 网站留言 shows them).
    const held = new Map<number, string[]>();
    for (const x of items) {
      if (x.status !== 'pending') continue;
      const words = await deps.bannedWords.find(x.name, x.description, x.note);
      if (words.length) held.set(x.id, words);
    }
    const csrf = deps.console.csrf(req, reply);
    const flash = l.flash[req.query.done ?? ''];
    const body = <AdminList status={status} counts={counts} items={items} held={held} csrf={csrf} isAdmin={me.role === 'admin'} />;
    return page(req, reply, me, l.title, body, flash ? { flash } : {});
  });

  // One-button status changes return to the tab the link was listed in.
  const actions = [
    ['approve', 'approved'],
    ['reject', 'rejected'],
    ['hide', 'hidden'],
  ] as const;
  for (const [name, status] of actions) {
    app.post<{ Params: { id: string }; Body: Q }>(`${ADMIN_HOME}:id/${name}`, async (req, reply) => {
      const me = await guards.staff(req);
      const id = idParam(req.params.id);
      await links.setStatus(id, status, actorOf(req, me));
      return reply.redirect(listUrl(statusParam(req.body?.back), status), 303);
    });
  }

  // 保存排序: a box whose id no link can have (beyond the column) is ignored like an unknown id; one bad
  // number (out of range, not a number, the box sent twice) refuses the lot, nothing saved.
  app.post<{ Body: Record<string, unknown> }>(`${ADMIN_HOME}sort`, async (req, reply) => {
    const me = await guards.staff(req);
    const back = statusParam(typeof req.body?.back === 'string' ? req.body.back : undefined);
    const orders = new Map<number, number>();
    for (const [k, v] of Object.entries(req.body ?? {})) {
      const m = /^sort_([1-9]\d{0,9})$/.exec(k);
      if (!m || Number(m[1]) > ID_MAX) continue;
      const n = typeof v === 'string' ? parseSortOrder(v) : undefined;
      if (n === undefined) return reply.redirect(listUrl(back, 'sortInvalid'), 303);
      orders.set(Number(m[1]), n);
    }
    await links.setSortOrders(orders, actorOf(req, me));
    return reply.redirect(listUrl(back, 'sorted'), 303);
  });

  // 删除: a confirmation page (no JavaScript needed), then the POST with confirm=1. Admins only: an editor
  // is told so (the console's staff pages answer editors, as 回收站's 彻底删除 does) and nothing is deleted.
  app.get<{ Params: { id: string } }>(`${ADMIN_HOME}:id/delete`, async (req, reply) => {
    const me = await guards.staff(req);
    const x = await links.byId(idParam(req.params.id));
    return page(req, reply, me, l.removeTitle, <DeleteConfirm x={x} csrf={deps.console.csrf(req, reply)} isAdmin={me.role === 'admin'} />);
  });

  app.post<{ Params: { id: string }; Body: Q }>(`${ADMIN_HOME}:id/delete`, async (req, reply) => {
    const me = await guards.staff(req);
    const id = idParam(req.params.id);
    if (me.role !== 'admin') return reply.redirect(listUrl('all', 'adminOnly'), 303);
    if (req.body?.confirm !== '1') return reply.redirect(`${ADMIN_HOME}${id}/delete`, 303);
    await links.remove(id, actorOf(req, me));
    return reply.redirect(listUrl('all', 'removed'), 303);
  });

  async function renderForm(
    req: FastifyRequest,
    reply: FastifyReply,
    me: Member,
    id: number | undefined,
    over: { values?: LinkFormValues; errors?: Record<string, string>; message?: string; status?: number } = {},
  ) {
    const current = id === undefined ? undefined : await links.byId(id);
    const body = (
      <LinkFormView
        action={id === undefined ? `${ADMIN_HOME}new` : `${ADMIN_HOME}${id}/edit`}
        values={over.values ?? valuesOf(current)}
        csrf={deps.console.csrf(req, reply)}
        {...(over.errors ? { errors: over.errors } : {})}
        {...(over.message ? { message: over.message } : {})}
      />
    );
    return page(req, reply, me, id === undefined ? l.addTitle : l.editTitle, body, { status: over.status ?? 200 });
  }

  async function save(req: FastifyRequest, reply: FastifyReply, me: Member, id: number | undefined) {
    const current = id === undefined ? undefined : await links.byId(id); // a 404 before the upload is read
    const { fields, files } = await readForm(req, { files: ['logoFile'] });
    const file = files.logoFile;
    try {
      await links.save(id, fields, file ? { data: file.data, truncated: file.truncated } : undefined, actorOf(req, me));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const str = (k: string) => fields[k] ?? '';
      const values: LinkFormValues = {
        name: str('name'),
        url: str('url'),
        description: str('description'),
        contact: str('contact'),
        note: str('note'),
        kind: str('kind'),
        status: str('status'),
        sortOrder: str('sortOrder'),
        logo: current?.logo ?? '',
      };
      return renderForm(req, reply, me, id, { values, errors: e.fields ?? {}, message: e.message, status: 422 });
    }
    return reply.redirect(listUrl('all', 'saved'), 303);
  }

  app.register(async (scope) => {
    await registerMultipart(scope, { fileBytes: LOGO_MAX_BYTES + 1, fieldBytes: 4096, fields: 15 });
    const writeOpts = { bodyLimit: LOGO_MAX_BYTES + 64 * 1024 };
    scope.get(`${ADMIN_HOME}new`, async (req, reply) => renderForm(req, reply, await guards.staff(req), undefined));
    scope.post(`${ADMIN_HOME}new`, writeOpts, async (req, reply) => save(req, reply, await guards.staff(req), undefined));
    scope.get<{ Params: { id: string } }>(`${ADMIN_HOME}:id/edit`, async (req, reply) => {
      const me = await guards.staff(req);
      return renderForm(req, reply, me, idParam(req.params.id));
    });
    scope.post<{ Params: { id: string } }>(`${ADMIN_HOME}:id/edit`, writeOpts, async (req, reply) => {
      const me = await guards.staff(req);
      return save(req, reply, me, idParam(req.params.id));
    });
  });
}
