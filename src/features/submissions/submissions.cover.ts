import { randomBytes } from 'node:crypto';
import type sharpType from 'sharp';

// Loaded on first use: sharp is large and most server starts never need it.
let sharpModule: Promise<typeof sharpType> | undefined;
const loadSharp = () => (sharpModule ??= import('sharp').then((m) => m.default));
import { ValidationError } from '../../platform/errors.ts';
import type { Storage } from '../../platform/storage/index.ts';
import { t } from '../../strings/index.ts';

const s = t.submissions;

export const COVER_MAX_BYTES = 5 * 1024 * 1024;
const MAX_PIXELS = 40_000_000; // refuse decompression bombs before decoding
const MAIN_WIDTH = 1200;
export const THUMB_WIDTH = 240;
export const THUMB_HEIGHT = 160;

const FORMATS = { jpeg: 'jpg', png: 'png', webp: 'webp', gif: 'gif' } as const;
type Format = keyof typeof FORMATS;

/** A checked and re-encoded cover, not yet stored. */
export interface ProcessedCover {
  ext: string;
  main: Buffer;
  thumb: Buffer;
  thumbExt: string;
  width: number;
  height: number;
}

/** A stored cover: the public URL of the main image, and the keys of both files. */
export interface StoredCover {
  url: string;
  thumbUrl: string;
  keys: string[];
}

function refuse(message: string): never {
  throw new ValidationError({ cover: message }, message);
}

/**
 * Checks an upload by its content (the name and the browser's type mean nothing): only JPEG, PNG,
 * WebP and GIF that decode completely are accepted. The image is re-encoded, which drops EXIF
 * metadata (GPS position) and anything appended to the file, and a thumbnail is made.
 */
export async function processCover(data: Buffer, truncated = false): Promise<ProcessedCover> {
  if (truncated || data.length > COVER_MAX_BYTES) refuse(s.errCoverSize);
  const sharp = await loadSharp();
  let format: string | undefined;
  let pages = 1;
  try {
    const meta = await sharp(data, { limitInputPixels: MAX_PIXELS }).metadata();
    format = meta.format;
    pages = meta.pages ?? 1;
  } catch {
    refuse(s.errCoverType);
  }
  if (!format || !(format in FORMATS)) refuse(s.errCoverType);
  const fmt = format as Format;
  try {
    const animated = fmt === 'gif' && pages > 1;
    const base = sharp(data, { limitInputPixels: MAX_PIXELS, animated, failOn: 'error' });
    const main = await (animated ? base : base.rotate())
      .resize({ width: MAIN_WIDTH, withoutEnlargement: true })
      .toFormat(fmt)
      .toBuffer({ resolveWithObject: true });
    const thumbFmt = fmt === 'gif' ? 'png' : fmt;
    const thumb = await sharp(data, { limitInputPixels: MAX_PIXELS, failOn: 'error' })
      .rotate()
      .resize(THUMB_WIDTH, THUMB_HEIGHT, { fit: 'cover', position: 'attention' })
      .toFormat(thumbFmt)
      .toBuffer();
    return { ext: FORMATS[fmt], main: main.data, thumb, thumbExt: FORMATS[thumbFmt], width: main.info.width, height: main.info.height };
  } catch (e) {
    if (e instanceof Error && /pixel limit/i.test(e.message)) refuse(s.errCoverPixels);
    refuse(s.errCoverType);
  }
}

/** Writes both files under covers/YYYY/MM/; the thumbnail sits beside the cover as `<name>_thumb.<ext>`. */
export async function storeCover(storage: Storage, now: Date, c: ProcessedCover): Promise<StoredCover> {
  const month = now.toISOString().slice(0, 7).replace('-', '/');
  const base = `covers/${month}/${randomBytes(9).toString('hex')}`;
  const keys = [`${base}.${c.ext}`, `${base}_thumb.${c.thumbExt}`];
  const url = await storage.put(keys[0] as string, c.main);
  const thumbUrl = await storage.put(keys[1] as string, c.thumb);
  return { url, thumbUrl, keys };
}

export async function removeCover(storage: Storage, c: StoredCover): Promise<void> {
  for (const k of c.keys) await storage.remove(k).catch(() => undefined);
}
