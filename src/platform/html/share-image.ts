// The picture a shared link shows (og:image, JSON-LD `image`) when a page has none of its own.

/** The site's generated default share picture (served by the frontpage feature): 1200×630 PNG. */
export const DEFAULT_SHARE_IMAGE = { path: '/share-image.png', width: 1200, height: 630 } as const;

/**
 * The site's share picture as an absolute URL: the logo from the settings when it is a raster picture
 * (WeChat, Weibo and Facebook show no SVG), else the generated default with its size.
 */
export function siteShareImage(logoUrl: string, origin: string): { url: string; width?: number; height?: number } {
  const logo = logoUrl.trim();
  if (logo && !/\.svgz?(?:[?#]|$)/i.test(logo)) {
    if (/^https?:\/\//i.test(logo)) return { url: logo };
    // The setting is an http(s) address or a site path (settings.schema.ts).
    if (logo.startsWith('/')) return { url: origin + logo };
  }
  return { url: origin + DEFAULT_SHARE_IMAGE.path, width: DEFAULT_SHARE_IMAGE.width, height: DEFAULT_SHARE_IMAGE.height };
}

/** og:image (with its size when known) as Open Graph properties. */
export function ogImage(image: { url: string; width?: number; height?: number }): Record<string, string> {
  return {
    'og:image': image.url,
    ...(image.width && image.height ? { 'og:image:width': String(image.width), 'og:image:height': String(image.height) } : {}),
  };
}

/** The Open Graph properties every public page shares (title, description, address, type, site, picture). */
export function siteOg(o: {
  type: string;
  title: string;
  description: string;
  url: string;
  siteName: string;
  image: { url: string; width?: number; height?: number };
}): Record<string, string> {
  return {
    'og:type': o.type,
    'og:title': o.title,
    'og:description': o.description,
    'og:url': o.url,
    'og:site_name': o.siteName,
    'og:locale': 'zh_CN',
    ...ogImage(o.image),
  };
}
