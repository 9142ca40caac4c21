import { h, Fragment, type Child, type SafeHtml } from '../../../platform/html/jsx.ts';
import { assetUrl } from '../../../platform/html/asset-url.ts';
import { DesktopLayout, type Chrome } from '../../../platform/html/layout.tsx';
import { ErrorSummary, Field, Form, Honeypot, Select, TextArea, type FormErrors } from '../../../platform/html/forms.tsx';
import { format, t } from '../../../strings/index.ts';
import { Breadcrumb } from '../../articles/index.ts';
import { DESCRIPTION_MAX, REASONS, URL_MAX } from '../reports.schema.ts';
import type { TargetInfo } from '../reports.service.ts';

export const HONEYPOT = 'website';

export interface ReportFormData {
  kind: 'article' | 'comment' | 'url';
  /** The hidden field naming the target (`article` / `comment`) and its id. */
  hidden?: { name: 'article' | 'comment'; value: string };
  info?: TargetInfo;
  values: { url?: string; reason?: string; description?: string };
  errors?: FormErrors;
  message?: string;
  csrf: string;
  loggedIn: boolean;
}

function PublicFrame(props: { chrome: Chrome; title: string; children?: Child }): SafeHtml {
  return (
    <DesktopLayout chrome={props.chrome} head={{ title: `${props.title}_${props.chrome.siteName}`, robots: 'noindex' }}>
      <link rel="stylesheet" href={assetUrl('reports.css')} />
      <Breadcrumb crumbs={[{ href: '/report/', label: props.title }]} />
      <div class="report-page">
        <h1>{props.title}</h1>
        {props.children}
      </div>
    </DesktopLayout>
  );
}

function TargetBox({ kind, info }: { kind: 'article' | 'comment'; info: TargetInfo }): SafeHtml {
  return (
    <div class="report-target">
      <span class="label">{kind === 'article' ? t.reports.targetArticle : t.reports.targetComment}：</span>
      {info.href ? <a href={info.href}>{info.label}</a> : <span>{info.label}</span>}
      {info.context ? <p class="meta">{format(t.reports.commentOn, { title: info.context })}</p> : null}
    </div>
  );
}

export function reportTitle(kind: ReportFormData['kind']): string {
  return kind === 'article' ? t.reports.titleArticle : kind === 'comment' ? t.reports.titleComment : t.reports.title;
}

export function ReportFormPage({ d, chrome }: { d: ReportFormData; chrome: Chrome }): SafeHtml {
  const e = d.errors ?? {};
  return (
    <PublicFrame chrome={chrome} title={reportTitle(d.kind)}>
      <p class="intro">{t.reports.intro}</p>
      {d.info && d.kind !== 'url' ? <TargetBox kind={d.kind} info={d.info} /> : null}
      <ErrorSummary message={d.message} errors={d.errors} />
      <Form action="/report/" csrf={d.csrf} class="form report-form">
        {d.hidden ? <input type="hidden" name={d.hidden.name} value={d.hidden.value} /> : null}
        {d.kind === 'url' ? (
          <Field name="url" label={t.reports.url} type="url" value={d.values.url} error={e.url} hint={t.reports.urlHint} required maxlength={URL_MAX} />
        ) : null}
        <Select
          name="reason"
          label={t.reports.reason}
          value={d.values.reason}
          error={e.reason}
          required
          options={[{ value: '', label: t.http.choosePlaceholder }, ...REASONS.map((r) => ({ value: r, label: t.reports.reasons[r] }))]}
        />
        <TextArea
          name="description"
          label={t.reports.description}
          value={d.values.description}
          error={e.description}
          hint={format(t.reports.descriptionHint, { n: DESCRIPTION_MAX })}
          maxlength={DESCRIPTION_MAX}
          rows={6}
        />
        <Honeypot name={HONEYPOT} />
        {d.loggedIn ? null : <p class="hint">{t.reports.guestNote}</p>}
        <button type="submit" class="btn primary">
          {t.reports.submit}
        </button>
      </Form>
    </PublicFrame>
  );
}

export function ThanksPage({ chrome, loggedIn }: { chrome: Chrome; loggedIn: boolean }): SafeHtml {
  return (
    <PublicFrame chrome={chrome} title={t.reports.thanksTitle}>
      <p>{t.reports.thanksBody}</p>
      <p>{loggedIn ? t.reports.thanksMember : t.reports.thanksGuest}</p>
      <p class="links">
        {loggedIn ? (
          <>
            <a href="/member/reports/">{t.reports.myReportsLink}</a>{' '}
          </>
        ) : null}
        <a href="/">{t.reports.backHome}</a>
      </p>
    </PublicFrame>
  );
}
