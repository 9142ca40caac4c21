import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { csrfToken } from '../../platform/http/csrf.ts';
import { registerMultipart, readForm } from '../../platform/http/multipart.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { clientIp } from '../../platform/http/app.ts';
import { format, t } from '../../strings/index.ts';
import type { Member } from './members.service.ts';
import { AVATAR_MAX_BYTES, avatarFileUrl, VERSION_RE } from './members.avatar-image.ts';
import { formBody, idParam, queryString, type RouteDeps } from './members.http.ts';
import { AvatarPage } from './views/avatar-page.tsx';

const s = t.members;
const PAGE = '/member/avatar';
/** Uploads per member and hour: each one decodes a picture of up to 16 megapixels. */
const UPLOADS_PER_HOUR = 10;
const HOUR = 60 * 60_000;
/** A transparent 1×1 GIF: what /avatar/<id>/<size> shows for a member without a picture (the default shows through). */
const BLANK_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/**
 * 头像: the member's own page (upload, replace, remove), the stable public address of a member's picture
 * and staff removal from 会员管理. Pages that show a picture purge by tag when it changes (author:<id>,
 * member:<id>); cached comment lists use the stable address instead, so they never point at a removed file.
 */
export function registerAvatarRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { guards, members } = deps;
  const actions = members.avatarActions({
    storage: deps.storage,
    audit: deps.audit,
    onChanged: async (id) => {
      void deps.cache.purge([`author:${id}`, `member:${id}`]);
      // Comment lists print the versioned file: theirs are renewed too (comments.memberRenamed).
      await deps.onAvatarChanged?.(id).catch((e: unknown) => console.error('avatar: renewing pages failed:', e));
    },
  });

  async function page(req: FastifyRequest, reply: FastifyReply, me: Member, error?: string, status = 200) {
    const version = (await members.avatarVersion(me.id)) ?? '';
    const ok = queryString(req, 'ok');
    const flash = status === 200 ? (ok === 'saved' ? s.avatarSaved : ok === 'removed' ? s.avatarRemoved : undefined) : undefined;
    reply.header('cache-control', 'no-store');
    return deps.console.member(req, reply, me, {
      title: s.avatarTitle,
      current: PAGE,
      body: AvatarPage({ memberId: me.id, name: me.displayName || me.username, version, csrf: csrfToken(req, reply), error }),
      status,
      ...(flash ? { flash } : {}),
    });
  }

  app.register(async (scope) => {
    await registerMultipart(scope, { fileBytes: AVATAR_MAX_BYTES + 1, fieldBytes: 4 * 1024, fields: 5 });

    scope.get(PAGE, async (req, reply) => page(req, reply, await guards.member(req)));

    scope.post(PAGE, { bodyLimit: AVATAR_MAX_BYTES + 64 * 1024 }, async (req, reply) => {
      const me = await guards.member(req);
      const { files } = await readForm(req, { files: ['avatar'] });
      const file = files.avatar;
      if (!file) return page(req, reply, me, s.errAvatarMissing, 422);
      // Counted before decoding: refused files cost the same work.
      if (!(await deps.rateLimiter.hit(`avatar:${me.id}`, UPLOADS_PER_HOUR, HOUR))) return page(req, reply, me, s.errAvatarRate, 429);
      try {
        await actions.upload(me.id, { data: file.data, truncated: file.truncated });
      } catch (e) {
        if (e instanceof ValidationError) return page(req, reply, me, e.fields?.avatar ?? e.message, 422);
        throw e;
      }
      return reply.redirect(`${PAGE}?ok=saved`, 303);
    });

    scope.post(`${PAGE}/remove`, async (req, reply) => {
      const me = await guards.member(req);
      await actions.remove(me.id);
      return reply.redirect(`${PAGE}?ok=removed`, 303);
    });
  });

  // The picture of a member by id alone, for pages that do not know its version (comment lists print the
  // version, and are renewed on a change): a redirect to the current versioned file, or a transparent pixel.
  app.get<{ Params: { id: string; size: string } }>('/avatar/:id/:size', async (req, reply) => {
    const id = idParam(req);
    const size = req.params.size;
    if (!id || (size !== 'big' && size !== 'small')) throw new NotFoundError();
    const version = (await members.avatarVersion(id)) ?? '';
    const etag = `"av-${version || 'none'}-${size}"`;
    // Kept for a few minutes (then revalidated by ETag): pages that print this address instead of the
    // version (none of ours by default: comment lists print the version) may show an old picture that long.
    reply.header('cache-control', 'public, max-age=300, stale-while-revalidate=600').header('etag', etag);
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    if (!VERSION_RE.test(version)) return reply.type('image/gif').header('x-content-type-options', 'nosniff').send(BLANK_GIF);
    return reply.redirect(avatarFileUrl(id, version, size), 302);
  });

  app.post('/admin/members/:id/avatar/remove', async (req, reply) => {
    const me = await guards.admin(req);
    const id = idParam(req);
    if (!id || !(await members.byId(id))) throw new NotFoundError();
    const reason = (formBody(req).reason ?? '').trim().slice(0, 200);
    if (await actions.removeByStaff(id, me.id, reason, clientIp(req))) {
      await deps.onAvatarRemovedByStaff?.(id, reason ? format(s.avatarRemovedByStaffReason, { reason }) : s.avatarRemovedByStaff);
    }
    return reply.redirect(`/admin/members/${id}?ok=avatar`, 303);
  });
}
