import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { t, format } from '../../../strings/index.ts';
import { MODERATIONS, type Moderation } from '../comments.schema.ts';
import { COMMENT_STATUSES, excerpt, type CommentStatus, type CommentView } from '../comments.service.ts';
import { commentUrls, formatTime } from '../comments.urls.ts';
import { Pager, Quote, TextLines } from './comment-parts.tsx';

const s = t.community;
type Titles = Map<number, string>;

export const statusLabel = (st: CommentStatus) => s[`status_${st}`];

function ArticleLink({ id, titles }: { id: number; titles: Titles }): SafeHtml {
  const title = titles.get(id);
  return title ? <a href={commentUrls.article(id)}>{title}</a> : <span class="muted">{format(s.articleMissing, { id })}</span>;
}

/** 我的评论: the member's own comments in every status, with links to where they show. */
export function MyComments(p: { items: CommentView[]; titles: Titles; page: number; pages: number }): SafeHtml {
  if (!p.items.length) return <p class="empty">{s.myCommentsEmpty}</p>;
  return (
    <>
      <table class="table my-comments">
        <thead>
          <tr>
            <th>{s.colArticle}</th>
            <th>{s.colComment}</th>
            <th>{s.colFloor}</th>
            <th>{s.colLikes}</th>
            <th>{s.colStatus}</th>
            <th>{s.colTime}</th>
          </tr>
        </thead>
        <tbody>
          {p.items.map((c) => (
            <tr>
              <td>
                <ArticleLink id={c.articleId} titles={p.titles} />
              </td>
              <td>
                {c.status === 'visible' && p.titles.has(c.articleId) ? (
                  <a href={`${commentUrls.list(c.articleId)}#c${c.id}`}>{excerpt(c.body, 80)}</a>
                ) : (
                  excerpt(c.body, 80)
                )}
              </td>
              <td>{format(s.floor, { n: c.floor })}</td>
              <td>{c.likes}</td>
              <td>
                <span class={`status status-${c.status}`}>{statusLabel(c.status)}</span>
              </td>
              <td>
                <time datetime={c.createdAt}>{formatTime(c.createdAt)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager page={p.page} pages={p.pages} urlFor={(n) => `/member/comments/${n > 1 ? `?page=${n}` : ''}`} />
    </>
  );
}

export interface AdminFilter {
  status?: CommentStatus | undefined;
  articleId?: number | undefined;
  page: number;
}

export function adminListUrl(f: AdminFilter, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  if (f.status) q.set('status', f.status);
  if (f.articleId) q.set('article', String(f.articleId));
  if (f.page > 1) q.set('page', String(f.page));
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  const qs = q.toString();
  return `/admin/comments/${qs ? `?${qs}` : ''}`;
}

/** Which actions make sense for a comment in this status. */
const ACTIONS_FOR: Record<CommentStatus, Moderation[]> = {
  pending: ['approve', 'hide', 'delete'],
  visible: ['hide', 'delete'],
  hidden: ['restore', 'delete'],
  deleted: ['restore'],
};

/** 评论管理: status tabs, an article filter, and one form whose buttons act on one row or on the checked rows. */
export function AdminComments(p: {
  items: CommentView[];
  titles: Titles;
  counts: Record<CommentStatus, number>;
  filter: AdminFilter;
  total: number;
  pages: number;
  csrf: string;
}): SafeHtml {
  const f = p.filter;
  const all = Object.values(p.counts).reduce((a, b) => a + b, 0);
  return (
    <>
      <nav class="tabs" aria-label="status">
        {f.status ? <a href={adminListUrl({ articleId: f.articleId, page: 1 })}>{`${s.filterAll} (${all})`}</a> : <strong>{`${s.filterAll} (${all})`}</strong>}
        {COMMENT_STATUSES.map((st) =>
          st === f.status ? (
            <strong>{`${statusLabel(st)} (${p.counts[st]})`}</strong>
          ) : (
            <a href={adminListUrl({ status: st, articleId: f.articleId, page: 1 })}>{`${statusLabel(st)} (${p.counts[st]})`}</a>
          ),
        )}
      </nav>
      <form method="get" action="/admin/comments/" class="filter-form">
        {f.status ? <input type="hidden" name="status" value={f.status} /> : null}
        <label>
          {s.filterArticle} <input type="text" name="article" value={f.articleId ? String(f.articleId) : ''} inputmode="numeric" size={8} />
        </label>{' '}
        <button type="submit" class="btn">
          {s.filterSubmit}
        </button>{' '}
        <span class="muted">{format(s.total, { n: p.total })}</span>
      </form>
      {p.items.length ? (
        <form method="post" action="/admin/comments/moderate" class="moderate-form">
          <input type="hidden" name="_csrf" value={p.csrf} />
          <input type="hidden" name="status" value={f.status ?? ''} />
          <input type="hidden" name="article" value={f.articleId ? String(f.articleId) : ''} />
          <input type="hidden" name="page" value={String(f.page)} />
          <p class="bulk">
            {s.bulkLabel}
            {MODERATIONS.map((m) => (
              <button type="submit" name="action" value={m} class={m === 'delete' ? 'btn danger' : 'btn'}>
                {s[`act_${m}`]}
              </button>
            ))}
          </p>
          <table class="table admin-comments">
            <thead>
              <tr>
                <th>{s.select}</th>
                <th>{s.colComment}</th>
                <th>{s.colAuthor}</th>
                <th>{s.colStatus}</th>
                <th>{s.colActions}</th>
              </tr>
            </thead>
            <tbody>
              {p.items.map((c) => (
                <tr id={`c${c.id}`}>
                  <td>
                    <input type="checkbox" name="ids" value={String(c.id)} aria-label={`${s.select} #${c.id}`} />
                  </td>
                  <td>
                    <p class="muted">
                      <ArticleLink id={c.articleId} titles={p.titles} /> · {format(s.floor, { n: c.floor })} · {s.like} {c.likes}
                    </p>
                    {c.parent ? <Quote q={c.parent} /> : null}
                    <p class="c-body">
                      <TextLines text={c.body} />
                    </p>
                  </td>
                  <td>
                    {c.nickname}
                    {c.memberId === null ? <span class="muted">（{s.guestLabel}）</span> : null}
                    <br />
                    <small class="muted">
                      {formatTime(c.createdAt)} · {c.ip}
                    </small>
                  </td>
                  <td>
                    <span class={`status status-${c.status}`}>{statusLabel(c.status)}</span>
                  </td>
                  <td class="row-actions">
                    {ACTIONS_FOR[c.status].map((m) => (
                      <button type="submit" name="action" value={`${m}:${c.id}`} class={m === 'delete' ? 'btn small danger' : 'btn small'}>
                        {s[`act_${m}`]}
                      </button>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </form>
      ) : (
        <p class="empty">{s.adminEmpty}</p>
      )}
      <Pager page={f.page} pages={p.pages} urlFor={(n) => adminListUrl({ ...f, page: n })} />
    </>
  );
}
