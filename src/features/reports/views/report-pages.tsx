import { h, Fragment, type Child, type SafeHtml } from '../../../platform/html/jsx.ts';
import { assetUrl } from '../../../platform/html/asset-url.ts';
import { DesktopLayout, MobileLayout, type Chrome } from '../../../platform/html/layout.tsx';
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
  /** Opened from a phone page (`m=1`): the phone layout; this is the same page without `m=1` (电脑版). */
  phone?: { desktopHref: string };
}

/** The phone layout when `phone` is given (opened from the phone site), else the desktop one. */
function PublicFrame(props: { chrome: Chrome; title: string; phone?: { desktopHref: string } | undefined; children?: Child }): SafeHtml {
  const head = { title: `${props.title}_${props.chrome.siteName}`, robots: 'noindex' };
  const body = (
    <>
      <link rel="stylesheet" href={assetUrl('reports.css')} />
      <Breadcrumb crumbs={[{ href: '/report/', label: props.title }]} mobile={props.phone !== undefined} />
      <div class="report-page">
        <h1>{props.title}</h1>
        {props.children}
      </div>
    </>
  );
  return props.phone ? (
    <MobileLayout chrome={props.chrome} head={head} desktopHref={props.phone.desktopHref}>
      {body}
    </MobileLayout>
  ) : (
    <DesktopLayout chrome={props.chrome} head={head}>
      {body}
    </DesktopLayout>
  );
}

/** The phone-site twin of a reported article or comment link (`/news/…` → `/mobile/news/…`); undefined for anything else. */
export function phoneHref(href: string | undefined): string | undefined {
  return href?.startsWith('/news/') ? `/mobile${href}` : undefined;
}

function TargetBox({ kind, info, phone }: { kind: 'article' | 'comment'; info: TargetInfo; phone: boolean }): SafeHtml {
  // From the phone site the link leads back to the phone article (or its phone comment list).
  const href = phone ? phoneHref(info.href) : info.href;
  return (
    <div class="report-target">
      <span class="label">{kind === 'article' ? t.reports.targetArticle : t.reports.targetComment}：</span>
      {href ? <a href={href}>{info.label}</a> : <span>{info.label}</span>}
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
    <PublicFrame chrome={chrome} title={reportTitle(d.kind)} phone={d.phone}>
      <p class="intro">{t.reports.intro}</p>
      {d.info && d.kind !== 'url' ? <TargetBox kind={d.kind} info={d.info} phone={d.phone !== undefined} /> : null}
      <ErrorSummary message={d.message} errors={d.errors} />
      <Form action="/report/" csrf={d.csrf} class="form report-form">
        {d.hidden ? <input type="hidden" name={d.hidden.name} value={d.hidden.value} /> : null}
        {d.phone ? <input type="hidden" name="m" value="1" /> : null}
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

/** After a report. From the phone site (`phone`): the phone layout, a link back to the reported article or comment, 返回首页 to /mobile/. */
export function ThanksPage({
  chrome,
  loggedIn,
  phone,
}: {
  chrome: Chrome;
  loggedIn: boolean;
  phone?: { desktopHref: string; back?: { href: string; kind: 'article' | 'comment' } | undefined } | undefined;
}): SafeHtml {
  return (
    <PublicFrame chrome={chrome} title={t.reports.thanksTitle} phone={phone}>
      <p>{t.reports.thanksBody}</p>
      <p>{loggedIn ? t.reports.thanksMember : t.reports.thanksGuest}</p>
      <p class="links">
        {loggedIn ? (
          <>
            <a href="/member/reports/">{t.reports.myReportsLink}</a>{' '}
          </>
        ) : null}
        {phone?.back ? (
          <>
            <a href={phone.back.href}>{phone.back.kind === 'article' ? t.reports.backToArticle : t.reports.backToComment}</a>{' '}
          </>
        ) : null}
        <a href={phone ? '/mobile/' : '/'}>{t.reports.backHome}</a>
      </p>
    </PublicFrame>
  );
}
