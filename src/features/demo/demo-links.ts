/**
 * Demo 友情链接: fictional neighbour sites of 青川资讯网, all under example.com / example.org so no real
 * site is linked. Two are 图片链接 with an 88×31-style logo drawn without text (no CJK fonts on the
 * machine: coloured bands and shapes, rasterised from SVG by sharp); the name is the alt text.
 */
import type sharpType from 'sharp';

let sharpModule: Promise<typeof sharpType> | undefined;
const loadSharp = () => (sharpModule ??= import('sharp').then((m) => m.default));

/** Fields as the admin form sends them; `logo` asks for a drawn logo in that colour. */
export interface DemoLink {
  name: string;
  url: string;
  description: string;
  kind: 'text' | 'image';
  sortOrder: number;
  logo?: string;
}

export const demoLinks: DemoLink[] = [
  { name: '青川政务网', url: 'https://gov.qingchuan.example.org/', description: '青川市政府信息公开与办事指南', kind: 'image', sortOrder: 1, logo: '#c1121f' },
  { name: '青川旅游网', url: 'https://travel.qingchuan.example.com/', description: '青川景点、线路与住宿攻略', kind: 'image', sortOrder: 2, logo: '#2a9d8f' },
  { name: '青川人才网', url: 'https://jobs.qingchuan.example.com/', description: '本地招聘求职信息', kind: 'text', sortOrder: 10 },
  { name: '青川房产网', url: 'https://house.qingchuan.example.com/', description: '楼盘动态与二手房信息', kind: 'text', sortOrder: 11 },
  { name: '青川美食网', url: 'https://food.qingchuan.example.com/', description: '老字号与街头小吃', kind: 'text', sortOrder: 12 },
  { name: '江南示例日报', url: 'https://daily.example.org/', description: '兄弟城市的综合新闻门户', kind: 'text', sortOrder: 13 },
];

/** A 176×62 logo (shown at 88×31): a colour band, a white disc and stripes. */
export async function renderLinkLogo(color: string): Promise<Buffer> {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="176" height="62" viewBox="0 0 176 62">` +
    `<rect width="176" height="62" fill="#ffffff"/><rect x="2" y="2" width="172" height="58" rx="6" fill="${color}"/>` +
    `<circle cx="31" cy="31" r="19" fill="#ffffff" opacity="0.92"/><circle cx="31" cy="31" r="9" fill="${color}"/>` +
    `<rect x="62" y="18" width="96" height="8" rx="4" fill="#ffffff" opacity="0.9"/>` +
    `<rect x="62" y="36" width="70" height="8" rx="4" fill="#ffffff" opacity="0.6"/></svg>`;
  const sharp = await loadSharp();
  return sharp(Buffer.from(svg)).png().toBuffer();
}
