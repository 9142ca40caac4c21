import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { assetUrl } from '../../../platform/html/asset-url.ts';
import { DesktopLayout, MobileLayout, type Chrome } from '../../../platform/html/layout.tsx';
import { Checkbox, ErrorSummary, Field, type FormErrors } from '../../../platform/html/forms.tsx';
import { format, t } from '../../../strings/index.ts';
import { MESSAGE_MAX, type TipSettings } from '../tips.schema.ts';

const s = t.tips;

/** What the member typed, kept across a refused submit. `amount` is a preset value or `custom`. */
export interface TipFormValues {
  amount: string;
  custom: string;
  message: string;
  anonymous: boolean;
}

export interface TipPageData {
  article: { id: number; title: string; authorName: string; authorHref: string };
  articleHref: string;
  settings: TipSettings;
  /** The member's balance; undefined when the ledger is not available. */
  balance: number | undefined;
  isOwn: boolean;
  values: TipFormValues;
  errors: FormErrors;
  message?: string;
  csrf: string;
  /** The idempotency key of this rendering of the form. */
  formKey: string;
  mobile: boolean;
}

export const emptyTipForm = (presets: number[]): TipFormValues => ({ amount: String(presets[0] ?? ''), custom: '', message: '', anonymous: false });

function AmountChoice({ d }: { d: TipPageData }): SafeHtml {
  const st = d.settings;
  const err = d.errors.amount;
  return (
    <fieldset class={err ? 'field tip-amounts has-error' : 'field tip-amounts'}>
      <legend>{s.amountLabel}</legend>
      <div class="tip-presets">
        {st.presets.map((p) => (
          <label class="tip-preset">
            <input type="radio" name="amount" value={String(p)} checked={d.values.amount === String(p)} /> {format(s.presetValue, { n: p })}
          </label>
        ))}
        <label class="tip-preset">
          <input type="radio" name="amount" value="custom" checked={d.values.amount === 'custom'} /> {s.customOption}
        </label>
      </div>
      <label for="f-custom">{s.customLabel}</label>{' '}
      <input
        id="f-custom"
        name="custom"
        type="text"
        inputmode="numeric"
        value={d.values.custom}
        maxlength={12}
        aria-invalid={err ? 'true' : undefined}
        aria-describedby={err ? 'e-amount' : 'h-custom'}
      />
      <small class="hint" id="h-custom">
        {format(s.customHint, { min: st.minAmount, max: st.maxAmount })}
      </small>
      {err ? (
        <small class="error" id="e-amount">
          {err}
        </small>
      ) : null}
    </fieldset>
  );
}

/** /tip/<id>: the article and its author, the member's balance, and the tip form. Never cached. */
export function TipPage({ d, chrome }: { d: TipPageData; chrome: Chrome }): SafeHtml {
  const a = d.article;
  const head = { title: `${s.pageTitle}_${a.title}_${chrome.siteName}`, robots: 'noindex' };
  const action = `/tip/${a.id}${d.mobile ? '?m=1' : ''}`;
  const body = (
    <section class="box tip-page">
      <h1 class="box-title">
        <span>{s.pageTitle}</span>
      </h1>
      <div class="box-body">
        <p class="intro">{s.intro}</p>
        <dl class="tip-facts">
          <dt>{s.articleLabel}</dt>
          <dd>
            <a href={d.articleHref}>{a.title}</a>
          </dd>
          <dt>{s.authorLabel}</dt>
          <dd>
            <a href={a.authorHref}>{a.authorName}</a>
          </dd>
          <dt>{s.balanceLabel}</dt>
          <dd class="tip-balance">{d.balance === undefined ? '—' : format(s.balanceValue, { n: d.balance })}</dd>
        </dl>
        {d.isOwn ? (
          <>
            <ErrorSummary message={d.message} />
            <p class="notice">{s.ownArticle}</p>
          </>
        ) : (
          <form method="post" action={action} class="form tip-form" novalidate>
            <input type="hidden" name="_csrf" value={d.csrf} />
            <input type="hidden" name="key" value={d.formKey} />
            <ErrorSummary message={d.message} errors={d.errors} />
            {d.balance !== undefined && d.balance < d.settings.minAmount ? <p class="notice">{s.notEnoughHint}</p> : null}
            <AmountChoice d={d} />
            <Field
              name="message"
              label={s.messageLabel}
              value={d.values.message}
              error={d.errors.message}
              hint={format(s.messageHint, { max: MESSAGE_MAX })}
              maxlength={MESSAGE_MAX}
            />
            <Checkbox name="anonymous" label={s.anonymousLabel} checked={d.values.anonymous} />
            <p class="muted tip-share">{format(s.shareNote, { pct: d.settings.sharePercent })}</p>
            <button type="submit" class="btn primary">
              {s.submit}
            </button>{' '}
            <a href={d.articleHref}>{s.backToArticle}</a>
          </form>
        )}
      </div>
      <link rel="stylesheet" href={assetUrl('tips.css')} />
      <script src={assetUrl('tips.js')} defer></script>
    </section>
  );
  return d.mobile ? (
    <MobileLayout chrome={chrome} head={head}>
      {body}
    </MobileLayout>
  ) : (
    <DesktopLayout chrome={chrome} head={head}>
      {body}
    </DesktopLayout>
  );
}
