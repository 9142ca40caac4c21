import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { assetUrl } from '../../../platform/html/asset-url.ts';
import { ActionButton, Checkbox, ErrorSummary, Field, Form, Select } from '../../../platform/html/forms.tsx';
import { format, t } from '../../../strings/index.ts';
import type { MemberGroup } from '../members.groups.ts';
import type { AdminMember } from '../members.moderation.ts';
import { ROLES } from '../members.roles.ts';
import { beijingTime } from './account-views.tsx';
import type { FormState } from './auth-views.tsx';
import type { ApiTokenInfo } from '../members.tokens.ts';
import { TokensPanel } from './token-views.tsx';

const s = t.members;
function StatusPill({ m }: { m: AdminMember }): SafeHtml {
  const banned = m.status === 'banned';
  return <span class={`status status-${banned ? 'banned' : 'active'}`}>{banned ? s.statusBanned : s.statusActive}</span>;
}

/** The list's filters as typed in the address ('' = any); pages keep them. */
export interface ListFilters {
  q: string;
  role: string;
  status: string;
  group: string;
}

function FilterSelect(p: { name: string; label: string; value: string; options: Array<{ value: string; label: string }> }): SafeHtml {
  return (
    <label>
      {p.label}
      <select name={p.name}>
        {[{ value: '', label: s.filterAny }, ...p.options].map((o) => (
          <option value={o.value} selected={o.value === p.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function MembersList(p: { f: ListFilters; groups: MemberGroup[]; items: AdminMember[]; total: number; page: number; pages: number }): SafeHtml {
  const kept = Object.fromEntries(Object.entries(p.f).filter(([, v]) => v !== ''));
  const href = (page: number) => `/admin/members/?${new URLSearchParams({ ...kept, page: String(page) }).toString()}`;
  return (
    <div class="admin-members">
      <p class="toolbar">
        <a class="btn small primary" href="/admin/members/new">
          {s.addMember}
        </a>{' '}
        <a class="btn small" href="/admin/member-groups/">
          {s.groupsLink}
        </a>
      </p>
      <form method="get" action="/admin/members/" class="filters">
        <label class="grow">
          {s.adminSearch}
          <input type="search" name="q" value={p.f.q} maxlength={64} placeholder={s.adminSearchAny} />
        </label>
        <FilterSelect name="role" label={s.filterRole} value={p.f.role} options={ROLES.map((r) => ({ value: r, label: s.roles[r] ?? r }))} />
        <FilterSelect
          name="status"
          label={s.filterStatus}
          value={p.f.status}
          options={[
            { value: 'active', label: s.statusActive },
            { value: 'banned', label: s.statusBanned },
          ]}
        />
        <FilterSelect name="group" label={s.filterGroup} value={p.f.group} options={p.groups.map((g) => ({ value: String(g.id), label: g.name }))} />
        <button type="submit" class="btn">
          {s.adminFilterSubmit}
        </button>
      </form>
      <p class="total">{format(s.adminTotal, { n: p.total })}</p>
      {p.items.length ? (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th>{s.colUsername}</th>
                <th>{s.colDisplayName}</th>
                <th>{s.colRole}</th>
                <th>{s.colGroup}</th>
                <th>{s.colStatus}</th>
                <th>{s.colWarnings}</th>
                <th>{s.colCreated}</th>
                <th>{s.colLastLogin}</th>
                <th>{s.colActions}</th>
              </tr>
            </thead>
            <tbody>
              {p.items.map((m) => (
                <tr class={m.status === 'banned' ? 'banned' : undefined}>
                  <td>{m.username}</td>
                  <td>{m.displayName}</td>
                  <td>{s.roles[m.role] ?? m.role}</td>
                  <td>{m.groupName}</td>
                  <td>
                    <StatusPill m={m} />
                  </td>
                  <td class="num">{m.warnings}</td>
                  <td class="nowrap">{beijingTime(m.createdAt)}</td>
                  <td class="nowrap">{beijingTime(m.lastLoginAt)}</td>
                  <td>
                    <a href={`/admin/members/${m.id}`}>{s.manage}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="empty">{s.adminNone}</p>
      )}
      {p.pages > 1 ? (
        <nav class="pagination" aria-label={t.landmarks.pagination}>
          {p.page > 1 ? <a href={href(p.page - 1)}>{t.prevPage}</a> : null}
          <strong aria-current="page">{format(t.pageN, { n: p.page })}</strong>
          {p.page < p.pages ? <a href={href(p.page + 1)}>{t.nextPage}</a> : null}
        </nav>
      ) : null}
    </div>
  );
}

export function MemberDetail(
  p: FormState & {
    m: AdminMember;
    groups: MemberGroup[];
    csrf: string;
    isSelf: boolean;
    tokens: ApiTokenInfo[];
    warnings?: SafeHtml;
    /** The points balance (from the points feature via main.ts), linking to the member's 积分明细. */
    points?: number;
    /** The 头像 panel (picture and its removal), when the member has one. */
    avatar?: SafeHtml;
    /** 昵称/e-mail and 重置密码 (views/admin-member-forms.tsx); not on one's own page. */
    account?: SafeHtml;
  },
): SafeHtml {
  const { m } = p;
  const e = p.errors ?? {};
  const v = p.values ?? {};
  const base = `/admin/members/${m.id}`;
  return (
    <div class="admin-member">
      <link rel="stylesheet" href={assetUrl('members.css')} />
      <ErrorSummary message={p.message} errors={e} />
      <dl class="facts">
        <dt>{s.colUsername}</dt>
        <dd>{m.username}</dd>
        <dt>{s.colDisplayName}</dt>
        <dd>{m.displayName}</dd>
        <dt>{s.email}</dt>
        <dd>{m.email}</dd>
        <dt>{s.colRole}</dt>
        <dd>{s.roles[m.role] ?? m.role}</dd>
        <dt>{s.colGroup}</dt>
        <dd>{m.groupName}</dd>
        <dt>{s.colStatus}</dt>
        <dd>
          <StatusPill m={m} />
          {m.banReason ? `（${format(s.bannedReason, { reason: m.banReason })}）` : ''}
        </dd>
        <dt>{s.colWarnings}</dt>
        <dd>{m.warnings}</dd>
        {p.points === undefined ? null : (
          <>
            <dt>{s.colPoints}</dt>
            <dd>
              <strong class="member-points">{p.points}</strong> <a href={`/admin/points/members/${m.id}`}>{s.pointsHistory}</a>
            </dd>
          </>
        )}
        <dt>{s.colCreated}</dt>
        <dd>{beijingTime(m.createdAt)}</dd>
        <dt>{s.colLastLogin}</dt>
        <dd>{beijingTime(m.lastLoginAt)}</dd>
      </dl>
      <p class="hint">{s.roleVsGroupMember}</p>
      {p.isSelf ? null : (
        <div class="admin-actions">
          <Form action={`${base}/role`} csrf={p.csrf} class="form inline-form panel">
            <Select
              name="role"
              label={s.changeRole}
              value={v.role ?? m.role}
              error={e.role}
              options={ROLES.map((r) => ({ value: r, label: s.roles[r] ?? r }))}
            />
            <button type="submit" class="btn">
              {s.saveRole}
            </button>
          </Form>
          <Form action={`${base}/group`} csrf={p.csrf} class="form inline-form panel">
            <Select
              name="groupId"
              label={s.changeGroup}
              value={v.groupId ?? String(m.groupId ?? p.groups.find((g) => g.isDefault)?.id ?? '')}
              error={e.groupId}
              options={p.groups.map((g) => ({ value: String(g.id), label: g.name }))}
            />
            <button type="submit" class="btn">
              {s.saveGroup}
            </button>
          </Form>
          {m.status === 'banned' ? (
            <p class="panel">
              <ActionButton action={`${base}/unban`} csrf={p.csrf} label={s.unban} />
            </p>
          ) : (
            <Form action={`${base}/ban`} csrf={p.csrf} class="form inline-form panel">
              <Field name="reason" label={s.banReason} value={v.reason} error={e.reason} hint={s.banReasonHint} required maxlength={200} />
              <button type="submit" class="btn danger">
                {s.banSubmit}
              </button>
            </Form>
          )}
          <Form action={`${base}/warn`} csrf={p.csrf} class="form inline-form panel">
            <Field name="warnReason" label={s.warnReason} value={v.warnReason} error={e.warnReason} required maxlength={200} />
            <button type="submit" class="btn">
              {s.warnSubmit}
            </button>
          </Form>
        </div>
      )}
      {m.warnings > 0 && p.warnings ? (
        <section class="panel" id="warnings">
          <h2>{s.warningsTitle}</h2>
          {p.warnings}
        </section>
      ) : null}
      {p.isSelf ? null : (p.account ?? null)}
      {p.avatar ?? null}
      <TokensPanel memberId={m.id} tokens={p.tokens} csrf={p.csrf} />
      <p>
        <a href="/admin/members/">{s.backToList}</a>
      </p>
    </div>
  );
}

function GroupFields(p: FormState): SafeHtml {
  const v = p.values ?? {};
  const e = p.errors ?? {};
  return (
    <div class="group-fields">
      <Field name="name" label={s.groupName} value={v.name} error={e.name} required maxlength={32} />
      <Field name="dailyQuota" type="number" label={s.dailyQuota} value={v.dailyQuota} error={e.dailyQuota} hint={s.dailyQuotaHint} required />
      <Field name="minIntervalSec" type="number" label={s.minInterval} value={v.minIntervalSec} error={e.minIntervalSec} required />
      <Checkbox name="needsReview" label={s.needsReview} checked={v.needsReview === '1'} />
    </div>
  );
}

export const groupValues = (g: MemberGroup) => ({
  name: g.name,
  dailyQuota: String(g.dailyQuota),
  minIntervalSec: String(g.minIntervalSec),
  needsReview: g.needsReview ? '1' : '',
});

export function GroupsPage(p: FormState & { groups: Array<MemberGroup & { memberCount: number }>; csrf: string }): SafeHtml {
  return (
    <div class="admin-groups">
      <p class="hint">{s.roleVsGroupGroups}</p>
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <th>{s.groupName}</th>
              <th>{s.dailyQuota}</th>
              <th>{s.minInterval}</th>
              <th>{s.needsReview}</th>
              <th>{s.groupMembers}</th>
              <th>{s.colActions}</th>
            </tr>
          </thead>
          <tbody>
            {p.groups.map((g) => (
              <tr>
                <td>
                  {g.name}
                  {g.isDefault ? <span class="badge">{s.groupDefault}</span> : null}
                </td>
                <td class="num">{g.dailyQuota}</td>
                <td class="num">{g.minIntervalSec}</td>
                <td>{g.needsReview ? s.needsReviewYes : s.needsReviewNo}</td>
                <td class="num">{g.memberCount}</td>
                <td>
                  <a href={`/admin/member-groups/${g.id}`}>{s.manage}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{s.groupCreate}</h2>
      <ErrorSummary message={p.message} errors={p.errors} />
      <Form action="/admin/member-groups/" csrf={p.csrf}>
        <GroupFields values={p.values ?? { dailyQuota: '10', minIntervalSec: '60', needsReview: '1' }} errors={p.errors} />
        <button type="submit" class="btn primary">
          {s.groupCreateSubmit}
        </button>
      </Form>
      <p>
        <a href="/admin/members/">{s.backToList}</a>
      </p>
    </div>
  );
}

export function GroupEdit(p: FormState & { id: number; csrf: string }): SafeHtml {
  return (
    <div class="admin-group">
      <ErrorSummary message={p.message} errors={p.errors} />
      <Form action={`/admin/member-groups/${p.id}`} csrf={p.csrf}>
        <GroupFields values={p.values} errors={p.errors} />
        <button type="submit" class="btn primary">
          {s.groupSave}
        </button>
      </Form>
      <p>
        <a href="/admin/member-groups/">{s.adminGroupsTitle}</a>
      </p>
    </div>
  );
}
