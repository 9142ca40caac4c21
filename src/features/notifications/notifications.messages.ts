import { t, format } from '../../strings/index.ts';
import { formatDateTime, urls } from '../articles/index.ts';
import type { NotificationInput } from './notifications.service.ts';

// What the site says to a member when something happens to their content: each event shape is plain
// (the composition root passes what the deciding feature reported), each message plain text.

const s = t.notifications;
const MEMBER_ARTICLES = '/member/articles/';
const short = (text: string, n: number) => ([...text].length > n ? `${[...text].slice(0, n).join('')}…` : text);

export interface Addressed {
  memberId: number;
  n: NotificationInput;
}

/** A review decision on the member's submission or revision. */
export function reviewMessage(d: {
  kind: 'approved' | 'scheduled' | 'rejected' | 'revision-approved' | 'revision-rejected';
  articleId: number;
  memberId: number;
  title: string;
  reason?: string;
  publishAt?: string | null;
  /** The editor changed the title or the text when approving. */
  edited?: boolean;
  /** The title the member sent, when the editor changed it. */
  submittedTitle?: string;
}): Addressed {
  const title = d.title;
  const reason = d.reason?.trim();
  const edits = !d.edited ? '' : d.submittedTitle && d.submittedTitle !== title ? format(s.editedRetitled, { was: d.submittedTitle }) : s.edited;
  switch (d.kind) {
    case 'approved':
      return { memberId: d.memberId, n: { kind: 'article.approved', body: format(s.articleApproved, { title }) + edits, link: urls.article(d.articleId) } };
    case 'scheduled':
      return {
        memberId: d.memberId,
        n: { kind: 'article.approved', body: format(s.articleScheduled, { title, time: formatDateTime(d.publishAt ?? '') }) + edits, link: MEMBER_ARTICLES },
      };
    case 'rejected':
      return {
        memberId: d.memberId,
        n: {
          kind: 'article.rejected',
          body: reason ? format(s.articleRejected, { title, reason }) : format(s.articleRejectedNoReason, { title }),
          link: MEMBER_ARTICLES,
        },
      };
    case 'revision-approved':
      return { memberId: d.memberId, n: { kind: 'article.approved', body: format(s.revisionApproved, { title }), link: urls.article(d.articleId) } };
    case 'revision-rejected':
      return {
        memberId: d.memberId,
        n: {
          kind: 'article.rejected',
          body: reason ? format(s.revisionRejected, { title, reason }) : format(s.revisionRejectedNoReason, { title }),
          link: MEMBER_ARTICLES,
        },
      };
  }
}

/** The member's published article was taken off the site by someone else. */
export function takenDownMessage(a: { authorId: number; title: string }, reason: string | undefined, how?: 'unpublished' | 'sanction'): Addressed {
  const r = reason?.trim();
  return {
    memberId: a.authorId,
    n: {
      kind: 'article.taken-down',
      body: r
        ? format(s.articleTakenDown, { title: a.title, reason: r })
        : format(how === 'unpublished' ? s.articleUnpublished : s.articleTakenDownNoReason, { title: a.title }),
      link: MEMBER_ARTICLES,
    },
  };
}

/** Staff hid or deleted the member's visible comment; `reason` when staff gave one (a report's category, say). */
export function commentRemovedMessage(c: {
  memberId: number;
  articleId: number;
  articleTitle: string;
  to: 'hidden' | 'deleted';
  reason?: string | undefined;
}): Addressed {
  const reason = c.reason?.trim();
  const body =
    format(c.to === 'hidden' ? s.commentHidden : s.commentDeleted, { title: c.articleTitle }) + (reason ? format(s.commentRemovedReason, { reason }) : '');
  return { memberId: c.memberId, n: { kind: 'comment.hidden', body, link: '/member/comments/' } };
}

/** Staff warned the member from the member admin page. */
export function warnedMessage(memberId: number, reason: string): Addressed {
  return { memberId, n: { kind: 'member.warned', body: reason ? format(s.warned, { reason }) : s.warnedNoReason, link: '/page/terms.html' } };
}

/** A report group closed: each reporter hears the outcome (with staff's note); a warned or banned author hears what and why. */
export function reportMessages(e: {
  decision: 'resolve' | 'dismiss';
  reporterIds: number[];
  label: string;
  authorId: number | null;
  actions: string[];
  note: string;
  /** What the author is quoted: the article's title or the comment's text (never the author's name). */
  quote?: string;
  targetType?: 'article' | 'comment' | 'url';
  /** The reports' reason categories in words (广告、侵权). */
  category?: string;
  /** Staff's reason for the author (never the reporters' note). */
  authorReason?: string;
  /** Where the author can still see the content, if anywhere. */
  link?: string | undefined;
}): Addressed[] {
  const label = short(e.label, 40);
  const outcome = e.decision === 'resolve' ? s.reportResolved : s.reportDismissed;
  const note = e.note.trim();
  const out: Addressed[] = e.reporterIds.map((memberId) => ({
    memberId,
    n: { kind: 'report.handled', body: format(note ? s.reportHandledNote : s.reportHandled, { label, outcome, note }), link: '/member/reports/' },
  }));
  const banned = e.actions.includes('ban');
  if (e.authorId !== null && e.decision === 'resolve' && (e.actions.includes('warn') || banned)) {
    const type = e.targetType ?? 'url';
    const reason = e.authorReason?.trim();
    const body =
      format(s.reportAuthorContent, { kind: s.reportKinds[type] ?? '', quote: short(e.quote ?? e.label, 40), category: e.category || s.noReasonGiven }) +
      (e.actions.includes('hide') ? (s.reportAuthorHidden[type] ?? '') : '') +
      (banned ? s.reportAuthorBanned : s.reportAuthorWarned) +
      (reason ? format(s.reportAuthorReason, { reason }) : '') +
      (banned ? '' : s.reportAuthorWarnedTail);
    // A banned member cannot follow a link; a warned one is sent to the content while it is still there.
    const link = banned ? undefined : e.link;
    out.push({ memberId: e.authorId, n: { kind: banned ? 'member.banned' : 'member.warned', body, ...(link ? { link } : {}) } });
  }
  return out;
}

/**
 * Someone replied to (quoted) the member's comment. With the reply's id the link opens the page of the
 * comment list the reply is on at that moment, at its anchor (`GET /comments/<id>` of comments).
 */
export function commentReplyMessage(c: {
  memberId: number;
  articleId: number;
  articleTitle: string;
  replier: string;
  excerpt: string;
  commentId?: number;
}): Addressed {
  return {
    memberId: c.memberId,
    n: {
      kind: 'comment.reply',
      body: format(s.commentReply, { name: c.replier, title: c.articleTitle, excerpt: short(c.excerpt, 60) }),
      link: c.commentId ? `/comments/${c.commentId}` : `/news/${c.articleId}/comments`,
    },
  };
}

/** Staff shipped or cancelled the member's mall order. */
export function orderMessage(
  o: { memberId: number; giftName: string; carrier: string; trackingNo: string; cancelReason: string; totalPoints: number },
  change: 'shipped' | 'cancelled',
): Addressed {
  const body =
    change === 'shipped'
      ? format(s.orderShipped, { gift: o.giftName, carrier: o.carrier, no: o.trackingNo })
      : format(s.orderCancelled, { gift: o.giftName, reason: o.cancelReason, n: o.totalPoints });
  return { memberId: o.memberId, n: { kind: change === 'shipped' ? 'order.shipped' : 'order.cancelled', body, link: '/member/orders' } };
}

/** Staff approved, rejected or stopped the member's ad booking. */
export function adMessage(e: {
  ad: { memberId: number | null; title: string };
  decision: 'approved' | 'rejected' | 'stopped';
  reason: string;
  refund: number;
}): Addressed[] {
  if (e.ad.memberId === null) return [];
  const title = short(e.ad.title, 40);
  const reason = e.reason.trim() || s.noReasonGiven;
  const body =
    e.decision === 'approved'
      ? format(s.adApproved, { title })
      : format(e.decision === 'rejected' ? s.adRejected : s.adStopped, { title, reason, n: e.refund });
  return [{ memberId: e.ad.memberId, n: { kind: e.decision === 'stopped' ? 'ad.stopped' : 'ad.reviewed', body, link: '/member/ads/' } }];
}

/** Staff answered the member's 网站留言. */
export function guestbookReplyMessage(m: { memberId: number | null; body: string; reply: string }): Addressed[] {
  if (m.memberId === null) return [];
  return [
    {
      memberId: m.memberId,
      n: { kind: 'guestbook.replied', body: format(s.guestbookReplied, { excerpt: short(m.body, 30), reply: short(m.reply, 120) }), link: '/guestbook/' },
    },
  ];
}

/** A reader tipped the member's article. */
export function tipMessage(
  tip: { authorId: number; articleId: number; authorShare: number; amount: number; message: string },
  from: string | undefined,
  title: string,
): Addressed {
  const who = from ?? s.anonymousReader;
  const body = format(tip.message.trim() ? s.tipReceivedMessage : s.tipReceived, {
    name: who,
    title,
    n: tip.authorShare,
    message: short(tip.message.trim(), 60),
  });
  return { memberId: tip.authorId, n: { kind: 'tip.received', body, link: '/member/tips/?tab=received' } };
}

/** An admin adjusted the member's points. */
export function pointsAdjustedMessage(e: { memberId: number; amount: number; reason: string; balance: number }): Addressed {
  const body = format(e.amount > 0 ? s.pointsAdded : s.pointsDeducted, { n: Math.abs(e.amount), reason: e.reason || s.noReasonGiven, balance: e.balance });
  return { memberId: e.memberId, n: { kind: 'points.adjusted', body, link: '/member/points/' } };
}
