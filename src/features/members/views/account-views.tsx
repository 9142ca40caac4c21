import { NewPasswordFields } from './auth-views.tsx';
import { assetUrl } from '../../../platform/html/asset-url.ts';
import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { ErrorSummary, Field, Form, TextArea } from '../../../platform/html/forms.tsx';
import type { Link } from '../../../platform/html/layout.tsx';
import { format, t } from '../../../strings/index.ts';
import type { Profile } from '../members.accounts.ts';
import type { FormState } from './auth-views.tsx';
import { Avatar } from './avatar.tsx';

const s = t.members;

/** Beijing time, minutes: how the portal shows every date. */
export function beijingTime(iso: string | null): string {
  if (!iso) return s.never;
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

const STATUS_ORDER = ['pending', 'published', 'rejected', 'draft'] as const;

export function MemberHome(p: {
  profile: Profile;
  counts: Record<string, number> | undefined;
  links: Link[];
  /** 开放投稿: the greeting suggests a first submission only while members may submit. */
  submissionsOpen?: boolean;
  isNew?: boolean;
  facts?: { points: number; unread: number } | undefined;
}): SafeHtml {
  const { profile } = p;
  return (
    <div class="member-home">
      <link rel="stylesheet" href={assetUrl('members.css')} />
      <p class="welcome">
        <a href="/member/avatar" class="home-avatar" title={s.linkAvatar}>
          {Avatar({ name: profile.displayName || profile.username, memberId: profile.id, display: 'm', picture: { version: profile.avatar } })}
        </a>
        {format(p.isNew ? s.welcomeNew : s.welcome, { name: profile.displayName })}
      </p>
      {p.isNew ? (
        <p class="welcome-next">
          {s.welcomeNextBefore}
          <a href="/member/profile">{s.welcomeNextProfile}</a>
          {p.submissionsOpen === false ? null : (
            <>
              {s.welcomeNextMiddle}
              <a href="/member/articles/new">{s.welcomeNextSubmit}</a>
            </>
          )}
          {s.welcomeNextAfter}
        </p>
      ) : null}
      {profile.warnings > 0 ? (
        <p class="notice warn member-warnings" role="alert">
          {format(s.warnedBefore, { n: String(profile.warnings) })}
          <a href="/page/terms.html">{s.warnedTerms}</a>
          {s.warnedAfter}
        </p>
      ) : null}
      <ul class="member-facts">
        <li class="member-role">
          {format(s.roleLabel, { role: s.memberRoles[profile.role] ?? s.memberRoles.member ?? '' })}
          {profile.role === 'trusted' ? <span class="role-perk">{s.trustedPerk}</span> : null}
        </li>
        <li>{format(s.groupLabel, { group: profile.groupName })}</li>
        <li>{format(s.memberSince, { date: beijingTime(profile.createdAt) })}</li>
        <li>{format(s.lastLogin, { date: beijingTime(profile.lastLoginAt) })}</li>
        {p.facts ? (
          <li class="points-balance">
            <a href="/member/points/">{format(s.pointsBalance, { n: p.facts.points })}</a>
          </li>
        ) : null}
        {p.facts?.unread ? (
          <li class="unread-notifications">
            <a href="/member/notifications/">{format(s.unreadNotifications, { n: p.facts.unread })}</a>
          </li>
        ) : null}
      </ul>
      {p.counts ? (
        <section class="member-counts panel">
          <h2>{s.myArticles}</h2>
          <ul class="stat-cards">
            {STATUS_ORDER.map((st) => (
              <li class={`stat status-count-${st}`}>
                <a href={`/member/articles/?status=${st}`}>
                  <span class="stat-n">{p.counts?.[st] ?? 0}</span>
                  <span class="stat-label">{s.statuses[st] ?? st}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section class="member-links panel">
        <h2>{s.quickLinks}</h2>
        <ul>
          {p.links.map((l) => (
            <li>
              <a href={l.href}>{l.label}</a>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

export function ProfileForm(p: FormState & { csrf: string; username: string }): SafeHtml {
  const v = p.values ?? {};
  const e = p.errors ?? {};
  return (
    <div class="member-form">
      <link rel="stylesheet" href={assetUrl('members.css')} />
      <ErrorSummary message={p.message} errors={e} />
      <Form action="/member/profile" csrf={p.csrf}>
        <div class="field">
          <span class="label">{s.username}</span> <strong class="username">{p.username}</strong>
        </div>
        <Field name="displayName" label={s.displayName} value={v.displayName} error={e.displayName} hint={s.displayNameHint} required maxlength={32} />
        <Field name="email" type="email" label={s.email} value={v.email} error={e.email} hint={s.emailHint} required maxlength={100} autocomplete="email" />
        <Field
          name="current"
          type="password"
          label={s.currentForEmail}
          error={e.current}
          hint={s.currentForEmailHint}
          maxlength={128}
          autocomplete="current-password"
        />
        <TextArea name="bio" label={s.bio} value={v.bio} error={e.bio} hint={s.bioHint} maxlength={500} rows={4} />
        <button type="submit" class="btn primary">
          {s.profileSubmit}
        </button>
      </Form>
    </div>
  );
}

export function PasswordForm(p: FormState & { csrf: string }): SafeHtml {
  const e = p.errors ?? {};
  return (
    <div class="member-form">
      <link rel="stylesheet" href={assetUrl('members.css')} />
      <ErrorSummary message={p.message} errors={e} />
      <Form action="/member/password" csrf={p.csrf}>
        <Field name="current" type="password" label={s.currentPassword} error={e.current} required maxlength={128} autocomplete="current-password" />
        <NewPasswordFields errors={e} />
        <button type="submit" class="btn primary">
          {s.passwordSubmit}
        </button>
      </Form>
    </div>
  );
}
