import type { Clock } from '../../platform/clock.ts';
import { siteDay } from './points.service.ts';

/**
 * 每日首次登录: a member who logged in on an earlier day and kept the session (they last 30 days) gets
 * the day's log-in (上次登录, the daily reward) at their first request of a new site day. The reward is
 * keyed by day, so another instance or a password log-in the same day adds nothing; the memo only
 * saves the lookup on the member's later requests. Returns the function sessions call per request.
 */
export function createDailyVisit(deps: {
  clock: Clock;
  lastLoginAt: (memberId: number) => Promise<string | null>;
  recordLogin: (memberId: number) => Promise<unknown>;
}): (memberId: number) => Promise<void> {
  const visitedOn = new Map<number, string>();
  return async (id) => {
    const day = siteDay(deps.clock.now());
    if (visitedOn.get(id) === day) return;
    if (visitedOn.size >= 100_000) visitedOn.clear();
    visitedOn.set(id, day);
    try {
      const last = await deps.lastLoginAt(id);
      if (last && siteDay(new Date(last)) !== day) await deps.recordLogin(id);
    } catch (e) {
      console.error('daily log-in:', e);
    }
  };
}
