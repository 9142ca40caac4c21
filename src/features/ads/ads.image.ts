import { randomBytes } from 'node:crypto';
import type sharpType from 'sharp';
import { ValidationError } from '../../platform/errors.ts';
import type { Storage } from '../../platform/storage/index.ts';
import { t } from '../../strings/index.ts';

// Loaded on first use: sharp is large and most requests never need it.
let sharpModule: Promise<typeof sharpType> | undefined;
const loadSharp = () => (sharpModule ??= import('sharp').then((m) => m.default));

export const IMAGE_MAX_BYTES = 2 * 1024 * 1024;
const MAX_PIXELS = 40_000_000;
const FORMATS = { jpeg: 'jpg', png: 'png', webp: 'webp', gif: 'png' } as const;

/** An uploaded ad picture as it arrived (the file part of the form). */
export interface AdUpload {
  data: Buffer;
  truncated: boolean;
}

function refuse(message: string): never {
  throw new ValidationError({ image: message }, message);
}

/**
 * Checks an upload by its content (JPEG, PNG, WebP, GIF that decode completely), re-encodes it at the
 * position's size (dropping metadata and anything appended to the file) and stores it under ads/YYYY/MM/.
 * Returns the public URL.
 */
export async function storeAdImage(storage: Storage, now: Date, upload: AdUpload, size: { width: number; height: number }): Promise<string> {
  if (upload.truncated || upload.data.length > IMAGE_MAX_BYTES) refuse(t.ads.errImageSize);
  const sharp = await loadSharp();
  let format: string | undefined;
  try {
    format = (await sharp(upload.data, { limitInputPixels: MAX_PIXELS }).metadata()).format;
  } catch {
    refuse(t.ads.errImageType);
  }
  if (!format || !(format in FORMATS)) refuse(t.ads.errImageType);
  const ext = FORMATS[format as keyof typeof FORMATS];
  let out: Buffer;
  try {
    out = await sharp(upload.data, { limitInputPixels: MAX_PIXELS, failOn: 'error' })
      .rotate()
      .resize(size.width, size.height, { fit: 'cover', position: 'attention' })
      .toFormat(ext === 'jpg' ? 'jpeg' : ext)
      .toBuffer();
  } catch {
    refuse(t.ads.errImageType);
  }
  const month = now.toISOString().slice(0, 7).replace('-', '/');
  return storage.put(`ads/${month}/${randomBytes(9).toString('hex')}.${ext}`, out);
}

/** Removes a stored picture again (a booking that failed after the upload was stored). */
export async function removeAdImage(storage: Storage, url: string): Promise<void> {
  if (url.startsWith('/uploads/ads/')) await storage.remove(url.slice('/uploads/'.length)).catch(() => undefined);
}
