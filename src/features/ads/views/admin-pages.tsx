import { assetUrl } from '../../../platform/html/asset-url.ts';
import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { ActionButton, Checkbox, ErrorSummary, Field, Form, Select, TextArea, type FormErrors } from '../../../platform/html/forms.tsx';
import { format, t } from '../../../strings/index.ts';
import { AD_KINDS, CAPACITY_MAX, HTML_MAX, REASON_MAX, STAFF_MAX_DAYS, TITLE_MAX, URL_MAX } from '../ads.schema.ts';
import type { Ad, AdPosition } from '../ads.service.ts';
import { AdPreview } from './ad-fragment.tsx';
import { Owner } from './admin-list.tsx';

export { AdminAdsList } from './admin-list.tsx';

const a = t.ads;

// A function: asset versions are known only after start-up (platform/http/assets.ts), not when this module loads.
export const css = () => <link rel="stylesheet" href={assetUrl('ads.css')} />;

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
