import { randomBytes } from 'node:crypto';
import type sharpType from 'sharp';

// Loaded on first use: sharp is large and most server starts never need it.
let sharpModule: Promise<typeof sharpType> | undefined;
const loadSharp = () => (sharpModule ??= import('sharp').then((m) => m.default));
import { ValidationError } from '../../platform/errors.ts';
import type { Storage } from '../../platform/storage/index.ts';
import { t } from '../../strings/index.ts';
import { UPLOADED_COVER } from '../articles/index.ts';

const s = t.submissions;

export const COVER_MAX_BYTES = 5 * 1024 * 1024;
const MAX_PIXELS = 40_000_000; // refuse decompression bombs before decoding
const MAIN_WIDTH = 1200;
export const THUMB_WIDTH = 240;
export const THUMB_HEIGHT = 160;

const FORMATS = { jpeg: 'jpg', png: 'png', webp: 'webp', gif: 'gif' } as const;
type Format = keyof typeof FORMATS;

/** A checked and re-encoded picture without a thumbnail (a body image), not yet stored. */
export interface ProcessedImage {
  ext: string;
  main: Buffer;
  width: number;
  height: number;
}

/** A checked and re-encoded cover, not yet stored. */
export interface ProcessedCover extends ProcessedImage {
  thumb: Buffer;
  thumbExt: string;
}

/** A stored cover: the public URL of the main image, and the keys of both files. */
export interface StoredCover {
  url: string;
  thumbUrl: string;
  keys: string[];
}

/** Which form field a picture came from, and what to tell the member about it. */
interface ImageKind {
  field: string;
  errSize: string;
  errType: string;
  errPixels: string;
}

const COVER: ImageKind = { field: 'cover', errSize: s.errCoverSize, errType: s.errCoverType, errPixels: s.errCoverPixels };
const BODY_IMAGE: ImageKind = { field: 'image', errSize: s.errImageSize, errType: s.errImageType, errPixels: s.errImagePixels };

function refuse(kind: ImageKind, message: string): never {
  throw new ValidationError({ [kind.field]: message }, message);
}

const isPixelLimit = (e: unknown) => e instanceof Error && /pixel limit/i.test(e.message);

/**
 * Checks an upload by its content (the name and the browser's type mean nothing): only JPEG, PNG,
 * WebP and GIF that decode completely are accepted. The image is re-encoded at most MAIN_WIDTH wide,
 * which drops EXIF metadata (GPS position) and anything appended to the file.
 */
async function processImage(kind: ImageKind, data: Buffer, truncated: boolean): Promise<ProcessedImage & { fmt: Format }> {
  if (truncated || data.length > COVER_MAX_BYTES) refuse(kind, kind.errSize);
  const sharp = await loadSharp();
  let format: string | undefined;
  let pages = 1;
  try {
    const meta = await sharp(data, { limitInputPixels: MAX_PIXELS }).metadata();
    format = meta.format;
    pages = meta.pages ?? 1;
  } catch (e) {
    // A real picture that is simply too large is not "the wrong type".
    refuse(kind, isPixelLimit(e) ? kind.errPixels : kind.errType);
  }
  if (!format || !(format in FORMATS)) refuse(kind, kind.errType);
  const fmt = format as Format;
  try {
    const animated = fmt === 'gif' && pages > 1;
    const base = sharp(data, { limitInputPixels: MAX_PIXELS, animated, failOn: 'error' });
    const main = await (animated ? base : base.rotate())
      .resize({ width: MAIN_WIDTH, withoutEnlargement: true })
      .toFormat(fmt)
      .toBuffer({ resolveWithObject: true });
    const height = animated ? (main.info.pageHeight ?? main.info.height) : main.info.height;
    return { fmt, ext: FORMATS[fmt], main: main.data, width: main.info.width, height };
  } catch (e) {
    refuse(kind, isPixelLimit(e) ? kind.errPixels : kind.errType);
  }
}

/** A cover: the checked, re-encoded picture and its list thumbnail. */
export async function processCover(data: Buffer, truncated = false): Promise<ProcessedCover> {
  const img = await processImage(COVER, data, truncated);
  try {
    const sharp = await loadSharp();
    const thumbFmt = img.fmt === 'gif' ? 'png' : img.fmt;
    const thumb = await sharp(data, { limitInputPixels: MAX_PIXELS, failOn: 'error' })
      .rotate()
      .resize(THUMB_WIDTH, THUMB_HEIGHT, { fit: 'cover', position: 'attention' })
      .toFormat(thumbFmt)
      .toBuffer();
    return { ext: img.ext, main: img.main, width: img.width, height: img.height, thumb, thumbExt: FORMATS[thumbFmt] };
  } catch (e) {
    refuse(COVER, isPixelLimit(e) ? COVER.errPixels : COVER.errType);
  }
}

/** A picture for the body (插入图片): the cover's checks and re-encoding, no thumbnail. Field errors name `image`. */
export async function processBodyImage(data: Buffer, truncated = false): Promise<ProcessedImage> {
  const { fmt: _fmt, ...img } = await processImage(BODY_IMAGE, data, truncated);
  return img;
}

const monthOf = (now: Date) => now.toISOString().slice(0, 7).replace('-', '/');

/** Writes both files under covers/YYYY/MM/; the thumbnail sits beside the cover as `<name>_thumb.<ext>`. */
export async function storeCover(storage: Storage, now: Date, c: ProcessedCover): Promise<StoredCover> {
  const base = `covers/${monthOf(now)}/${randomBytes(9).toString('hex')}`;
  const keys = [`${base}.${c.ext}`, `${base}_thumb.${c.thumbExt}`];
  const url = await storage.put(keys[0] as string, c.main);
  const thumbUrl = await storage.put(keys[1] as string, c.thumb);
  return { url, thumbUrl, keys };
}

/** Writes a body image under images/YYYY/MM/ and returns its storage key and public URL. */
export async function storeBodyImage(storage: Storage, now: Date, img: ProcessedImage): Promise<{ key: string; url: string }> {
  const key = `images/${monthOf(now)}/${randomBytes(9).toString('hex')}.${img.ext}`;
  return { key, url: await storage.put(key, img.main) };
}

export async function removeCover(storage: Storage, c: StoredCover): Promise<void> {
  for (const k of c.keys) await storage.remove(k).catch(() => undefined);
}

/**
 * Takes away a member's uploaded cover (and its thumbnail) by its URL, when it is one of ours
 * (`/uploads/covers/…`); anything else (a CDN address set by staff) is left alone.
 */
export async function removeCoverByUrl(storage: Storage, url: string): Promise<void> {
  const m = UPLOADED_COVER.exec(url);
  if (!m) return;
  const base = (m[1] as string).slice('/uploads/'.length);
  const thumbExt = m[2] === 'gif' ? 'png' : m[2];
  await removeCover(storage, { url, thumbUrl: '', keys: [`${base}.${m[2]}`, `${base}_thumb.${thumbExt}`] });
}
