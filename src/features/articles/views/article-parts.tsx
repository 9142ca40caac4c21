import { h, Fragment, attr, markup, sanitizedHtml, type SafeHtml } from '../../../platform/html/jsx.ts';
import { t, format } from '../../../strings/index.ts';
import { CommentForm, CommentList, CommunityAssets, commentUrls, type CommentView } from '../../comments/index.ts';
import type { ArticleCard, ArticleLink } from '../articles.model.ts';
import type { ArticleDetail } from '../articles.service.ts';
import { formatDateTime, urls } from '../articles.urls.ts';

/** Everything the article page shows, prepared by the route; views only print it. */
export interface ArticlePageData {
  article: ArticleDetail;
  page: number;
  isStaffAuthor: boolean;
  disclaimer: string;
  comments: CommentView[];
  /** Site settings the comment form follows (a settings change clears the page cache). */
  commentsEnabled?: boolean;
  guestComments?: boolean;
  registrationOpen?: boolean;
  /** Rendered for the mobile page. */
  mobile?: boolean;
  prev?: ArticleLink;
  next?: ArticleLink;
  /** Sidebar blocks (最新文章, 推荐文章, 推荐图文) currently listing this article: shown without it. */
  inSidebar?: ReadonlySet<SidebarBlock>;
}

export type SidebarBlock = 'latest' | 'recommended' | 'pictures';

/** The fragment slot of a sidebar block: `<name>:<id>` (the block without this article) when it lists it. */
export function sidebarSlot(d: ArticlePageData, name: SidebarBlock, mobile: boolean): string {
  const slot = mobile ? `m-${name}` : name;
  return d.inSidebar?.has(name) ? `${slot}:${d.article.id}` : slot;
}

export function showsDisclaimer(d: ArticlePageData): boolean {
  return !d.isStaffAuthor && !d.article.verified;
}

// The parts below are templates, not JSX (printed on every article page; the same bytes as the JSX was).
export function ArticleMeta({ d, mobile }: { d: ArticlePageData; mobile?: boolean }): SafeHtml {
  const a = d.article;
  const author = mobile ? urls.mobileAuthor(a.author.username) : urls.author(a.author.username);
  const source = a.source
    ? markup`<span class="source">${t.source}：${a.sourceUrl ? markup`<a${attr('href', a.sourceUrl)} rel="nofollow noopener">${a.source}</a>` : a.source}</span>`
    : null;
  return markup`<p class="article-meta"><time${attr('datetime', a.publishedAt ?? '')}>${formatDateTime(a.publishedAt ?? a.createdAt)}</time><span class="author">${t.author}：<a${attr('href', author)}>${a.author.username}</a></span>${source}<span class="hits">${format(t.hitsCount, { n: a.hits })}</span><a class="comment-count" href="#comments-title">${format(t.commentsCount, { n: a.commentCount })}</a>${
    a.original && !a.originalFlagged ? markup`<span class="badge original">${t.original}</span>` : null
  }${showsDisclaimer(d) ? null : markup`<span class="badge verified">${t.verified}</span>`}${
    mobile ? null : markup`<a class="mobile-link"${attr('href', urls.mobileArticle(a.id, d.page))}>${t.toMobile}</a>`
  }</p>`;
}

export function SummaryBox({ d }: { d: ArticlePageData }): SafeHtml {
  if (!d.article.summary || d.page > 1) return <></>;
  return (
    <div class="summary-box">
      <strong>{t.summary}</strong>
      <p>{d.article.summary}</p>
    </div>
  );
}

// The first picture of a body, past any opening <p> or <figure>: `src` as printed (attribute-escaped).
const LEADING_IMG = /^\s*(?:<(?:p|figure|a)\b[^>]*>\s*)*<img\b[^>]*?\ssrc="([^"]*)"/i;

/** The cover above page 1 of the body, unless the body opens with the same picture already. */
export function ArticleCover({ d }: { d: ArticlePageData }): SafeHtml | null {
  const { cover, title } = d.article;
  if (!cover || d.page > 1) return null;
  const lead = LEADING_IMG.exec(d.article.pages[0] ?? '')?.[1];
  if (lead !== undefined && lead.replace(/&amp;/g, '&') === cover) return null;
  // Above the fold: fetched at once; 16:9 reserved before it loads (the lists and headline crop alike).
  return markup`<figure class="article-cover"><img${attr('src', cover)}${attr('alt', title)} width="1200" height="675" fetchpriority="high" decoding="async"></figure>`;
}

export function ArticleBody({ d }: { d: ArticlePageData }): SafeHtml {
  return markup`<div class="article-body">${ArticleCover({ d })}${sanitizedHtml(d.article.pages[d.page - 1] ?? '')}</div>`;
}

export function BodyPages({ d, mobile }: { d: ArticlePageData; mobile?: boolean }): SafeHtml {
  const n = d.article.pages.length;
  if (n <= 1) return <></>;
  const u = (p: number) => (mobile ? urls.mobileArticle(d.article.id, p) : urls.article(d.article.id, p));
  const nums: number[] = [];
  for (let i = 1; i <= n; i++) nums.push(i);
  return (
    <nav class="pagination article-pages" aria-label={t.landmarks.articlePages}>
      {d.page > 1 ? <a href={u(d.page - 1)}>{t.prevPage}</a> : null}
      {nums.map((p) => (p === d.page ? <strong aria-current="page">{p}</strong> : <a href={u(p)}>{p}</a>))}
      {d.page < n ? <a href={u(d.page + 1)}>{t.nextPage}</a> : null}
    </nav>
  );
}

export function Disclaimer({ d }: { d: ArticlePageData }): SafeHtml {
  if (!showsDisclaimer(d)) {
    return (
      <p class="verified-note">
        <span class="badge verified">{t.verified}</span> {d.isStaffAuthor && !d.article.verified ? t.staffArticle : t.verifiedNote}
      </p>
    );
  }
  return (
    <div class="disclaimer" role="note">
      <strong>{t.disclaimer}：</strong>
      {d.disclaimer}
    </div>
  );
}

export function Tags({ d, mobile }: { d: ArticlePageData; mobile?: boolean }): SafeHtml {
  if (!d.article.tags.length) return <></>;
  const links = d.article.tags.map((name) => markup`<a${attr('href', mobile ? urls.mobileTag(name) : urls.tag(name))} rel="tag">${name}</a>`);
  return markup`<p class="tags">${t.tags}：${links}</p>`;
}

/**
 * 举报 · 收藏 · 打赏 · 评论 with their counts. 收藏 leads to a small page that posts the toggle (no
 * JavaScript needed; guests log in first and come back); public/community.js posts it in place instead.
 */
export function ActionBar({ d }: { d: ArticlePageData }): SafeHtml {
  const a = d.article;
  const here = d.mobile ? urls.mobileArticle(a.id, d.page) : urls.article(a.id, d.page);
  return markup`<div class="action-bar" id="actions"><a class="act report"${attr('href', `/report/?article=${a.id}${d.mobile ? '&m=1' : ''}`)} rel="nofollow">${t.report}</a><a class="act favorite"${attr(
    'href',
    `/favorites/toggle?article=${a.id}&back=${encodeURIComponent(here)}`,
  )} rel="nofollow" role="button" aria-pressed="false"${attr('data-favorite', a.id)}${attr('data-on', t.community.favorited)}${attr('data-off', t.favorite)}><span class="label">${
    t.favorite
  }</span> <span class="n">${a.favoriteCount}</span></a><a class="act tip"${attr('href', `/tip/${a.id}${d.mobile ? '?m=1' : ''}`)} rel="nofollow">${t.tip} <span class="n">${
    a.tipCount
  }</span></a><a class="act comment" href="#comments-title">${t.comment} <span class="n">${a.commentCount}</span></a></div>`;
}

export function PrevNext({ d, mobile }: { d: ArticlePageData; mobile?: boolean }): SafeHtml {
  const link = (c: ArticleLink | undefined) =>
    c ? markup`<a${attr('href', mobile ? urls.mobileArticle(c.id) : urls.article(c.id))}>${c.title}</a>` : markup`<span>${t.none}</span>`;
  return markup`<nav class="prev-next"${attr('aria-label', t.readingAids.prevNextNav)}><p>${t.prevArticle}：${link(d.prev)}</p><p>${t.nextArticle}：${link(d.next)}</p></nav>`;
}

/** 相关评论: the latest few comments, a link to all of them, and the comment form (cached for everyone). */
export function CommentsBlock({ d }: { d: ArticlePageData }): SafeHtml {
  const a = d.article;
  const here = d.mobile ? urls.mobileArticle(a.id, d.page) : urls.article(a.id, d.page);
  const all = commentUrls.list(a.id, d.mobile);
  const list = CommentList({ items: d.comments, ctx: { articleId: a.id, mobile: d.mobile ?? false, csrf: '', back: here }, closed: !a.allowComments });
  const form = CommentForm({
    articleId: a.id,
    mobile: d.mobile ?? false,
    commentsEnabled: d.commentsEnabled ?? true,
    // 允许评论 off: 本文已关闭评论 instead of the form; the comments already shown stay.
    articleClosed: !a.allowComments,
    guestComments: d.guestComments ?? false,
    registrationOpen: d.registrationOpen ?? true,
    viewer: 'unknown',
    csrf: '',
    loginNext: `${here}#comments-title`,
  });
  const more =
    a.commentCount > 0 ? markup`<p class="more-comments"><a${attr('href', all)}>${format(t.community.viewAll, { n: a.commentCount })}</a></p>` : null;
  // The 评论 links point at the heading, focusable by script only (tabindex -1): following one moves the
  // keyboard and screen-reader focus there, not just the scroll position.
  return markup`<section class="box comments" id="comments" aria-labelledby="comments-title"><h2 class="box-title" id="comments-title" tabindex="-1"><span>${t.relatedComments}</span><a class="count"${attr('href', all)}>${format(
    t.commentsCount,
    {
      n: a.commentCount,
    },
  )}</a></h2><div class="box-body">${list}${more}${a.allowComments ? markup`<h3 class="write-title">${t.community.writeTitle}</h3>` : null}${form}</div>${CommunityAssets()}</section>`;
}
