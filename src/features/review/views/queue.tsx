import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { assetUrl } from '../../../platform/html/asset-url.ts';
import { t, format } from '../../../strings/index.ts';
import { formatDateTime, Pagination } from '../../articles/index.ts';
import type { QueueRow } from '../review.service.ts';

const s = t.submissions;
const b = s.batch;

export const reviewUrl = (r: Pick<QueueRow, 'kind' | 'id'>) => (r.kind === 'revision' ? `/admin/review/revisions/${r.id}` : `/admin/review/${r.id}`);

/** 审核队列: pending submissions and revisions together, oldest first. */
export function ReviewQueue(props: {
  rows: QueueRow[];
  counts: { articles: number; revisions: number };
  page: number;
  pages: number;
  csrf: string;
  /** A refused batch (nothing ticked, no reason for 退回). */
  error?: string | undefined;
  reason?: string | undefined;
  /** What a batch did and skipped. */
  result?: SafeHtml | undefined;
}): SafeHtml {
  return (
    <>
      <link rel="stylesheet" href={assetUrl('editor.css')} />
      {props.result ?? null}
      <p class="total">{format(s.queueCount, props.counts)}</p>
      {props.error ? (
        <p class="error-summary" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.rows.length ? (
        <form method="post" action="/admin/review/batch" class="review-batch">
          <script src={assetUrl('admin-articles.js')} defer></script>
          <input type="hidden" name="_csrf" value={props.csrf} />
          <div class="table-wrap">
            <table class="table review-queue">
              <thead>
                <tr>
                  <th>
                    {/* 全选, shown by admin-articles.js (hidden without it: rows are ticked one by one then). */}
                    <input type="checkbox" class="select-all" data-select-all="item" hidden aria-label={b.selectAll} />
                  </th>
                  <th>{s.colKind}</th>
                  <th>{s.colTitle}</th>
                  <th>{s.colAuthor}</th>
                  <th>{s.colCategory}</th>
                  <th>{s.colSubmitted}</th>
                  <th>{s.colActions}</th>
                </tr>
              </thead>
              <tbody>
                {props.rows.map((r) => (
                  <tr class={`kind-${r.kind}`}>
                    <td>
                      <input
                        type="checkbox"
                        name="item"
                        value={`${r.kind === 'revision' ? 'r' : 'a'}${r.id}`}
                        aria-label={format(b.select, { title: r.title })}
                      />
                    </td>
                    <td>{r.kind === 'revision' ? s.kindRevision : s.kindArticle}</td>
                    <td class="title">
                      <a href={reviewUrl(r)}>{r.title}</a>
                    </td>
                    <td>{r.author}</td>
                    <td>{r.categoryName}</td>
                    <td class="nowrap">
                      <time datetime={r.at}>{formatDateTime(r.at)}</time>
                    </td>
                    <td>
                      <a class="btn small" href={reviewUrl(r)}>
                        {s.open}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="field">
            <label for="f-batch-reason">{b.reasonLabel}</label>
            <textarea id="f-batch-reason" name="reason" rows={2} maxlength={500}>
              {props.reason ?? ''}
            </textarea>
          </div>
          <div class="form-actions">
            <button type="submit" name="op" value="approve" class="btn primary" data-confirm={b.confirmApprove}>
              {b.approve}
            </button>{' '}
            <button type="submit" name="op" value="reject" class="btn danger" data-confirm={b.confirmReject}>
              {b.reject}
            </button>
          </div>
        </form>
      ) : (
        <p class="empty">{s.queueEmpty}</p>
      )}
      <Pagination page={props.page} pages={props.pages} urlFor={(n) => (n > 1 ? `/admin/review/?page=${n}` : '/admin/review/')} />
    </>
  );
}
