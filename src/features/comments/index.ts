export {
  createComments,
  excerpt,
  COMMENT_STATUSES,
  type Comments,
  type CommentView,
  type CommentQuote,
  type CommentStatus,
  type CommentOrder,
  type CommentPage,
} from './comments.service.ts';
export {
  createCommentActions,
  commentsTag,
  COMMENT_LIMITS,
  type CommentActions,
  type CommentActionsDeps,
  type CommentStatusChange,
  type PostResult,
} from './comments.actions.ts';
export { MODERATIONS, type Moderation } from './comments.schema.ts';
export { commentUrls } from './comments.urls.ts';
export { guestNameProblem, type MemberNames } from './comments.guest-names.ts';
export { registerComments, type CommentsDeps } from './comments.routes.ts';
export type { ArticleLookup } from './comments.public.tsx';
export { CommentList, CommentForm, CommunityAssets, type ItemContext, type Viewer } from './views/comment-parts.tsx';
