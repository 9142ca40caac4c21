import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { ActionButton, ErrorSummary } from '../../../platform/html/forms.tsx';
import { Tabs } from '../../../platform/html/tabs.tsx';
import { format, t } from '../../../strings/index.ts';
import { Pagination } from '../../articles/index.ts';
import { AD_STATUSES, REASON_MAX, type AdStatus } from '../ads.schema.ts';
import type { Ad, AdPosition } from '../ads.service.ts';
import { ctr } from './member-pages.tsx';

/* 广告管理's list (admin-pages.tsx has the other console pages of ads). */

const a = t.ads;

function StatusTabs({ current }: { current: AdStatus | undefined }): SafeHtml {
  const tabs: Array<[string, string]> = [['', a.allStatuses], ...AD_STATUSES.map((s): [string, string] => [s, a.statuses[s] ?? s])];
  return <Tabs label="status" tabs={tabs.map(([s, label]) => ({ href: `/admin/ads/${s ? `?status=${s}` : ''}`, label, current: s === (current ?? '') }))} />;
}

export function Owner({ ad, owners }: { ad: Ad; owners: Map<number, string> }): SafeHtml {
  return ad.memberId === null ? <span class="badge">{a.staffAd}</span> : <>{owners.get(ad.memberId) ?? `#${ad.memberId}`}</>;
}

/** `2026-11-27 至 2026-12-26` with each date kept whole (a narrow column breaks between them, never at a hyphen). */
function Period({ from, to }: { from: string; to: string }): SafeHtml {
  const [before = '', between = '', after = ''] = a.periodText.split(/\{from\}|\{to\}/);
  return (
    <>
      {before}
      <span class="nowrap">{from}</span>
      {between}
      <span class="nowrap">{to}</span>
      {after}
    </>
  );
}

/** 广告管理: every ad with its counts, filtered by status. */
export function AdminAdsList(p: {
  status: AdStatus | undefined;
  items: Ad[];
  positions: Map<number, AdPosition>;
  owners: Map<number, string>;
  page: number;
  pages: number;
  csrf: string;
  message?: string;
}): SafeHtml {
  return (
    <>
      <ErrorSummary message={p.message} />
      <p>
        <a class="btn primary" href="/admin/ads/new">
          {a.newAd}
        </a>{' '}
        <a class="btn" href="/admin/ads/review">
          {a.adminReview}
        </a>{' '}
        <a class="btn" href="/admin/ad-positions/">
          {a.adminPositions}
        </a>
      </p>
      <StatusTabs current={p.status} />
      {p.items.length ? (
        <div class="table-wrap">
          <table class="table admin-ads">
            <thead>
              <tr>
                <th>{a.colAd}</th>
                <th>{a.colOwner}</th>
                <th>{a.colPeriod}</th>
                <th>{a.colStatus}</th>
                <th>{`${a.colImpressions}/${a.colClicks}`}</th>
                <th>{a.colActions}</th>
              </tr>
            </thead>
            <tbody>
              {p.items.map((ad) => (
                <tr data-ad-id={ad.id}>
                  {/* ID, kind, title, target and position in one cell: the table fits the console at 1280 px. */}
                  <td class="ad-cell">
                    <span class="muted">#{ad.id}</span> {a.kinds[ad.kind]}：{ad.title}
                    {ad.targetUrl ? <div class="meta url">{ad.targetUrl}</div> : null}
                    <div class="meta">
                      {a.colPosition}：{p.positions.get(ad.positionId)?.name ?? ''}
                    </div>
                  </td>
                  <td class="owner">
                    <Owner ad={ad} owners={p.owners} />
                  </td>
                  <td class="period">
                    <Period from={ad.startsOn} to={ad.endsOn} />
                  </td>
                  <td>
                    <span class={`status status-${ad.status}`}>{a.statuses[ad.status]}</span>
                    <div class="meta nowrap">
                      {a.colPaid} {ad.price}
                    </div>
                  </td>
                  <td class="stats nowrap">
                    {a.colImpressions} {ad.impressions}
                    <br />
                    {a.colClicks} {ad.clicks}
                    <br />
                    {a.colCtr} {ctr(ad)}
                  </td>
                  <td class="row-actions">
                    {ad.status === 'pending' ? (
                      <a class="btn small" href="/admin/ads/review">
                        {a.adminReview}
                      </a>
                    ) : null}
                    {ad.memberId === null ? (
                      <a class="btn small" href={`/admin/ads/${ad.id}/edit`}>
                        {a.edit}
                      </a>
                    ) : null}
                    {ad.status === 'approved' ? <StopForm ad={ad} csrf={p.csrf} /> : null}
                    {ad.memberId === null ? (
                      <ActionButton action={`/admin/ads/${ad.id}/delete`} csrf={p.csrf} label={a.remove} class="btn small danger" confirm={a.removeConfirm} />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="empty">{a.adminEmpty}</p>
      )}
      <Pagination page={p.page} pages={p.pages} urlFor={(n) => `/admin/ads/?${p.status ? `status=${p.status}&` : ''}page=${n}`} />
    </>
  );
}

/**
 * 停用 with a reason the member sees (optional), folded behind its button so rows stay one line tall;
 * ids are per ad, so every label names its own field.
 */
function StopForm({ ad, csrf }: { ad: Ad; csrf: string }): SafeHtml {
  const id = `f-stop-reason-${ad.id}`;
  return (
    <details class="stop-details">
      <summary class="btn small">{a.stop}</summary>
      <form method="post" action={`/admin/ads/${ad.id}/stop`} class="stop-form" data-confirm={a.stopConfirm}>
        <input type="hidden" name="_csrf" value={csrf} />
        <label for={id}>{a.stopReason}</label>
        <input id={id} name="reason" type="text" maxlength={REASON_MAX} />
        <button type="submit" class="btn small danger">
          {a.stop}
        </button>
      </form>
    </details>
  );
}
