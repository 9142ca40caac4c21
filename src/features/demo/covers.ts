/**
 * Abstract demo cover images. No text is drawn (the machine has no CJK fonts): a seeded
 * gradient plus geometric shapes, rasterised from SVG by sharp. Deterministic per (title, seed).
 */
import type sharpType from 'sharp';

// Loaded on first use: sharp is large and most server starts never need it.
let sharpModule: Promise<typeof sharpType> | undefined;
const loadSharp = () => (sharpModule ??= import('sharp').then((m) => m.default));
import { createRng } from './synthetic.ts';

export const COVER_WIDTH = 640;
export const COVER_HEIGHT = 360;
export const THUMB_WIDTH = 240;
export const THUMB_HEIGHT = 135;

/** Hand-picked palettes: [gradient start, gradient end, accent, accent, highlight]. */
const PALETTES: readonly (readonly [string, string, string, string, string])[] = [
  ['#0f4c81', '#58a6d6', '#f2c14e', '#f78154', '#ffffff'],
  ['#1b4332', '#52b788', '#d8f3dc', '#ffd166', '#ffffff'],
  ['#7b2cbf', '#e0aaff', '#ffbe0b', '#fb5607', '#ffffff'],
  ['#9d0208', '#f48c06', '#ffba08', '#370617', '#fff3e0'],
  ['#03045e', '#00b4d8', '#90e0ef', '#ff006e', '#caf0f8'],
  ['#264653', '#2a9d8f', '#e9c46a', '#f4a261', '#e76f51'],
  ['#22223b', '#9a8c98', '#f2e9e4', '#c9ada7', '#ffffff'],
  ['#3d405b', '#81b29a', '#f2cc8f', '#e07a5f', '#f4f1de'],
  ['#006d77', '#83c5be', '#ffddd2', '#e29578', '#edf6f9'],
  ['#5f0f40', '#9a031e', '#fb8b24', '#e36414', '#0f4c5c'],
];

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const fmt = (n: number): string => (Math.round(n * 10) / 10).toString();

/** Build the cover SVG (exported for debugging and tests). */
export function buildCoverSvg(title: string, seed: number): string {
  const rng = createRng((hashString(title) ^ Math.imul(seed | 0, 2654435761)) >>> 0);
  const pick = <T>(arr: readonly T[]): T => arr[Math.floor(rng() * arr.length)] as T;
  const [c1, c2, a1, a2, hi] = pick(PALETTES);
  const W = COVER_WIDTH;
  const H = COVER_HEIGHT;
  const angle = Math.floor(rng() * 360);
  const rad = (angle * Math.PI) / 180;
  const x2 = fmt(50 + 50 * Math.cos(rad));
  const y2 = fmt(50 + 50 * Math.sin(rad));
  const x1 = fmt(100 - Number(x2));
  const y1 = fmt(100 - Number(y2));

  const shapes: string[] = [];
  // Large soft circles.
  const circles = 2 + Math.floor(rng() * 3);
  for (let i = 0; i < circles; i++) {
    const r = 60 + rng() * 160;
    shapes.push(`<circle cx="${fmt(rng() * W)}" cy="${fmt(rng() * H)}" r="${fmt(r)}" fill="${pick([a1, a2, hi])}" fill-opacity="${fmt(0.12 + rng() * 0.3)}"/>`);
  }
  // Rotated rectangles.
  const rects = 1 + Math.floor(rng() * 3);
  for (let i = 0; i < rects; i++) {
    const w = 80 + rng() * 220;
    const h = 30 + rng() * 120;
    const x = rng() * W;
    const y = rng() * H;
    shapes.push(
      `<rect x="${fmt(x - w / 2)}" y="${fmt(y - h / 2)}" width="${fmt(w)}" height="${fmt(h)}" rx="${fmt(rng() * 24)}" fill="${pick([a1, a2])}" fill-opacity="${fmt(0.25 + rng() * 0.4)}" transform="rotate(${Math.floor(rng() * 90 - 45)} ${fmt(x)} ${fmt(y)})"/>`,
    );
  }
  // A triangle or two.
  const tris = Math.floor(rng() * 3);
  for (let i = 0; i < tris; i++) {
    const cx = rng() * W;
    const cy = rng() * H;
    const s = 50 + rng() * 140;
    const pts = [0, 1, 2]
      .map((k) => {
        const t = rng() * 0.6 + (k * 2 * Math.PI) / 3;
        return `${fmt(cx + s * Math.cos(t))},${fmt(cy + s * Math.sin(t))}`;
      })
      .join(' ');
    shapes.push(`<polygon points="${pts}" fill="${pick([a1, a2, hi])}" fill-opacity="${fmt(0.2 + rng() * 0.35)}"/>`);
  }
  // Diagonal stripes band.
  const stripes = 3 + Math.floor(rng() * 6);
  const sx = rng() * W;
  const gap = 10 + rng() * 14;
  for (let i = 0; i < stripes; i++) {
    const x = sx + i * gap;
    shapes.push(`<line x1="${fmt(x)}" y1="${H}" x2="${fmt(x + 160)}" y2="0" stroke="${hi}" stroke-opacity="0.18" stroke-width="${fmt(2 + rng() * 4)}"/>`);
  }
  // Dot grid in one corner.
  const gx = rng() < 0.5 ? 24 : W - 24 - 5 * 18;
  const gy = rng() < 0.5 ? 24 : H - 24 - 4 * 18;
  for (let r = 0; r < 5; r++) {
    for (let c = 0; c < 6; c++) {
      shapes.push(`<circle cx="${gx + c * 18}" cy="${gy + r * 18}" r="2.5" fill="${hi}" fill-opacity="0.45"/>`);
    }
  }

  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">` +
    `<defs><linearGradient id="bg" x1="${x1}%" y1="${y1}%" x2="${x2}%" y2="${y2}%">` +
    `<stop offset="0%" stop-color="${c1}"/><stop offset="100%" stop-color="${c2}"/></linearGradient>` +
    `<radialGradient id="vignette" cx="50%" cy="50%" r="75%"><stop offset="60%" stop-color="#000" stop-opacity="0"/>` +
    `<stop offset="100%" stop-color="#000" stop-opacity="0.35"/></radialGradient></defs>` +
    `<rect width="${W}" height="${H}" fill="url(#bg)"/>` +
    shapes.join('') +
    `<rect width="${W}" height="${H}" fill="url(#vignette)"/>` +
    `</svg>`
  );
}

/** 640x360 JPEG cover for a demo article. */
export async function renderCover(title: string, seed: number): Promise<Buffer> {
  const svg = buildCoverSvg(title, seed);
  const sharp = await loadSharp();
  return sharp(Buffer.from(svg)).resize(COVER_WIDTH, COVER_HEIGHT, { fit: 'fill' }).jpeg({ quality: 82, mozjpeg: true }).toBuffer();
}

/** 240x135 JPEG thumbnail (center crop if the source is not 16:9). */
export async function renderThumbnail(buf: Buffer): Promise<Buffer> {
  const sharp = await loadSharp();
  return sharp(buf).resize(THUMB_WIDTH, THUMB_HEIGHT, { fit: 'cover', position: 'centre' }).jpeg({ quality: 78, mozjpeg: true }).toBuffer();
}
