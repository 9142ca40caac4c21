import { h, type SafeHtml } from '../../../platform/html/jsx.ts';
import { ErrorSummary, Field, Form, Select } from '../../../platform/html/forms.tsx';
import { t } from '../../../strings/index.ts';
import type { MemberGroup } from '../members.groups.ts';
import type { AdminMember } from '../members.moderation.ts';
import { ROLES } from '../members.roles.ts';
import type { FormState } from './auth-views.tsx';

const s = t.members;

/** 添加会员: who, which 身份 and 会员组, and how the password is set (a mailed link only where mail links can be made). */
export function AddMemberForm(p: FormState & { groups: MemberGroup[]; csrf: string; canMail: boolean }): SafeHtml {
  const v = p.values ?? {};
  const e = p.errors ?? {};
  const modes = [...(p.canMail ? [{ value: 'mail', label: s.passwordModeMail }] : []), { value: 'set', label: s.passwordModeSet }];
  return (
    <div class="admin-member-new">
      <ErrorSummary message={p.message} errors={e} />
      <p class="hint">{s.roleVsGroupMember}</p>
      <Form action="/admin/members/new" csrf={p.csrf}>
        <Field name="username" label={s.username} value={v.username} error={e.username} hint={s.usernameHint} required maxlength={32} />
        <Field name="displayName" label={s.displayName} value={v.displayName} error={e.displayName} hint={s.adminDisplayNameHint} maxlength={32} />
        <Field name="email" type="email" label={s.email} value={v.email} error={e.email} hint={s.emailOptionalHint} maxlength={100} />
        <Select name="role" label={s.colRole} value={v.role ?? 'member'} error={e.role} options={ROLES.map((r) => ({ value: r, label: s.roles[r] ?? r }))} />
        <Select
          name="groupId"
          label={s.colGroup}
          value={v.groupId ?? String(p.groups.find((g) => g.isDefault)?.id ?? '')}
          error={e.groupId}
          options={p.groups.map((g) => ({ value: String(g.id), label: g.name }))}
        />
        <Select name="passwordMode" label={s.passwordModeLabel} value={v.passwordMode ?? modes[0]?.value} error={e.passwordMode} options={modes} />
        <Field name="password" type="password" label={s.password} error={e.password} hint={s.passwordHint} autocomplete="new-password" maxlength={128} />
        <Field name="confirm" type="password" label={s.confirm} error={e.confirm} autocomplete="new-password" maxlength={128} />
        <button type="submit" class="btn primary">
          {s.addMemberSubmit}
        </button>
      </Form>
      <p>
        <a href="/admin/members/">{s.backToList}</a>
      </p>
    </div>
  );
}

/**
 * The member page's account panels: 昵称 and e-mail; 重置密码 — the mailed link first, and typing a new password
 * for a member no mail reaches (open at once when no link can be mailed).
 */
export function AccountPanels(p: FormState & { m: AdminMember; csrf: string; canMail: boolean }): SafeHtml {
  const { m } = p;
  const v = p.values ?? {};
  const e = p.errors ?? {};
  const base = `/admin/members/${m.id}`;
  const mailable = p.canMail && !!m.email;
  return (
    <div class="admin-account">
      <section class="panel" id="profile">
        <h2>{s.editProfileTitle}</h2>
        <Form action={`${base}/profile`} csrf={p.csrf} class="form inline-form">
          <Field name="displayName" label={s.displayName} value={v.displayName ?? m.displayName} error={e.displayName} required maxlength={32} />
          <Field name="email" type="email" label={s.email} value={v.email ?? m.email} error={e.email} maxlength={100} />
          <button type="submit" class="btn">
            {s.editProfileSubmit}
          </button>
        </Form>
      </section>
      <section class="panel" id="password">
        <h2>{s.resetPasswordTitle}</h2>
        {mailable ? (
          <Form action={`${base}/password`} csrf={p.csrf} class="form inline-form">
            <input type="hidden" name="mode" value="mail" />
            <p class="hint">{s.resetPasswordMailHint}</p>
            <button type="submit" class="btn">
              {s.resetPasswordMail}
            </button>
          </Form>
        ) : (
          <p class="hint">{m.email ? s.errMailUnavailable : s.errNoEmail}</p>
        )}
        <details open={!mailable || !!e.password || !!e.confirm}>
          <summary>{s.resetPasswordSetToggle}</summary>
          <Form action={`${base}/password`} csrf={p.csrf} class="form">
            <input type="hidden" name="mode" value="set" />
            <p class="hint">{s.resetPasswordSetHint}</p>
            <Field name="password" type="password" label={s.newPassword} error={e.password} hint={s.passwordHint} autocomplete="new-password" maxlength={128} />
            <Field name="confirm" type="password" label={s.confirmNewPassword} error={e.confirm} autocomplete="new-password" maxlength={128} />
            <button type="submit" class="btn danger">
              {s.resetPasswordSetSubmit}
            </button>
          </Form>
        </details>
      </section>
    </div>
  );
}
