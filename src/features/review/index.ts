export { registerReview, type ReviewDeps } from './review.routes.tsx';
export { createReview, type Review, type QueueRow, type RevisionDiff, type ReviewDecided } from './review.service.ts';
export { diffWords, diffLines, type Chunk, type LineDiff } from './review.diff.ts';
