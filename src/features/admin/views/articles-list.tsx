import { h, type SafeHtml } from '../../../platform/html/jsx.ts';
import { ActionButton } from '../../../platform/html/forms.tsx';
import { Pagination, formatDateTime, urls, type AdminArticleRow } from '../../articles/index.ts';
import type { Category } from '../../categories/index.ts';
import { EDITABLE_STATUSES } from '../admin.articles.form.ts';
import { backOf, listUrl, type ArticleListQuery } from '../admin.articles.query.ts';
import { format } from '../../../strings/index.ts';
import { categoryOptions, s, Total } from '../admin.shared.tsx';

export interface ArticleListData {
  query: ArticleListQuery;
  rows: AdminArticleRow[];
  total: number;
  pages: number;
  categories: Category[];
  csrf: string;
  now: string;
  error?: string;
}

function Filters({ q, categories }: { q: ArticleListQuery; categories: Category[] }): SafeHtml {
  return (
    <form method="get" action="/admin/articles/" class="filters" role="search">
      <label>
        <span>{s.status}</span>
        <select name="status">
          <option value="">{s.all}</option>
          {EDITABLE_STATUSES.map((st) => (
            <option value={st} selected={q.status === st}>
              {s.statuses[st]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{s.category}</span>
        <select name="category">
          <option value="">{s.allCategories}</option>
          {categoryOptions(categories).map((o) => (
            <option value={o.value} selected={q.category === o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{s.recommendLevel}</span>
        <select name="level">
          <option value="">{s.anyLevel}</option>
          {s.levels.map((l, i) => (
            <option value={String(i)} selected={q.level === String(i)}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <label class="grow">
        <span>{s.searchTitle}</span>
        <input type="search" name="q" value={q.q} maxlength={100} />
      </label>
      <button type="submit" class="btn primary">
        {s.filter}
      </button>
      <a class="btn" href="/admin/articles/">
        {s.reset}
      </a>
    </form>
  );
}

function StatusBadge({ r, now }: { r: AdminArticleRow; now: string }): SafeHtml {
  const scheduled = r.status === 'published' && r.publishedAt !== null && r.publishedAt > now;
  return <span class={`status status-${scheduled ? 'scheduled' : r.status}`}>{scheduled ? s.scheduled : (s.statuses[r.status] ?? r.status)}</span>;
}

function LevelForm({ r, csrf, back }: { r: AdminArticleRow; csrf: string; back: string }): SafeHtml {
  return (
    <form method="post" action={`/admin/articles/${r.id}/recommend`} class="inline quick">
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="back" value={back} />
      <select name="level" aria-label={`${s.recommendLevel} ${r.id}`}>
        {s.levels.map((l, i) => (
          <option value={String(i)} selected={r.recommendLevel === i}>
            {l}
          </option>
        ))}
      </select>
      <button type="submit" class="btn small">
        {s.setLevel}
      </button>
    </form>
  );
}

function VerifyToggle({ r, csrf, back }: { r: AdminArticleRow; csrf: string; back: string }): SafeHtml {
  return (
    <div class="row-actions">
      <span class={r.verified ? 'status status-approved' : 'status'}>{r.verified ? s.verified : s.notVerified}</span>
      <ActionButton
        action={`/admin/articles/${r.id}/verify`}
        csrf={csrf}
        fields={{ verified: r.verified ? '0' : '1', back }}
        label={r.verified ? s.unmarkVerified : s.markVerified}
        class="btn small"
      />
    </div>
  );
}

export function ArticleListView({ d }: { d: ArticleListData }): SafeHtml {
  const catName = new Map(d.categories.map((c) => [c.id, c.name]));
  const back = backOf(d.query);
  return (
    <div class="admin-articles">
      <Filters q={d.query} categories={d.categories} />
      {d.error ? (
        <div class="flash error" role="alert">
          {d.error}
        </div>
      ) : null}
      <Total n={d.total} />
      {d.rows.length ? (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th>{s.id}</th>
                <th>{s.f.title}</th>
                <th>{s.status}</th>
                <th>{s.recommendLevel}</th>
                <th>{s.verified}</th>
                <th>{s.actions}</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr>
                  <td class="num">{r.id}</td>
                  <td class="title">
                    <a href={`/admin/articles/${r.id}/edit`}>{r.title}</a>
                    {r.status === 'published' && r.publishedAt && r.publishedAt <= d.now ? (
                      <a class="view" href={urls.article(r.id)} target="_blank" rel="noopener">
                        {s.view}
                      </a>
                    ) : null}
                    <div class="meta">
                      {catName.get(r.categoryId) ?? ''} · {r.authorName}
                      {r.publishedAt ? ` · ${formatDateTime(r.publishedAt)}` : ''}
                    </div>
                  </td>
                  <td>
                    <StatusBadge r={r} now={d.now} />
                  </td>
                  <td>
                    <LevelForm r={r} csrf={d.csrf} back={back} />
                  </td>
                  <td>
                    <VerifyToggle r={r} csrf={d.csrf} back={back} />
                  </td>
                  <td>
                    <div class="row-actions">
                      <a class="btn small" href={`/admin/articles/${r.id}/edit`}>
                        {s.edit}
                      </a>
                      <a class="btn small danger" href={`/admin/articles/${r.id}/delete`}>
                        {s.delete}
                      </a>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="empty">{s.empty}</p>
      )}
      <Pagination page={d.query.page} pages={d.pages} urlFor={(n) => listUrl(d.query, { page: n })} />
    </div>
  );
}

export const deleteArticleMessage = (title: string) => format(s.deleteArticleBody, { title });
