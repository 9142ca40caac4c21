import type { FastifyInstance } from 'fastify';
import { h } from '../../platform/html/jsx.ts';
import type { PageCache } from '../../platform/cache/page-cache.ts';
import type { Clock } from '../../platform/clock.ts';
import { HTML, htmlPage, sendPage, siteOrigin } from '../../platform/http/app.ts';
import { format, t } from '../../strings/index.ts';
import { urls, type Articles } from '../articles/index.ts';
import type { Categories } from '../categories/index.ts';
import type { ChromeBuilder, SettingsService } from '../settings/index.ts';
import { addPeriods, periodOf } from './promotion.periods.ts';
import { entryPrice, PROMOTION_TAG, type Promotion } from './promotion.service.ts';
import { PromotionPage, type KeywordStanding } from './views/public-page.tsx';

const s = t.promotion;
/** Bid amounts shown per keyword on the public page. */
const SHOWN_BIDS = 10;

export interface PromotionPublicDeps {
  promotion: Promotion;
  articles: Articles;
  categories: Categories;
  clock: Clock;
  cache: PageCache;
  chrome: ChromeBuilder;
  settings: SettingsService;
  baseUrl: string | undefined;
}

/** `/promotion/` (footer 排名推广): cached for everyone, purged by every bid, withdrawal, settlement and keyword change. */
export function registerPromotionPage(app: FastifyInstance, deps: PromotionPublicDeps): void {
  const { promotion } = deps;

  async function standings(): Promise<{ currentPeriod: string; nextPeriod: string; rows: KeywordStanding[] }> {
    const currentPeriod = periodOf(deps.clock.now());
    const nextPeriod = addPeriods(currentPeriod, 1);
    const keywords = await promotion.keywords({ activeOnly: true });
    const ids = keywords.map((k) => k.id);
    const [held, won] = await Promise.all([promotion.standing(ids, nextPeriod, 'held'), promotion.standing(ids, currentPeriod, 'won')]);
    const winnerIds = [...won.values()].flat().map((b) => b.articleId);
    const titles = new Map((await deps.articles.getPublishedMany(winnerIds)).map((a) => [a.id, a.title]));
    const cats = new Map((await deps.categories.all()).map((c) => [c.id, { name: c.name, href: urls.category(c.slug) }]));
    const rows = keywords.map((k) => {
      const amounts = (held.get(k.id) ?? []).map((b) => b.amount);
      const winners = (won.get(k.id) ?? []).flatMap((b) => {
        const title = titles.get(b.articleId);
        return title === undefined ? [] : [{ id: b.articleId, title }];
      });
      const category = k.categoryId === null ? undefined : cats.get(k.categoryId);
      return {
        keyword: k,
        ...(category ? { category } : {}),
        nextBids: amounts.slice(0, SHOWN_BIDS),
        entryPrice: entryPrice(k.floorPrice, k.slots, amounts),
        winners,
      };
    });
    return { currentPeriod, nextPeriod, rows };
  }

  app.get('/promotion/', async (req, reply) => {
    const origin = siteOrigin(req, deps.baseUrl);
    const assembled = await deps.cache.page(`promotion|${origin}`, async () => {
      const [d, chrome, settings] = await Promise.all([standings(), deps.chrome(), deps.settings.get()]);
      const head = { title: format(t.titleSuffix, { title: s.title, site: settings.siteName }), description: s.intro, canonical: `${origin}/promotion/` };
      // A minute at most: winners' titles and the period boundary change without a purge.
      return {
        status: 200,
        contentType: HTML,
        body: htmlPage(<PromotionPage d={d} chrome={chrome} head={head} />),
        tags: [PROMOTION_TAG, 'settings'],
        ttlMs: 60_000,
      };
    });
    return sendPage(req, reply, assembled);
  });
}
