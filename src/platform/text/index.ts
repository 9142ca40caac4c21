// platform/text: Chinese text for search, related articles, summaries and keywords. The one door.
// Plain text from HTML: use htmlToText from platform/html/sanitize.ts.
export { compareKey, fold } from './fold.ts';
export { createSegmenter, type Segmenter } from './segmenter.ts';
export { isStopWord } from './stopwords.ts';
export { tfidfKeywords, defaultIdf, type Keyword, type KeywordOptions } from './keywords.ts';
export { summarize, sentences } from './summarize.ts';
export * from './fingerprint.ts';
export * from './vectors.ts';
export { normalizeMetaKeywords } from './meta-keywords.ts';
