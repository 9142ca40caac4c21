import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { h } from '../../platform/html/jsx.ts';
import type { Head, Link } from '../../platform/html/layout.tsx';
import { HTML, htmlPage, sendPage, siteOrigin } from '../../platform/http/app.ts';
import type { PageCache, PageInput } from '../../platform/cache/page-cache.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { t, format } from '../../strings/index.ts';
import type { Articles } from '../articles/index.ts';
import type { Categories, Category } from '../categories/index.ts';
import { HOT_WINDOWS, type HotWindow, type Rankings } from '../rankings/index.ts';
import type { ChromeBuilder, SettingsService } from '../settings/index.ts';
import { HOT_TTL_MS, hotCards } from './blocks.tsx';
import { HotPage, MobileHotPage, type HotPageData } from './views/hot-page.tsx';

export interface HotDeps {
  articles: Articles;
  categories: Categories;
  rankings: Rankings;
  settings: SettingsService;
  chrome: ChromeBuilder;
  cache: PageCache;
  baseUrl: string | undefined;
}

const WINDOWS = Object.keys(HOT_WINDOWS) as HotWindow[];
const WINDOW_LABELS: Record<HotWindow, string> = { '24h': t.hot24h, '7d': t.hot7d, '30d': t.hot30d };
const LIMIT = { desktop: 50, mobile: 30 } as const;

/**
 * `?window=24h|7d|30d&category=<id>`. Other parameters (utm_*, …) are ignored; a repeated or
 * malformed value is refused, so each ranking has one URL and bad input is a 404, never a 500.
 */
const HotQuerySchema = z.object({
  window: z.enum(['24h', '7d', '30d']).default('24h'),
  category: z
    .string()
    .regex(/^[1-9]\d{0,8}$/)
    .transform(Number)
    .optional(),
});
export type HotQuery = z.infer<typeof HotQuerySchema>;

export function parseHotQuery(query: unknown): HotQuery | undefined {
  const r = HotQuerySchema.safeParse(query ?? {});
  return r.success ? r.data : undefined;
}

/** The stable URL of a ranking: defaults are left out, parameters in a fixed order. */
export function hotUrl(window: HotWindow, categoryId: number | undefined, mobile = false): string {
  const q = new URLSearchParams();
  if (window !== '24h') q.set('window', window);
  if (categoryId !== undefined) q.set('category', String(categoryId));
  const qs = q.toString();
  return `${mobile ? '/mobile' : ''}/hot/${qs ? `?${qs}` : ''}`;
}

/** 点击排行 `/hot/` and `/mobile/hot/`: by window, site-wide or within a category (and its subcategories). */
export function registerHotPage(app: FastifyInstance, deps: HotDeps): void {
  const { categories, cache } = deps;

  async function render(q: HotQuery, mobile: boolean, origin: string): Promise<PageInput> {
    let cat: Category | undefined;
    if (q.category !== undefined) {
      cat = await categories.byId(q.category);
      if (!cat) throw new NotFoundError(t.errors.categoryNotFound);
    }
    const ids = cat ? await categories.subtreeIds(cat.id) : undefined;
    const [settings, chrome, all, roots, hot] = await Promise.all([
      deps.settings.get(),
      deps.chrome(cat?.id),
      categories.all(),
      categories.roots(),
      hotCards(deps, q.window, mobile ? LIMIT.mobile : LIMIT.desktop, ids),
    ]);
    const windowTitle = format(t.hotPageTitle, { window: WINDOW_LABELS[q.window] });
    const heading = cat ? `${cat.name} · ${windowTitle}` : windowTitle;
    const scopeCats = cat && !roots.some((r) => r.id === cat.id) ? [...roots, cat] : roots;
    const scopes: Link[] = [
      { href: hotUrl(q.window, undefined, mobile), label: t.allSite, current: !cat },
      ...scopeCats.map((c) => ({ href: hotUrl(q.window, c.id, mobile), label: c.name, current: c.id === cat?.id })),
    ];
    const crumbs: Link[] = [
      { href: hotUrl('24h', undefined, mobile), label: t.hotTitle },
      ...(cat ? [{ href: hotUrl(q.window, cat.id, mobile), label: cat.name }] : []),
    ];
    const d: HotPageData = {
      heading,
      crumbs,
      windows: WINDOWS.map((w) => ({ href: hotUrl(w, cat?.id, mobile), label: WINDOW_LABELS[w], current: w === q.window })),
      scopes,
      cards: hot.cards,
      hits: hot.hits,
      ranked: hot.ranked,
      categoryNames: new Map(all.map((c) => [c.id, c.name])),
      switchHref: hotUrl(q.window, cat?.id, !mobile),
    };
    const head: Head = {
      title: format(t.titleSuffix, { title: heading, site: settings.siteName }),
      description: `${settings.siteName}${heading}：${t.hotIntro}`,
      canonical: origin + hotUrl(q.window, cat?.id),
      ...(mobile ? {} : { alternateMobile: origin + d.switchHref }),
    };
    const root = mobile ? <MobileHotPage d={d} chrome={chrome} head={head} /> : <HotPage d={d} chrome={chrome} head={head} />;
    // Hits move all the time, so the page expires (like the hot fragment) instead of being purged;
    // list:latest also drops it when any article is edited or withdrawn, so no dead title lingers.
    return { status: 200, contentType: HTML, body: htmlPage(root), tags: ['list:hot', 'list:latest', 'settings'], ttlMs: HOT_TTL_MS };
  }

  async function handle(req: FastifyRequest, reply: FastifyReply, mobile: boolean) {
    const q = parseHotQuery(req.query);
    if (!q) throw new NotFoundError();
    const origin = siteOrigin(req, deps.baseUrl);
    const key = `${mobile ? 'm' : 'd'}|${origin}|hot|${q.window}|${q.category ?? 0}`;
    return sendPage(req, reply, await cache.page(key, () => render(q, mobile, origin)));
  }

  app.get('/hot/', (req, reply) => handle(req, reply, false));
  app.get('/mobile/hot/', (req, reply) => handle(req, reply, true));
}
