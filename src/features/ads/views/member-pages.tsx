import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { format, t } from '../../../strings/index.ts';
import { ActionButton } from '../../../platform/html/forms.tsx';
import type { Ad, AdPosition } from '../ads.service.ts';

const a = t.ads;

/**
 * Click-through rate. Clicks are counted only against impressions (ads.counters.ts), so it is at most
 * 100%; counts stored before that rule may hold more clicks than impressions, shown as 100% at most.
 */
export function ctr(ad: { impressions: number; clicks: number }): string {
  return ad.impressions ? `${((Math.min(ad.clicks, ad.impressions) / ad.impressions) * 100).toFixed(2)}%` : '—';
}

/** 我的广告: the member's bookings with status, period, cost and counts. */
/** Whether the member may still withdraw a booking (waiting for review, or approved and not yet shown). */
export function cancellable(ad: Ad, today: string): boolean {
  return ad.status === 'pending' || (ad.status === 'approved' && ad.startsOn > today);
}

export function MyAds({
  ads,
  refunds,
  positions,
  today,
  csrf,
}: {
  ads: Ad[];
  /** Points each booking got back (rejected, stopped, cancelled), from the ledger. */
  refunds: Map<number, number>;
  positions: Map<number, AdPosition>;
  today: string;
  csrf: string;
}): SafeHtml {
  return (
    <>
      <p>
        <a class="btn primary" href="/member/ads/new">
          {a.bookLink}
        </a>{' '}
        <a href="/ads/">{a.title}</a>
      </p>
      {ads.length ? (
        <div class="table-wrap">
          <table class="table stack my-ads">
            <thead>
              <tr>
                <th>{a.colAd}</th>
                <th>{a.colPosition}</th>
                <th>{a.colPeriod}</th>
                <th>{a.colStatus}</th>
                <th class="num">{a.colPaid}</th>
                <th class="num">{a.colImpressions}</th>
                <th class="num">{a.colClicks}</th>
                <th class="num">{a.colCtr}</th>
                <th>{a.colActions}</th>
              </tr>
            </thead>
            <tbody>
              {ads.map((ad) => (
                <tr data-ad-id={ad.id}>
                  <td class="title">
                    {ad.title}
                    <br />
                    <span class="muted">{ad.targetUrl}</span>
                  </td>
                  <td data-label={a.colPosition}>{positions.get(ad.positionId)?.name ?? ''}</td>
                  <td class="nowrap" data-label={a.colPeriod}>
                    {format(a.periodText, { from: ad.startsOn, to: ad.endsOn })}
                  </td>
                  <td data-label={a.colStatus}>
                    <span class={`status status-${ad.status}`}>{a.statuses[ad.status]}</span>
                    {ad.status === 'rejected' && ad.rejectReason ? <p class="muted">{format(a.rejectedBecause, { reason: ad.rejectReason })}</p> : null}
                    {ad.status === 'stopped' && ad.rejectReason ? <p class="muted">{format(a.stoppedBecause, { reason: ad.rejectReason })}</p> : null}
                  </td>
                  <td class="num" data-label={a.colPaid}>
                    {format(a.pointsN, { n: ad.price })}
                    {refunds.get(ad.id) ? <p class="muted refunded">{format(a.refundedN, { n: refunds.get(ad.id) ?? 0 })}</p> : null}
                  </td>
                  <td class="num impressions" data-label={a.colImpressions}>
                    {ad.impressions}
                  </td>
                  <td class="num clicks" data-label={a.colClicks}>
                    {ad.clicks}
                  </td>
                  <td class="num" data-label={a.colCtr}>
                    {ctr(ad)}
                  </td>
                  <td class="cell-actions">
                    {cancellable(ad, today) ? (
                      <ActionButton action={`/member/ads/${ad.id}/cancel`} csrf={csrf} label={a.cancel} class="btn small" confirm={a.cancelConfirm} />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="empty">{a.myAdsEmpty}</p>
      )}
    </>
  );
}
