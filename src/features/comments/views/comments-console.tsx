import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { ActionButton, ErrorSummary, type FormErrors } from '../../../platform/html/forms.tsx';
import { t, format } from '../../../strings/index.ts';
import { MODERATIONS, type Moderation } from '../comments.schema.ts';
import { COMMENT_STATUSES, excerpt, type CommentStatus, type CommentView } from '../comments.service.ts';
import { isEditable, isRemovable } from '../comments.own.ts';
import { BODY_MAX } from '../comments.schema.ts';
import { commentUrls, formatTime } from '../comments.urls.ts';
import { Pager, Quote, TextLines } from './comment-parts.tsx';

const s = t.community;
type Titles = Map<number, string>;

export const statusLabel = (st: CommentStatus) => s[`status_${st}`];
/** A held comment has no floor yet (it gets one when it is shown): a dash, with the reason as a tooltip and for screen readers. */
const floorLabel = (floor: number): SafeHtml | string =>
  floor > 0 ? (
    format(s.floor, { n: floor })
  ) : (
    <span class="floor-pending" title={s.floorPendingHint}>
      <span aria-hidden="true">{s.floorPending}</span>
      <span class="sr-only">{s.floorPendingHint}</span>
    </span>
  );

function ArticleLink({ id, titles }: { id: number; titles: Titles }): SafeHtml {
  const title = titles.get(id);
  return title ? <a href={commentUrls.article(id)}>{title}</a> : <span class="muted">{format(s.articleMissing, { id })}</span>;
}

/** 我的评论: the member's own comments in every status, with links to where they show, 修改 and 删除. */
export function MyComments(p: { items: CommentView[]; titles: Titles; page: number; pages: number; now: Date; csrf: string; message?: string }): SafeHtml {
  if (!p.items.length) return <p class="empty">{s.myCommentsEmpty}</p>;
  return (
    <>
      <ErrorSummary message={p.message} />
      <table class="table stack my-comments">
        <thead>
          <tr>
            <th>{s.colArticle}</th>
            <th>{s.colComment}</th>
            <th>{s.colFloor}</th>
            <th>{s.colLikes}</th>
            <th>{s.colStatus}</th>
            <th>{s.colTime}</th>
            <th>{s.colActions}</th>
          </tr>
        </thead>
        <tbody>
          {p.items.map((c) => (
            <tr id={`c${c.id}`}>
              <td data-label={s.colArticle}>
                <ArticleLink id={c.articleId} titles={p.titles} />
              </td>
              <td data-label={s.colComment}>
                {c.status === 'visible' && p.titles.has(c.articleId) ? (
                  <a href={`${commentUrls.list(c.articleId)}#c${c.id}`}>{excerpt(c.body, 80)}</a>
                ) : (
                  excerpt(c.body, 80)
                )}
              </td>
              <td data-label={s.colFloor}>{floorLabel(c.floor)}</td>
              <td data-label={s.colLikes}>{c.likes}</td>
              <td data-label={s.colStatus}>
                <span class={`status status-${c.status}`}>{statusLabel(c.status)}</span>
              </td>
              <td data-label={s.colTime}>
                <time datetime={c.createdAt}>{formatTime(c.createdAt)}</time>
              </td>
              <td class="row-actions">
                {isEditable(c, p.now) ? <a href={`/member/comments/${c.id}/edit`}>{s.editAction}</a> : null}
                {isRemovable(c) ? (
                  <ActionButton action={`/member/comments/${c.id}/delete`} csrf={p.csrf} label={s.removeAction} class="link" confirm={s.removeConfirm} />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager page={p.page} pages={p.pages} urlFor={(n) => `/member/comments/${n > 1 ? `?page=${n}` : ''}`} />
    </>
  );
}

/** 修改评论: the text of one of the member's comments, while the edit window is open. */
export function EditComment(p: {
  c: CommentView;
  title: string | undefined;
  open: boolean;
  minutes: number;
  body: string;
  csrf: string;
  errors?: FormErrors;
  message?: string;
}): SafeHtml {
  const e = p.errors ?? {};
  const back = <a href="/member/comments/">{s.backToMine}</a>;
  return (
    <>
      <p class="muted">
        {s.colArticle}：{p.title ?? format(s.articleMissing, { id: p.c.articleId })} · {floorLabel(p.c.floor)} ·{' '}
        <span class={`status status-${p.c.status}`}>{statusLabel(p.c.status)}</span>
      </p>
      {p.open ? (
        <form method="post" action={`/member/comments/${p.c.id}/edit`} class="form comment-edit" novalidate>
          <input type="hidden" name="_csrf" value={p.csrf} />
          <ErrorSummary message={p.message} errors={e} />
          <div class={e.body ? 'field has-error' : 'field'}>
            <label for="f-body">{s.body}</label>
            <textarea id="f-body" name="body" rows={5} maxlength={BODY_MAX} aria-invalid={e.body ? 'true' : undefined}>
              {p.body}
            </textarea>
            {e.body ? <small class="error">{e.body}</small> : <small class="hint">{format(s.editHint, { min: p.minutes })}</small>}
          </div>
          <button type="submit" class="btn primary">
            {s.saveEdit}
          </button>{' '}
          {back}
        </form>
      ) : (
        <>
          <ErrorSummary
            message={p.message ?? (p.c.status === 'visible' || p.c.status === 'pending' ? format(s.editExpired, { min: p.minutes }) : s.notEditable)}
          />
          <p>{back}</p>
        </>
      )}
    </>
  );
}

export interface AdminFilter {
  status?: CommentStatus | undefined;
  articleId?: number | undefined;
  /** A member's username. */
  member?: string | undefined;
  ip?: string | undefined;
  keyword?: string | undefined;
  page: number;
}

export function adminListUrl(f: AdminFilter, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  if (f.status) q.set('status', f.status);
  if (f.articleId) q.set('article', String(f.articleId));
  if (f.member) q.set('member', f.member);
  if (f.ip) q.set('ip', f.ip);
  if (f.keyword) q.set('q', f.keyword);
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
  // Deleted by its author: staff do not bring it back.
  removed: [],
};

/** The form a row's 删除 button belongs to (its `form` attribute): it carries a confirmation the moderation form cannot. */
const DELETE_ONE = 'comment-delete-one';

/** CSRF and the list's filter, so a moderation returns to the same list. */
function KeepFilter({ f, csrf }: { f: AdminFilter; csrf: string }): SafeHtml {
  return (
    <>
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="status" value={f.status ?? ''} />
      <input type="hidden" name="article" value={f.articleId ? String(f.articleId) : ''} />
      <input type="hidden" name="member" value={f.member ?? ''} />
      <input type="hidden" name="ip" value={f.ip ?? ''} />
      <input type="hidden" name="q" value={f.keyword ?? ''} />
      <input type="hidden" name="page" value={String(f.page)} />
    </>
  );
}

/** 评论管理: status tabs, an article filter, and one form whose buttons act on one row or on the checked rows. */
export function AdminComments(p: {
  items: CommentView[];
  titles: Titles;
  /** Banned words found in waiting comments: why each was held. */
  held: Map<number, string[]>;
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
      <nav class="tabs" aria-label={t.landmarks.statusTabs}>
        {f.status ? <a href={adminListUrl({ ...f, status: undefined, page: 1 })}>{`${s.filterAll} (${all})`}</a> : <strong>{`${s.filterAll} (${all})`}</strong>}
        {COMMENT_STATUSES.map((st) =>
          st === f.status ? (
            <strong>{`${statusLabel(st)} (${p.counts[st]})`}</strong>
          ) : (
            <a href={adminListUrl({ ...f, status: st, page: 1 })}>{`${statusLabel(st)} (${p.counts[st]})`}</a>
          ),
        )}
      </nav>
      <form method="get" action="/admin/comments/" class="filters filter-form">
        {f.status ? <input type="hidden" name="status" value={f.status} /> : null}
        <label>
          {s.filterArticle} <input type="text" name="article" value={f.articleId ? String(f.articleId) : ''} inputmode="numeric" size={8} />
        </label>{' '}
        <label>
          {s.filterMember} <input type="text" name="member" value={f.member ?? ''} size={12} maxlength={32} />
        </label>{' '}
        <label>
          {s.filterIp} <input type="text" name="ip" value={f.ip ?? ''} size={15} maxlength={64} />
        </label>{' '}
        <label>
          {s.filterKeyword} <input type="search" name="q" value={f.keyword ?? ''} size={12} maxlength={50} />
        </label>{' '}
        <button type="submit" class="btn">
          {s.filterSubmit}
        </button>{' '}
        <span class="muted">{format(s.total, { n: p.total })}</span>
      </form>
      {p.items.length ? (
        <form method="post" action="/admin/comments/moderate" class="moderate-form">
          <KeepFilter f={f} csrf={p.csrf} />
          <p class="bulk">
            {s.bulkLabel}
            {MODERATIONS.map((m) => (
              <button
                type="submit"
                name="action"
                value={m}
                class={m === 'delete' ? 'btn danger' : 'btn'}
                data-confirm={m === 'delete' ? s.bulkDeleteConfirm : undefined}
              >
                {s[`act_${m}`]}
              </button>
            ))}
          </p>
          <div class="table-wrap">
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
                        <ArticleLink id={c.articleId} titles={p.titles} /> · {floorLabel(c.floor)} · {s.like} {c.likes}
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
                      {p.held.has(c.id) ? <p class="held">{format(s.heldWords, { words: (p.held.get(c.id) ?? []).join('、') })}</p> : null}
                    </td>
                    <td class="row-actions">
                      {ACTIONS_FOR[c.status].map((m) =>
                        m === 'delete' ? (
                          // Sent by the confirming form below (site.js asks first), as every other delete in the console.
                          <button type="submit" name="action" value={`${m}:${c.id}`} class="btn small danger" form={DELETE_ONE}>
                            {s[`act_${m}`]}
                          </button>
                        ) : (
                          <button type="submit" name="action" value={`${m}:${c.id}`} class="btn small">
                            {s[`act_${m}`]}
                          </button>
                        ),
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </form>
      ) : (
        <p class="empty">{s.adminEmpty}</p>
      )}
      {p.items.length ? (
        <form method="post" action="/admin/comments/moderate" id={DELETE_ONE} data-confirm={s.deleteConfirm} hidden>
          <KeepFilter f={f} csrf={p.csrf} />
        </form>
      ) : null}
      <Pager page={f.page} pages={p.pages} urlFor={(n) => adminListUrl({ ...f, page: n })} />
    </>
  );
}
