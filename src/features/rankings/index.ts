export { createHits, isBot, hourBucket, type Hits } from './hits.service.ts';
export { createRankings, HOT_WINDOWS, type HotWindow, type HotEntry, type Rankings } from './rankings.service.ts';
