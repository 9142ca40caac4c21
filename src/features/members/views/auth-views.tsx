import { h, Fragment, type Child, type SafeHtml } from '../../../platform/html/jsx.ts';
import { assetUrl } from '../../../platform/html/asset-url.ts';
import { DesktopLayout, MobileLayout, type Chrome } from '../../../platform/html/layout.tsx';
import { ErrorSummary, Field, Form, Honeypot, type FormErrors } from '../../../platform/html/forms.tsx';
import { htmlPage } from '../../../platform/http/app.ts';
import { t } from '../../../strings/index.ts';
import { withNext, type PhoneContext } from '../members.phone.ts';

const s = t.members;

/** The honeypot's field name: a word a form-filling bot is glad to fill in. */
export const HONEYPOT_FIELD = 'website';
export const FORM_TIME_FIELD = '_ft';

export interface FormState {
  values?: Record<string, string>;
  errors?: FormErrors;
  /** A message above the form (throttled, expired, closed...). */
  message?: string;
  /**
   * The log-in's `next` when the visitor came from the phone site (`phoneReturn`): carried by the links and
   * forms between log-in, sign-up and recovery so each keeps the phone layout and its 返回.
   */
  phoneNext?: string | undefined;
}

/**
 * Log-in, sign-up and password-recovery pages, never cached, not indexed: the site's desktop layout (it
 * narrows on a phone), or the phone layout with 返回 to `phoneBack` for a visitor who came from the phone site.
 */
export function authDocument(chrome: Chrome, title: string, body: Child, phone: PhoneContext = {}): string {
  const { phoneBack, phoneNext } = phone;
  // The header's 登录 / 注册 keep the phone context too (bare, they would open the desktop layout).
  if (phoneNext) {
    const keep = (href: string) => (href === '/member/login' || href === '/member/register' ? withNext(href, phoneNext) : href);
    chrome = { ...chrome, memberLinks: chrome.memberLinks.map((l) => ({ ...l, href: keep(l.href) })) };
  }
  const head = { title: `${title}_${chrome.siteName}`, robots: 'noindex', private: true };
  const page = (
    <>
      <link rel="stylesheet" href={assetUrl('members.css')} />
      <div class="auth-page box">
        {phoneBack ? (
          <p class="auth-back">
            <a href={phoneBack}>{s.backToPhone}</a>
          </p>
        ) : null}
        <h1 class="auth-title">{title}</h1>
        {body}
      </div>
    </>
  );
  return htmlPage(
    phoneBack ? (
      <MobileLayout chrome={chrome} head={head}>
        {page}
      </MobileLayout>
    ) : (
      <DesktopLayout chrome={chrome} head={head}>
        {page}
      </DesktopLayout>
    ),
  );
}

/** The hidden `next` of a form on a page opened from the phone site. */
function PhoneNext({ next }: { next: string | undefined }): SafeHtml | null {
  return next ? <input type="hidden" name="next" value={next} /> : null;
}

/** `next`: the page the sign-up started from (any layout), carried through the form for the way back. */
export function RegisterForm(p: FormState & { csrf: string; formTime: string; next?: string }): SafeHtml {
  const v = p.values ?? {};
  const e = p.errors ?? {};
  return (
    <div>
      <p class="auth-intro">{s.registerIntro}</p>
      <ErrorSummary message={p.message} errors={e} />
      <Form action="/member/register" csrf={p.csrf} class="form auth-form">
        <input type="hidden" name={FORM_TIME_FIELD} value={p.formTime} />
        <PhoneNext next={p.next || p.phoneNext} />
        <Honeypot name={HONEYPOT_FIELD} />
        <Field name="username" label={s.username} value={v.username} error={e.username} hint={s.usernameHint} required maxlength={32} autocomplete="username" />
        <Field
          name="password"
          type="password"
          label={s.password}
          error={e.password}
          hint={s.passwordHint}
          required
          maxlength={128}
          autocomplete="new-password"
        />
        <Field name="confirm" type="password" label={s.confirm} error={e.confirm} required maxlength={128} autocomplete="new-password" />
        <Field name="email" type="email" label={s.email} value={v.email} error={e.email} hint={s.emailHint} required maxlength={100} autocomplete="email" />
        <button type="submit" class="btn primary">
          {s.registerSubmit}
        </button>
      </Form>
      <p class="auth-alt">
        {s.haveAccount} <a href={withNext('/member/login', p.phoneNext)}>{t.login}</a>
      </p>
    </div>
  );
}

export function LoginForm(p: FormState & { csrf: string; next: string; why?: string; notice?: string; registrationOpen?: boolean }): SafeHtml {
  const v = p.values ?? {};
  const e = p.errors ?? {};
  return (
    <div>
      {p.notice ? (
        <p class="flash" role="status">
          {p.notice}
        </p>
      ) : null}
      <ErrorSummary message={p.message} errors={e} />
      <Form action="/member/login" csrf={p.csrf} class="form auth-form">
        <input type="hidden" name="next" value={p.next} />
        {p.why ? <input type="hidden" name="why" value={p.why} /> : null}
        <Field name="username" label={s.username} value={v.username} error={e.username} required maxlength={64} autocomplete="username" />
        <Field name="password" type="password" label={s.password} error={e.password} required maxlength={128} autocomplete="current-password" />
        <button type="submit" class="btn primary">
          {s.loginSubmit}
        </button>
      </Form>
      <p class="auth-alt">
        <a href={withNext('/member/forgot', p.phoneNext)}>{s.forgotLink}</a>
        {p.registrationOpen === false ? null : (
          <>
            {' '}
            {s.noAccount} <a href={withNext('/member/register', p.phoneNext)}>{t.register}</a>
          </>
        )}
      </p>
    </div>
  );
}

export function ForgotForm(p: FormState & { csrf: string }): SafeHtml {
  const e = p.errors ?? {};
  return (
    <div>
      <p class="auth-intro">{s.forgotIntro}</p>
      <ErrorSummary message={p.message} errors={e} />
      <Form action="/member/forgot" csrf={p.csrf} class="form auth-form">
        <PhoneNext next={p.phoneNext} />
        <Field name="email" type="email" label={s.email} value={p.values?.email} error={e.email} required maxlength={100} autocomplete="email" />
        <button type="submit" class="btn primary">
          {s.forgotSubmit}
        </button>
      </Form>
      <p class="auth-alt">
        <a href={withNext('/member/login', p.phoneNext)}>{t.login}</a>
      </p>
    </div>
  );
}

export function ResetForm(p: FormState & { csrf: string; token: string }): SafeHtml {
  const e = p.errors ?? {};
  return (
    <div>
      <ErrorSummary message={p.message} errors={e} />
      <Form action="/member/reset" csrf={p.csrf} class="form auth-form">
        <input type="hidden" name="token" value={p.token} />
        <NewPasswordFields errors={e} />
        <button type="submit" class="btn primary">
          {s.resetSubmit}
        </button>
      </Form>
    </div>
  );
}

/** A short message with optional links (forgot-password sent, reset link invalid, registration closed). */
export function Notice(p: { message: string; links?: Array<{ href: string; label: string }> }): SafeHtml {
  return (
    <div class="auth-notice">
      <p>{p.message}</p>
      {p.links?.length ? (
        <p class="auth-alt">
          {p.links.map((l) => (
            <a href={l.href}>{l.label}</a>
          ))}
        </p>
      ) : null}
    </div>
  );
}

/** New password and its confirmation: shared by the reset and change-password forms. */
export function NewPasswordFields({ errors: e }: { errors: Record<string, string | undefined> }): SafeHtml {
  return (
    <>
      <Field
        name="password"
        type="password"
        label={s.newPassword}
        error={e.password}
        hint={s.passwordHint}
        required
        maxlength={128}
        autocomplete="new-password"
      />
      <Field name="confirm" type="password" label={s.confirmNewPassword} error={e.confirm} required maxlength={128} autocomplete="new-password" />
    </>
  );
}
