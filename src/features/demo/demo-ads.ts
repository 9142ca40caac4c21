/**
 * Demo ad positions and a few staff ads for 广告服务. The banner picture carries no text (no CJK fonts
 * on the machine): a gradient with a few drawn shapes, rasterised from SVG by sharp; its words are the
 * ad's alt text.
 */
import type sharpType from 'sharp';

let sharpModule: Promise<typeof sharpType> | undefined;
const loadSharp = () => (sharpModule ??= import('sharp').then((m) => m.default));

/** Form fields of a position as the admin form sends them (codes match the slots in the views). */
export interface DemoAdPosition {
  code: string;
  name: string;
  description: string;
  width: number;
  height: number;
  kind: 'image' | 'text' | 'html';
  pricePerDay: number;
  capacity: number;
}

export interface DemoAd {
  position: string;
  kind: 'image' | 'text' | 'html';
  title: string;
  targetUrl: string;
  html?: string;
  /** Days the ad runs, starting today. */
  days: number;
  /** Draw a banner picture for it. */
  picture?: boolean;
}

export const demoAdPositions: DemoAdPosition[] = [
  {
    code: 'home-banner',
    name: '首页横幅',
    description: '首页头条上方的通栏图片，电脑版每次打开首页都能看到。',
    width: 960,
    height: 90,
    kind: 'image',
    pricePerDay: 80,
    capacity: 2,
  },
  {
    code: 'article-sidebar',
    name: '文章页侧栏',
    description: '每篇文章右侧栏的顶部，适合活动海报与品牌图片。',
    width: 300,
    height: 250,
    kind: 'image',
    pricePerDay: 40,
    capacity: 3,
  },
  {
    code: 'article-links',
    name: '文章下方文字链',
    description: '正文结束处的一行文字链接，价格实惠，适合小店与招聘信息。',
    width: 640,
    height: 30,
    kind: 'text',
    pricePerDay: 10,
    capacity: 4,
  },
  {
    code: 'list-interstitial',
    name: '列表页插播',
    description: '栏目、标签与作者列表的文章列表上方。',
    width: 640,
    height: 80,
    kind: 'image',
    pricePerDay: 30,
    capacity: 2,
  },
];

export const demoAds: DemoAd[] = [
  {
    position: 'home-banner',
    kind: 'image',
    title: '青川资讯网会员积分换礼上线，帆布袋、保温杯等你来换',
    targetUrl: 'https://www.example.com/qingchuan/mall',
    days: 60,
    picture: true,
  },
  {
    position: 'article-links',
    kind: 'text',
    title: '青川资讯网招聘：社会新闻记者两名',
    targetUrl: 'https://www.example.com/qingchuan/jobs',
    days: 45,
  },
  {
    position: 'article-links',
    kind: 'text',
    title: '投稿有礼：本月优秀来稿奖励双倍积分',
    targetUrl: 'https://www.example.com/qingchuan/contribute',
    days: 30,
  },
];

/** A wide banner picture at the given size: a warm gradient, a river line and a few lanterns. */
export async function renderAdBanner(width: number, height: number): Promise<Buffer> {
  const lanterns = [0.62, 0.72, 0.82, 0.92]
    .map(
      (x, i) =>
        `<circle cx="${Math.round(width * x)}" cy="${Math.round(height * (0.4 + (i % 2) * 0.15))}" r="${Math.round(height * 0.18)}" fill="#ffd166" opacity="0.9"/>`,
    )
    .join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#c1121f"/><stop offset="1" stop-color="#780000"/></linearGradient></defs>` +
    `<rect width="${width}" height="${height}" fill="url(#g)"/>` +
    `<path d="M0 ${height * 0.75} Q ${width * 0.25} ${height * 0.55} ${width * 0.5} ${height * 0.75} T ${width} ${height * 0.7} V ${height} H 0 Z" fill="#fdf0d5" opacity="0.35"/>` +
    lanterns +
    `</svg>`;
  const sharp = await loadSharp();
  return sharp(Buffer.from(svg)).png().toBuffer();
}
