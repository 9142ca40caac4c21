import { h, Fragment, type Child, type SafeHtml } from '../../../platform/html/jsx.ts';
import { DesktopLayout, MobileLayout, type Chrome, type Head } from '../../../platform/html/layout.tsx';
import { t, format } from '../../../strings/index.ts';
import type { CommentOrder, CommentView } from '../comments.service.ts';
import { commentUrls } from '../comments.urls.ts';
import { CommentForm, CommentList, CommunityAssets, Pager, type CommentFormProps } from './comment-parts.tsx';

const s = t.community;

export interface ArticleRef {
  id: number;
  title: string;
  /** 允许评论 of the article (absent: allowed). */
  allowComments?: boolean;
  /** The article's category and its ancestors, root first. */
  categoryChain?: Array<{ slug: string; name: string }>;
  /** Visible comments (the list also holds the floors of removed ones). */
  commentCount?: number;
}

function Frame(p: { chrome: Chrome; head: Head; mobile: boolean; switchHref: string; article: ArticleRef; here: string; children?: Child }): SafeHtml {
  const crumbs = (
    <nav class="breadcrumb" aria-label={t.landmarks.breadcrumb}>
      {t.breadcrumbHere}：<a href={p.mobile ? '/mobile/' : '/'}>{t.home}</a>
      {(p.article.categoryChain ?? []).map((c) => (
        <>
          {' > '}
          <a href={commentUrls.category(c.slug, p.mobile)}>{c.name}</a>
        </>
      ))}
      {' > '}
      <a href={commentUrls.article(p.article.id, p.mobile)}>{p.article.title}</a>
      {' > '}
      <span aria-current="page">{p.here}</span>
    </nav>
  );
  return p.mobile ? (
    <MobileLayout chrome={p.chrome} head={p.head} desktopHref={p.switchHref}>
      {crumbs}
      {p.children}
      <CommunityAssets />
    </MobileLayout>
  ) : (
    <DesktopLayout chrome={p.chrome} head={p.head} mobileHref={p.switchHref}>
      {crumbs}
      {p.children}
      <CommunityAssets />
    </DesktopLayout>
  );
}

export interface CommentsPageData {
  article: ArticleRef;
  items: CommentView[];
  total: number;
  page: number;
  pages: number;
  order: CommentOrder;
  mobile: boolean;
  origin: string;
  commentsEnabled: boolean;
  guestComments: boolean;
  registrationOpen: boolean;
}

/** /news/<id>/comments: every visible comment of an article, paginated, newest or oldest first. Cached. */
export function CommentsPage({ d, chrome }: { d: CommentsPageData; chrome: Chrome }): SafeHtml {
  const a = d.article;
  const url = (n: number, order = d.order) => commentUrls.list(a.id, d.mobile, order, n);
  const title = d.page > 1 ? format(s.commentsPageTitlePaged, { title: a.title, n: d.page }) : format(s.commentsPageTitle, { title: a.title });
  const head: Head = {
    title: `${title}_${chrome.siteName}`,
    canonical: d.origin + commentUrls.list(a.id, false, d.order, d.page),
    ...(d.page > 1 ? { prev: d.origin + url(d.page - 1) } : {}),
    ...(d.page < d.pages ? { next: d.origin + url(d.page + 1) } : {}),
  };
  const orderLink = (o: CommentOrder, label: string) => (o === d.order ? <strong>{label}</strong> : <a href={url(1, o)}>{label}</a>);
  return (
    <Frame chrome={chrome} head={head} mobile={d.mobile} switchHref={commentUrls.list(a.id, !d.mobile, d.order, d.page)} article={a} here={s.allComments}>
      <section class="box comments comments-page" id="comments">
        <h1 class="box-title">
          <span>{format(s.commentsPageTitle, { title: a.title })}</span>
          <span class="count">{format(t.commentsCount, { n: a.commentCount ?? d.total })}</span>
        </h1>
        <div class="box-body">
          <p class="c-article">
            {s.commentsFor}
            <a href={commentUrls.article(a.id, d.mobile)}>{a.title}</a>
          </p>
          <p class="c-order">
            {s.orderLabel}：{orderLink('newest', s.orderNewest)} {orderLink('oldest', s.orderOldest)}
          </p>
          <CommentList items={d.items} ctx={{ articleId: a.id, mobile: d.mobile, csrf: '', back: url(d.page) }} closed={a.allowComments === false} />
          <Pager page={d.page} pages={d.pages} urlFor={(n) => url(n)} />
          {a.allowComments === false ? null : <h2 class="write-title">{s.writeTitle}</h2>}
          <CommentForm
            articleId={a.id}
            mobile={d.mobile}
            commentsEnabled={d.commentsEnabled}
            articleClosed={a.allowComments === false}
            guestComments={d.guestComments}
            registrationOpen={d.registrationOpen}
            viewer="unknown"
            csrf=""
            loginNext={url(d.page)}
          />
        </div>
      </section>
    </Frame>
  );
}

export interface WritePageData {
  article: ArticleRef;
  mobile: boolean;
  sent?: 'pending' | 'held';
  form: Omit<CommentFormProps, 'articleId' | 'mobile'>;
}

/** /news/<id>/comments/write: the form on its own (replies without JavaScript, failed posts, sent notices). Never cached. */
export function WritePage({ d, chrome }: { d: WritePageData; chrome: Chrome }): SafeHtml {
  const a = d.article;
  const title = d.form.parent ? s.replyTitle : s.writeTitle;
  return (
    <Frame
      chrome={chrome}
      head={{ title: `${title}_${a.title}_${chrome.siteName}`, robots: 'noindex' }}
      mobile={d.mobile}
      switchHref={commentUrls.write(a.id, { mobile: !d.mobile, ...(d.form.parent ? { reply: d.form.parent.id } : {}) })}
      article={a}
      here={title}
    >
      <section class="box comments write-page">
        <h1 class="box-title">
          <span>{title}</span>
        </h1>
        <div class="box-body">
          {d.sent ? (
            <p class="flash" role="status">
              {d.sent === 'held' ? s.heldSent : s.pendingSent}
            </p>
          ) : null}
          <p class="c-article">
            {s.commentsFor}
            <a href={commentUrls.article(a.id, d.mobile)}>{a.title}</a> · <a href={commentUrls.list(a.id, d.mobile)}>{s.backToComments}</a>
          </p>
          <CommentForm articleId={a.id} mobile={d.mobile} {...d.form} />
        </div>
      </section>
    </Frame>
  );
}
