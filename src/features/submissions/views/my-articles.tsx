import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { assetUrl } from '../../../platform/html/asset-url.ts';
import { ActionButton } from '../../../platform/html/forms.tsx';
import { t, format } from '../../../strings/index.ts';
import { formatDateTime, Pagination, urls, type OwnArticleRow } from '../../articles/index.ts';
import { OWN_DELETABLE, OWN_LIST_STATUSES, type OwnListStatus } from '../submissions.service.ts';
import { Tabs } from '../../../platform/html/tabs.tsx';

const s = t.submissions;

export interface MyArticleItem {
  row: OwnArticleRow;
  categoryName: string;
  /** Banned words that hold this pending text for review. */
  words: string[];
  /** Published and already public (not merely scheduled). */
  isPublic: boolean;
}

function StatusCell({ it }: { it: MyArticleItem }): SafeHtml {
  const r = it.row;
  const rev = r.revision;
  return (
    <td class="state" data-label={s.colStatus}>
      <span class={`status status-${r.status}`}>{s.status[r.status] ?? r.status}</span>
      {r.status === 'published' && !it.isPublic && r.publishedAt ? (
        <small class="scheduled">
          {s.scheduledAt} {formatDateTime(r.publishedAt)}
        </small>
      ) : null}
      {r.status === 'rejected' && r.rejectReason ? (
        <p class="reason">
          {s.rejectReason}：{r.rejectReason}
        </p>
      ) : null}
      {r.status === 'published' && rev?.status === 'pending' ? <p class="rev-pending">{s.revisionPending}</p> : null}
      {r.status === 'published' && rev?.status === 'rejected' ? (
        <p class="reason">
          {s.revisionRejected}
          {rev.reason ? `：${rev.reason}` : ''}
        </p>
      ) : null}
      {it.words.length ? <p class="held">{format(s.heldWords, { words: it.words.join('、') })}</p> : null}
    </td>
  );
}

function Actions({ it, csrf }: { it: MyArticleItem; csrf: string }): SafeHtml {
  const r = it.row;
  const base = `/member/articles/${r.id}`;
  if (r.status === 'deleted') return <td class="row-actions"></td>;
  return (
    <td class="row-actions">
      {r.status === 'published' && it.isPublic ? <a href={urls.article(r.id)}>{s.actView}</a> : <a href={`${base}/preview`}>{s.actPreview}</a>}
      <a href={`${base}/edit`}>{r.status === 'published' ? s.actRevise : s.actEdit}</a>
      {r.status === 'pending' ? <ActionButton action={`${base}/withdraw`} csrf={csrf} label={s.actWithdraw} class="link" confirm={s.confirmWithdraw} /> : null}
      {(OWN_DELETABLE as readonly string[]).includes(r.status) ? (
        <ActionButton action={`${base}/delete`} csrf={csrf} label={s.actDelete} class="link danger" confirm={s.confirmDelete} />
      ) : null}
      {r.status === 'published' && r.revision?.status === 'pending' ? (
        <ActionButton action={`${base}/withdraw`} csrf={csrf} label={s.actWithdrawRevision} class="link" confirm={s.confirmWithdrawRevision} />
      ) : null}
    </td>
  );
}

/** The 我的文章 list URL for a status filter and page (both optional). */
export function myArticlesHref(status: OwnListStatus | undefined, page = 1): string {
  const q = [status ? `status=${status}` : '', page > 1 ? `page=${page}` : ''].filter(Boolean).join('&');
  return q ? `/member/articles/?${q}` : '/member/articles/';
}

function StatusTabs({ current, counts }: { current: OwnListStatus | undefined; counts: Partial<Record<string, number>> }): SafeHtml {
  const all = Object.values(counts).reduce<number>((a, n) => a + (n ?? 0), 0);
  const tabs: Array<[OwnListStatus | undefined, string, number]> = [
    [undefined, s.allStatuses, all],
    ...OWN_LIST_STATUSES.filter((x) => x !== 'deleted' || counts.deleted || current === 'deleted').map((x): [OwnListStatus, string, number] => [
      x,
      s.status[x] ?? x,
      counts[x] ?? 0,
    ]),
  ];
  return (
    <Tabs
      label={s.statusFilterLabel}
      tabs={tabs.map(([st, label, n]) => ({
        href: myArticlesHref(st),
        current: st === current,
        label: (
          <>
            {label} <span class="count">({n})</span>
          </>
        ),
      }))}
    />
  );
}

export function MyArticles(props: {
  items: MyArticleItem[];
  page: number;
  pages: number;
  csrf: string;
  notice: string;
  status: OwnListStatus | undefined;
  counts: Partial<Record<string, number>>;
  /** Submissions are closed (开放投稿 off) for this member: no 我要投稿 button, a note instead. */
  closed?: boolean;
}): SafeHtml {
  const none = Object.keys(props.counts).length === 0;
  return (
    <>
      <link rel="stylesheet" href={assetUrl('editor.css')} />
      <div class="toolbar">
        {props.closed ? (
          <p class="notice submissions-closed">{s.closedList}</p>
        ) : (
          <>
            <a class="btn primary" href="/member/articles/new">
              {s.newArticle}
            </a>
            <small class="muted">{props.notice}</small>
          </>
        )}
      </div>
      {none ? null : <StatusTabs current={props.status} counts={props.counts} />}
      {props.items.length ? (
        <div class="table-wrap">
          <table class="table stack my-articles">
            <thead>
              <tr>
                <th>{s.colTitle}</th>
                <th>{s.colCategory}</th>
                <th>{s.colStatus}</th>
                <th>{s.colDates}</th>
                <th>{s.colActions}</th>
              </tr>
            </thead>
            <tbody>
              {props.items.map((it) => (
                <tr data-article-id={it.row.id}>
                  <td class="title">{it.row.title}</td>
                  <td class="cat" data-label={s.colCategory}>
                    {it.categoryName}
                  </td>
                  <StatusCell it={it} />
                  <td class="dates" data-label={s.colDates}>
                    <small>
                      {s.created} {formatDateTime(it.row.createdAt)}
                    </small>
                    {it.row.submittedAt ? (
                      <small>
                        {s.submitted} {formatDateTime(it.row.submittedAt)}
                      </small>
                    ) : null}
                    {it.row.status === 'published' && it.row.publishedAt ? (
                      <small>
                        {s.published} {formatDateTime(it.row.publishedAt)}
                      </small>
                    ) : null}
                  </td>
                  <Actions it={it} csrf={props.csrf} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : none ? (
        <p class="empty">
          {s.noArticles} {props.closed ? null : <a href="/member/articles/new">{s.writeFirst}</a>}
        </p>
      ) : (
        <p class="empty">{s.noArticlesInStatus}</p>
      )}
      <Pagination page={props.page} pages={props.pages} urlFor={(n) => myArticlesHref(props.status, n)} />
    </>
  );
}
