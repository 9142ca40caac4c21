import type { Db, DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { fold } from '../../platform/text/index.ts';
import { countIndexableArticles, indexableArticlesAfter, type IndexableArticle } from '../articles/index.ts';
import type { RebuildClaim } from './search.index-version.ts';

/** One background index job and how far it got (shown on /admin/search/terms). */
export interface IndexJobStatus {
  id: number;
  /** 'term': re-index the articles containing a newly added term; 'rebuild': the whole index. */
  kind: 'term' | 'rebuild';
  term?: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  /** Articles read so far, of `total`. */
  checked: number;
  total: number;
  /** Articles re-indexed (term jobs: those containing the term). */
  updated: number;
  queuedAt: string;
  finishedAt?: string;
}

export interface IndexJobsDeps {
  dbh: DbHandle;
  clock: Clock;
  /** Re-index one article in the caller's transaction (the search feature's `sync`). */
  resync(trx: Db, id: number): Promise<void>;
  /** The full rebuild (search.reindex.ts), reporting progress. */
  rebuild(onProgress: (done: number, total: number) => void): Promise<unknown>;
  onError?: (e: unknown) => void;
  /** Articles read per step of a term job (the event loop is free between steps). */
  batch?: number;
}

const KEEP_FINISHED = 5;

/**
 * Index jobs run in the background of this process, one at a time, in order: after an admin adds a
 * term, the articles containing it are found (every published article's text is read and folded, a
 * step at a time) and re-indexed with the new dictionary, each step in its own transaction through
 * the same `sync` every article write uses, so the job may run twice or overlap with edits safely.
 * A full rebuild (the admin page's 重建索引) covers every term, so term jobs queued before it are
 * dropped. Jobs live in memory: a restart forgets unfinished ones (the page says so; 重建索引 then
 * brings the index up to date).
 *
 * Only the instance where an admin acted runs its job (nothing here runs on a timer, so several instances
 * do not repeat each other's work; `sync` writes an article's entry whole, so a term job meeting another
 * instance's edit of the same article cannot count anything twice). A rebuild asked for by hand comes
 * with the database claim (search.index-version.ts, `claimManualRebuild`) its caller took, so no two
 * rebuilds run at once across instances; the job ends the claim when the rebuild is done or failed, or
 * when it never runs (dropped, or the server stops first).
 */
export function createIndexJobs(deps: IndexJobsDeps) {
  const { dbh, clock } = deps;
  const batch = deps.batch ?? 200;
  const jobs: IndexJobStatus[] = [];
  let nextId = 1;
  /** The manual rebuild claims of rebuild jobs not finished yet, by job id. */
  const claims = new Map<number, RebuildClaim>();
  const endClaim = async (job: IndexJobStatus, failed: boolean) => {
    const claim = claims.get(job.id);
    claims.delete(job.id);
    await claim?.end(failed).catch((e: unknown) => deps.onError?.(e));
  };
  let running: Promise<void> | undefined;
  let stopped = false;

  const now = () => clock.now().toISOString();
  const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

  async function runTerm(job: IndexJobStatus): Promise<void> {
    const term = fold(job.term ?? '');
    job.total = await countIndexableArticles(dbh.db);
    let after = 0;
    while (!stopped) {
      const rows: IndexableArticle[] = await indexableArticlesAfter(dbh.db, after, batch);
      if (!rows.length) break;
      after = (rows[rows.length - 1] as IndexableArticle).id;
      const hits = rows.filter((a) => fold([a.title, a.subtitle, a.summary, ...a.tags, a.text].join('\n')).includes(term)).map((a) => a.id);
      if (hits.length)
        await dbh.tx(async (trx) => {
          for (const id of hits) await deps.resync(trx, id);
        });
      job.checked += rows.length;
      job.updated += hits.length;
      job.total = Math.max(job.total, job.checked);
      await pause();
    }
  }

  async function drain(): Promise<void> {
    for (let job = jobs.find((j) => j.state === 'queued'); job && !stopped; job = jobs.find((j) => j.state === 'queued')) {
      job.state = 'running';
      try {
        if (job.kind === 'term') await runTerm(job);
        else
          await deps.rebuild((done, total) => {
            job.checked = done;
            job.updated = done;
            job.total = total;
          });
        job.state = stopped ? 'failed' : 'done';
        await endClaim(job, false);
      } catch (e) {
        job.state = 'failed';
        deps.onError?.(e);
        await endClaim(job, true);
      }
      job.finishedAt = now();
      // Keep the running and queued jobs and the last few finished ones.
      const finished = jobs.filter((j) => j.state === 'done' || j.state === 'failed');
      for (const old of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) jobs.splice(jobs.indexOf(old), 1);
    }
  }

  function start(): void {
    if (running || stopped) return;
    running = drain().finally(() => {
      running = undefined;
      if (!stopped && jobs.some((j) => j.state === 'queued')) start();
    });
  }

  function enqueue(kind: IndexJobStatus['kind'], term?: string, claim?: RebuildClaim): IndexJobStatus | undefined {
    const queued = jobs.filter((j) => j.state === 'queued');
    // A queued rebuild covers any term added before it runs; a queued job for the same term, itself.
    if (stopped || queued.some((j) => j.kind === 'rebuild' || (kind === 'term' && j.term === term))) {
      void claim?.end(true).catch((e: unknown) => deps.onError?.(e));
      return undefined;
    }
    if (kind === 'rebuild') for (const j of queued) jobs.splice(jobs.indexOf(j), 1);
    const job: IndexJobStatus = { id: nextId++, kind, ...(term ? { term } : {}), state: 'queued', checked: 0, total: 0, updated: 0, queuedAt: now() };
    if (claim) claims.set(job.id, claim);
    jobs.push(job);
    start();
    return job;
  }

  return {
    /** Re-index the articles containing `term` (just added to the dictionary). */
    afterTermAdded: (term: string) => enqueue('term', term),
    /**
     * Rebuild the whole index. `claim`: the manual rebuild claim its caller holds (ended by the job); none
     * for the start-up rebuild, whose claim the search service holds.
     */
    rebuild: (claim?: RebuildClaim) => enqueue('rebuild', undefined, claim),
    /** Whether a rebuild is queued or running in this process. */
    isRebuilding: () => jobs.some((j) => j.kind === 'rebuild' && (j.state === 'queued' || j.state === 'running')),
    /** Running and queued jobs, then the last few finished ones, oldest first. */
    status: (): IndexJobStatus[] => jobs.map((j) => ({ ...j })),
    /** Resolves when no job is queued or running (tests, shutdown). */
    async idle(): Promise<void> {
      while (running) await running;
    },
    /** Stops after the current step (waiting at most `waitMs` for a rebuild, which cannot stop midway). */
    async stop(waitMs = 10_000): Promise<void> {
      stopped = true;
      // Rebuilds that will not run now give their claims back (a running one ends its own when it finishes).
      for (const j of jobs.filter((x) => x.state === 'queued')) await endClaim(j, true);
      if (running) await Promise.race([running, new Promise((resolve) => setTimeout(resolve, waitMs).unref())]);
    },
  };
}

export type IndexJobs = ReturnType<typeof createIndexJobs>;
