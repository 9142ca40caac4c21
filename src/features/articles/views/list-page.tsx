import { h, Fragment, attr, markup, placeholder, type SafeHtml } from '../../../platform/html/jsx.ts';
import { DesktopLayout, MobileLayout, type Chrome, type Head, type Link } from '../../../platform/html/layout.tsx';
import { t, format } from '../../../strings/index.ts';
import type { ArticleCard } from '../articles.model.ts';
import { ArticleList, Pagination } from './cards.tsx';
import { Avatar } from '../../members/index.ts';

/** What heads a list: a category's description and subcategories, a tag, or an author's profile. */
export type ListIntro =
  | { kind: 'category'; description: string; subcategories: Link[] }
  | { kind: 'tag'; name: string }
  | { kind: 'author'; username: string; displayName: string; bio: string; memberId?: number; avatar?: string };

/** Everything a category, tag or author list page shows, prepared by the route. */
export interface ListPageData {
  heading: string;
  /** Trail below 首页; the last one is the page itself. */
  crumbs: Link[];
  intro: ListIntro;
  total: number;
  cards: ArticleCard[];
  /** Category names printed next to each article (e.g. the subcategory it belongs to). */
  categoryNames: Map<number, string>;
  page: number;
  pages: number;
  /** URL of page n of this list in the current layout. */
  urlFor: (n: number) => string;
  /** The same list in the other layout (电脑版 / 手机版 switch). */
  switchHref: string;
  /** Fragment names for the sidebar (desktop) or below the list (mobile). */
  blocks: string[];
  /** 栏目推广 winners shown first on page 1, marked 推广 (from the promotion feature). */
  promoted?: Array<{ id: number; title: string; href: string }>;
}

/** 当前位置：首页 > … > here. */
export function Breadcrumb({ crumbs, mobile }: { crumbs: Link[]; mobile?: boolean }): SafeHtml {
  // A template, not JSX (on every article and list page; the same bytes).
  const last = crumbs.length - 1;
  const trail = crumbs.map((c, i) =>
    i === last ? markup` &gt; <span aria-current="page">${c.label}</span>` : markup` &gt; <a${attr('href', c.href)}>${c.label}</a>`,
  );
  return markup`<nav class="breadcrumb"${attr('aria-label', t.landmarks.breadcrumb)}>${t.breadcrumbHere}：<a href="${mobile ? '/mobile/' : '/'}">${t.home}</a>${trail}</nav>`;
}

function Intro({ d }: { d: ListPageData }): SafeHtml {
  const i = d.intro;
  if (i.kind === 'category') {
    return (
      <>
        {i.description ? <p class="list-desc">{i.description}</p> : null}
        {i.subcategories.length ? (
          <p class="subcats">
            <span>{t.subcategories}：</span>
            {i.subcategories.map((c) => (
              <a href={c.href}>{c.label}</a>
            ))}
          </p>
        ) : null}
      </>
    );
  }
  if (i.kind === 'tag') return <p class="list-desc">{format(t.tagArticles, { n: d.total })}</p>;
  return (
    <dl class="author-card">
      {i.memberId === undefined ? null : (
        <dd class="author-avatar">
          {Avatar({ name: i.displayName || i.username, memberId: i.memberId, display: 'l', picture: i.avatar ? { version: i.avatar } : undefined })}
        </dd>
      )}
      <dt>{t.authorUsername}</dt>
      <dd class="username">{i.username}</dd>
      <dt>{t.authorDisplayName}</dt>
      <dd class="display-name">{i.displayName}</dd>
      {i.bio ? (
        <>
          <dt>{t.authorBio}</dt>
          <dd class="bio">{i.bio}</dd>
        </>
      ) : null}
      <dd class="count">{format(t.authorArticles, { n: d.total })}</dd>
    </dl>
  );
}

function ListBody({ d, mobile }: { d: ListPageData; mobile: boolean }): SafeHtml {
  return (
    <section class={`list-page list-${d.intro.kind}`}>
      <header class="list-head">
        <h1>{d.heading}</h1>
        <Intro d={d} />
      </header>
      <div class="ad-slot ad-list-interstitial" data-ad-slot="list-interstitial" hidden></div>
      {d.promoted?.length ? (
        <ul class="article-list promoted-list">
          {d.promoted.map((p) => (
            <li>
              <h2>
                <span class="promoted-badge">{t.promotion.promotedMark}</span>
                <a href={p.href}>{p.title}</a>
              </h2>
            </li>
          ))}
        </ul>
      ) : null}
      <ArticleList cards={d.cards} mobile={mobile} categoryNames={d.categoryNames} />
      <Pagination page={d.page} pages={d.pages} urlFor={d.urlFor} />
    </section>
  );
}

export function ListPage({ d, chrome, head }: { d: ListPageData; chrome: Chrome; head: Head }): SafeHtml {
  return (
    <DesktopLayout chrome={chrome} head={head} mobileHref={d.switchHref}>
      <Breadcrumb crumbs={d.crumbs} />
      <div class="two-col">
        <div class="col-main">
          <ListBody d={d} mobile={false} />
        </div>
        <aside class="col-side">{d.blocks.map((b) => placeholder(b))}</aside>
      </div>
    </DesktopLayout>
  );
}

export function MobileListPage({ d, chrome, head }: { d: ListPageData; chrome: Chrome; head: Head }): SafeHtml {
  return (
    <MobileLayout chrome={chrome} head={head} desktopHref={d.switchHref}>
      <Breadcrumb crumbs={d.crumbs} mobile />
      <ListBody d={d} mobile />
      {d.blocks.map((b) => placeholder(b))}
    </MobileLayout>
  );
}
