import type { FastifyInstance } from 'fastify';
import type sharpType from 'sharp';
import { DEFAULT_SHARE_IMAGE } from '../../platform/html/share-image.ts';

// The site's default share picture (og:image of pages without a cover when no raster logo is set): the
// site mark (public/favicon.svg) on the brand red, 1200×630, drawn by sharp once per process on first
// request. No text: the server may have no CJK fonts (see demo/covers.ts).

let sharpModule: Promise<typeof sharpType> | undefined;
const loadSharp = () => (sharpModule ??= import('sharp').then((m) => m.default));

const { width: W, height: H } = DEFAULT_SHARE_IMAGE;

/** The favicon's three white bars, scaled up and centred on a red field with a darker band below. */
export function shareImageSvg(): string {
  const s = 12; // favicon units (32) → 384 px
  const x = (W - 32 * s) / 2;
  const y = (H - 32 * s) / 2;
  const bar = (bx: number, by: number, bw: number, bh: number) =>
    `<rect x="${x + bx * s}" y="${y + by * s}" width="${bw * s}" height="${bh * s}" rx="${s}" fill="#fff"/>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">` +
    `<rect width="${W}" height="${H}" fill="#c8161d"/><rect y="${H - 60}" width="${W}" height="60" fill="#a10f15"/>` +
    `<rect x="${x}" y="${y}" width="${32 * s}" height="${32 * s}" rx="${6 * s}" fill="#a10f15"/>` +
    bar(7, 8, 18, 4) +
    bar(7, 15, 18, 2.5) +
    bar(7, 20, 12, 2.5) +
    `</svg>`
  );
}

let png: Promise<Buffer> | undefined;

/** GET /share-image.png: the same bytes for every site and request, cached by browsers and proxies for a week. */
export function registerShareImage(app: FastifyInstance): void {
  app.get(DEFAULT_SHARE_IMAGE.path, async (_req, reply) => {
    png ??= loadSharp().then((sharp) => sharp(Buffer.from(shareImageSvg())).png({ compressionLevel: 9 }).toBuffer());
    let body: Buffer;
    try {
      body = await png;
    } catch (e) {
      png = undefined; // try again next time
      throw e;
    }
    return reply.header('content-type', 'image/png').header('cache-control', 'public, max-age=604800').send(body);
  });
}
