import { h, placeholder, type SafeHtml } from '../../../platform/html/jsx.ts';
import { DesktopLayout, MobileLayout, type Chrome, type Head, type Link } from '../../../platform/html/layout.tsx';
import { t } from '../../../strings/index.ts';
import { Breadcrumb, TitleList, formatDate, urls, type ArticleCard } from '../../articles/index.ts';
import { Tabs } from '../../../platform/html/tabs.tsx';

/** Everything the 点击排行 page shows, prepared by the route. */
export interface HotPageData {
  heading: string;
  crumbs: Link[];
  /** 24小时 / 本周 / 本月 switches, the current one marked. */
  windows: Link[];
  /** 全站 and each top-level category, the current one marked. */
  scopes: Link[];
  cards: ArticleCard[];
  /** Hits in the window of the first `ranked` cards; the rest are a top-up without hits in the window. */
  hits: Map<number, number>;
  ranked: number;
  categoryNames: Map<number, string>;
  switchHref: string;
}

function RankTable({ d }: { d: HotPageData }): SafeHtml {
  if (!d.cards.length) return <p class="empty">{t.emptyList}</p>;
  return (
    <table class="rank-table">
      <thead>
        <tr>
          <th scope="col">{t.rankColumn}</th>
          <th scope="col">{t.titleColumn}</th>
          <th scope="col">{t.categoryColumn}</th>
          <th scope="col">{t.hitsColumn}</th>
          <th scope="col">{t.dateColumn}</th>
        </tr>
      </thead>
      <tbody>
        {d.cards.map((c, i) => [
          i === d.ranked ? (
            <tr class="fill-note">
              <td colspan="5">{t.hotFillNote}</td>
            </tr>
          ) : null,
          <tr class={i < d.ranked ? (i < 3 ? 'top' : undefined) : 'fill'}>
            <td>{i < d.ranked ? <span class={`rank r${i + 1}`}>{i + 1}</span> : null}</td>
            <td class="title">
              <a href={urls.article(c.id)}>{c.title}</a>
            </td>
            <td class="cat">{d.categoryNames.get(c.categoryId) ?? ''}</td>
            <td class="hits">{i < d.ranked ? (d.hits.get(c.id) ?? 0) : null}</td>
            <td>
              <time datetime={c.publishedAt}>{formatDate(c.publishedAt)}</time>
            </td>
          </tr>,
        ])}
      </tbody>
    </table>
  );
}

function Header({ d }: { d: HotPageData }): SafeHtml {
  return (
    <header class="list-head">
      <h1>{d.heading}</h1>
      <p class="list-desc">{t.hotIntro}</p>
      <Tabs label={t.hotWindowLabel} caption={t.hotWindowLabel} tabs={d.windows} />
      <Tabs label={t.hotScopeLabel} caption={t.hotScopeLabel} tabs={d.scopes} />
    </header>
  );
}

export function HotPage({ d, chrome, head }: { d: HotPageData; chrome: Chrome; head: Head }): SafeHtml {
  return (
    <DesktopLayout chrome={chrome} head={head} mobileHref={d.switchHref}>
      <Breadcrumb crumbs={d.crumbs} />
      <div class="two-col">
        <div class="col-main">
          <section class="hot-page">
            <Header d={d} />
            <RankTable d={d} />
          </section>
        </div>
        <aside class="col-side">
          {placeholder('latest')}
          {placeholder('recommended')}
          {placeholder('pictures')}
        </aside>
      </div>
    </DesktopLayout>
  );
}

export function MobileHotPage({ d, chrome, head }: { d: HotPageData; chrome: Chrome; head: Head }): SafeHtml {
  return (
    <MobileLayout chrome={chrome} head={head} desktopHref={d.switchHref}>
      <Breadcrumb crumbs={d.crumbs} mobile />
      <section class="hot-page">
        <Header d={d} />
        <TitleList cards={d.cards} opts={{ mobile: true, numbered: true, showHits: d.hits, ranked: d.ranked, fillNote: t.hotFillNote }} />
      </section>
      {placeholder('m-latest')}
    </MobileLayout>
  );
}
