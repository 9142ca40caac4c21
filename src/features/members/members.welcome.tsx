import type { FastifyInstance } from 'fastify';
import { h, type SafeHtml } from '../../platform/html/jsx.ts';
import { format, t } from '../../strings/index.ts';
import { queryString, safeNext, type RouteDeps } from './members.http.ts';
import { phoneContext } from './members.phone.ts';
import { sendAuthPage } from './members.public.ts';

const s = t.members;

function WelcomeBack(p: { name: string; back: string; label: string; submissionsOpen: boolean }): SafeHtml {
  return (
    <div class="auth-notice welcome-back">
      <p class="welcome">{format(s.welcomeNew, { name: p.name })}</p>
      <p>
        <a class="btn primary welcome-return" href={p.back}>
          {p.label}
        </a>
      </p>
      <p class="auth-alt">
        <a href="/member/profile">{s.welcomeNextProfile}</a>
        {p.submissionsOpen ? <a href="/member/articles/new">{s.welcomeNextSubmit}</a> : null}
        <a href="/member/">{s.welcomeCentre}</a>
      </p>
    </div>
  );
}

/**
 * `GET /member/welcome?next=`: where a sign-up that started on another page ends (the header's 注册 on an article).
 * A reader who was reading wants to get back to it: the greeting, then 返回刚才的文章 as the main button, in the
 * layout they came from (the phone layout for a /mobile/ page); 会员中心 and 设置昵称 stay one tap away.
 * Without a page to go back to (none, the desktop home page, the member centre, an admin page), the member centre's
 * own greeting (`/member/?welcome=new`).
 */
export function registerWelcomeRoute(app: FastifyInstance, deps: RouteDeps): void {
  app.get('/member/welcome', async (req, reply) => {
    const me = await deps.guards.member(req);
    const next = safeNext(queryString(req, 'next'), '');
    if (!next || /^\/(?:(?:member\/)?(?:[?#]|$)|admin(?:[/?#]|$))/i.test(next)) return reply.redirect('/member/?welcome=new', 303);
    const phone = phoneContext(next);
    const back = phone.phoneBack ?? next;
    const label = /^\/(?:mobile\/)?news\/\d+\.html(?:[?#]|$)/.test(back) ? s.welcomeBackArticle : s.welcomeBackPage;
    const [profile, st] = await Promise.all([deps.members.accounts.profile(me.id), deps.settings.get()]);
    const body = WelcomeBack({ name: profile.displayName || profile.username, back, label, submissionsOpen: st.submissionsEnabled });
    return sendAuthPage(deps, reply, s.welcomeTitle, body, 200, phone);
  });
}
