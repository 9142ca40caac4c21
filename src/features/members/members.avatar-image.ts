import type sharpType from 'sharp';
import type { Metadata } from 'sharp';
import { ValidationError } from '../../platform/errors.ts';
import { t } from '../../strings/index.ts';

// Loaded on first use, as ads.image.ts does: sharp is large and most requests never need it.
let sharpModule: Promise<typeof sharpType> | undefined;
const loadSharp = () => (sharpModule ??= import('sharp').then((m) => m.default));

export const AVATAR_MAX_BYTES = 2 * 1024 * 1024;
/**
 * Decoding a 16-megapixel picture (a phone photo) is the most one upload may cost: ≈ 64 MB of pixels and
 * a few hundred ms; 50 MP let a 156 KB PNG cost ≈ 40 MB and 0.4 s each (measured 2026-11-29).
 */
export const AVATAR_MAX_PIXELS = 16_000_000;
const MAX_PIXELS = AVATAR_MAX_PIXELS;
const MIN_SIDE = 16;
const ACCEPTED = new Set(['jpeg', 'png', 'webp', 'gif']);
/** The two sizes stored: the author page and member centre (big), comments (small). */
export const AVATAR_SIZES = { big: 200, small: 48 } as const;
export type AvatarSize = keyof typeof AVATAR_SIZES;

/** An uploaded picture as it arrived (the file part of the form). */
export interface AvatarUpload {
  data: Buffer;
  truncated: boolean;
}

const s = t.members;

function refuse(message: string): never {
  throw new ValidationError({ avatar: message }, message);
}

/**
 * Checks an upload by its content (JPEG, PNG, WebP or GIF that decodes completely, within the pixel limit)
 * and re-encodes it as square WebP pictures cropped around the most interesting part: no metadata, nothing
 * appended to the file survives. Throws a ValidationError (field `avatar`) before anything is stored.
 */
export async function encodeAvatar(upload: AvatarUpload): Promise<Record<AvatarSize, Buffer>> {
  if (upload.truncated || upload.data.length > AVATAR_MAX_BYTES) refuse(s.errAvatarSize);
  if (!upload.data.length) refuse(s.errAvatarMissing);
  const sharp = await loadSharp();
  let meta: Metadata;
  try {
    // Without the limit: a huge picture is told apart from a broken one by its header alone.
    meta = await sharp(upload.data, { limitInputPixels: false }).metadata();
  } catch {
    refuse(s.errAvatarType);
  }
  if (!meta.format || !ACCEPTED.has(meta.format)) refuse(s.errAvatarType);
  const w = meta.width ?? 0;
  const h = meta.pageHeight ?? meta.height ?? 0;
  if (w * h > MAX_PIXELS) refuse(s.errAvatarPixels);
  if (w < MIN_SIDE || h < MIN_SIDE) refuse(s.errAvatarSmall);
  try {
    // Decoded once: the big square (raw pixels), then both files from it (the small one a plain resize).
    const { data, info } = await sharp(upload.data, { limitInputPixels: MAX_PIXELS, failOn: 'error' }) // the first frame of an animated GIF
      .rotate()
      .resize(AVATAR_SIZES.big, AVATAR_SIZES.big, { fit: 'cover', position: 'attention' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const square = () => sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
    const big = await square().webp({ quality: 82 }).toBuffer();
    const small = await square().resize(AVATAR_SIZES.small, AVATAR_SIZES.small).webp({ quality: 82 }).toBuffer();
    return { big, small };
  } catch {
    refuse(s.errAvatarDecode);
  }
}

/** The storage key of one size of a member's picture at a version. */
export function avatarKey(memberId: number, version: string, size: AvatarSize): string {
  return `avatars/${memberId}/${version}-${AVATAR_SIZES[size]}.webp`;
}

/** The public URL of one size of a member's picture (served by storage, cached for long: the version changes). */
export function avatarFileUrl(memberId: number, version: string, size: AvatarSize): string {
  return `/uploads/${avatarKey(memberId, version, size)}`;
}

/**
 * The stable address of a member's picture for pages that do not know it (cached comment lists): it
 * redirects to the current file, or answers a transparent pixel when there is none (the default shows).
 */
export function avatarRouteUrl(memberId: number, size: AvatarSize): string {
  return `/avatar/${memberId}/${size}`;
}

/** A version is a file-name part: only these characters (it comes from the database, made by `newVersion`). */
export const VERSION_RE = /^[a-z0-9]{6,40}$/;
