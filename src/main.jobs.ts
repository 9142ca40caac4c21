import type { Clock } from './platform/clock.ts';
import type { Scheduler } from './platform/jobs/scheduler.ts';
import { SETTLE_JOB } from './features/promotion/index.ts';
import { SWEEP_JOB as UPLOADS_SWEEP_JOB } from './features/uploads/index.ts';

/** What the periodic jobs call: each is a feature's own operation, named here only to be scheduled. */
export interface JobTargets {
  clock: Clock;
  releaseScheduled(from: string, until: string): Promise<unknown>;
  settlePromotion(): Promise<unknown>;
  relatedQueue(): Promise<unknown>;
  relatedRefreshDf(): Promise<unknown>;
  pruneNotifications(): Promise<unknown>;
  mailDigests(): Promise<unknown>;
  sweepUploads(): Promise<unknown>;
  /** The CLI's import/seed/reindex into this database: pages and memos are dropped within seconds. */
  outsideWrites(): Promise<unknown>;
}

/** The server's periodic jobs (main.ts). Every instance runs them; jobs that must run once claim their work in the database. */
export function scheduleJobs(scheduler: Scheduler, j: JobTargets): void {
  let releasedUntil = j.clock.now().toISOString();
  scheduler.every('articles.release-scheduled', 30_000, async () => {
    const until = j.clock.now().toISOString();
    await j.releaseScheduled(releasedUntil, until);
    releasedUntil = until;
  });
  scheduler.every(SETTLE_JOB, 60_000, j.settlePromotion);
  scheduler.every('related.queue', 15_000, j.relatedQueue);
  scheduler.every('related.refresh-df', 24 * 3_600_000, j.relatedRefreshDf);
  scheduler.every('notifications.prune', 24 * 3_600_000, j.pruneNotifications);
  scheduler.every('notifications.mail', 5 * 60_000, j.mailDigests);
  // Hourly look, one sweep a day across instances (upload_sweeps claims the day).
  scheduler.every(UPLOADS_SWEEP_JOB, 3_600_000, j.sweepUploads);
  scheduler.every('cache.outside-writes', 5_000, j.outsideWrites);
}
