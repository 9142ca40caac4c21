import { z } from 'zod';
import { t } from '../../strings/index.ts';
import { normalizeMetaKeywords } from '../../platform/text/meta-keywords.ts';

/** The longest 统计代码 accepted (Baidu's and CNZZ's snippets are well under 1,000 characters). */
export const ANALYTICS_MAX = 5000;

/**
 * Links the site prints: an http(s) URL with a host or a path on this site; never `javascript:` and the
 * like, never protocol-relative (`//host`), and no backslash or space anywhere (browsers read `/\host`
 * as `//host`).
 */
const safeHref = z
  .string()
  .max(300)
  .refine((s) => /^[^\s\\]*$/.test(s) && /^(https?:\/\/[^/?#]+([/?#].*)?|\/(?!\/).*)$/i.test(s), {
    message: '链接必须是 http(s) 网址或以 / 开头的站内路径',
  });

/** Read leniently (a stored item's extra key is dropped); a patch's items are strict (`FooterLinkInputSchema`). */
export const FooterLinkSchema = z.object({ label: z.string().min(1).max(20), href: safeHref });
const FooterLinkInputSchema = FooterLinkSchema.strict();

/** Site settings, stored one row per key as JSON. Unknown keys are refused. */
export const SettingsSchema = z.object({
  siteName: z.string().min(1).max(50),
  tagline: z.string().max(100),
  siteDescription: z.string().max(300),
  logoUrl: z.union([z.literal(''), safeHref]),
  icpNumber: z.string().max(50),
  icpUrl: z.union([z.literal(''), safeHref]),
  /** 公安备案号 (公网安备 …号), shown in the footer next to the ICP number. */
  psbNumber: z.string().max(50),
  /** The home page's <meta name="keywords">, as saved (typed up to 200 characters, then normalised: SettingsPatchSchema). */
  seoKeywords: z.string().max(300),
  copyright: z.string().max(200),
  disclaimer: z.string().max(1000),
  footerLinks: z.array(FooterLinkSchema).max(30),
  commentsEnabled: z.boolean(),
  guestComments: z.boolean(),
  submissionsEnabled: z.boolean(),
  registrationOpen: z.boolean(),
  /** pre: comments wait for an editor; post: they show at once and editors remove bad ones. */
  commentModeration: z.enum(['pre', 'post']),
  /** Guestbook messages stay hidden until an editor approves them. */
  guestbookNeedsApproval: z.boolean(),
  /** What a banned word in a submission, comment or message does: hold it for review, or refuse it. */
  bannedWordAction: z.enum(['hold', 'reject']),
  /** 关闭网站: guests and members get a 503 with `closedMessage`; logged-in staff still see the site. */
  siteClosed: z.boolean(),
  closedMessage: z.string().max(200),
  /**
   * 统计代码: raw HTML/JS printed before </body> on public pages. Trusted by design (admins only, see
   * CONTEXT.md); never sanitized, never shown in the console's own pages.
   */
  analyticsCode: z.string().max(ANALYTICS_MAX),
});

export type Settings = z.infer<typeof SettingsSchema>;

/** What a change may send: any of the settings, nothing else (unknown keys, also in footerLinks[], are refused). */
export const SettingsPatchSchema = SettingsSchema.extend({
  footerLinks: z.array(FooterLinkInputSchema).max(30),
  // Checked as typed (the saved "a, b" form may be a little longer), and kept within a sane bound after.
  seoKeywords: z.string().max(200).transform(normalizeMetaKeywords).pipe(z.string().max(300)),
})
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const defaultSettings: Settings = {
  siteName: '青川资讯网',
  tagline: '青川本地生活与行业资讯',
  siteDescription: '青川资讯网：本地新闻、财经、科技、汽车、房产、教育、健康、体育与文旅资讯，由编辑和会员共同供稿。',
  logoUrl: '',
  icpNumber: '青ICP备20260001号-1',
  icpUrl: 'https://beian.miit.gov.cn/',
  psbNumber: '',
  seoKeywords: '',
  copyright: '© 2026 青川资讯网 版权所有',
  disclaimer: '本信息由相关用户自行提供，真实性未经证实，仅供参考。请谨慎采用，风险自负。如发现内容不实或侵权，请通过“举报”或“违规举报”告知我们。',
  footerLinks: [
    { label: '网站首页', href: '/' },
    { label: '关于我们', href: '/page/about.html' },
    { label: '联系方式', href: '/page/contact.html' },
    { label: '使用协议', href: '/page/terms.html' },
    { label: '隐私政策', href: '/page/privacy.html' },
    { label: '版权隐私', href: '/page/copyright.html' },
    { label: '网站地图', href: '/sitemap.html' },
    { label: '排名推广', href: '/promotion/' },
    { label: '广告服务', href: '/ads/' },
    { label: '积分换礼', href: '/mall/' },
    { label: '网站留言', href: '/guestbook/' },
    { label: '友情链接', href: '/links' },
    { label: 'RSS订阅', href: '/rss.html' },
    { label: '违规举报', href: '/report/' },
  ],
  commentsEnabled: true,
  guestComments: false,
  submissionsEnabled: true,
  registrationOpen: true,
  commentModeration: 'post',
  guestbookNeedsApproval: true,
  bannedWordAction: 'hold',
  siteClosed: false,
  closedMessage: t.admin.s.closedDefault,
  analyticsCode: '',
};
