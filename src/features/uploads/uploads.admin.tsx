import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, type SafeHtml } from '../../platform/html/jsx.ts';
import { ActionButton } from '../../platform/html/forms.tsx';
import { clientIp } from '../../platform/http/app.ts';
import { ConflictError, NotFoundError } from '../../platform/errors.ts';
import { format, t } from '../../strings/index.ts';
import { Pagination, formatDateTime } from '../articles/index.ts';
import type { Guards, Member } from '../members/index.ts';
import type { Console } from '../console/index.ts';
import type { SweepOutcome, UploadItem, Uploads } from './uploads.service.ts';
import type { UseRef } from './uploads.usage.ts';

const s = t.uploads;
const HOME = '/admin/uploads/';
const PER_PAGE = 30;
const IMAGE = /\.(jpe?g|png|gif|webp|avif|svg)$/i;

export interface UploadsAdminDeps {
  guards: Guards;
  console: Console;
  uploads: Uploads;
}

/** `1.2 MB`, `35.0 KB`, `812 B`. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
}

/** A setting that holds a file, in the settings page's words (网站Logo); a setting without a name here is 网站设置. */
const settingLabel = (name: string): string => (Object.hasOwn(s.settingNames, name) ? (s.settingNames[name] as string) : s.use.setting);

/** What uses a file, in words (文章 #123 封面) and where to see it: the item's own edit page. */
export function describeUse(u: UseRef): { label: string; href: string } {
  switch (u.what) {
    case 'article_cover':
    case 'article_body':
    case 'revision':
      return { label: format(s.use[u.what], { id: u.articleId }), href: `/admin/articles/${u.articleId}/edit` };
    case 'setting':
      return { label: settingLabel(u.name), href: '/admin/settings' };
    case 'avatar':
      return { label: format(s.use.avatar, { id: u.id }), href: `/admin/members/${u.id}` };
    case 'ad':
      return { label: format(s.use.ad, { id: u.id }), href: `/admin/ads/${u.id}/edit` };
    case 'gift':
      return { label: format(s.use.gift, { id: u.id }), href: `/admin/mall/gifts/${u.id}` };
    case 'page':
      return { label: format(s.use.page, { id: u.id }), href: `/admin/pages/${encodeURIComponent(u.slug)}/edit` };
    case 'link':
      return { label: format(s.use.link, { id: u.id }), href: `/admin/links/${u.id}/edit` };
    case 'media':
      return { label: format(s.use.media, { id: u.id }), href: HOME };
  }
}

function Row({ f }: { f: UploadItem }): SafeHtml {
  const use = f.use && describeUse(f.use);
  return (
    <tr>
      <td>{IMAGE.test(f.key) ? <img src={f.url} alt="" width="64" height="48" loading="lazy" style="object-fit:cover" /> : ''}</td>
      <td class="break">
        <a href={f.url} target="_blank" rel="noopener">
          {f.key}
        </a>
      </td>
      <td class="nowrap">{s.kinds[f.kind] ?? f.kind}</td>
      <td class="nowrap">{formatBytes(f.size)}</td>
      <td>{f.uploaderName ?? s.system}</td>
      <td class="nowrap">{formatDateTime(f.createdAt)}</td>
      <td>{use ? <a href={use.href}>{use.label}</a> : <span class="muted">{s.unused}</span>}</td>
      <td>
        <a class="btn small danger" href={`/admin/uploads/${f.id}/delete`}>
          {s.delete}
        </a>
      </td>
    </tr>
  );
}

function ListView(p: { items: UploadItem[]; total: number; page: number; unused: boolean }): SafeHtml {
  const urlOf = (page: number, unused = p.unused) =>
    `${HOME}?${new URLSearchParams({ ...(unused ? { filter: 'unused' } : {}), ...(page > 1 ? { page: String(page) } : {}) })}`;
  return (
    <div class="admin-uploads">
      <p class="intro">{s.intro}</p>
      <p class="tabs">
        {p.unused ? <a href={urlOf(1, false)}>{s.filterAll}</a> : <strong aria-current="page">{s.filterAll}</strong>} |{' '}
        {p.unused ? <strong aria-current="page">{s.filterUnused}</strong> : <a href={urlOf(1, true)}>{s.filterUnused}</a>}
      </p>
      <p>
        <a class="btn danger" href="/admin/uploads/sweep">
          {s.sweep}
        </a>
      </p>
      <p class="muted total">{format(s.total, { n: p.total })}</p>
      {p.items.length ? (
        <div class="table-wrap">
          <table class="table compact">
            <thead>
              <tr>
                <th>{s.colPreview}</th>
                <th>{s.colFile}</th>
                <th>{s.colKind}</th>
                <th>{s.colSize}</th>
                <th>{s.colUploader}</th>
                <th>{s.colDate}</th>
                <th>{s.colUse}</th>
                <th>{s.colActions}</th>
              </tr>
            </thead>
            <tbody>
              {p.items.map((f) => (
                <Row f={f} />
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="empty">{p.unused ? s.emptyUnused : s.empty}</p>
      )}
      <Pagination page={p.page} pages={Math.ceil(p.total / PER_PAGE)} urlFor={(n) => urlOf(n)} />
    </div>
  );
}

function Confirm(p: {
  message: string;
  action?: string | undefined;
  fields?: Record<string, string>;
  label: string;
  csrf: string;
  error?: string | undefined;
}): SafeHtml {
  return (
    <section class="panel confirm">
      {p.error ? (
        <p class="flash error" role="alert">
          {p.error}
        </p>
      ) : (
        ''
      )}
      <p>{p.message}</p>
      <div class="form-actions">
        {p.action ? <ActionButton action={p.action} csrf={p.csrf} label={p.label} class="btn danger" {...(p.fields ? { fields: p.fields } : {})} /> : ''}
        <a class="btn" href={HOME}>
          {p.action ? s.cancel : s.back}
        </a>
      </div>
    </section>
  );
}

/** A file in use cannot be deleted: only the refusal, where it is used, and the way back (no question, no button). */
function InUse(p: { file: string; use: { label: string; href: string } }): SafeHtml {
  return (
    <section class="panel confirm">
      <p class="flash error" role="alert">
        {format(s.errInUseFile, { key: p.file })}
      </p>
      <p>
        {s.usedBy}
        <a href={p.use.href}>{p.use.label}</a>
      </p>
      <div class="form-actions">
        <a class="btn" href={HOME}>
          {s.back}
        </a>
      </div>
    </section>
  );
}

/** The brake stopped (or would stop) the sweep: why, and a second confirmation that forces it. */
function Refused({ r, csrf }: { r: SweepOutcome; csrf: string }): SafeHtml {
  const why = r.refused === 'empty_site' ? s.sweepRefusedEmpty : format(s.sweepRefusedMass, { n: r.eligible, total: r.recorded });
  return <Confirm error={why} message={s.sweepForceHint} action="/admin/uploads/sweep" fields={{ force: '1' }} label={s.sweepForce} csrf={csrf} />;
}

const pageOf = (v: unknown) => (typeof v === 'string' && /^[1-9]\d{0,5}$/.test(v) ? Number(v) : 1);
const idOf = (v: string) => (/^\d{1,9}$/.test(v) ? Number(v) : undefined);

/** 附件管理 (admins only): the list, 删除 of one unused file, 清理未使用附件 (the sweep, now). */
export function registerUploadsAdmin(app: FastifyInstance, deps: UploadsAdminDeps): void {
  const { guards, uploads } = deps;
  const page = (req: FastifyRequest, reply: FastifyReply, me: Member, body: SafeHtml, opts: { title?: string; flash?: string; status?: number } = {}) =>
    deps.console.admin(req, reply, me, {
      title: opts.title ?? s.title,
      current: HOME,
      body,
      ...(opts.flash ? { flash: opts.flash } : {}),
      status: opts.status ?? 200,
    });

  app.get<{ Querystring: Record<string, string | undefined> }>(HOME, async (req, reply) => {
    const me = await guards.admin(req);
    const q = req.query;
    const unused = q.filter === 'unused';
    const n = pageOf(q.page);
    const { items, total } = await uploads.list({ page: n, perPage: PER_PAGE, unused });
    const flash =
      q.ok === 'deleted'
        ? s.flashDeleted
        : q.ok === 'swept' && /^\d{1,9}$/.test(q.n ?? '') && /^\d{1,15}$/.test(q.bytes ?? '')
          ? format(s.flashSwept, { n: Number(q.n), size: formatBytes(Number(q.bytes)) }) +
            (/^[1-9]\d{0,8}$/.test(q.failed ?? '') ? format(s.flashSweepFailed, { n: Number(q.failed) }) : '')
          : undefined;
    return page(req, reply, me, <ListView items={items} total={total} page={n} unused={unused} />, flash ? { flash } : {});
  });

  app.get<{ Params: { id: string } }>('/admin/uploads/:id/delete', async (req, reply) => {
    const me = await guards.admin(req);
    const id = idOf(req.params.id);
    if (id === undefined) throw new NotFoundError(s.errNotFound);
    const f = await uploads.get(id);
    const csrf = deps.console.csrf(req, reply);
    const message = format(s.deleteBody, { key: f.key, size: formatBytes(f.size) });
    const body = f.use ? (
      <InUse file={f.key} use={describeUse(f.use)} />
    ) : (
      <Confirm message={message} action={`/admin/uploads/${f.id}/delete`} label={s.delete} csrf={csrf} />
    );
    return page(req, reply, me, body, { title: s.deleteTitle });
  });

  app.post<{ Params: { id: string } }>('/admin/uploads/:id/delete', async (req, reply) => {
    const me = await guards.admin(req);
    const id = idOf(req.params.id);
    if (id === undefined) throw new NotFoundError(s.errNotFound);
    try {
      await uploads.remove(id, { actorId: me.id, ip: clientIp(req) }, (u) => describeUse(u).label);
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      const f = await uploads.get(id);
      const body = f.use ? <InUse file={f.key} use={describeUse(f.use)} /> : <Confirm message={e.message} label={s.delete} csrf="" />;
      return page(req, reply, me, body, { title: s.deleteTitle, status: 409 });
    }
    return reply.redirect(`${HOME}?ok=deleted`, 303);
  });

  app.get('/admin/uploads/sweep', async (req, reply) => {
    const me = await guards.admin(req);
    const preview = await uploads.previewSweep();
    const csrf = deps.console.csrf(req, reply);
    const body = preview.refused ? (
      <Refused r={preview} csrf={csrf} />
    ) : preview.count ? (
      <Confirm
        message={format(s.sweepBody, { n: preview.count, size: formatBytes(preview.bytes) })}
        action="/admin/uploads/sweep"
        label={s.sweepConfirm}
        csrf={csrf}
      />
    ) : (
      <Confirm message={s.sweepNothing} label={s.sweepConfirm} csrf={csrf} />
    );
    return page(req, reply, me, body, { title: s.sweepTitle });
  });

  app.post<{ Body: Record<string, unknown> | undefined }>('/admin/uploads/sweep', async (req, reply) => {
    const me = await guards.admin(req);
    const force = req.body?.force === '1';
    const r = await uploads.sweep({ actor: { actorId: me.id, ip: clientIp(req) }, force });
    if (r.refused) return page(req, reply, me, <Refused r={r} csrf={deps.console.csrf(req, reply)} />, { title: s.sweepTitle, status: 409 });
    return reply.redirect(`${HOME}?ok=swept&n=${r.count}&bytes=${r.bytes}${r.failed ? `&failed=${r.failed}` : ''}`, 303);
  });
}
