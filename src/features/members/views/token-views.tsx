import { h, type SafeHtml } from '../../../platform/html/jsx.ts';
import { ActionButton } from '../../../platform/html/forms.tsx';
import { t } from '../../../strings/index.ts';
import type { ApiTokenInfo } from '../members.tokens.ts';
import { beijingTime } from './account-views.tsx';

const s = t.memberSecurity;

/** 会员管理 → one member: their API tokens (never the token itself), each revocable, or all at once. */
export function TokensPanel(p: { memberId: number; tokens: ApiTokenInfo[]; csrf: string }): SafeHtml {
  const action = `/admin/members/${p.memberId}/tokens/revoke`;
  return (
    <section class="panel member-tokens" id="tokens">
      <h2>{s.tokensTitle}</h2>
      <p class="muted">{s.tokensIntro}</p>
      {p.tokens.length ? (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th>{s.colTokenId}</th>
                <th>{s.colTokenName}</th>
                <th>{s.colTokenCreated}</th>
                <th>{s.colTokenLastUsed}</th>
                <th>{s.colTokenExpires}</th>
                <th>{t.members.colActions}</th>
              </tr>
            </thead>
            <tbody>
              {p.tokens.map((tok) => (
                <tr class={tok.expired ? 'expired' : undefined}>
                  <td class="num">{tok.id}</td>
                  <td>{tok.name}</td>
                  <td class="nowrap">{beijingTime(tok.createdAt)}</td>
                  <td class="nowrap">{beijingTime(tok.lastUsedAt)}</td>
                  <td class="nowrap">{tok.expiresAt ? `${beijingTime(tok.expiresAt)}${tok.expired ? `（${s.tokenExpired}）` : ''}` : s.tokenNeverExpires}</td>
                  <td>
                    <ActionButton action={action} csrf={p.csrf} label={s.revokeToken} fields={{ token: String(tok.id) }} class="btn small danger" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="empty">{s.tokensNone}</p>
      )}
      {p.tokens.length > 1 ? <ActionButton action={action} csrf={p.csrf} label={s.revokeAllTokens} fields={{ all: '1' }} class="btn danger" /> : null}
    </section>
  );
}
