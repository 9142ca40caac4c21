import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { assetUrl } from '../../../platform/html/asset-url.ts';
import { t } from '../../../strings/index.ts';
import { formatDateTime, Pagination } from '../../articles/index.ts';
import type { Report } from '../reports.repo.ts';
import type { TargetInfo } from '../reports.service.ts';
import { TargetCell } from './admin-pages.tsx';

/** 我的举报: the member's reports, each with its status and the note the staff wrote. */
export function MyReportsView({ items, page, pages }: { items: Array<Report & { info: TargetInfo }>; page: number; pages: number }): SafeHtml {
  if (!items.length) return <p class="empty">{t.reports.mineEmpty}</p>;
  return (
    <>
      <link rel="stylesheet" href={assetUrl('reports.css')} />
      <table class="table stack my-reports">
        <thead>
          <tr>
            <th>{t.reports.colTarget}</th>
            <th>{t.reports.colReason}</th>
            <th>{t.reports.colTime}</th>
            <th>{t.reports.colStatus}</th>
            <th>{t.reports.colResult}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr id={`r${r.id}`} class={`report ${r.status}`}>
              <td class="title">
                <TargetCell target={r.target} info={r.info} />
                {r.description ? <p class="description">{r.description}</p> : null}
              </td>
              <td data-label={t.reports.colReason}>{t.reports.reasons[r.reason]}</td>
              <td data-label={t.reports.colTime}>{formatDateTime(r.createdAt)}</td>
              <td class="status" data-label={t.reports.colStatus}>
                {t.reports.statuses[r.status]}
              </td>
              <td class="result" data-label={t.reports.colResult}>
                {r.status === 'open' ? (
                  t.reports.pendingResult
                ) : (
                  <>
                    <span class="note">{r.resolution || t.reports.noNote}</span>
                    {r.resolvedAt ? <small class="meta"> {formatDateTime(r.resolvedAt)}</small> : null}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination page={page} pages={pages} urlFor={(n) => `/member/reports/?page=${n}`} />
    </>
  );
}
