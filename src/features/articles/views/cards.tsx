import { Pagination as SharedPagination } from '../../../platform/html/pagination.tsx';
import { h, Fragment, markup, attr, type Child, type SafeHtml } from '../../../platform/html/jsx.ts';
import { t, format } from '../../../strings/index.ts';
import type { ArticleCard } from '../articles.model.ts';
import { coverThumb, formatDate, urls } from '../articles.urls.ts';

export interface CardOptions {
  mobile?: boolean;
  showDate?: boolean;
  showSummary?: boolean;
  /** Counts printed beside the titles (a ranking's); a card without one prints none. */
  showHits?: Map<number, number>;
  numbered?: boolean;
  /**
   * With `numbered`: only the first `ranked` cards are ranked; the rest (a ranking's top-up) follow in a
   * list of their own under `fillNote`, unnumbered.
   */
  ranked?: number;
  fillNote?: string;
}

const href = (c: ArticleCard, mobile?: boolean) => (mobile ? urls.mobileArticle(c.id) : urls.article(c.id));

/** A '>' in a block title is decoration (更多>同类最新资讯): shown, but not read out by screen readers. */
function boxTitle(title: string): Child {
  if (!title.includes('>')) return title;
  return title.split('>').map((part, i) => (i ? markup`<span aria-hidden="true">&gt;</span>${part}` : part));
}

/**
 * A titled block of the article page and home page sidebars. Its 更多 link is named for screen readers
 * after the block (`moreName`, else 更多 + the title: 更多本地新闻), as a page has a dozen of them.
 */
export function Box(props: { title: string; more?: string; moreLabel?: string; moreName?: string; class?: string; children?: unknown }): SafeHtml {
  const name = props.moreName ?? (props.moreLabel === undefined ? format(t.readingAids.moreOf, { title: props.title.replace(/>/g, '') }) : undefined);
  return markup`<section class="${`box ${props.class ?? ''}`.trim()}"><h2 class="box-title"><span>${boxTitle(props.title)}</span>${
    props.more ? markup`<a class="more"${attr('href', props.more)}${attr('aria-label', name)}>${props.moreLabel ?? t.more}</a>` : null
  }</h2><div class="box-body">${props.children as Child}</div></section>`;
}

export function TitleList({ cards, opts = {} }: { cards: ArticleCard[]; opts?: CardOptions }): SafeHtml {
  if (!cards.length) return <p class="empty">{t.emptyList}</p>;
  // A template, not JSX: every page prints dozens of these (same bytes as the JSX it replaces).
  const { numbered, showHits, showDate, mobile } = opts;
  const item = (c: ArticleCard, rank: number | undefined) => {
    const n = showHits?.get(c.id);
    return markup`<li>${rank !== undefined ? markup`<span class="rank r${rank}">${rank}</span>` : null}<a href="${href(c, mobile)}">${c.title}</a>${
      n !== undefined ? markup`<span class="hits">${n}<span class="sr-only">${t.readingAids.hitsUnit}</span></span>` : null
    }${showDate ? markup`<time${attr('datetime', c.publishedAt)}>${formatDate(c.publishedAt)}</time>` : null}</li>`;
  };
  const ranked = numbered && opts.ranked !== undefined ? Math.min(opts.ranked, cards.length) : cards.length;
  const head = cards.slice(0, ranked).map((c, i) => item(c, numbered ? i + 1 : undefined));
  const list = head.length ? markup`<ol class="${numbered ? 'title-list numbered' : 'title-list'}">${head}</ol>` : null;
  if (ranked === cards.length) return list ?? markup``;
  const rest = cards.slice(ranked).map((c) => item(c, undefined));
  return markup`${list}${opts.fillNote ? markup`<p class="fill-note">${opts.fillNote}</p>` : null}<ul class="title-list fill">${rest}</ul>`;
}

export function PictureList({ cards, mobile }: { cards: ArticleCard[]; mobile?: boolean }): SafeHtml {
  if (!cards.length) return <p class="empty">{t.emptyList}</p>;
  const items = cards.map(
    (c) => markup`<li><a href="${href(c, mobile)}"><img${attr('src', c.cover)} alt="" loading="lazy" width="240" height="135"><span>${c.title}</span></a></li>`,
  );
  return markup`<ul class="picture-list">${items}</ul>`;
}

/** The main list of category, tag and author pages: title, summary, date, optional thumbnail. */
export function ArticleList({ cards, mobile, categoryNames }: { cards: ArticleCard[]; mobile?: boolean; categoryNames?: Map<number, string> }): SafeHtml {
  if (!cards.length) return <p class="empty">{t.emptyList}</p>;
  return (
    <ul class="article-list">
      {cards.map((c) => (
        <li class={c.cover ? 'with-cover' : undefined}>
          {c.cover ? (
            // The title link below says the same: the picture's link is skipped by keyboard and screen readers.
            <a class="thumb" href={href(c, mobile)} tabindex="-1" aria-hidden="true">
              <img src={coverThumb(c.cover)} alt="" loading="lazy" width="160" height="90" />
            </a>
          ) : null}
          <h2>
            <a href={href(c, mobile)}>{c.title}</a>
          </h2>
          {c.summary && !mobile ? <p class="summary">{c.summary}</p> : null}
          <p class="meta">
            {categoryNames?.get(c.categoryId) ? <span class="cat">{categoryNames.get(c.categoryId)}</span> : null}
            <time datetime={c.publishedAt}>{formatDate(c.publishedAt)}</time>
            {c.commentCount ? (
              <span class="comments">
                {c.commentCount} {t.comments}
              </span>
            ) : null}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** Numbered pagination with stable URLs; `urlFor(1)` is the list's first page. */
export function Pagination(p: { page: number; pages: number; urlFor: (n: number) => string }): SafeHtml {
  return <SharedPagination {...p} labels={{ first: t.firstPage, prev: t.prevPage, next: t.nextPage, last: t.lastPage }} />;
}
