import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { assetUrl } from '../../../platform/html/asset-url.ts';
import { t, format } from '../../../strings/index.ts';
import { formatDateTime, Pagination } from '../../articles/index.ts';
import type { QueueRow } from '../review.service.ts';

const s = t.submissions;

export const reviewUrl = (r: Pick<QueueRow, 'kind' | 'id'>) => (r.kind === 'revision' ? `/admin/review/revisions/${r.id}` : `/admin/review/${r.id}`);

/** 审核队列: pending submissions and revisions together, oldest first. */
export function ReviewQueue(props: { rows: QueueRow[]; counts: { articles: number; revisions: number }; page: number; pages: number }): SafeHtml {
  return (
    <>
      <link rel="stylesheet" href={assetUrl('editor.css')} />
      <p class="total">{format(s.queueCount, props.counts)}</p>
      {props.rows.length ? (
        <div class="table-wrap">
          <table class="table review-queue">
            <thead>
              <tr>
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
      ) : (
        <p class="empty">{s.queueEmpty}</p>
      )}
      <Pagination page={props.page} pages={props.pages} urlFor={(n) => (n > 1 ? `/admin/review/?page=${n}` : '/admin/review/')} />
    </>
  );
}
