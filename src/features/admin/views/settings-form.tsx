import { h, type SafeHtml } from '../../../platform/html/jsx.ts';
import { ActionButton, Checkbox, ErrorSummary, Field, Form, TextArea, type FormErrors } from '../../../platform/html/forms.tsx';
import { rowsToShow, SWITCHES, type SettingsFormValues } from '../admin.settings.form.ts';
import { ANALYTICS_MAX } from '../../settings/index.ts';
import { s } from '../admin.shared.tsx';

/** 上传 Logo and 删除 Logo: their own forms above the settings form (a file goes as multipart). */
export function LogoBox({ logoUrl, csrf, error }: { logoUrl: string; csrf: string; error?: string | undefined }): SafeHtml {
  return (
    <section class="logo-box" aria-labelledby="logo-box-h">
      <h2 id="logo-box-h">{s.s.logoUpload}</h2>
      <p class="logo-preview">
        {s.s.logoCurrent}：{logoUrl ? <img src={logoUrl} alt={s.s.logoCurrent} height="40" /> : <span class="hint">{s.s.logoNone}</span>}
      </p>
      {logoUrl ? (
        <ActionButton action="/admin/settings/logo/remove" csrf={csrf} label={s.s.logoRemove} class="btn small danger" confirm={s.s.logoRemoveConfirm} />
      ) : null}
      <Form action="/admin/settings/logo" csrf={csrf} multipart class={error ? 'form inline-form has-error' : 'form inline-form'}>
        <div class="field">
          <label for="f-logoFile">{s.s.logoUpload}</label>
          <input id="f-logoFile" type="file" name="logoFile" accept="image/jpeg,image/png,image/webp" aria-invalid={error ? 'true' : undefined} />
          {error ? <small class="error">{error}</small> : null}
          <small class="hint">{s.s.logoUploadHint}</small>
        </div>
        <button type="submit" class="btn">
          {s.s.logoUploadButton}
        </button>
      </Form>
    </section>
  );
}

function Radios(p: { name: string; legend: string; value: string; error?: string; options: Array<{ value: string; label: string }> }): SafeHtml {
  return (
    <fieldset class={p.error ? 'field radios has-error' : 'field radios'}>
      <legend>{p.legend}</legend>
      {p.options.map((o) => (
        <label>
          <input type="radio" name={p.name} value={o.value} checked={p.value === o.value} /> {o.label}
        </label>
      ))}
      {p.error ? <small class="error">{p.error}</small> : null}
    </fieldset>
  );
}

function FooterRows({ v, e }: { v: SettingsFormValues; e: FormErrors }): SafeHtml {
  return (
    <div class="link-rows">
      <div class="link-row head" aria-hidden="true">
        <span>{s.s.linkLabel}</span>
        <span>{s.s.linkHref}</span>
      </div>
      {rowsToShow(v.links).map((row, i) => {
        const error = e[`footerLabel_${i}`] ?? e[`footerHref_${i}`];
        return (
          <div class={error ? 'link-row has-error' : 'link-row'}>
            <input
              name={`footerLabel_${i}`}
              value={row.label}
              maxlength={20}
              aria-label={`${s.s.linkLabel} ${i + 1}`}
              aria-invalid={error ? 'true' : undefined}
            />
            <input
              name={`footerHref_${i}`}
              value={row.href}
              maxlength={300}
              aria-label={`${s.s.linkHref} ${i + 1}`}
              aria-invalid={error ? 'true' : undefined}
            />
            {error ? <small class="error">{error}</small> : null}
          </div>
        );
      })}
      {e.footerLinks ? <small class="error">{e.footerLinks}</small> : null}
    </div>
  );
}

/** The footer entries that come from static pages ticked 显示在页脚 (changed in 单页管理, not here). */
function PageFooterLinks({ links }: { links: Array<{ label: string; href: string }> }): SafeHtml {
  return (
    <div class="footer-from-pages">
      <p class="hint">{s.s.footerFromPages}</p>
      <ul>
        {links.map((l) => (
          <li>
            <a href={`/admin/pages/${l.href.replace(/^\/page\/|\.html$/g, '')}/edit`}>{l.label}</a> <code>{l.href}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function SettingsFormView({
  v,
  errors: e,
  csrf,
  pageLinks = [],
}: {
  v: SettingsFormValues;
  errors: FormErrors;
  csrf: string;
  pageLinks?: Array<{ label: string; href: string }>;
}): SafeHtml {
  const t = v.text;
  return (
    <Form action="/admin/settings" csrf={csrf} class="form wide settings-form">
      <ErrorSummary message={Object.keys(e).length ? s.formInvalid : undefined} errors={e} />
      <fieldset class="section">
        <legend>{s.s.basics}</legend>
        <Field name="siteName" label={s.s.siteName} value={t.siteName} error={e.siteName} required maxlength={50} />
        <Field name="tagline" label={s.s.tagline} value={t.tagline} error={e.tagline} maxlength={100} />
        <TextArea
          name="siteDescription"
          label={s.s.siteDescription}
          value={t.siteDescription}
          error={e.siteDescription}
          hint={s.s.siteDescriptionHint}
          rows={3}
          maxlength={300}
        />
        <Field name="seoKeywords" label={s.s.seoKeywords} value={t.seoKeywords} error={e.seoKeywords} hint={s.s.seoKeywordsHint} maxlength={200} />
        <Field name="logoUrl" label={s.s.logoUrl} value={t.logoUrl} error={e.logoUrl} hint={s.s.logoHint} maxlength={300} />
      </fieldset>
      <fieldset class="section">
        <legend>{s.s.record}</legend>
        <div class="field-row">
          <Field name="icpNumber" label={s.s.icpNumber} value={t.icpNumber} error={e.icpNumber} maxlength={50} />
          <Field name="icpUrl" label={s.s.icpUrl} value={t.icpUrl} error={e.icpUrl} maxlength={300} />
        </div>
        <Field name="psbNumber" label={s.s.psbNumber} value={t.psbNumber} error={e.psbNumber} hint={s.s.psbHint} maxlength={50} />
        <Field name="copyright" label={s.s.copyright} value={t.copyright} error={e.copyright} maxlength={200} />
      </fieldset>
      <fieldset class="section">
        <legend>{s.s.disclaimerSection}</legend>
        <TextArea name="disclaimer" label={s.s.disclaimer} value={t.disclaimer} error={e.disclaimer} hint={s.s.disclaimerHint} rows={4} maxlength={1000} />
      </fieldset>
      <fieldset class="section">
        <legend>{s.s.footer}</legend>
        <p class="hint">{s.s.footerHint}</p>
        <FooterRows v={v} e={e} />
        {pageLinks.length ? <PageFooterLinks links={pageLinks} /> : null}
      </fieldset>
      <fieldset class="section">
        <legend>{s.s.closedSection}</legend>
        <Checkbox name="siteClosed" label={s.s.siteClosed} checked={v.siteClosed} />
        <Field name="closedMessage" label={s.s.closedMessage} value={t.closedMessage} error={e.closedMessage} hint={s.s.closedMessageHint} maxlength={200} />
      </fieldset>
      <fieldset class="section">
        <legend>{s.s.analyticsSection}</legend>
        <TextArea
          name="analyticsCode"
          label={s.s.analyticsCode}
          value={t.analyticsCode}
          error={e.analyticsCode}
          hint={s.s.analyticsHint}
          rows={5}
          maxlength={ANALYTICS_MAX}
        />
      </fieldset>
      <fieldset class="section">
        <legend>{s.s.switches}</legend>
        <div class="switches">
          {SWITCHES.map((k) => (
            <Checkbox name={k} label={s.s[k]} checked={v[k]} />
          ))}
        </div>
        <Radios
          name="commentModeration"
          legend={s.s.commentModeration}
          value={v.commentModeration}
          error={e.commentModeration}
          options={[
            { value: 'pre', label: s.s.moderationPre },
            { value: 'post', label: s.s.moderationPost },
          ]}
        />
        <Radios
          name="bannedWordAction"
          legend={s.s.bannedWordAction}
          value={v.bannedWordAction}
          error={e.bannedWordAction}
          options={[
            { value: 'hold', label: s.s.bannedHold },
            { value: 'reject', label: s.s.bannedReject },
          ]}
        />
      </fieldset>
      <div class="form-actions sticky">
        <button type="submit" class="btn primary">
          {s.save}
        </button>
      </div>
    </Form>
  );
}
