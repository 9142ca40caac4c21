import { h, type SafeHtml } from '../../../platform/html/jsx.ts';
import type { Chrome, Head, Link } from '../../../platform/html/layout.tsx';
import { t } from '../../../strings/index.ts';
import { Frame } from './frame.tsx';

/** A category with its subcategories, in the admin's order. */
export interface CategoryNode {
  name: string;
  href: string;
  children: CategoryNode[];
}

export interface SiteMapData {
  tree: CategoryNode[];
  rankings: Link[];
  pages: Link[];
  /** The site's services: search, submitting, promotion, ads, the mall, the guestbook, reporting. */
  services: Link[];
  feeds: Link[];
  href: string;
  switchHref: string;
}

/** One row of the RSS订阅 table: absolute feed URLs, shown in full so readers can copy them. */
export interface FeedRow {
  name: string;
  depth: number;
  rss: string;
  atom: string;
}

export interface RssPageData {
  site: FeedRow;
  categories: FeedRow[];
  href: string;
  switchHref: string;
}

function CategoryTree({ nodes }: { nodes: CategoryNode[] }): SafeHtml {
  return (
    <ul class="cat-tree">
      {nodes.map((n) => (
        <li>
          <a href={n.href}>{n.name}</a>
          {n.children.length ? <CategoryTree nodes={n.children} /> : null}
        </li>
      ))}
    </ul>
  );
}

function LinkList({ links }: { links: Link[] }): SafeHtml {
  return (
    <ul class="link-list">
      {links.map((l) => (
        <li>
          <a href={l.href}>{l.label}</a>
        </li>
      ))}
    </ul>
  );
}

export function SiteMapPage({ d, chrome, head, mobile }: { d: SiteMapData; chrome: Chrome; head: Head; mobile: boolean }): SafeHtml {
  return (
    <Frame mobile={mobile} chrome={chrome} head={head} switchHref={d.switchHref} crumbs={[{ href: d.href, label: t.siteMapTitle }]}>
      <section class="site-map">
        <h1>{t.siteMapTitle}</h1>
        <p class="list-desc">{t.siteMapIntro}</p>
        <section class="map-section categories">
          <h2>{t.siteMapCategories}</h2>
          <CategoryTree nodes={d.tree} />
        </section>
        <section class="map-section rankings">
          <h2>{t.siteMapRankings}</h2>
          <LinkList links={d.rankings} />
        </section>
        <section class="map-section services">
          <h2>{t.siteMapServices}</h2>
          <LinkList links={d.services} />
        </section>
        <section class="map-section pages">
          <h2>{t.siteMapPages}</h2>
          <LinkList links={d.pages} />
        </section>
        <section class="map-section feeds">
          <h2>{t.siteMapFeeds}</h2>
          <LinkList links={d.feeds} />
        </section>
      </section>
    </Frame>
  );
}

function FeedTable({ rows }: { rows: FeedRow[] }): SafeHtml {
  return (
    <table class="feed-table">
      <thead>
        <tr>
          <th scope="col">{t.feedNameColumn}</th>
          <th scope="col">{t.feedRss}</th>
          <th scope="col">{t.feedAtom}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr class={`depth-${Math.min(r.depth, 3)}`}>
            <th scope="row">{r.name}</th>
            <td>
              <a class="feed rss" href={r.rss}>
                {r.rss}
              </a>
            </td>
            <td>
              <a class="feed atom" href={r.atom}>
                {r.atom}
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function RssPage({ d, chrome, head, mobile }: { d: RssPageData; chrome: Chrome; head: Head; mobile: boolean }): SafeHtml {
  return (
    <Frame mobile={mobile} chrome={chrome} head={head} switchHref={d.switchHref} crumbs={[{ href: d.href, label: t.rssTitle }]}>
      <section class="rss-page">
        <h1>{t.rssTitle}</h1>
        <p class="list-desc">{t.rssIntro}</p>
        <h2>{t.rssWhatTitle}</h2>
        <p>{t.rssWhatBody}</p>
        <h2>{t.rssHowTitle}</h2>
        <p>{t.rssHowBody}</p>
        <h2>{t.rssSiteFeeds}</h2>
        <FeedTable rows={[d.site]} />
        {d.categories.length ? (
          <section>
            <h2>{t.rssCategoryFeeds}</h2>
            <FeedTable rows={d.categories} />
          </section>
        ) : null}
      </section>
    </Frame>
  );
}
