import { h, Fragment, sanitizedHtml, type SafeHtml } from '../../../platform/html/jsx.ts';
import { t, format } from '../../../strings/index.ts';
import { CommentForm, CommentList, CommunityAssets, commentUrls, type CommentView } from '../../comments/index.ts';
import type { ArticleCard } from '../articles.model.ts';
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
  /** Rendered for the mobile page. */
  mobile?: boolean;
  prev?: ArticleCard;
  next?: ArticleCard;
}

export function showsDisclaimer(d: ArticlePageData): boolean {
  return !d.isStaffAuthor && !d.article.verified;
}

export function ArticleMeta({ d, mobile }: { d: ArticlePageData; mobile?: boolean }): SafeHtml {
  const a = d.article;
  return (
    <p class="article-meta">
      <time datetime={a.publishedAt ?? ''}>{formatDateTime(a.publishedAt ?? a.createdAt)}</time>
      <span class="author">
        {t.author}：<a href={mobile ? urls.mobileAuthor(a.author.username) : urls.author(a.author.username)}>{a.author.username}</a>
      </span>
      {a.source ? (
        <span class="source">
          {t.source}：
          {a.sourceUrl ? (
            <a href={a.sourceUrl} rel="nofollow noopener">
              {a.source}
            </a>
          ) : (
            a.source
          )}
        </span>
      ) : null}
      <a class="comment-count" href="#comments">
        {format(t.commentsCount, { n: a.commentCount })}
      </a>
      {a.original && !a.originalFlagged ? <span class="badge original">{t.original}</span> : null}
      {a.verified ? <span class="badge verified">{t.verified}</span> : null}
      {mobile ? null : (
        <a class="mobile-link" href={urls.mobileArticle(a.id, d.page)}>
          {t.toMobile}
        </a>
      )}
    </p>
  );
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

export function ArticleBody({ d }: { d: ArticlePageData }): SafeHtml {
  return <div class="article-body">{sanitizedHtml(d.article.pages[d.page - 1] ?? '')}</div>;
}

export function BodyPages({ d, mobile }: { d: ArticlePageData; mobile?: boolean }): SafeHtml {
  const n = d.article.pages.length;
  if (n <= 1) return <></>;
  const u = (p: number) => (mobile ? urls.mobileArticle(d.article.id, p) : urls.article(d.article.id, p));
  const nums: number[] = [];
  for (let i = 1; i <= n; i++) nums.push(i);
  return (
    <nav class="pagination article-pages" aria-label="article pages">
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
  return (
    <p class="tags">
      {t.tags}：
      {d.article.tags.map((name) => (
        <a href={mobile ? urls.mobileTag(name) : urls.tag(name)} rel="tag">
          {name}
        </a>
      ))}
    </p>
  );
}

/**
 * 举报 · 收藏 · 打赏 · 评论 with their counts. 收藏 leads to a small page that posts the toggle (no
 * JavaScript needed; guests log in first and come back); public/community.js posts it in place instead.
 */
export function ActionBar({ d }: { d: ArticlePageData }): SafeHtml {
  const a = d.article;
  const here = d.mobile ? urls.mobileArticle(a.id, d.page) : urls.article(a.id, d.page);
  return (
    <div class="action-bar" id="actions">
      <a class="act report" href={`/report/?article=${a.id}`} rel="nofollow">
        {t.report}
      </a>
      <a
        class="act favorite"
        href={`/favorites/toggle?article=${a.id}&back=${encodeURIComponent(here)}`}
        rel="nofollow"
        role="button"
        aria-pressed="false"
        data-favorite={a.id}
        data-on={t.community.favorited}
        data-off={t.favorite}
      >
        <span class="label">{t.favorite}</span> <span class="n">{a.favoriteCount}</span>
      </a>
      <a class="act tip" href={`/tip/${a.id}${d.mobile ? '?m=1' : ''}`} rel="nofollow">
        {t.tip} <span class="n">{a.tipCount}</span>
      </a>
      <a class="act comment" href="#comments">
        {t.comment} <span class="n">{a.commentCount}</span>
      </a>
    </div>
  );
}

export function PrevNext({ d, mobile }: { d: ArticlePageData; mobile?: boolean }): SafeHtml {
  const u = (c: ArticleCard) => (mobile ? urls.mobileArticle(c.id) : urls.article(c.id));
  return (
    <nav class="prev-next">
      <p>
        {t.prevArticle}：{d.prev ? <a href={u(d.prev)}>{d.prev.title}</a> : <span>{t.none}</span>}
      </p>
      <p>
        {t.nextArticle}：{d.next ? <a href={u(d.next)}>{d.next.title}</a> : <span>{t.none}</span>}
      </p>
    </nav>
  );
}

/** 相关评论: the latest few comments, a link to all of them, and the comment form (cached for everyone). */
export function CommentsBlock({ d }: { d: ArticlePageData }): SafeHtml {
  const a = d.article;
  const here = d.mobile ? urls.mobileArticle(a.id, d.page) : urls.article(a.id, d.page);
  const all = commentUrls.list(a.id, d.mobile);
  return (
    <section class="box comments" id="comments">
      <h2 class="box-title">
        <span>{t.relatedComments}</span>
        <a class="count" href={all}>
          {format(t.commentsCount, { n: a.commentCount })}
        </a>
      </h2>
      <div class="box-body">
        <CommentList items={d.comments} ctx={{ articleId: a.id, mobile: d.mobile ?? false, csrf: '', back: here }} />
        {a.commentCount > 0 ? (
          <p class="more-comments">
            <a href={all}>{format(t.community.viewAll, { n: a.commentCount })}</a>
          </p>
        ) : null}
        <h3 class="write-title">{t.community.writeTitle}</h3>
        <CommentForm
          articleId={a.id}
          mobile={d.mobile ?? false}
          commentsEnabled={d.commentsEnabled ?? true}
          guestComments={d.guestComments ?? false}
          viewer="unknown"
          csrf=""
          loginNext={`${here}#comments`}
        />
      </div>
      <CommunityAssets />
    </section>
  );
}
