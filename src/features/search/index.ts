export { createSearch, cleanQuery, MAX_QUERY_CHARS, type Search, type SearchDeps, type SearchInput, type SearchOutcome } from './search.service.ts';
export { registerSearchPages, type SearchPagesDeps } from './search.routes.tsx';
export { registerSearchAdmin, type SearchAdminDeps } from './search.admin.tsx';
export { highlight, snippet, type Piece } from './search.highlight.ts';
export type { SearchIndex, SearchDoc, IndexQuery } from './search.index.ts';
export { createRelated, recencyFactor, type Related, type RelatedOverride } from './related.service.ts';
export {
  createOriginality,
  isCopyMatch,
  type Originality,
  type OriginalityMatch,
  type OriginalityReport,
  type SubmissionCheck,
} from './originality.service.ts';
export { createRelatedIndexer, rebuildRelated } from './related.rebuild.ts';
export { registerRelatedAdmin, createReviewBlocks, type RelatedAdminDeps } from './related.routes.tsx';
export { INDEX_VERSION, INDEX_VERSION_SETTING, claimManualRebuild } from './search.index-version.ts';
