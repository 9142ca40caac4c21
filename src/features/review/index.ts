export { registerReview, type ReviewDeps } from './review.routes.tsx';
export {
  createReview,
  approveSubmission,
  APPROVABLE_STATUSES,
  CopyOfPublishedError,
  type ApprovalDeps,
  type ApprovalInput,
  type CopyOf,
  type PublishedCopyCheck,
  type Review,
  type QueueRow,
  type RevisionDiff,
  type ReviewDecided,
} from './review.service.ts';
export { diffWords, diffLines, type Chunk, type LineDiff } from './review.diff.ts';
