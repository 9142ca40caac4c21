import { randomBytes } from 'node:crypto';
import type sharpType from 'sharp';
import type { Storage } from '../../platform/storage/index.ts';
import { t } from '../../strings/index.ts';

// Loaded on first use, as for ads and the site logo: most processes never see a friend-link logo upload.
let sharpModule: Promise<typeof sharpType> | undefined;
const loadSharp = () => (sharpModule ??= import('sharp').then((m) => m.default));

export const LOGO_MAX_BYTES = 2 * 1024 * 1024;
const MAX_PIXELS = 40_000_000;
/** Raster formats only: an SVG can carry script. */
const FORMATS = { jpeg: 'jpg', png: 'png', webp: 'webp' } as const;
/** Twice the classic 88×31 friend-link banner, for sharp screens. */
const BOX = { width: 176, height: 62 };
const KEY = /^\/uploads\/(links\/\d{4}\/\d{2}\/[0-9a-f]{18}\.(?:jpg|png|webp))$/;

/** A logo as it arrived (the file part of the form). */
export interface LogoUpload {
  data: Buffer;
  truncated: boolean;
}

/**
 * Checks an upload by its content (a JPEG, PNG or WebP that decodes completely), re-encodes it (dropping
 * metadata and anything appended), shrinks it into 176×62 and stores it under links/YYYY/MM/.
 * Returns the URL, or the message for the form.
 */
export async function storeLinkLogo(storage: Storage, now: Date, upload: LogoUpload): Promise<{ url: string } | { error: string }> {
  if (upload.truncated || upload.data.length > LOGO_MAX_BYTES) return { error: t.links.errLogoSize };
  const sharp = await loadSharp();
  let format: string | undefined;
  try {
    format = (await sharp(upload.data, { limitInputPixels: MAX_PIXELS }).metadata()).format;
  } catch {
    return { error: t.links.errLogoType };
  }
  if (!format || !Object.hasOwn(FORMATS, format)) return { error: t.links.errLogoType };
  const ext = FORMATS[format as keyof typeof FORMATS];
  let out: Buffer;
  try {
    out = await sharp(upload.data, { limitInputPixels: MAX_PIXELS, failOn: 'error' })
      .rotate()
      .resize(BOX.width, BOX.height, { fit: 'inside', withoutEnlargement: true })
      .toFormat(ext === 'jpg' ? 'jpeg' : ext)
      .toBuffer();
  } catch {
    return { error: t.links.errLogoType };
  }
  const month = now.toISOString().slice(0, 7).replace('-', '/');
  return { url: await storage.put(`links/${month}/${randomBytes(9).toString('hex')}.${ext}`, out) };
}

/** Deletes a logo file this feature stored (replaced, removed, or its link deleted); other URLs are left alone. */
export async function dropLinkLogo(storage: Storage, url: string): Promise<void> {
  const key = KEY.exec(url)?.[1];
  if (key) await storage.remove(key).catch(() => undefined);
}
