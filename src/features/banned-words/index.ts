export { createBannedWords, normalizeForMatch, splitWords, IMPORT_MAX, type BannedWords, type ImportResult } from './banned-words.service.ts';
export { registerBannedWordsImport, type BannedWordsImportDeps } from './banned-words.import.tsx';
