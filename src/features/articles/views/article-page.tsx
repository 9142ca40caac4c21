import { h, Fragment, placeholder, type SafeHtml } from '../../../platform/html/jsx.ts';
import { DesktopLayout, MobileLayout, type Chrome, type Head } from '../../../platform/html/layout.tsx';
import { htmlToText } from '../../../platform/html/sanitize.ts';
import { siteShareImage, ogImage } from '../../../platform/html/share-image.ts';
import { t, format } from '../../../strings/index.ts';
import { urls } from '../articles.urls.ts';
import { Breadcrumb } from './list-page.tsx';
import {
  ActionBar,
  ArticleBody,
  ArticleMeta,
  BodyPages,
  CommentsBlock,
  Disclaimer,
  PrevNext,
  sidebarSlot,
  SummaryBox,
  Tags,
  type ArticlePageData,
} from './article-parts.tsx';

/**
 * Page 1: the editor's SEO 描述, else the summary, else the start of the text; a later page: the start of
 * its own text (each page of a long article described by what it holds).
 */
function description(d: ArticlePageData): string {
  if (d.page === 1 && d.article.description) return d.article.description;
  const s = (d.page === 1 && d.article.summary) || htmlToText(d.article.pages[d.page - 1] ?? '') || d.article.summary;
  return s.replace(/\s+/g, ' ').trim().slice(0, 120);
}

/** The head of an article page; `site` is the chrome's name and logo (the share picture without a cover). */
export function articleHead(d: ArticlePageData, origin: string, site: Pick<Chrome, 'siteName' | 'logoUrl'>, mobile: boolean): Head {
  const a = d.article;
  const siteName = site.siteName;
  const canonical = origin + urls.article(a.id, d.page);
  const mobileUrl = origin + urls.mobileArticle(a.id, d.page);
  const pages = a.pages.length;
  // Later pages are named like list pages: 标题_第2页_栏目_站名.
  const title = d.page > 1 ? `${a.title}_${format(t.pageN, { n: d.page })}` : a.title;
  const image = a.cover ? { url: a.cover.startsWith('http') ? a.cover : origin + a.cover } : siteShareImage(site.logoUrl, origin);
  const pageUrl = (n: number) => origin + (mobile ? urls.mobileArticle(a.id, n) : urls.article(a.id, n));
  const crumbs = [
    { name: t.home, url: origin + '/' },
    ...a.categoryChain.map((c) => ({ name: c.name, url: origin + urls.category(c.slug) })),
    { name: a.title, url: canonical },
  ];
  const desc = description(d);
  // The editor's SEO 关键词 when set ("a, b"), else the tags.
  const keywords = a.keywords || a.tags.join(',');
  return {
    title: `${title}_${a.category.name}_${siteName}`,
    description: desc,
    keywords,
    canonical,
    ...(mobile ? {} : { alternateMobile: mobileUrl }),
    ...(d.page > 1 ? { prev: pageUrl(d.page - 1) } : {}),
    ...(d.page < pages ? { next: pageUrl(d.page + 1) } : {}),
    og: {
      'og:type': 'article',
      'og:title': title,
      'og:description': desc,
      'og:url': canonical,
      'og:site_name': siteName,
      'og:locale': 'zh_CN',
      ...ogImage(image),
      'article:published_time': a.publishedAt ?? '',
      'article:modified_time': a.updatedAt,
      'article:section': a.category.name,
      'article:author': a.author.username,
    },
    jsonLd: [
      {
        '@context': 'https://schema.org',
        '@type': 'NewsArticle',
        headline: a.title.slice(0, 110),
        description: desc,
        datePublished: a.publishedAt,
        dateModified: a.updatedAt,
        mainEntityOfPage: { '@type': 'WebPage', '@id': canonical },
        url: canonical,
        image: [image.url],
        author: [{ '@type': 'Person', name: a.author.username, url: origin + urls.author(a.author.username) }],
        publisher: { '@type': 'Organization', name: siteName, url: origin + '/' },
        articleSection: a.category.name,
        keywords,
        inLanguage: 'zh-CN',
        isAccessibleForFree: true,
      },
      {
        '@context': 'https://schema.org',
        '@type': 'BreadcrumbList',
        itemListElement: crumbs.map((c, i) => ({ '@type': 'ListItem', position: i + 1, name: c.name, item: c.url })),
      },
    ],
  };
}

/** 打赏记录: `<kind>:<id>:none` when the article has no tips (tip_count moves in each tip's transaction): nothing to read. */
const tipsFragment = (kind: string, a: { id: number; tipCount: number }) => `${kind}:${a.id}${a.tipCount > 0 ? '' : ':none'}`;

function crumbs(d: ArticlePageData, mobile?: boolean) {
  return [
    ...d.article.categoryChain.map((c) => ({ href: mobile ? urls.mobileCategory(c.slug) : urls.category(c.slug), label: c.name })),
    { href: '', label: t.articleBody },
  ];
}

export function ArticlePage({ d, chrome, origin }: { d: ArticlePageData; chrome: Chrome; origin: string }): SafeHtml {
  const a = d.article;
  return (
    <DesktopLayout chrome={chrome} head={articleHead(d, origin, chrome, false)} mobileHref={urls.mobileArticle(a.id, d.page)}>
      <Breadcrumb crumbs={crumbs(d)} />
      <div class="two-col">
        <div class="col-main">
          <article class="article" data-article-id={a.id}>
            <h1>{a.title}</h1>
            {a.subtitle ? <p class="subtitle">{a.subtitle}</p> : null}
            <ArticleMeta d={d} />
            <SummaryBox d={d} />
            <ArticleBody d={d} />
            <BodyPages d={d} />
            <Disclaimer d={d} />
            <Tags d={d} />
            <ActionBar d={d} />
          </article>
          <div class="ad-slot ad-article-links" data-ad-slot="article-links" hidden></div>
          {placeholder(tipsFragment('tips', a))}
          <PrevNext d={d} />
          {placeholder(`samecat:${a.categoryId}-${a.id}`)}
          {placeholder(`related:${a.id}`)}
          <CommentsBlock d={d} />
        </div>
        <aside class="col-side">
          <div class="ad-slot ad-article-sidebar" data-ad-slot="article-sidebar" hidden></div>
          {placeholder(sidebarSlot(d, 'latest', false))}
          {placeholder(sidebarSlot(d, 'recommended', false))}
          {placeholder(sidebarSlot(d, 'pictures', false))}
          {placeholder('hot')}
        </aside>
      </div>
    </DesktopLayout>
  );
}

export function MobileArticlePage({ d, chrome, origin }: { d: ArticlePageData; chrome: Chrome; origin: string }): SafeHtml {
  const a = d.article;
  return (
    <MobileLayout chrome={chrome} head={articleHead(d, origin, chrome, true)} desktopHref={urls.article(a.id, d.page)}>
      <Breadcrumb crumbs={crumbs(d, true)} mobile />
      <article class="article" data-article-id={a.id}>
        <h1>{a.title}</h1>
        {a.subtitle ? <p class="subtitle">{a.subtitle}</p> : null}
        <ArticleMeta d={d} mobile />
        <SummaryBox d={d} />
        <ArticleBody d={d} />
        <BodyPages d={d} mobile />
        <Disclaimer d={d} />
        <Tags d={d} mobile />
        <ActionBar d={d} />
      </article>
      <div class="ad-slot ad-article-links" data-ad-slot="article-links" hidden></div>
      {placeholder(tipsFragment('m-tips', a))}
      <PrevNext d={d} mobile />
      {placeholder(`m-samecat:${a.categoryId}-${a.id}`)}
      {placeholder(`m-related:${a.id}`)}
      <CommentsBlock d={d} />
      <div class="ad-slot ad-article-sidebar" data-ad-slot="article-sidebar" hidden></div>
      {placeholder(sidebarSlot(d, 'latest', true))}
      {placeholder(sidebarSlot(d, 'recommended', true))}
      {placeholder(sidebarSlot(d, 'pictures', true))}
      {placeholder('m-hot')}
    </MobileLayout>
  );
}
