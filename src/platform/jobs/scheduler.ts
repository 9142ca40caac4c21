/**
 * In-process periodic jobs. Each run is awaited before the next is scheduled (no overlap); errors are
 * reported and the job keeps its schedule. Timers are unref'd so they never keep the process alive.
 */
export interface Scheduler {
  every(name: string, ms: number, fn: () => Promise<unknown>): void;
  /** Run a job now (tests, or on shutdown). */
  runNow(name: string): Promise<void>;
  stop(): void;
}

export function createScheduler(onError: (name: string, e: unknown) => void): Scheduler {
  const jobs = new Map<string, { fn: () => Promise<unknown>; timer?: NodeJS.Timeout; ms: number; running?: Promise<void> }>();
  let stopped = false;

  function run(name: string): Promise<void> {
    const job = jobs.get(name);
    if (!job) return Promise.reject(new Error(`no job ${name}`));
    if (job.running) return job.running;
    job.running = job
      .fn()
      .then(() => undefined)
      .catch((e: unknown) => onError(name, e))
      .finally(() => {
        job.running = undefined;
      });
    return job.running;
  }

  function schedule(name: string): void {
    const job = jobs.get(name);
    if (!job || stopped) return;
    job.timer = setTimeout(() => void run(name).then(() => schedule(name)), job.ms);
    job.timer.unref();
  }

  return {
    every(name, ms, fn) {
      if (jobs.has(name)) throw new Error(`job ${name} registered twice`);
      jobs.set(name, { fn, ms });
      schedule(name);
    },
    runNow: run,
    stop() {
      stopped = true;
      for (const j of jobs.values()) if (j.timer) clearTimeout(j.timer);
    },
  };
}
