import { FILTER_STATUSES } from './admin.articles.form.ts';
import { pageOf } from './admin.shared.tsx';

/** The article list's filters, parsed leniently from the query string: anything invalid is ignored. */
export interface ArticleListQuery {
  status: string;
  category: string;
  /** The category's own articles only, without its subcategories' (`own=1`). */
  own: boolean;
  level: string;
  q: string;
  /** Author's username. */
  author: string;
  page: number;
}

export function parseListQuery(raw: unknown): ArticleListQuery {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const str = (k: string) => (typeof r[k] === 'string' ? (r[k] as string) : '');
  const status = (FILTER_STATUSES as readonly string[]).includes(str('status')) ? str('status') : '';
  const category = /^[a-z0-9][a-z0-9-]{0,62}$/.test(str('category')) ? str('category') : '';
  const level = /^[0-3]$/.test(str('level')) ? str('level') : '';
  const q = str('q').trim().slice(0, 100);
  const author = str('author').trim().slice(0, 32);
  return { status, category, own: category !== '' && str('own') === '1', level, q, author, page: pageOf(r.page) };
}

/** The list URL for these filters (empty ones left out), optionally at another page or with a flash. */
export function listUrl(q: ArticleListQuery, over: { page?: number; ok?: string } = {}): string {
  const p = new URLSearchParams();
  if (q.status) p.set('status', q.status);
  if (q.category) p.set('category', q.category);
  if (q.own) p.set('own', '1');
  if (q.level) p.set('level', q.level);
  if (q.q) p.set('q', q.q);
  if (q.author) p.set('author', q.author);
  const page = over.page ?? q.page;
  if (page > 1) p.set('page', String(page));
  if (over.ok) p.set('ok', over.ok);
  const qs = p.toString();
  return `/admin/articles/${qs ? `?${qs}` : ''}`;
}

/** A list URL's query string as quick-action forms carry it back (`back`). */
export function backOf(q: ArticleListQuery): string {
  return listUrl(q).split('?')[1] ?? '';
}

/** Filters from a posted `back` value; only the filter keys survive re-parsing (no open redirect). */
export function queryFromBack(back: string | undefined): ArticleListQuery {
  return parseListQuery(Object.fromEntries(new URLSearchParams(back ?? '')));
}
