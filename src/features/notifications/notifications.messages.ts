import { t, format } from '../../strings/index.ts';
import { formatDateTime, urls } from '../articles/index.ts';
import type { NotificationInput } from './notifications.service.ts';

// What the site says to a member when something happens to their content: each event shape is plain
// (the composition root passes what the deciding feature reported), each message plain text.

const s = t.notifications;
const MEMBER_ARTICLES = '/member/articles/';

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
}): Addressed {
  const title = d.title;
  const reason = d.reason?.trim();
  switch (d.kind) {
    case 'approved':
      return { memberId: d.memberId, n: { kind: 'article.approved', body: format(s.articleApproved, { title }), link: urls.article(d.articleId) } };
    case 'scheduled':
      return {
        memberId: d.memberId,
        n: { kind: 'article.approved', body: format(s.articleScheduled, { title, time: formatDateTime(d.publishAt ?? '') }), link: MEMBER_ARTICLES },
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
export function takenDownMessage(a: { authorId: number; title: string }, reason: string | undefined): Addressed {
  const r = reason?.trim();
  return {
    memberId: a.authorId,
    n: {
      kind: 'article.taken-down',
      body: r ? format(s.articleTakenDown, { title: a.title, reason: r }) : format(s.articleTakenDownNoReason, { title: a.title }),
      link: MEMBER_ARTICLES,
    },
  };
}

/** Staff hid or deleted the member's visible comment. */
export function commentRemovedMessage(c: { memberId: number; articleId: number; articleTitle: string; to: 'hidden' | 'deleted' }): Addressed {
  const body = format(c.to === 'hidden' ? s.commentHidden : s.commentDeleted, { title: c.articleTitle });
  return { memberId: c.memberId, n: { kind: 'comment.hidden', body, link: '/member/comments/' } };
}

/** Staff warned the member from the member admin page. */
export function warnedMessage(memberId: number, reason: string): Addressed {
  return { memberId, n: { kind: 'member.warned', body: reason ? format(s.warned, { reason }) : s.warnedNoReason, link: '/page/terms.html' } };
}

/** A report group closed: each reporter hears the outcome (with staff's note); a warned author hears why. */
export function reportMessages(e: {
  decision: 'resolve' | 'dismiss';
  reporterIds: number[];
  label: string;
  authorId: number | null;
  actions: string[];
  note: string;
}): Addressed[] {
  const label = [...e.label].length > 40 ? `${[...e.label].slice(0, 40).join('')}…` : e.label;
  const outcome = e.decision === 'resolve' ? s.reportResolved : s.reportDismissed;
  const note = e.note.trim();
  const out: Addressed[] = e.reporterIds.map((memberId) => ({
    memberId,
    n: { kind: 'report.handled', body: format(note ? s.reportHandledNote : s.reportHandled, { label, outcome, note }), link: '/member/reports/' },
  }));
  if (e.authorId !== null && e.decision === 'resolve' && (e.actions.includes('warn') || e.actions.includes('ban')))
    out.push({ memberId: e.authorId, n: { kind: 'member.warned', body: format(s.reportWarned, { label }) } });
  return out;
}
