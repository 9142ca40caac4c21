/**
 * Demo gifts for 积分换礼 and their pictures. Like the covers, the pictures carry no text (no CJK
 * fonts on the machine): a seeded background with a drawn gift box, rasterised from SVG by sharp.
 */
import type sharpType from 'sharp';
import { createRng } from './synthetic.ts';

let sharpModule: Promise<typeof sharpType> | undefined;
const loadSharp = () => (sharpModule ??= import('sharp').then((m) => m.default));

export interface DemoGift {
  name: string;
  description: string;
  price: number;
  stock: number;
  /** 0 = no limit. */
  perMemberLimit: number;
  /** Days from now the window ends; undefined = open-ended. */
  endsInDays?: number;
}

export const demoGifts: DemoGift[] = [
  {
    name: '青川江景帆布袋',
    description: '厚实的本色帆布，印着从滨江步道望过去的青川大桥。\n\n能装下一台笔记本电脑和一天的报纸。',
    price: 200,
    stock: 50,
    perMemberLimit: 2,
  },
  {
    name: '青川资讯网定制保温杯',
    description: '双层不锈钢杯身，保温约十二小时。杯盖内侧刻有本站网址，早班记者人手一只。',
    price: 600,
    stock: 20,
    perMemberLimit: 1,
  },
  {
    name: '《青川老街》明信片一套',
    description: '十二张手绘明信片，画的是城南老街拆迁前的店铺与门楼，由本地画家为本站读者特别绘制。',
    price: 120,
    stock: 100,
    perMemberLimit: 3,
    endsInDays: 60,
  },
  {
    name: '年度优秀通讯员纪念笔记本',
    description: '布面精装笔记本，内页一百六十页。送给常年为本站供稿的会员，也欢迎用积分兑换。',
    price: 350,
    stock: 30,
    perMemberLimit: 1,
  },
];

const PALETTES: readonly (readonly [string, string, string, string])[] = [
  ['#fdf0d5', '#c1121f', '#780000', '#f4a261'],
  ['#e0fbfc', '#3d5a80', '#293241', '#ee6c4d'],
  ['#f1faee', '#457b9d', '#1d3557', '#e63946'],
  ['#fefae0', '#606c38', '#283618', '#dda15e'],
];

/** A gift box on a soft, seeded background (640x360 SVG). */
export function buildGiftSvg(seed: number): string {
  const rng = createRng((seed * 2654435761) >>> 0);
  const [bg, box, dark, ribbon] = PALETTES[seed % PALETTES.length] as readonly [string, string, string, string];
  const dots = Array.from({ length: 24 }, () => {
    const x = (rng() * 640).toFixed(1);
    const y = (rng() * 360).toFixed(1);
    const r = (3 + rng() * 9).toFixed(1);
    return `<circle cx="${x}" cy="${y}" r="${r}" fill="${rng() < 0.5 ? ribbon : box}" fill-opacity="${(0.15 + rng() * 0.25).toFixed(2)}"/>`;
  }).join('');
  const tilt = Math.round(rng() * 10 - 5);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360">` +
    `<rect width="640" height="360" fill="${bg}"/>${dots}` +
    `<g transform="rotate(${tilt} 320 200)">` +
    `<rect x="220" y="150" width="200" height="150" rx="8" fill="${box}"/>` +
    `<rect x="205" y="115" width="230" height="45" rx="8" fill="${dark}"/>` +
    `<rect x="305" y="115" width="30" height="185" fill="${ribbon}"/>` +
    `<path d="M320 115 C 280 60, 240 90, 300 115 Z" fill="${ribbon}"/>` +
    `<path d="M320 115 C 360 60, 400 90, 340 115 Z" fill="${ribbon}"/>` +
    `</g></svg>`
  );
}

/** 640x360 JPEG picture for a demo gift. */
export async function renderGiftPicture(seed: number): Promise<Buffer> {
  const sharp = await loadSharp();
  return sharp(Buffer.from(buildGiftSvg(seed)))
    .jpeg({ quality: 82, mozjpeg: true })
    .toBuffer();
}
