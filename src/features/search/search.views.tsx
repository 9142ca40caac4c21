import { h, Fragment, type Child, type SafeHtml } from '../../platform/html/jsx.ts';
import { DesktopLayout, MobileLayout, type Chrome, type Head } from '../../platform/html/layout.tsx';
import { Pagination as SharedPagination } from '../../platform/html/pagination.tsx';
import { t, format } from '../../strings/index.ts';
import { formatDate } from '../articles/index.ts';
import type { Piece } from './search.highlight.ts';
import type { SearchOutcome } from './search.service.ts';
import type { QueryEncoding } from './search.encoding.ts';

const s = t.search;

/** One result as shown: title and snippet already split into plain and matched pieces. */
export interface HitView {
  id: number;
  href: string;
  title: Piece[];
  snippet: Piece[];
  categoryName: string;
  publishedAt: string;
}

export interface SearchPageData {
  out: SearchOutcome;
  hits: HitView[];
  promoted: HitView[];
  categories: Array<{ slug: string; name: string; depth: number }>;
  /** URL of this search with some parameters changed (page, sort, q). */
  urlWith: (over: Record<string, string | number | undefined>) => string;
  action: string;
  switchHref: string;
  /** How the query parameter was encoded (a GBK link, or bytes that are no text). */
  encoding?: QueryEncoding;
  /** 热门搜索: recent popular queries, with their search URLs. */
  hot?: Array<{ q: string; href: string }>;
}

/** Escaped text with <mark> around the matched pieces (JSX escapes every piece). */
function Marked({ pieces }: { pieces: Piece[] }): SafeHtml {
  return <>{pieces.map((p) => (p.mark ? <mark>{p.text}</mark> : p.text))}</>;
}

function Hit({ hit, promoted }: { hit: HitView; promoted?: boolean }): SafeHtml {
  return (
    <li class={promoted ? 'search-hit promoted' : 'search-hit'}>
      <h3>
        {promoted ? <span class="badge promoted-badge">{s.promoted}</span> : null}
        <a href={hit.href}>
          <Marked pieces={hit.title} />
        </a>
      </h3>
      <p class="snippet">
        <Marked pieces={hit.snippet} />
      </p>
      <p class="meta">
        {hit.categoryName ? <span class="cat">{hit.categoryName}</span> : null}{' '}
        <time datetime={hit.publishedAt}>{hit.publishedAt ? formatDate(hit.publishedAt) : ''}</time>
      </p>
    </li>
  );
}

function SearchForm({ d }: { d: SearchPageData }): SafeHtml {
  const o = d.out;
  return (
    <form class="search-form" action={d.action} method="get" role="search">
      <p class="search-main">
        <input type="search" name="q" value={o.q} maxlength={String(100)} aria-label={s.box.label} placeholder={s.box.placeholder} />
        <button type="submit" class="btn primary">
          {s.box.button}
        </button>
      </p>
      <fieldset class="search-filters">
        <legend>{s.filters}</legend>
        <label>
          {s.category}{' '}
          <select name="category">
            <option value="">{s.allCategories}</option>
            {d.categories.map((c) => (
              <option value={c.slug} selected={o.category?.slug === c.slug}>
                {'\u3000'.repeat(c.depth)}
                {c.name}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {s.from} <input type="date" name="from" value={o.from ?? ''} />
        </label>{' '}
        <label>
          {s.to} <input type="date" name="to" value={o.to ?? ''} />
        </label>{' '}
        {/* The order is chosen by the links above the results (one control, not two); filtering keeps it. */}
        {o.sort === 'newest' ? <input type="hidden" name="sort" value="newest" /> : null}
        <button type="submit" class="btn">
          {s.apply}
        </button>
      </fieldset>
    </form>
  );
}

function HotSearches({ d }: { d: SearchPageData }): SafeHtml {
  if (!d.hot?.length) return <></>;
  return (
    <nav class="hot-searches" aria-label={s.hot}>
      <h2>{s.hot}</h2>
      <ul>
        {d.hot.map((x) => (
          <li>
            <a href={x.href}>{x.q}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Notices({ d }: { d: SearchPageData }): SafeHtml {
  const o = d.out;
  const notices: Child[] = [];
  if (d.encoding === 'invalid') notices.push(<p class="notice bad-encoding">{s.badEncoding}</p>);
  if (d.encoding === 'gbk') notices.push(<p class="notice gbk">{s.gbkDecoded}</p>);
  if (o.truncated) notices.push(<p class="notice too-long">{format(s.tooLong, { n: 100 })}</p>);
  if (o.badDate) notices.push(<p class="notice bad-date">{s.badDate}</p>);
  if (o.datesSwapped) notices.push(<p class="notice dates-swapped">{format(s.datesSwapped, { from: o.from ?? '', to: o.to ?? '' })}</p>);
  if (o.unknownCategory) notices.push(<p class="notice unknown-category">{format(s.unknownCategory, { slug: o.unknownCategory })}</p>);
  return <>{notices}</>;
}

function Results({ d }: { d: SearchPageData }): SafeHtml {
  const o = d.out;
  if (!o.q)
    return (
      <>
        <Notices d={d} />
        <p class="search-empty no-query">{s.noQuery}</p>
        <HotSearches d={d} />
      </>
    );
  const suggestion = o.suggestion ? (
    <p class="did-you-mean">
      {s.didYouMean}
      <a href={d.urlWith({ q: o.suggestion, page: undefined })}>{o.suggestion}</a>
    </p>
  ) : null;
  // Nothing found: the empty state alone (no count, no sort links, no pages).
  if (o.total === 0 && !d.promoted.length)
    return (
      <>
        <Notices d={d} />
        {suggestion}
        <div class="search-empty">
          <p>{format(s.empty, { q: o.q })}</p>
          <ul>
            {s.emptyTips.map((tip) => (
              <li>{tip}</li>
            ))}
          </ul>
        </div>
        <HotSearches d={d} />
      </>
    );
  const shown = o.total + o.promotedCount;
  return (
    <>
      {/* The results' titles are h3: a heading between them and the page's h1 (visually hidden). */}
      <h2 class="sr-only">{t.readingAids.searchResults}</h2>
      <Notices d={d} />
      <p class="result-count">{format(o.totalCapped ? s.resultCountMore : s.resultCount, { n: shown })}</p>
      <p class="sort-links">
        {o.sort === 'relevance' ? <strong>{s.sortRelevance}</strong> : <a href={d.urlWith({ sort: undefined, page: undefined })}>{s.sortRelevance}</a>}
        {' | '}
        {o.sort === 'newest' ? <strong>{s.sortNewest}</strong> : <a href={d.urlWith({ sort: 'newest', page: undefined })}>{s.sortNewest}</a>}
      </p>
      {o.ranked ? <p class="notice ranked">{format(s.ranked, { n: o.total, ranked: o.ranked })}</p> : null}
      {suggestion}
      {o.partial ? <p class="notice partial">{s.partial}</p> : null}
      {d.promoted.length ? (
        <ol class="search-results promoted-results">
          {d.promoted.map((x) => (
            <Hit hit={x} promoted />
          ))}
        </ol>
      ) : null}
      {d.hits.length ? (
        <ol class="search-results" start={String((o.page - 1) * o.perPage + 1)}>
          {d.hits.map((x) => (
            <Hit hit={x} />
          ))}
        </ol>
      ) : d.promoted.length && o.total === 0 ? null : (
        <p class="search-empty">{s.noMorePages}</p>
      )}
      <SharedPagination
        page={o.page}
        pages={o.pages}
        urlFor={(n) => d.urlWith({ page: n > 1 ? n : undefined })}
        labels={{ first: t.firstPage, prev: t.prevPage, next: t.nextPage, last: t.lastPage }}
      />
      <HotSearches d={d} />
    </>
  );
}

export function SearchPage({ d, chrome, head, mobile }: { d: SearchPageData; chrome: Chrome; head: Head; mobile: boolean }): SafeHtml {
  const body = (
    <section class="search-page">
      <h1>{d.out.q ? format(s.titleFor, { q: d.out.q }) : s.title}</h1>
      <SearchForm d={d} />
      <Results d={d} />
    </section>
  );
  return mobile ? (
    <MobileLayout chrome={chrome} head={head} desktopHref={d.switchHref}>
      {body}
    </MobileLayout>
  ) : (
    <DesktopLayout chrome={chrome} head={head} mobileHref={d.switchHref}>
      {body}
    </DesktopLayout>
  );
}
