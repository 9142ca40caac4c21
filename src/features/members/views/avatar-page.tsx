import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { assetUrl } from '../../../platform/html/asset-url.ts';
import { ActionButton, ErrorSummary, Form } from '../../../platform/html/forms.tsx';
import { t } from '../../../strings/index.ts';
import { Avatar } from './avatar.tsx';

const s = t.members;

/** 我的头像: the current picture (or the default), the upload form and, when there is one, removal. */
export function AvatarPage(p: { memberId: number; name: string; version: string; csrf: string; error?: string | undefined }): SafeHtml {
  const has = p.version !== '';
  return (
    <div class="member-avatar">
      <link rel="stylesheet" href={assetUrl('members.css')} />
      <p class="hint">{s.avatarIntro}</p>
      <ErrorSummary message={p.error} errors={p.error ? { avatar: p.error } : {}} />
      <section class="panel avatar-current">
        <h2>{s.avatarCurrent}</h2>
        <p>
          <Avatar name={p.name} memberId={p.memberId} display="l" picture={has ? { version: p.version } : undefined} />
        </p>
        {has ? <ActionButton action="/member/avatar/remove" csrf={p.csrf} label={s.avatarRemove} class="btn danger" /> : <p class="muted">{s.avatarNone}</p>}
      </section>
      <Form action="/member/avatar" csrf={p.csrf} multipart class="form panel">
        <div class={p.error ? 'field has-error' : 'field'}>
          <label for="avatar-file">{s.avatarFile}</label>
          <input
            id="avatar-file"
            name="avatar"
            type="file"
            accept="image/jpeg,image/png,image/webp,image/gif"
            required
            aria-invalid={p.error ? 'true' : undefined}
          />
          {p.error ? <small class="error">{p.error}</small> : null}
        </div>
        <button type="submit" class="btn primary">
          {s.avatarUpload}
        </button>
      </Form>
    </div>
  );
}

/** The admin member page's 头像 panel: the picture and its removal (with a reason the member reads). */
export function AdminAvatarPanel(p: { memberId: number; name: string; version: string; csrf: string }): SafeHtml {
  if (!p.version) return <></>;
  return (
    <section class="panel admin-avatar" id="avatar">
      <h2>{s.adminAvatar}</h2>
      <p>
        <Avatar name={p.name} memberId={p.memberId} display="l" picture={{ version: p.version }} />
      </p>
      <Form action={`/admin/members/${p.memberId}/avatar/remove`} csrf={p.csrf} class="form inline-form">
        <div class="field">
          <label for="avatar-reason">{s.adminAvatarReason}</label>
          <input id="avatar-reason" name="reason" type="text" maxlength={200} />
        </div>
        <button type="submit" class="btn danger">
          {s.adminAvatarRemove}
        </button>
      </Form>
    </section>
  );
}
