import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type sharpType from 'sharp';
import { registerMultipart, readForm, type UploadedFile } from '../../platform/http/multipart.ts';
import type { Storage } from '../../platform/storage/index.ts';
import type { Member } from '../members/index.ts';
import { actor, s, seeOther, type AdminDeps } from './admin.shared.tsx';

// Loaded on first use, as for ads and covers: most processes never see a logo upload.
let sharpModule: Promise<typeof sharpType> | undefined;
const loadSharp = () => (sharpModule ??= import('sharp').then((m) => m.default));

export const LOGO_MAX_BYTES = 2 * 1024 * 1024;
const MAX_PIXELS = 40_000_000;
/** Raster formats only. SVG is refused: it can carry script, and a logo gains little from being a vector. */
const FORMATS = { jpeg: 'jpg', png: 'png', webp: 'webp' } as const;
const BOX = { width: 600, height: 200 };
const PREFIX = 'site/';

/** The stored logo's upload key, if `url` is one this feature stored (a typed URL is left alone). */
function ownKey(url: string): string | undefined {
  return /^\/uploads\/site\/logo-[0-9a-f]{18}\.(jpg|png|webp)$/.test(url) ? url.slice('/uploads/'.length) : undefined;
}

/**
 * Checks an upload by its content (a JPEG, PNG or WebP that decodes completely), re-encodes it (dropping
 * metadata and anything appended), shrinks it into 600×200 and stores it. Returns the URL, or the message.
 */
export async function storeLogo(storage: Storage, file: UploadedFile | undefined): Promise<{ url: string } | { error: string }> {
  if (!file || !file.data.length) return { error: s.s.errLogoMissing };
  if (file.truncated || file.data.length > LOGO_MAX_BYTES) return { error: s.s.errLogoSize };
  const sharp = await loadSharp();
  let format: string | undefined;
  try {
    format = (await sharp(file.data, { limitInputPixels: MAX_PIXELS }).metadata()).format;
  } catch {
    return { error: s.s.errLogoType };
  }
  if (!format || !Object.hasOwn(FORMATS, format)) return { error: s.s.errLogoType };
  const ext = FORMATS[format as keyof typeof FORMATS];
  let out: Buffer;
  try {
    out = await sharp(file.data, { limitInputPixels: MAX_PIXELS, failOn: 'error' })
      .rotate()
      .resize(BOX.width, BOX.height, { fit: 'inside', withoutEnlargement: true })
      .toFormat(ext === 'jpg' ? 'jpeg' : ext)
      .toBuffer();
  } catch {
    return { error: s.s.errLogoType };
  }
  return { url: await storage.put(`${PREFIX}logo-${randomBytes(9).toString('hex')}.${ext}`, out) };
}

/** Deletes the file of a logo this feature stored (a replaced or removed upload); other URLs are left alone. */
export async function dropOwnLogo(storage: Storage, url: string): Promise<void> {
  const key = ownKey(url);
  if (key) await storage.remove(key).catch(() => undefined);
}

type Render = (req: FastifyRequest, reply: FastifyReply, me: Member, logoError?: string) => Promise<unknown>;

/**
 * 上传 Logo / 删除 Logo (admins). Either is a settings write (`logoUrl`), so the page cache is cleared and
 * every page shows the new logo at once; the file a replaced or removed upload left is deleted.
 */
export function registerAdminSettingsLogo(app: FastifyInstance, deps: AdminDeps, home: string, render: Render): void {
  const { guards, settings, audit, storage } = deps;

  const dropOld = (url: string) => dropOwnLogo(storage, url);

  app.register(async (scope) => {
    await registerMultipart(scope, { fileBytes: LOGO_MAX_BYTES, fieldBytes: 1024, fields: 5 });
    scope.post(`${home}/logo`, { bodyLimit: LOGO_MAX_BYTES + 64 * 1024 }, async (req, reply) => {
      const me = await guards.admin(req);
      const { files } = await readForm(req, { files: ['logoFile'] });
      const stored = await storeLogo(storage, files.logoFile);
      if ('error' in stored) return render(req, reply.code(422), me, stored.error);
      const before = (await settings.get()).logoUrl;
      try {
        await settings.update({ logoUrl: stored.url });
      } catch (e) {
        await dropOld(stored.url);
        throw e;
      }
      await dropOld(before);
      await audit.record({ ...actor(req, me), action: 'settings.logo', targetType: 'settings', detail: { logoUrl: stored.url } });
      return seeOther(reply, `${home}?ok=logo`);
    });
  });

  app.post(`${home}/logo/remove`, async (req, reply) => {
    const me = await guards.admin(req);
    const before = (await settings.get()).logoUrl;
    if (before) {
      await settings.update({ logoUrl: '' });
      await dropOld(before);
      await audit.record({ ...actor(req, me), action: 'settings.logo_remove', targetType: 'settings', detail: { logoUrl: before } });
    }
    return seeOther(reply, `${home}?ok=logoRemoved`);
  });
}
