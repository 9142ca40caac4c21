import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { ActionButton } from '../../../platform/html/forms.tsx';
import { t, format } from '../../../strings/index.ts';
import { formatDateTime, Pagination, urls } from '../../articles/index.ts';
import type { FavoriteEntry } from '../favorites.service.ts';

const s = t.community;

/** 我的收藏: the member's favorites, newest first, each with 取消收藏. */
export function MyFavorites(p: { items: FavoriteEntry[]; titles: Map<number, string>; page: number; pages: number; csrf: string }): SafeHtml {
  if (!p.items.length) return <p class="empty">{s.myFavoritesEmpty}</p>;
  return (
    <>
      <table class="table stack my-favorites">
        <thead>
          <tr>
            <th>{s.colArticle}</th>
            <th>{s.favoritedAt}</th>
            <th>{s.colActions}</th>
          </tr>
        </thead>
        <tbody>
          {p.items.map((f) => {
            const title = p.titles.get(f.articleId);
            return (
              <tr>
                <td class="title">
                  {title ? <a href={urls.article(f.articleId)}>{title}</a> : <span class="muted">{format(s.articleMissing, { id: f.articleId })}</span>}
                </td>
                <td data-label={s.favoritedAt}>
                  <time datetime={f.createdAt}>{formatDateTime(f.createdAt)}</time>
                </td>
                <td class="cell-actions">
                  <ActionButton action="/member/favorites/remove" csrf={p.csrf} label={s.remove} fields={{ article: String(f.articleId) }} class="btn small" />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <Pagination page={p.page} pages={p.pages} urlFor={(n) => `/member/favorites/${n > 1 ? `?page=${n}` : ''}`} />
    </>
  );
}
