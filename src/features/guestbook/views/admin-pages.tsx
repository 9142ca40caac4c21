import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { ActionButton, Checkbox, ErrorSummary, Form, TextArea, type FormErrors } from '../../../platform/html/forms.tsx';
import { format, t } from '../../../strings/index.ts';
import { formatDateTime, Pagination } from '../../articles/index.ts';
import { GUESTBOOK_STATUSES, REPLY_MAX, type GuestbookStatus } from '../guestbook.schema.ts';
import type { GuestbookMessage } from '../guestbook.service.ts';
import { Multiline } from './public-pages.tsx';
import { Tabs } from '../../../platform/html/tabs.tsx';

const g = t.reports.guestbook;

function StatusTabs({ current }: { current: GuestbookStatus }): SafeHtml {
  return <Tabs label="status" tabs={GUESTBOOK_STATUSES.map((s) => ({ href: `/admin/guestbook/?status=${s}`, label: g.tabs[s], current: s === current }))} />;
}

/** Who wrote it, how to reach them, from where and when: what staff need to judge a message. */
function MessageMeta({ m }: { m: GuestbookMessage }): SafeHtml {
  return (
    <p class="gb-head">
      <span class="gb-nick">{m.nickname}</span> {m.memberId !== null ? <span class="badge">{g.member}</span> : <span class="gb-guest">{g.guest}</span>}
      {m.contact ? (
        <span class="gb-contact">
          {' '}
          {g.colContact}：{m.contact}
        </span>
      ) : null}{' '}
      <span class="meta">
        {g.colIp} {m.ip} · {formatDateTime(m.createdAt)}
      </span>
    </p>
  );
}

export function AdminListView(props: {
  status: GuestbookStatus;
  items: GuestbookMessage[];
  /** Banned words in waiting messages: why each was held. */
  held?: Map<number, string[]>;
  page: number;
  pages: number;
  csrf: string;
}): SafeHtml {
  const { status, csrf } = props;
  return (
    <>
      <StatusTabs current={status} />
      {props.items.length ? (
        <ol class="gb-list gb-admin">
          {props.items.map((m) => (
            <li class="gb-message" id={`m${m.id}`}>
              <MessageMeta m={m} />
              {props.held?.has(m.id) ? <p class="held">{format(g.heldWords, { words: (props.held.get(m.id) ?? []).join('、') })}</p> : null}
              <div class="gb-body">
                <Multiline text={m.body} />
              </div>
              {m.reply ? (
                <div class="gb-reply">
                  <strong>{g.reply}：</strong>
                  <Multiline text={m.reply} />
                </div>
              ) : null}
              <p class="gb-actions">
                {m.status !== 'visible' ? <ActionButton action={`/admin/guestbook/${m.id}/approve`} csrf={csrf} label={g.approve} class="btn primary" /> : null}
                {m.status !== 'hidden' ? <ActionButton action={`/admin/guestbook/${m.id}/hide`} csrf={csrf} label={g.hide} /> : null}
                <a class="btn" href={`/admin/guestbook/${m.id}`}>
                  {g.edit}
                </a>
                <ActionButton action={`/admin/guestbook/${m.id}/delete`} csrf={csrf} label={g.remove} class="btn danger" confirm={g.removeConfirm} />
              </p>
            </li>
          ))}
        </ol>
      ) : (
        <p class="empty">{g.adminEmpty}</p>
      )}
      <Pagination page={props.page} pages={props.pages} urlFor={(n) => `/admin/guestbook/?status=${status}&page=${n}`} />
    </>
  );
}

export function ReplyView(props: {
  m: GuestbookMessage;
  csrf: string;
  values: { reply: string; publish: boolean };
  errors?: FormErrors;
  message?: string;
}): SafeHtml {
  const { m } = props;
  return (
    <>
      <p>
        <a href={`/admin/guestbook/?status=${m.status}`}>← {g.tabs[m.status]}</a>
      </p>
      <div class="gb-message">
        <MessageMeta m={m} />
        <div class="gb-body">
          <Multiline text={m.body} />
        </div>
      </div>
      <ErrorSummary message={props.message} errors={props.errors} />
      <Form action={`/admin/guestbook/${m.id}/reply`} csrf={props.csrf}>
        <TextArea
          name="reply"
          label={g.replyLabel}
          value={props.values.reply}
          error={props.errors?.reply}
          hint={format(g.replyHint, { n: REPLY_MAX })}
          maxlength={REPLY_MAX}
          rows={6}
        />
        {m.status !== 'visible' ? <Checkbox name="publish" label={g.publishWithReply} checked={props.values.publish} /> : null}
        <button type="submit" class="btn primary">
          {g.saveReply}
        </button>
      </Form>
    </>
  );
}
