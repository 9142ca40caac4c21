import { h, type SafeHtml } from '../../../platform/html/jsx.ts';
import { Form } from '../../../platform/html/forms.tsx';
import { t } from '../../../strings/index.ts';

const s = t.members;

/**
 * `GET /member/logout` (a typed or bookmarked address): log-out changes state, so it is a button that
 * posts the form (with its CSRF token), never a link that logs out by itself.
 */
export function LogoutForm(p: { csrf: string; loggedIn: boolean }): SafeHtml {
  if (!p.loggedIn)
    return (
      <div class="auth-notice">
        <p>{s.logoutNotLoggedIn}</p>
        <p class="auth-alt">
          <a href="/member/login">{s.loginTitle}</a> <a href="/">{t.home}</a>
        </p>
      </div>
    );
  return (
    <Form action="/member/logout" csrf={p.csrf}>
      <p>{s.logoutPrompt}</p>
      <p>
        <button type="submit" class="btn primary">
          {t.logout}
        </button>{' '}
        <a href="/member/">{s.logoutCancel}</a>
      </p>
    </Form>
  );
}
