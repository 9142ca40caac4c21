import { h, type SafeHtml } from '../../../platform/html/jsx.ts';
import { ErrorSummary, Field, Form, Select, type FormErrors } from '../../../platform/html/forms.tsx';
import { format, t } from '../../../strings/index.ts';
import { MAX_DAYS, TITLE_MAX, URL_MAX } from '../ads.schema.ts';
import type { AdPosition } from '../ads.service.ts';

const a = t.ads;

export interface BookingValues {
  position: string;
  title: string;
  targetUrl: string;
  startsOn: string;
  days: string;
}

/**
 * The booking form (on /ads/ and /member/ads/new). Multipart for the picture, so the CSRF token rides
 * in the action URL; `key` is generated when the form is rendered and makes a repeated submit harmless.
 */
export function BookingForm(p: {
  positions: AdPosition[];
  values: BookingValues;
  csrf: string;
  formKey: string;
  balance: number;
  errors?: FormErrors;
  message?: string;
}): SafeHtml {
  const bookable = p.positions.filter((x) => x.active && x.kind !== 'html');
  return (
    <section class="ad-booking" id="book">
      <h2>{a.bookTitle}</h2>
      <ErrorSummary message={p.message} errors={p.errors} />
      <Form action="/member/ads/new" csrf={p.csrf} multipart class="form ad-booking-form">
        <input type="hidden" name="key" value={p.formKey} />
        <Select
          name="position"
          label={a.fieldPosition}
          value={p.values.position}
          error={p.errors?.position}
          options={bookable.map((x) => ({
            value: x.code,
            label: `${x.name}（${a.kinds[x.kind]}，${format(a.size, { w: x.width, h: x.height })}，${format(a.perDay, { n: x.pricePerDay })}）`,
          }))}
        />
        <Field
          name="title"
          label={a.fieldTitle}
          value={p.values.title}
          error={p.errors?.title}
          hint={format(a.titleHint, { n: TITLE_MAX })}
          maxlength={TITLE_MAX}
        />
        <Field
          name="targetUrl"
          label={a.fieldTarget}
          type="url"
          value={p.values.targetUrl}
          error={p.errors?.targetUrl}
          hint={a.targetHint}
          maxlength={URL_MAX}
          placeholder="https://"
        />
        <div class={p.errors?.image ? 'field has-error' : 'field'}>
          <label for="f-image">{a.fieldImage}</label>
          <input id="f-image" name="image" type="file" accept="image/jpeg,image/png,image/webp,image/gif" />
          <small class="hint">{a.imageHint}</small>
          {p.errors?.image ? <small class="error">{p.errors.image}</small> : null}
        </div>
        <Field name="startsOn" label={a.fieldStart} type="date" value={p.values.startsOn} error={p.errors?.startsOn} hint={a.startHint} />
        <Field name="days" label={a.fieldDays} type="number" value={p.values.days} error={p.errors?.days} hint={format(a.daysHint, { n: MAX_DAYS })} />
        <p class="hint">{a.priceNote}</p>
        <p class="balance">{format(a.balance, { n: p.balance })}</p>
        <button type="submit" class="btn primary">
          {a.bookSubmit}
        </button>
      </Form>
    </section>
  );
}
