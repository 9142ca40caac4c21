import type { Audit } from '../audit/index.ts';
import { urls, type Articles } from '../articles/index.ts';
import { commentUrls, type CommentActions, type Comments } from '../comments/index.ts';
import type { Members } from '../members/index.ts';
import { ConflictError, NotFoundError } from '../../platform/errors.ts';
import { t } from '../../strings/index.ts';
import type { ReportPorts, TargetInfo } from './reports.service.ts';

const EXCERPT = 60;

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT ? flat.slice(0, EXCERPT) + '…' : flat;
}

export interface PortDeps {
  articles: Articles;
  comments: Comments;
  /** The comments feature's write side; reports use its staff moderation (audited, counts kept right). */
  commentActions: Pick<CommentActions, 'moderate'>;
  members: Members;
  audit: Audit;
}

/**
 * The reported things as the features that own them see them, and the actions staff take on them:
 * an article is taken down (status `rejected`: off the site, editable and resubmittable by its
 * author), a comment is hidden through the comments feature, members are warned or banned through
 * the members feature. Each of those records its own audit entry.
 */
export function createReportPorts(deps: PortDeps): ReportPorts {
  const { articles, comments, members } = deps;

  async function describeArticle(id: number): Promise<TargetInfo> {
    const a = await articles.getAny(id);
    if (!a || a.status === 'deleted') return { visible: false, gone: true, label: a?.title ?? `#${id}`, authorId: a?.authorId ?? null };
    const visible = (await articles.getPublished(id)) !== undefined;
    return { visible, gone: false, label: a.title, quote: a.title, ...(visible ? { href: urls.article(id) } : {}), authorId: a.authorId };
  }

  async function describeComment(id: number): Promise<TargetInfo> {
    const c = await comments.get(id);
    if (!c) return { visible: false, gone: true, label: `#${id}`, authorId: null };
    const article = await articles.getPublished(c.articleId);
    const visible = c.status === 'visible' && article !== undefined;
    return {
      visible,
      gone: c.status === 'deleted',
      label: `${c.nickname}：${excerpt(c.body)}`,
      quote: excerpt(c.body),
      ...(visible ? { href: `${commentUrls.list(c.articleId)}#c${c.id}` } : {}),
      ...(article ? { context: article.title } : {}),
      articleId: c.articleId,
      authorId: c.memberId,
    };
  }

  /** The newest `member.ban` entry's id (0 for none): a ban's entry is newer. */
  const newestBan = async () => (await deps.audit.list({ action: 'member.ban', limit: 1, offset: 0 })).items[0]?.id ?? 0;

  return {
    async describe(target) {
      if (target.type === 'article') return describeArticle(target.id);
      if (target.type === 'comment') return describeComment(target.id);
      return { visible: true, gone: false, label: target.url, href: target.url, authorId: null };
    },
    async hide(target, actorId, reason, note, ip) {
      if (target.type === 'article') {
        // The articles service runs the take-down hook (points: the approval reward is reversed; the
        // author's 站内信 says why). The author sees why in 我的文章 (未通过原因) too. Not the editor's
        // note: that is written to the reporters.
        await articles.update(target.id, { status: 'rejected' }, actorId, { rejectReason: reason || t.reports.takenDownReason });
        // The article is down from here on: a failed audit entry does not make the take-down undone.
        const detail = { via: 'report', reason, note };
        const audited = deps.audit.record({ actorId, action: 'article.take_down', targetType: 'article', targetId: target.id, detail, ip });
        return audited.then(
          () => ({}),
          (laterError: unknown) => ({ laterError }),
        );
      }
      if (target.type === 'comment') await deps.commentActions.moderate({ ids: [target.id], action: 'hide', actorId, ip, reason });
      return {};
    },
    warn: (memberId, actorId, reason, ip) => members.warnMember(memberId, actorId, reason.slice(0, 200), ip),
    async ban(memberId, actorId, reason, ip) {
      const before = await newestBan();
      try {
        return { id: await members.banMember(memberId, actorId, (reason || t.reports.defaultBanReason).slice(0, 200), ip) };
      } catch (laterError) {
        // banMember ends the member's sessions after its transaction committed (Redis, when sessions live
        // there). The ban stands then (a banned member's session is refused on every request, the tokens are
        // gone): the ban is done, the failure only logged. Told apart by the ban's entry written since.
        const m = await members.byId(memberId);
        const { items } = await deps.audit.list({ action: 'member.ban', limit: 20, offset: 0 });
        const own = items.find((e) => e.id > before && e.targetType === 'member' && e.targetId === memberId && e.actorId === actorId);
        if (m?.status === 'banned' && own) return { id: own.id, laterError };
        throw laterError;
      }
    },
    member: (id) => members.byId(id),
    async restore(target, actorId, ip, since) {
      if (target.type === 'article') {
        const a = await articles.getAny(target.id);
        if (!a || a.status !== 'rejected') throw new ConflictError(t.reports.errNotRestorable, 'report_not_restorable');
        if (a.updatedAt > since) throw new ConflictError(t.reports.errEditedSince, 'report_edited_since');
        // Back as it was: published with its own date (articles.update keeps it), the 未通过原因 cleared.
        await articles.update(target.id, { status: 'published' }, actorId, { rejectReason: '' });
        await deps.audit.record({ actorId, action: 'article.restore', targetType: 'article', targetId: target.id, detail: { via: 'report' }, ip });
      } else if (target.type === 'comment') {
        const c = await comments.get(target.id);
        const n = c?.status === 'hidden' ? await deps.commentActions.moderate({ ids: [target.id], action: 'restore', actorId, ip }) : 0;
        if (n !== 1) throw new ConflictError(t.reports.errNotRestorable, 'report_not_restorable');
      } else throw new ConflictError(t.reports.errNotRestorable, 'report_not_restorable');
    },
    lift: (trx, m) => members.moderation.liftSanctions(trx, m),
    standing: (id) => members.moderation.detail(id).catch((e: unknown) => (e instanceof NotFoundError ? undefined : Promise.reject(e))),
  };
}
