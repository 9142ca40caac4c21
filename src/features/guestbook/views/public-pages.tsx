import { h, Fragment, type Child, type SafeHtml } from '../../../platform/html/jsx.ts';
import { assetUrl } from '../../../platform/html/asset-url.ts';
import { DesktopLayout, type Chrome, type Head } from '../../../platform/html/layout.tsx';
import { ErrorSummary, Field, Form, Honeypot, TextArea, type FormErrors } from '../../../platform/html/forms.tsx';
import { format, t } from '../../../strings/index.ts';
import { Breadcrumb, formatDateTime, Pagination } from '../../articles/index.ts';
import { BODY_MAX, CONTACT_MAX, NICKNAME_MAX } from '../guestbook.schema.ts';
import type { GuestbookMessage } from '../guestbook.service.ts';

export const HONEYPOT = 'website';
const g = t.reports.guestbook;

/** Plain text with its line breaks kept; every line is escaped. */
export function Multiline({ text }: { text: string }): SafeHtml {
  return (
    <>
      {text.split(/\r?\n/).map((line, i) => (
        <>
          {i > 0 ? <br /> : null}
          {line}
        </>
      ))}
    </>
  );
}

function Frame(props: { chrome: Chrome; head: Head; title: string; children?: Child }): SafeHtml {
  return (
    <DesktopLayout chrome={props.chrome} head={props.head}>
      <link rel="stylesheet" href={assetUrl('reports.css')} />
      <Breadcrumb crumbs={[{ href: '/guestbook/', label: g.title }]} />
      <div class="guestbook-page">
        <h1>{props.title}</h1>
        {props.children}
      </div>
    </DesktopLayout>
  );
}

function MessageItem({ m }: { m: GuestbookMessage }): SafeHtml {
  return (
    <li class="gb-message" id={`m${m.id}`}>
      <p class="gb-head">
        <span class="gb-nick">{m.nickname}</span>
        {m.memberId === null ? <span class="gb-guest"> {g.guest}</span> : null} <time datetime={m.createdAt}>{formatDateTime(m.createdAt)}</time>
      </p>
      <div class="gb-body">
        <Multiline text={m.body} />
      </div>
      {m.reply ? (
        <div class="gb-reply">
          <strong>{g.reply}：</strong>
          <Multiline text={m.reply} />
          {m.repliedAt ? <time datetime={m.repliedAt}> {formatDateTime(m.repliedAt)}</time> : null}
        </div>
      ) : null}
    </li>
  );
}

export interface GuestbookPageData {
  items: GuestbookMessage[];
  page: number;
  pages: number;
  /** Empty on the cached page (public/site.js fills it from the cookie). */
  csrf: string;
  values?: { nickname?: string; contact?: string; body?: string };
  errors?: FormErrors;
  message?: string;
}

export function guestbookUrl(page: number): string {
  return page > 1 ? `/guestbook/?page=${page}` : '/guestbook/';
}

export function GuestbookPage({ d, chrome, head }: { d: GuestbookPageData; chrome: Chrome; head: Head }): SafeHtml {
  const v = d.values ?? {};
  const e = d.errors ?? {};
  return (
    <Frame chrome={chrome} head={head} title={g.title}>
      <p class="intro">{g.intro}</p>
      {d.items.length ? (
        <ol class="gb-list">
          {d.items.map((m) => (
            <MessageItem m={m} />
          ))}
        </ol>
      ) : (
        <p class="empty">{g.empty}</p>
      )}
      <Pagination page={d.page} pages={d.pages} urlFor={guestbookUrl} />
      <section class="gb-form" id="form">
        <h2>{g.formTitle}</h2>
        <ErrorSummary message={d.message} errors={d.errors} />
        <Form action="/guestbook/" csrf={d.csrf}>
          <Field name="nickname" label={g.nickname} value={v.nickname} error={e.nickname} hint={g.nicknameHint} maxlength={NICKNAME_MAX} />
          <Field name="contact" label={g.contact} value={v.contact} error={e.contact} hint={g.contactHint} maxlength={CONTACT_MAX} />
          <TextArea
            name="body"
            label={g.body}
            value={v.body}
            error={e.body}
            hint={format(g.bodyHint, { n: BODY_MAX })}
            maxlength={BODY_MAX}
            required
            rows={6}
          />
          <Honeypot name={HONEYPOT} />
          <button type="submit" class="btn primary">
            {g.submit}
          </button>
        </Form>
      </section>
    </Frame>
  );
}

export function PostedPage({ chrome, pending }: { chrome: Chrome; pending: boolean }): SafeHtml {
  return (
    <Frame chrome={chrome} head={{ title: `${g.postedTitle}_${chrome.siteName}`, robots: 'noindex' }} title={g.postedTitle}>
      <p class="gb-posted">{pending ? g.postedPending : g.postedVisible}</p>
      <p>
        <a href="/guestbook/">{g.back}</a>
      </p>
    </Frame>
  );
}
