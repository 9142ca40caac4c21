export { createBannedWords, normalizeForMatch, type BannedWords } from './banned-words.service.ts';
