import { h, type SafeHtml } from '../../../platform/html/jsx.ts';
import { ActionButton } from '../../../platform/html/forms.tsx';
import { DesktopLayout, type Chrome } from '../../../platform/html/layout.tsx';
import { t, format } from '../../../strings/index.ts';
import { maskEmail, type MailState } from '../notifications.mail.ts';
import { notificationsPath } from './my-notifications.tsx';

const s = t.notifications;
export const mailPath = `${notificationsPath}mail`;

/** The 邮件提醒 box under the 站内信 list: where the reminders stand and the one button that changes that. */
export function MailSettings(p: { state: MailState; hasEmail: boolean; csrf: string; error?: string | undefined }): SafeHtml {
  const st = p.state;
  return (
    <section class="box notification-mail" aria-labelledby="notification-mail-title">
      <h2 id="notification-mail-title">{s.mailTitle}</h2>
      <p class="hint">{s.mailIntro}</p>
      {p.error ? (
        <p class="form-errors" role="alert">
          {p.error}
        </p>
      ) : null}
      <p>
        {st.state === 'on'
          ? format(s.mailStateOn, { email: maskEmail(st.email) })
          : st.state === 'pending'
            ? format(s.mailStatePending, { email: maskEmail(st.email) })
            : s.mailStateOff}
      </p>
      {!p.hasEmail ? (
        <p>
          {s.mailNoEmail} <a href="/member/profile">{t.members.linkProfile}</a>
        </p>
      ) : st.state === 'on' ? (
        <ActionButton action={mailPath} csrf={p.csrf} label={s.mailTurnOff} fields={{ on: '0' }} class="btn small" />
      ) : (
        <ActionButton action={mailPath} csrf={p.csrf} label={st.state === 'pending' ? s.mailResend : s.mailTurnOn} fields={{ on: '1' }} class="btn small" />
      )}
    </section>
  );
}

/** A one-question page reached from a mail (confirm or unsubscribe): a POST button, so link scanners change nothing. */
export function MailQuestionPage(p: {
  chrome: Chrome;
  title: string;
  question?: string;
  action?: string;
  button?: string;
  fields?: Record<string, string>;
  csrf?: string;
}): SafeHtml {
  return (
    <DesktopLayout chrome={p.chrome} head={{ title: `${p.title}_${p.chrome.siteName}`, robots: 'noindex', private: true }}>
      <div class="confirm-page box">
        <h1>{p.title}</h1>
        {p.question ? <p>{p.question}</p> : null}
        {p.action && p.button && p.csrf ? <ActionButton action={p.action} csrf={p.csrf} label={p.button} fields={p.fields ?? {}} class="btn primary" /> : null}
        <p>
          <a href={notificationsPath}>{s.pageTitle}</a> · <a href="/">{t.home}</a>
        </p>
      </div>
    </DesktopLayout>
  );
}
