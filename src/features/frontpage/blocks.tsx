import { h } from '../../platform/html/jsx.ts';
import type { PageCache } from '../../platform/cache/page-cache.ts';
import type { Clock } from '../../platform/clock.ts';
import { t, format } from '../../strings/index.ts';
import { Box, PictureList, TitleList, urls, type Articles, type ArticleCard, type SidebarBlock } from '../articles/index.ts';
import type { Categories } from '../categories/index.ts';
import type { Rankings } from '../rankings/index.ts';
import { createBlockRows } from './block-rows.ts';

export interface BlocksDeps {
  articles: Articles;
  categories: Categories;
  rankings: Rankings;
  cache: PageCache;
  /** Ages kept block rows (block-rows.ts); the system clock when absent. */
  clock?: Clock;
}

/** How long a hot ranking fragment lives: hits change constantly, so it expires instead of being purged. */
export const HOT_TTL_MS = 5 * 60_000;

/**
 * 点击排行 entries for a window, topped up from all-time hits when the window has few counted hits
 * (a new site, or a quiet category), so the block is never empty while articles exist. `hits` holds the
 * window's counts of the first `ranked` cards only: the rows after them (the top-up) had no hits in the
 * window and are shown apart, without a count (a lifetime count beside window counts reads as unsorted).
 */
export async function hotCards(
  deps: Pick<BlocksDeps, 'articles' | 'rankings'>,
  window: '24h' | '7d' | '30d',
  limit: number,
  categoryIds?: number[],
): Promise<{ cards: ArticleCard[]; hits: Map<number, number>; ranked: number }> {
  // Over-fetch: entries of articles taken down since are dropped by cardsByIds.
  const entries = await deps.rankings.hot(window, { limit: limit * 2, ...(categoryIds ? { categoryIds } : {}) });
  const hits = new Map(entries.map((e) => [e.articleId, e.hits]));
  // Cards are read a few at a time: each is a random row, and nearly all ranked articles are public.
  const cards: ArticleCard[] = [];
  for (let i = 0; i < entries.length && cards.length < limit;) {
    const ids = entries.slice(i, i + limit - cards.length).map((e) => e.articleId);
    i += ids.length;
    cards.push(...(await deps.articles.cardsByIds(ids)));
  }
  const ranked = cards.length;
  if (cards.length < limit) {
    const more = await deps.articles.list({ ...(categoryIds ? { categoryIds } : {}), excludeIds: cards.map((c) => c.id), byHits: true }, limit - cards.length);
    cards.push(...more);
  }
  return { cards, hits, ranked };
}

/**
 * A block's HTML is a pure function of its rows and how it is shown: while the same kept rows object
 * (block-rows.ts) is served, its HTML is reused instead of rendered again. New rows (after a purge, a hit
 * flush or their maximum age) are a new object, so the HTML can never be older than the rows it shows.
 */
function createHtmlMemo() {
  const byRows = new WeakMap<object, Map<string, string>>();
  return (rows: object, variant: string, render: () => string): string => {
    let m = byRows.get(rows);
    if (!m) byRows.set(rows, (m = new Map()));
    let html = m.get(variant);
    if (html === undefined) m.set(variant, (html = render()));
    return html;
  };
}

const LATEST = 10;
const RECOMMENDED = 8;

/** The first `shown` kept rows, leaving out the article named by the fragment's argument (if any). */
function without(kept: ArticleCard[], arg: string, shown: number): { cards: ArticleCard[]; variant: string } {
  const skip = arg ? Number(arg) : undefined;
  if (skip === undefined || !kept.some((c) => c.id === skip)) return { cards: kept.slice(0, shown), variant: '' };
  return { cards: kept.filter((c) => c.id !== skip).slice(0, shown), variant: String(skip) };
}

/**
 * The shared sidebar blocks, each a separately cached fragment (see platform/cache). Returns which of
 * 最新文章, 推荐文章 and 推荐图文 list an article now, so its page can show them without it.
 */
export function registerBlocks(deps: BlocksDeps): { sidebarListing: (id: number, mobile: boolean) => Promise<ReadonlySet<SidebarBlock>> } {
  const { articles, categories, cache } = deps;
  // The site-wide blocks' rows are kept until their tags are purged (block-rows.ts), and the HTML made
  // from a kept rows object with them (createHtmlMemo).
  const clock = deps.clock;
  const rows = createBlockRows(cache, clock ? () => clock.now().getTime() : undefined);
  const html = createHtmlMemo();
  // One row more than shown: an article's own page shows the block without it (`latest:<id>`), still full.
  const latest = () => rows('latest', ['list:latest'], undefined, () => articles.list({}, LATEST + 1));
  const recommended = () => rows('recommended', ['list:recommended'], undefined, () => articles.list({ minLevel: 1 }, RECOMMENDED + 1));
  const pictures = (n: number) => rows(`pictures|${n}`, ['list:pictures'], undefined, () => articles.list({ minLevel: 2, withCover: true }, n + 1));
  const pictureCount = (mobile: boolean) => (mobile ? 4 : 6);
  // Hits change on every flush: kept only while the rankings' totals stay (and dropped by any article write).
  const hot = () => rows('hot', ['list:hot', 'list:latest'], deps.rankings.version('24h'), () => hotCards(deps, '24h', 10));
  for (const mobile of [false, true]) {
    const p = mobile ? 'm-' : '';
    const opts = { mobile, showDate: false };
    // 最新文章 and 推荐文章: a titled list of kept rows; `<name>:<id>` leaves article <id> out.
    const titleBlock = (name: string, title: string, shown: number, load: () => Promise<ArticleCard[]>) =>
      cache.registerFragment(`${p}${name}`, async (arg) => {
        const kept = await load();
        const { cards, variant } = without(kept, arg, shown);
        return {
          html: html(
            kept,
            `${p}${variant}`,
            () =>
              (
                <Box title={title} class={name}>
                  {<TitleList cards={cards} opts={opts} />}
                </Box>
              ).value,
          ),
          tags: [`list:${name}`],
        };
      });
    titleBlock('latest', t.latestArticles, LATEST, latest);
    titleBlock('recommended', t.recommendedArticles, RECOMMENDED, recommended);
    cache.registerFragment(`${p}pictures`, async (arg) => {
      const kept = await pictures(pictureCount(mobile));
      const { cards, variant } = without(kept, arg, pictureCount(mobile));
      return {
        html: html(
          kept,
          `${p}${variant}`,
          () =>
            (
              <Box title={t.picturePicks} class="pictures">
                {<PictureList cards={cards} mobile={mobile} />}
              </Box>
            ).value,
        ),
        tags: ['list:pictures'],
      };
    });
    cache.registerFragment(`${p}hot`, async (arg) => {
      const catId = arg ? Number(arg) : undefined;
      const ids = catId ? await categories.subtreeIds(catId) : undefined;
      const ranked = ids ? await hotCards(deps, '24h', 10, ids) : await hot();
      const { cards, hits } = ranked;
      const rankedCount = ranked.ranked;
      const more = `${mobile ? '/mobile' : ''}/hot/${catId ? `?category=${catId}` : ''}`;
      const render = () =>
        (
          <Box title={t.hotRanking} class="hot" more={more}>
            {<TitleList cards={cards} opts={{ mobile, numbered: true, showHits: hits, ranked: rankedCount, fillNote: t.hotFillNote }} />}
          </Box>
        ).value;
      return {
        // Only the site-wide ranking's rows are kept (a category's are read for each render).
        html: ids ? render() : html(ranked, p, render),
        // Its articles' listing tags too: one withdrawn or retitled leaves the ranking at once, not at the
        // TTL (a tip, which purges article:<id>, does not re-render the box on every page).
        tags: ['list:hot', ...cards.map((c) => `listing:${c.id}`)],
        ttlMs: HOT_TTL_MS,
      };
    });
    // `samecat:<categoryId>-<articleId>`: the category's newest articles other than the one being read.
    cache.registerFragment(`${p}samecat`, async (arg) => {
      const [catArg, exclude] = arg.split('-');
      const cat = await categories.byId(Number(catArg));
      if (!cat) return { html: '', tags: [`category:${catArg}`] };
      // The category's newest 9 are kept (block-rows.ts, tag `category:<id>` as the fragment's); the one
      // being read is left out here, so every article of the category shares one read.
      const newest = await rows(`samecat|${cat.id}`, [`category:${cat.id}`], undefined, async () =>
        articles.list({ categoryIds: await categories.subtreeIds(cat.id) }, 9),
      );
      const skip = exclude ? Number(exclude) : undefined;
      const cards = newest.filter((c) => c.id !== skip).slice(0, 8);
      const more = mobile ? urls.mobileCategory(cat.slug) : urls.category(cat.slug);
      // Every article outside the category's newest nine shows the same eight: one HTML for all of them.
      const shown = newest.some((c) => c.id === skip) ? String(skip) : 'rest';
      return {
        html: html(
          newest,
          `${p}${shown}`,
          () =>
            (
              <Box title={t.moreSameCategory} class="samecat" more={more} moreName={format(t.readingAids.moreOf, { title: cat.name })}>
                {<TitleList cards={cards} opts={{ mobile, showDate: !mobile }} />}
              </Box>
            ).value,
        ),
        tags: [`category:${cat.id}`],
      };
    });
  }

  return {
    async sidebarListing(id, mobile) {
      const [l, r, pics] = await Promise.all([latest(), recommended(), pictures(pictureCount(mobile))]);
      const listed = new Set<SidebarBlock>();
      if (l.some((c) => c.id === id)) listed.add('latest');
      if (r.some((c) => c.id === id)) listed.add('recommended');
      if (pics.some((c) => c.id === id)) listed.add('pictures');
      return listed;
    },
  };
}
