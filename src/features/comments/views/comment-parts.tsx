import { Pagination as SharedPagination } from '../../../platform/html/pagination.tsx';
import { assetUrl } from '../../../platform/html/asset-url.ts';
import { h, Fragment, attr, markup, type Child, type SafeHtml } from '../../../platform/html/jsx.ts';
import { ErrorSummary, type FormErrors } from '../../../platform/html/forms.tsx';
import { t, format } from '../../../strings/index.ts';
import { BODY_MAX } from '../comments.schema.ts';
import type { CommentQuote, CommentView } from '../comments.service.ts';
import { commentUrls, formatTime } from '../comments.urls.ts';
import { Avatar } from '../../members/index.ts';

const s = t.community;

/** The community stylesheet and script, once per page that shows comments or the 收藏 button. */
export function CommunityAssets(): SafeHtml {
  // Built at the first page (after start-up has recorded the files' versions), then the same bytes.
  return (communityAssets ??= markup`<link rel="stylesheet"${attr('href', assetUrl('community.css'))}><script${attr('src', assetUrl('community.js'))} defer></script>`);
}
let communityAssets: SafeHtml | undefined;

/** Plain text with its line breaks; every piece is escaped. */
export function TextLines({ text }: { text: string }): SafeHtml {
  const out: Child[] = [];
  text.split('\n').forEach((line, i) => {
    if (i > 0) out.push(<br />);
    out.push(line);
  });
  return <>{out}</>;
}

export function Quote({ q }: { q: CommentQuote }): SafeHtml {
  const [before, after] = s.quoteOf.split('{nick}') as [string, string];
  return (
    <blockquote class="c-quote">
      {q.gone ? (
        format(q.removed ? s.quoteRemoved : s.quoteGone, { floor: q.floor })
      ) : (
        <>
          <span class="q-head">
            {format(before, { floor: q.floor })}
            {q.nickname}
            {q.guest ? <span class="guest-badge">{s.guestLabel}</span> : null}
            {after}
          </span>
          <span class="q-text">{q.excerpt}</span>
        </>
      )}
    </blockquote>
  );
}

export interface ItemContext {
  articleId: number;
  mobile: boolean;
  /** CSRF token; empty on cached pages (public/site.js fills it in). */
  csrf: string;
  /** The page to come back to after a 顶 without JavaScript. */
  back: string;
}

// CommentItem and CommentForm are templates, not JSX: every article page prints them (the same bytes).
export function CommentItem({ c, ctx }: { c: CommentView; ctx: ItemContext }): SafeHtml {
  // Removed by its author: the floor stays, so replies quoting it and the numbering still read right.
  if (c.status === 'removed') {
    return markup`<li${attr('id', `c${c.id}`)} class="comment removed"><p class="c-meta"><span class="floor">${format(s.floor, { n: c.floor })}</span></p><p class="c-body muted">${
      s.removedByAuthor
    }</p></li>`;
  }
  const badge = c.memberId === null ? markup`<span class="guest-badge">${s.guestLabel}</span>` : null;
  const write = commentUrls.write(ctx.articleId, { reply: c.id, mobile: ctx.mobile });
  // A member's picture by its versioned file (the list is cached: a new or removed picture purges the pages
  // with the member's comments, see comments.memberRenamed); no <img> at all for a member without one. The
  // stable /avatar/<id>/small address only where the version was not read.
  const picture = c.memberId === null ? undefined : c.avatar === undefined ? 'route' : c.avatar ? { version: c.avatar } : undefined;
  const avatar = Avatar({ name: c.nickname, memberId: c.memberId, display: 's', picture });
  return markup`<li${attr('id', `c${c.id}`)} class="comment"${attr('data-comment-id', c.id)}><p class="c-meta"><span class="floor">${format(s.floor, { n: c.floor })}</span> ${avatar}<span class="nick">${
    c.nickname
  }</span>${badge} <time${attr('datetime', c.createdAt)}>${formatTime(c.createdAt)}</time></p>${c.parent ? Quote({ q: c.parent }) : null}<p class="c-body">${TextLines(
    {
      text: c.body,
    },
  )}</p><div class="c-actions"><form method="post"${attr('action', commentUrls.like(c.id))} class="inline like-form"${attr('data-like', c.id)}><input type="hidden" name="_csrf"${attr(
    'value',
    ctx.csrf,
  )}><input type="hidden" name="back"${attr('value', `${ctx.back}#c${c.id}`)}><button type="submit" class="link like"${attr('title', s.like)}>${s.like}(<span class="n">${
    c.likes
  }</span>)</button></form><a class="reply"${attr('href', write)} rel="nofollow"${attr('data-reply', c.id)}${attr(
    'data-reply-label',
    format(s.replyTo, { floor: c.floor, nick: c.nickname }),
  )}>${s.reply}</a><a class="report"${attr('href', commentUrls.report(c.id, ctx.mobile))} rel="nofollow">${s.report}</a></div></li>`;
}

/** The comments; with none, an invitation to write the first, or just 暂无评论 where comments are closed. */
export function CommentList({ items, ctx, closed }: { items: CommentView[]; ctx: ItemContext; closed?: boolean }): SafeHtml {
  if (!items.length) return <p class="empty">{closed ? s.noComments : s.emptyComments}</p>;
  return (
    <ul class="comment-list">
      {items.map((c) => (
        <CommentItem c={c} ctx={ctx} />
      ))}
    </ul>
  );
}

/** Who is looking: unknown on cached pages (public/site.js hides the guest-only fields for a logged-in member). */
export type Viewer = 'member' | 'guest' | 'unknown';

export interface CommentFormProps {
  articleId: number;
  mobile: boolean;
  commentsEnabled: boolean;
  /** 允许评论 is off for this article: 本文已关闭评论 instead of the form (the site-wide switch is told first). */
  articleClosed?: boolean;
  guestComments: boolean;
  /** 开放注册: the prompt offers 注册 only while registration is open (default: open). */
  registrationOpen?: boolean;
  viewer: Viewer;
  csrf: string;
  /** Where the log-in link brings the visitor back to. */
  loginNext: string;
  values?: { body?: string; nickname?: string };
  errors?: FormErrors;
  message?: string;
  /** The comment this one answers. */
  parent?: { id: number; floor: number; nickname: string; excerpt: string } | null;
}

/** The comment form. On cached pages it cannot know who is reading: guest-only parts carry data-guest-only. */
export function CommentForm(p: CommentFormProps): SafeHtml {
  if (!p.commentsEnabled) return markup`<p class="comments-closed">${s.commentsClosed}</p>`;
  if (p.articleClosed) return markup`<p class="comments-closed">${s.articleCommentsClosed}</p>`;
  const id = p.articleId;
  const writeUrl = commentUrls.write(id, { mobile: p.mobile });
  // Only members may comment and the page does not know who reads it (cached for everyone): the prompt
  // shows and the fields stay hidden until the log-in hint cookie says a member is reading. A member
  // without JavaScript follows the <noscript> link to the write page, which knows the reader.
  const membersOnly = !p.guestComments && p.viewer === 'unknown';
  // A guest's refused post comes back with the text: the log-in opens in a new window, this one keeps it.
  const keepDraft = !p.guestComments && p.viewer === 'guest' && Boolean(p.values?.body);
  const next = encodeURIComponent(keepDraft ? writeUrl : p.loginNext);
  const loginHref = `/member/login?next=${next}&why=comment`;
  // 注册 carries the same `next`: a phone reader's sign-up opens in the phone layout, 返回 leads back here.
  const registerHref = `/member/register?next=${next}`;
  const canRegister = p.registrationOpen !== false;
  const loginNote = keepDraft
    ? markup`<p class="login-note" role="alert">${s.loginKeepsDraft}<a${attr('href', loginHref)} target="_blank" rel="noopener">${
        s.loginNewWindow
      }</a>${canRegister ? markup` · <a${attr('href', registerHref)} target="_blank" rel="noopener">${s.registerLink}</a>` : null}</p>`
    : markup`<p class="login-note" data-guest-only>${s.loginToComment}<a${attr('href', loginHref)}>${s.loginLink}</a>${
        canRegister ? markup` · <a${attr('href', registerHref)}>${s.registerLink}</a>` : null
      }${membersOnly ? markup`<noscript> <a${attr('href', writeUrl)} rel="nofollow">${s.memberWriteLink}</a></noscript>` : null}</p>`;
  if (p.viewer === 'guest' && !p.guestComments && !keepDraft) return loginNote;
  const e = p.errors ?? {};
  const showNick = p.guestComments && p.viewer !== 'member';
  const nick = showNick
    ? markup`<div${attr('class', e.nickname ? 'field has-error' : 'field')} data-guest-only><label${attr('for', `nick-${id}`)}>${s.nickname}</label><input${attr(
        'id',
        `nick-${id}`,
      )} name="nickname" type="text" maxlength="20"${attr('value', p.values?.nickname ?? '')} autocomplete="nickname"${attr(
        'aria-describedby',
        `nick-${id}-hint`,
      )}><small${attr('id', `nick-${id}-hint`)}${attr('class', e.nickname ? 'error' : 'hint')}>${e.nickname ?? s.nicknameHint}</small></div>`
    : null;
  const fields = markup`<p class="replying" data-replying${attr('hidden', p.parent ? undefined : true)}><span data-replying-label>${
    p.parent ? format(s.replyTo, { floor: p.parent.floor, nick: p.parent.nickname }) : ''
  }</span>${p.parent ? markup`<span class="q-text">${p.parent.excerpt}</span>` : null} <a${attr('href', commentUrls.write(id, { mobile: p.mobile }))} data-cancel-reply>${
    s.cancelReply
  }</a></p>${nick}<div${attr('class', e.body ? 'field has-error' : 'field')}><label${attr('for', `body-${id}`)}>${s.body}</label><textarea${attr(
    'id',
    `body-${id}`,
  )} name="body" rows="4"${attr('maxlength', BODY_MAX)}${attr('placeholder', s.bodyPlaceholder)}${attr('aria-invalid', e.body ? 'true' : undefined)}${attr(
    'aria-describedby',
    e.body ? `body-${id}-error` : undefined,
  )}>${p.values?.body ?? ''}</textarea>${e.body ? markup`<small class="error"${attr('id', `body-${id}-error`)}>${e.body}</small>` : null}</div><button type="submit" class="btn primary">${
    s.submit
  }</button>`;
  return markup`<form method="post"${attr('action', commentUrls.post(id))} class="form comment-form" id="comment-form" novalidate><input type="hidden" name="_csrf"${attr(
    'value',
    p.csrf,
  )}><input type="hidden" name="parent"${attr('value', p.parent ? String(p.parent.id) : '')} data-parent-input>${
    p.mobile ? markup`<input type="hidden" name="m" value="1">` : null
  }${ErrorSummary({ message: p.message, errors: e })}${p.guestComments || p.viewer === 'member' ? null : loginNote}${
    membersOnly ? markup`<div class="member-fields" data-member-only hidden>${fields}</div>${MEMBER_FIELDS_SCRIPT}` : fields
  }</form>`;
}

// The log-in hint cookie (members' HINT_COOKIE, set at log-in): shows the fields a member may use at once,
// before any other script runs. Same bytes on every page (the cached article pages).
const MEMBER_FIELDS_SCRIPT = markup`<script>if(/(?:^|; )zx_in=1(?:;|$)/.test(document.cookie))document.querySelector('#comment-form [data-member-only]').hidden=false</script>`;

/** Numbered pagination with stable URLs; `urlFor(1)` is the list's first page. */
export function Pager(p: { page: number; pages: number; urlFor: (n: number) => string }): SafeHtml {
  return <SharedPagination {...p} labels={{ first: t.firstPage, prev: t.prevPage, next: t.nextPage, last: t.lastPage }} />;
}
