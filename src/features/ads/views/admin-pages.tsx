import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { ActionButton, Checkbox, ErrorSummary, Field, Form, Select, TextArea, type FormErrors } from '../../../platform/html/forms.tsx';
import { format, t } from '../../../strings/index.ts';
import { Pagination } from '../../articles/index.ts';
import { AD_KINDS, AD_STATUSES, CAPACITY_MAX, HTML_MAX, REASON_MAX, STAFF_MAX_DAYS, TITLE_MAX, URL_MAX, type AdStatus } from '../ads.schema.ts';
import type { Ad, AdPosition } from '../ads.service.ts';
import { AdPreview } from './ad-fragment.tsx';
import { ctr } from './member-pages.tsx';
import { Tabs } from '../../../platform/html/tabs.tsx';

const a = t.ads;

export const css = <link rel="stylesheet" href="/static/ads.css" />;

function StatusTabs({ current }: { current: AdStatus | undefined }): SafeHtml {
  const tabs: Array<[string, string]> = [['', a.allStatuses], ...AD_STATUSES.map((s): [string, string] => [s, a.statuses[s] ?? s])];
  return <Tabs label="status" tabs={tabs.map(([s, label]) => ({ href: `/admin/ads/${s ? `?status=${s}` : ''}`, label, current: s === (current ?? '') }))} />;
}

function Owner({ ad, owners }: { ad: Ad; owners: Map<number, string> }): SafeHtml {
  return ad.memberId === null ? <span class="badge">{a.staffAd}</span> : <>{owners.get(ad.memberId) ?? `#${ad.memberId}`}</>;
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
                <th>{a.colId}</th>
                <th>{a.colAd}</th>
                <th>{a.colPosition}</th>
                <th>{a.colOwner}</th>
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
              {p.items.map((ad) => (
                <tr data-ad-id={ad.id}>
                  <td>{ad.id}</td>
                  <td>
                    {a.kinds[ad.kind]}：{ad.title}
                    {ad.targetUrl ? (
                      <>
                        <br />
                        <span class="muted">{ad.targetUrl}</span>
                      </>
                    ) : null}
                  </td>
                  <td>{p.positions.get(ad.positionId)?.name ?? ''}</td>
                  <td>
                    <Owner ad={ad} owners={p.owners} />
                  </td>
                  <td class="nowrap">{format(a.periodText, { from: ad.startsOn, to: ad.endsOn })}</td>
                  <td>
                    <span class={`status status-${ad.status}`}>{a.statuses[ad.status]}</span>
                  </td>
                  <td class="num">{ad.price}</td>
                  <td class="num">{ad.impressions}</td>
                  <td class="num">{ad.clicks}</td>
                  <td class="num">{ctr(ad)}</td>
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

/** 停用 with a reason the member sees (optional); ids are per ad, so every label names its own field. */
function StopForm({ ad, csrf }: { ad: Ad; csrf: string }): SafeHtml {
  const id = `f-stop-reason-${ad.id}`;
  return (
    <form method="post" action={`/admin/ads/${ad.id}/stop`} class="inline stop-form" data-confirm={a.stopConfirm}>
      <input type="hidden" name="_csrf" value={csrf} />
      <label for={id}>{a.stopReason}</label> <input id={id} name="reason" type="text" maxlength={REASON_MAX} size={12} />
      <button type="submit" class="btn small">
        {a.stop}
      </button>
    </form>
  );
}

/** The reject reason of one ad in the review queue: its own id (`f-reason-<ad>`), so each label points at its row's field. */
function RejectReason({ adId, value, error }: { adId: number; value: string; error: string | undefined }): SafeHtml {
  const id = `f-reason-${adId}`;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{format(a.rejectReasonFor, { id: adId })}</label>
      <input
        id={id}
        name="reason"
        type="text"
        value={value}
        maxlength={REASON_MAX}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `e-reason-${adId}` : undefined}
      />
      {error ? (
        <small class="error" id={`e-reason-${adId}`}>
          {error}
        </small>
      ) : null}
    </div>
  );
}

/** 广告审核: pending bookings with a preview, 通过, and 不通过 with a reason (refunds the points). */
export function ReviewQueue(p: {
  items: Ad[];
  positions: Map<number, AdPosition>;
  owners: Map<number, string>;
  csrf: string;
  errors?: { id: number; message: string; reason: string };
}): SafeHtml {
  if (!p.items.length) return <p class="empty">{a.reviewEmpty}</p>;
  return (
    <ol class="ad-review">
      {p.items.map((ad) => {
        const err = p.errors?.id === ad.id ? p.errors : undefined;
        return (
          <li class="ad-review-item" id={`ad${ad.id}`} data-ad-id={ad.id}>
            <p>
              <strong>#{ad.id}</strong> {p.positions.get(ad.positionId)?.name ?? ''} · {a.kinds[ad.kind]} · <Owner ad={ad} owners={p.owners} /> ·{' '}
              {format(a.periodText, { from: ad.startsOn, to: ad.endsOn })} · {format(a.pointsN, { n: ad.price })}
            </p>
            <p class="muted">
              {a.fieldTarget}：{ad.targetUrl}
            </p>
            <div class="ad-preview">
              <AdPreview ad={ad} position={p.positions.get(ad.positionId)} />
            </div>
            <div class="row-actions">
              <ActionButton action={`/admin/ads/${ad.id}/approve`} csrf={p.csrf} label={a.approve} class="btn primary" />
              <Form action={`/admin/ads/${ad.id}/reject`} csrf={p.csrf} class="inline-form">
                <RejectReason adId={ad.id} value={err?.reason ?? ''} error={err?.message} />
                <button type="submit" class="btn danger">
                  {a.reject}
                </button>
              </Form>
            </div>
          </li>
        );
      })}
    </ol>
  );
}

export interface StaffAdValues {
  position: string;
  kind: string;
  title: string;
  targetUrl: string;
  imageUrl: string;
  html: string;
  startsOn: string;
  days: string;
}

export function StaffAdForm(p: {
  action: string;
  positions: AdPosition[];
  values: StaffAdValues;
  isAdmin: boolean;
  csrf: string;
  errors?: FormErrors;
  message?: string;
}): SafeHtml {
  const kinds = AD_KINDS.filter((k) => k !== 'html' || p.isAdmin);
  return (
    <>
      <ErrorSummary message={p.message} errors={p.errors} />
      <Form action={p.action} csrf={p.csrf} multipart class="form ad-form">
        <Select
          name="position"
          label={a.fieldPosition}
          value={p.values.position}
          error={p.errors?.position}
          options={p.positions.map((x) => ({ value: x.code, label: `${x.name}（${x.code}，${format(a.size, { w: x.width, h: x.height })}）` }))}
        />
        <Select
          name="kind"
          label={a.fieldKind}
          value={p.values.kind}
          error={p.errors?.kind}
          options={kinds.map((k) => ({ value: k, label: a.kinds[k] ?? k }))}
        />
        <Field
          name="title"
          label={a.fieldTitle}
          value={p.values.title}
          error={p.errors?.title}
          hint={format(a.titleHint, { n: TITLE_MAX })}
          maxlength={TITLE_MAX}
        />
        <Field name="targetUrl" label={a.fieldTarget} value={p.values.targetUrl} error={p.errors?.targetUrl} hint={a.targetHint} maxlength={URL_MAX} />
        <div class={p.errors?.image ? 'field has-error' : 'field'}>
          <label for="f-image">{a.fieldImage}</label>
          <input id="f-image" name="image" type="file" accept="image/jpeg,image/png,image/webp,image/gif" />
          {p.errors?.image ? <small class="error">{p.errors.image}</small> : null}
        </div>
        <Field name="imageUrl" label={a.fieldImageUrl} value={p.values.imageUrl} error={p.errors?.imageUrl} hint={a.imageUrlHint} />
        {p.isAdmin ? (
          <TextArea name="html" label={a.fieldHtml} value={p.values.html} error={p.errors?.html} hint={a.htmlHint} maxlength={HTML_MAX} rows={6} />
        ) : null}
        <Field name="startsOn" label={a.fieldStart} type="date" value={p.values.startsOn} error={p.errors?.startsOn} />
        <Field name="days" label={a.fieldDays} type="number" value={p.values.days} error={p.errors?.days} hint={format(a.daysHint, { n: STAFF_MAX_DAYS })} />
        <button type="submit" class="btn primary">
          {a.save}
        </button>
      </Form>
    </>
  );
}

/** 广告位: positions with their prices and totals. */
export function PositionsList(p: {
  positions: AdPosition[];
  stats: Map<number, { impressions: number; clicks: number; revenue: number; showing: number }>;
  csrf: string;
}): SafeHtml {
  return (
    <>
      <p>
        <a class="btn primary" href="/admin/ad-positions/new">
          {a.newPosition}
        </a>{' '}
        <a class="btn" href="/admin/ads/">
          {a.adminAds}
        </a>
      </p>
      {p.positions.length ? (
        <div class="table-wrap">
          <table class="table ad-positions-admin">
            <thead>
              <tr>
                <th>{a.colCode}</th>
                <th>{a.fieldName}</th>
                <th>{a.colSize}</th>
                <th>{a.colKind}</th>
                <th class="num">{a.colPrice}</th>
                <th class="num">{a.colCapacity}</th>
                <th>{a.colActive}</th>
                <th class="num">{a.colShowing}</th>
                <th>{a.stats}</th>
                <th>{a.colActions}</th>
              </tr>
            </thead>
            <tbody>
              {p.positions.map((x) => {
                const s = p.stats.get(x.id) ?? { impressions: 0, clicks: 0, revenue: 0, showing: 0 };
                return (
                  <tr data-position={x.code}>
                    <td>
                      <code>{x.code}</code>
                    </td>
                    <td>{x.name}</td>
                    <td class="nowrap">{format(a.size, { w: x.width, h: x.height })}</td>
                    <td>{a.kinds[x.kind]}</td>
                    <td class="num">{x.pricePerDay}</td>
                    <td class="num">{x.capacity}</td>
                    <td>{x.active ? a.active : a.inactive}</td>
                    <td class="num">{s.showing}</td>
                    <td class="nowrap">{format(a.statsLine, { impressions: s.impressions, clicks: s.clicks, revenue: s.revenue })}</td>
                    <td class="row-actions">
                      <a class="btn small" href={`/admin/ad-positions/${x.id}`}>
                        {a.edit}
                      </a>
                      <ActionButton
                        action={`/admin/ad-positions/${x.id}/delete`}
                        csrf={p.csrf}
                        label={a.remove}
                        class="btn small danger"
                        confirm={a.removeConfirm}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="empty">{a.positionsEmpty}</p>
      )}
    </>
  );
}

export interface PositionValues {
  code: string;
  name: string;
  description: string;
  width: string;
  height: string;
  kind: string;
  pricePerDay: string;
  capacity: string;
  active: boolean;
  sortOrder: string;
}

export function PositionForm(p: { action: string; values: PositionValues; csrf: string; errors?: FormErrors; message?: string }): SafeHtml {
  const v = p.values;
  return (
    <>
      <ErrorSummary message={p.message} errors={p.errors} />
      <Form action={p.action} csrf={p.csrf} class="form ad-position-form">
        <Field name="code" label={a.fieldCode} value={v.code} error={p.errors?.code} hint={a.codeHint} maxlength={32} />
        <Field name="name" label={a.fieldName} value={v.name} error={p.errors?.name} maxlength={32} />
        <Field name="description" label={a.fieldDescription} value={v.description} error={p.errors?.description} maxlength={200} />
        <Field name="width" label={a.fieldWidth} type="number" value={v.width} error={p.errors?.width} />
        <Field name="height" label={a.fieldHeight} type="number" value={v.height} error={p.errors?.height} />
        <Select
          name="kind"
          label={a.fieldPositionKind}
          value={v.kind}
          error={p.errors?.kind}
          options={AD_KINDS.map((k) => ({ value: k, label: a.kinds[k] ?? k }))}
        />
        <Field name="pricePerDay" label={a.fieldPrice} type="number" value={v.pricePerDay} error={p.errors?.pricePerDay} />
        <Field name="capacity" label={a.fieldCapacity} type="number" value={v.capacity} error={p.errors?.capacity} hint={`1-${CAPACITY_MAX}`} />
        <Field name="sortOrder" label={a.fieldSort} type="number" value={v.sortOrder} error={p.errors?.sortOrder} />
        <Checkbox name="active" label={a.fieldActive} checked={v.active} />
        <button type="submit" class="btn primary">
          {a.save}
        </button>
      </Form>
    </>
  );
}
