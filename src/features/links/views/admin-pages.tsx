import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { ActionButton, Checkbox, ErrorSummary, Field, Form, Select, TextArea, type FormErrors } from '../../../platform/html/forms.tsx';
import { Tabs } from '../../../platform/html/tabs.tsx';
import { format, t } from '../../../strings/index.ts';
import { formatDateTime } from '../../articles/index.ts';
import { CONTACT_MAX, DESCRIPTION_MAX, LINK_KINDS, LINK_STATUSES, NAME_MAX, NOTE_MAX, URL_MAX, type LinkStatus } from '../links.schema.ts';
import type { FriendLink } from '../links.service.ts';

const l = t.links;
export const ADMIN_HOME = '/admin/links/';
const SORT_FORM = 'links-sort';

function StatusTabs({ current, counts }: { current: LinkStatus | 'all'; counts: Record<LinkStatus, number> }): SafeHtml {
  const all = { href: ADMIN_HOME, label: l.tabAll, current: current === 'all' };
  const tabs = LINK_STATUSES.map((s) => ({
    href: `${ADMIN_HOME}?status=${s}`,
    label: format(l.tabCount, { label: l.statuses[s] ?? s, n: counts[s] }),
    current: s === current,
  }));
  return <Tabs label={l.colStatus} tabs={[all, ...tabs]} />;
}

function Row(p: { x: FriendLink; csrf: string; isAdmin: boolean; held: string[] | undefined; back: string }): SafeHtml {
  const { x, csrf, isAdmin, held } = p;
  const back = { back: p.back };
  return (
    <tr id={`link-${x.id}`}>
      <td>
        <input form={SORT_FORM} name={`sort_${x.id}`} value={String(x.sortOrder)} size="4" maxlength="5" aria-label={`${l.colSort} ${x.name}`} />
      </td>
      <td>
        {x.logo ? <img src={x.logo} alt="" width="88" height="31" class="link-logo" /> : null}
        <strong>{x.name}</strong>
        <br />
        <a href={x.url} target="_blank" rel="noopener noreferrer">
          {x.url}
        </a>
        {x.description ? <p class="meta">{x.description}</p> : null}
        {x.note ? (
          <p class="meta">
            {l.noteLabel}
            {x.note}
          </p>
        ) : null}
        {held?.length ? <p class="held">{format(l.heldWords, { words: held.join('、') })}</p> : null}
      </td>
      <td class="nowrap">{l.kinds[x.kind]}</td>
      <td class="nowrap">{l.statuses[x.status]}</td>
      <td>{x.contact}</td>
      <td class="nowrap">
        {formatDateTime(x.createdAt)}
        {x.ip ? <p class="meta">{format(l.fromIp, { ip: x.ip })}</p> : null}
      </td>
      <td class="row-actions">
        {x.status !== 'approved' ? (
          <ActionButton action={`${ADMIN_HOME}${x.id}/approve`} csrf={csrf} fields={back} label={l.approve} class="btn small primary" />
        ) : null}
        {x.status === 'pending' ? <ActionButton action={`${ADMIN_HOME}${x.id}/reject`} csrf={csrf} fields={back} label={l.reject} class="btn small" /> : null}
        {x.status === 'approved' ? <ActionButton action={`${ADMIN_HOME}${x.id}/hide`} csrf={csrf} fields={back} label={l.hide} class="btn small" /> : null}
        <a class="btn small" href={`${ADMIN_HOME}${x.id}/edit`}>
          {l.edit}
        </a>
        {isAdmin ? (
          <a class="btn small danger" href={`${ADMIN_HOME}${x.id}/delete`}>
            {l.remove}
          </a>
        ) : null}
      </td>
    </tr>
  );
}

export function AdminList(p: {
  status: LinkStatus | 'all';
  counts: Record<LinkStatus, number>;
  items: FriendLink[];
  held: Map<number, string[]>;
  csrf: string;
  isAdmin: boolean;
}): SafeHtml {
  return (
    <>
      <p class="intro">{l.adminIntro}</p>
      <p>
        <a class="btn primary" href={`${ADMIN_HOME}new`}>
          {l.add}
        </a>{' '}
        <a class="btn" href="/links" target="_blank" rel="noopener">
          /links
        </a>
      </p>
      <StatusTabs current={p.status} counts={p.counts} />
      {p.items.length ? (
        <>
          <div class="table-wrap">
            <table class="table friend-links-admin">
              <thead>
                <tr>
                  <th>{l.colSort}</th>
                  <th>{l.colName}</th>
                  <th>{l.colKind}</th>
                  <th>{l.colStatus}</th>
                  <th>{l.colContact}</th>
                  <th>{l.colApplied}</th>
                  <th>{l.colActions}</th>
                </tr>
              </thead>
              <tbody>
                {p.items.map((x) => (
                  <Row x={x} csrf={p.csrf} isAdmin={p.isAdmin} held={p.held.get(x.id)} back={p.status} />
                ))}
              </tbody>
            </table>
          </div>
          <form method="post" action={`${ADMIN_HOME}sort`} id={SORT_FORM} class="inline">
            <input type="hidden" name="_csrf" value={p.csrf} />
            <input type="hidden" name="back" value={p.status} />
            <button type="submit" class="btn">
              {l.saveSort}
            </button>
          </form>
        </>
      ) : (
        <p class="empty">{l.adminEmpty}</p>
      )}
    </>
  );
}

export interface LinkFormValues {
  name: string;
  url: string;
  description: string;
  contact: string;
  note: string;
  kind: string;
  status: string;
  sortOrder: string;
  logo: string;
}

export function valuesOf(x: FriendLink | undefined): LinkFormValues {
  if (!x) return { name: '', url: '', description: '', contact: '', note: '', kind: 'text', status: 'approved', sortOrder: '0', logo: '' };
  return {
    name: x.name,
    url: x.url,
    description: x.description,
    contact: x.contact,
    note: x.note,
    kind: x.kind,
    status: x.status,
    sortOrder: String(x.sortOrder),
    logo: x.logo,
  };
}

/** 添加 / 编辑: one form (multipart for the logo; the CSRF token rides in the action's query). */
export function LinkFormView(p: { action: string; values: LinkFormValues; csrf: string; errors?: FormErrors; message?: string }): SafeHtml {
  const v = p.values;
  const e = p.errors ?? {};
  return (
    <>
      <p>
        <a href={ADMIN_HOME}>← {l.cancel}</a>
      </p>
      <ErrorSummary message={p.message} errors={p.errors} />
      <Form action={p.action} csrf={p.csrf} multipart>
        <Field name="name" label={l.name} value={v.name} error={e.name} maxlength={NAME_MAX} required />
        <Field name="url" label={l.url} type="url" value={v.url} error={e.url} hint={l.urlHint} maxlength={URL_MAX} required />
        <Select name="kind" label={l.kind} value={v.kind} error={e.kind} options={LINK_KINDS.map((k) => ({ value: k, label: l.kinds[k] ?? k }))} />
        <div class={e.logo ? 'field has-error' : 'field'}>
          <label for="f-logoFile">{l.logo}</label>
          {v.logo ? (
            <p>
              {l.currentLogo}：<img src={v.logo} alt="" width="88" height="31" />
            </p>
          ) : null}
          <input id="f-logoFile" name="logoFile" type="file" accept="image/jpeg,image/png,image/webp" aria-describedby="h-logoFile" />
          <small class="hint" id="h-logoFile">
            {l.logoHint}
          </small>
          {e.logo ? <small class="error">{e.logo}</small> : null}
        </div>
        {v.logo ? <Checkbox name="removeLogo" label={l.removeLogo} /> : null}
        <Field
          name="description"
          label={l.description}
          value={v.description}
          error={e.description}
          hint={format(l.descriptionHint, { n: DESCRIPTION_MAX })}
          maxlength={DESCRIPTION_MAX}
        />
        <Field name="contact" label={l.contact} value={v.contact} error={e.contact} hint={l.contactHint} maxlength={CONTACT_MAX} />
        <TextArea name="note" label={l.note} value={v.note} error={e.note} maxlength={NOTE_MAX} rows={3} />
        <Select
          name="status"
          label={l.status}
          value={v.status}
          error={e.status}
          options={LINK_STATUSES.map((s) => ({ value: s, label: l.statuses[s] ?? s }))}
        />
        <Field name="sortOrder" label={l.sortOrder} value={v.sortOrder} error={e.sortOrder} hint={l.sortOrderHint} maxlength={5} />
        <button type="submit" class="btn primary">
          {l.save}
        </button>
      </Form>
    </>
  );
}

/** 删除's confirmation, readable without JavaScript (admins); editors are told who may delete. */
export function DeleteConfirm({ x, csrf, isAdmin }: { x: FriendLink; csrf: string; isAdmin: boolean }): SafeHtml {
  return (
    <>
      <p>
        <a href={ADMIN_HOME}>← {l.cancel}</a>
      </p>
      {isAdmin ? (
        <>
          <p>{format(l.removeConfirm, { name: x.name })}</p>
          <p>
            <ActionButton action={`${ADMIN_HOME}${x.id}/delete`} csrf={csrf} label={l.remove} class="btn danger" fields={{ confirm: '1' }} />
          </p>
        </>
      ) : (
        <p class="notice">{l.removeOnlyAdmins}</p>
      )}
    </>
  );
}
