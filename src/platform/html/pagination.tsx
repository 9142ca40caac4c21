import { h, Fragment, type SafeHtml } from './jsx.ts';
import { t } from '../../strings/index.ts';

export interface PaginationLabels {
  first: string;
  prev: string;
  next: string;
  last: string;
}

/** Numbered pages (a window of nine) with first/prev/next/last links; `urlFor(1)` is the first page. */
export function Pagination(p: { page: number; pages: number; urlFor: (n: number) => string; labels: PaginationLabels }): SafeHtml {
  const { page, pages, urlFor, labels } = p;
  if (pages <= 1) return <></>;
  // A page past the end (an old link) still shows the window around the last page.
  const from = Math.max(1, Math.min(page, pages) - 4);
  const to = Math.min(pages, from + 8);
  const nums: number[] = [];
  for (let i = from; i <= to; i++) nums.push(i);
  return (
    <nav class="pagination" aria-label={t.landmarks.pagination}>
      {page > 1 ? <a href={urlFor(1)}>{labels.first}</a> : null}
      {page > 1 ? (
        <a rel="prev" href={urlFor(Math.min(page - 1, Math.max(1, pages)))}>
          {labels.prev}
        </a>
      ) : null}
      {nums.map((n) => (n === page ? <strong aria-current="page">{n}</strong> : <a href={urlFor(n)}>{n}</a>))}
      {page < pages ? (
        <a rel="next" href={urlFor(page + 1)}>
          {labels.next}
        </a>
      ) : null}
      {page < pages ? <a href={urlFor(pages)}>{labels.last}</a> : null}
    </nav>
  );
}
