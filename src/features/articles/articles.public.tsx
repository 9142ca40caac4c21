import type { FastifyInstance, FastifyRequest } from 'fastify';
import { h } from '../../platform/html/jsx.ts';
import { HTML, htmlPage, sendPage, siteOrigin, type FastLane } from '../../platform/http/app.ts';
import type { PageCache } from '../../platform/cache/page-cache.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { ChromeBuilder, SettingsService } from '../settings/index.ts';
import { isStaff } from '../members/index.ts';
import type { Comments } from '../comments/index.ts';
import type { Hits } from '../rankings/index.ts';
import type { Articles, RelatedSource } from './articles.service.ts';
import type { Categories } from '../categories/index.ts';
import { parseArticleParam, urls } from './articles.urls.ts';
import type { ArticlePageData, SidebarBlock } from './views/article-parts.tsx';
import { ArticlePage, MobileArticlePage } from './views/article-page.tsx';
import { Box, TitleList } from './views/cards.tsx';
import { t } from '../../strings/index.ts';

export interface ArticlePagesDeps {
  articles: Articles;
  categories: Categories;
  settings: SettingsService;
  chrome: ChromeBuilder;
  cache: PageCache;
  hits: Hits;
  comments: Comments;
  baseUrl: string | undefined;
  /** Precomputed 相关文章 (content similarity, editor pins/excludes); undefined while none is computed. */
  relatedIds?: (id: number) => Promise<number[] | undefined>;
  /** Serves cache hits in front of Fastify (ADR 0009); absent, every request takes the route. */
  fastLane?: FastLane;
  /**
   * The sidebar blocks that list article `id` now (the frontpage feature's kept rows): its page shows
   * them without it. An edit of the article purges its page, so a change of its own place is followed.
   */
  sidebarListing?: (id: number, mobile: boolean) => Promise<ReadonlySet<SidebarBlock>>;
}

/** The page-cache key of `/news/<file>` (or its /mobile/ twin); the route and the fast lane share it. */
function articlePageKey(file: string, mobile: boolean, origin: string): { id: number; page: number; key: string } | undefined {
  const p = parseArticleParam(file);
  return p && !isFirstPageAlias(file) ? { ...p, key: `${mobile ? 'm' : 'd'}|${origin}|${p.id}|${p.page}` } : undefined;
}

/**
 * Thrown by a render of an article that has a 跳转链接: the route answers 302 to it. Thrown, not
 * returned, so the page cache keeps nothing for the article (an edit that clears the link purges
 * `article:<id>`, and the next request renders the page).
 */
class ArticleRedirect extends Error {
  constructor(readonly url: string) {
    super('article redirect');
  }
}

/** `<id>_1.html` is page 1 under a second name (as a list's `1.html`): answered with a 301 to `<id>.html`. */
const isFirstPageAlias = (file: string) => file.endsWith('_1.html');

/** /news/<id>.html and /mobile/news/<id>.html, each cached on its own, plus the 相关文章 fragment. */
export function registerArticlePages(app: FastifyInstance, deps: ArticlePagesDeps): void {
  const { articles, cache, categories } = deps;

  /**
   * What the page read of its article that its 相关文章 fragment needs too, handed from the page's render
   * to the fragment rendered with it (the cache off, or both missing); the fragment reads it again only
   * when rendered on its own. Emptied by every purge and clear: a fragment rendered after one reads
   * the article's current state (a render that started before is not stored by the cache).
   */
  const handoff = new Map<number, RelatedSource>();
  cache.onPurge(() => handoff.clear());
  cache.onClear(() => handoff.clear());

  async function load(id: number, page: number, mobile: boolean): Promise<{ d: ArticlePageData; related: RelatedSource }> {
    const found = await articles.getPublishedPage(id);
    if (!found || page > found.article.pages.length) throw new NotFoundError(t.errors.articleGone);
    const { article, related } = found;
    if (article.redirectUrl) throw new ArticleRedirect(article.redirectUrl);
    const [settings, comments, nb, inSidebar] = await Promise.all([
      deps.settings.get(),
      // comment_count counts exactly the visible comments (recomputed in each comment write's transaction): 0, none to read.
      article.commentCount > 0 ? deps.comments.latestFor(id, 5) : [],
      articles.neighbours({ ...article, publishedAt: article.publishedAt as string }),
      deps.sidebarListing?.(id, mobile),
    ]);
    const { commentsEnabled, guestComments, registrationOpen } = settings;
    const d: ArticlePageData = {
      article,
      page,
      mobile,
      isStaffAuthor: isStaff(article.author.role),
      disclaimer: settings.disclaimer,
      comments,
      commentsEnabled,
      guestComments,
      registrationOpen,
      ...nb,
      ...(inSidebar?.size ? { inSidebar } : {}),
    };
    return { d, related };
  }

  function tagsFor(d: ArticlePageData): string[] {
    const tags = [`article:${d.article.id}`, `comments:${d.article.id}`, `favorites:${d.article.id}`, 'settings'];
    if (d.prev) tags.push(`article:${d.prev.id}`);
    if (d.next) tags.push(`article:${d.next.id}`);
    return tags;
  }

  async function handle(req: FastifyRequest<{ Params: { file: string } }>, mobile: boolean) {
    const origin = siteOrigin(req, deps.baseUrl);
    const p = articlePageKey(req.params.file, mobile, origin);
    if (!p) throw new NotFoundError();
    let handed: RelatedSource | undefined;
    try {
      const page = await cache.page(p.key, async () => {
        const { d, related } = await load(p.id, p.page, mobile);
        handoff.set(p.id, (handed = related));
        const chrome = await deps.chrome(d.article.categoryId);
        const root = mobile ? <MobileArticlePage d={d} chrome={chrome} origin={origin} /> : <ArticlePage d={d} chrome={chrome} origin={origin} />;
        return { status: 200, contentType: HTML, body: htmlPage(root), tags: tagsFor(d) };
      });
      deps.hits.record(p.id, { ip: req.ip, userAgent: req.headers['user-agent'], fetchDest: req.headers['sec-fetch-dest'] });
      return page;
    } finally {
      // The page and its fragments are done (a concurrent render of the same article may have replaced it).
      if (handed && handoff.get(p.id) === handed) handoff.delete(p.id);
    }
  }

  for (const mobile of [false, true]) {
    app.get<{ Params: { file: string } }>(mobile ? '/mobile/news/:file' : '/news/:file', async (req, reply) => {
      const alias = isFirstPageAlias(req.params.file) ? parseArticleParam(req.params.file) : undefined;
      if (alias) return reply.redirect(mobile ? urls.mobileArticle(alias.id) : urls.article(alias.id), 301);
      try {
        return sendPage(req, reply, await handle(req, mobile));
      } catch (e) {
        if (!(e instanceof ArticleRedirect)) throw e;
        // Answered on every request (nothing cached), so a changed or cleared link applies at once.
        // The URL parser's form: non-ASCII characters percent-encoded (a Location header holds ASCII only).
        return reply.header('cache-control', 'no-store').redirect(new URL(e.url).href, 302);
      }
    });
  }
  for (const mobile of [false, true]) {
    deps.fastLane?.add(
      { prefix: mobile ? '/mobile/news/' : '/news/' },
      {
        key: (file, req) => articlePageKey(file, mobile, siteOrigin(req, deps.baseUrl))?.key,
        onHit: (file, req) => {
          const p = parseArticleParam(file);
          if (p) deps.hits.record(p.id, { ip: req.ip, userAgent: req.userAgent, fetchDest: req.fetchDest });
        },
      },
    );
  }

  for (const mobile of [false, true]) {
    cache.registerFragment(mobile ? 'm-related' : 'related', async (arg) => {
      const id = Number(arg);
      // Handed over by the page rendering it; rendered on its own, only the chain and tags are read.
      const a = handoff.get(id) ?? (await articles.relatedSource(id));
      if (!a) return { html: '', tags: [`article:${id}`] };
      const precomputed = await deps.relatedIds?.(id);
      if (precomputed) {
        const cards = await articles.cardsByIds(precomputed);
        const html = (
          <Box title={t.relatedArticles} class="related">
            {<TitleList cards={cards} opts={{ mobile, showDate: !mobile }} />}
          </Box>
        );
        return { html: html.value, tags: [`article:${id}`, `related:${id}`, 'related', ...cards.map((c) => `article:${c.id}`)] };
      }
      // Fallback until a list is computed: articles sharing tags, topped up from the same category.
      const tagIds = a.tags.map((tag) => tag.id);
      const byTags = await articles.sharingTagIds(a.id, tagIds, 8);
      // Top up from the category, then from its top-level category's whole subtree.
      const fill: typeof byTags = [];
      const root = a.categoryChain[0]?.id ?? a.categoryId;
      for (const categoryIds of [[a.categoryId], await categories.subtreeIds(root)]) {
        if (byTags.length + fill.length >= 8) break;
        const seen = [a.id, ...byTags.map((c) => c.id), ...fill.map((c) => c.id)];
        fill.push(...(await articles.list({ categoryIds, excludeIds: seen }, 8 - byTags.length - fill.length)));
      }
      const cards = [...byTags, ...fill];
      const html = (
        <Box title={t.relatedArticles} class="related">
          {<TitleList cards={cards} opts={{ mobile, showDate: !mobile }} />}
        </Box>
      );
      return {
        html: html.value,
        tags: [`article:${id}`, `related:${id}`, 'related', `category:${a.categoryId}`, `category:${root}`, ...a.tags.map((tag) => `tag:${tag.name}`)],
      };
    });
  }
}
