export {
  createPoints,
  siteDay,
  REWARD_RULES,
  type Points,
  type RewardRule,
  type RewardRuleSetting,
  type HistoryEntry,
  type ReasonRow,
  type RefLink,
} from './points.service.ts';
export {
  IdempotencyReplay,
  MAX_POSTING,
  SYSTEM_ACCOUNTS,
  amountProblem,
  type SystemAccountCode,
  type AccountRef,
  type Posting,
  type PostInput,
  type LedgerTransaction,
} from './points.ledger.ts';
export { verifyLedger, type LedgerReport } from './points.verify.ts';
export { createPointsHooks, type PointsHooks } from './points.hooks.ts';
export { createDailyVisit } from './points.daily-visit.ts';
export { registerPoints, type PointsDeps } from './points.routes.tsx';
export { pointsApiDoc } from './points.api.ts';
export { typedNumber } from './points.numbers.ts';
