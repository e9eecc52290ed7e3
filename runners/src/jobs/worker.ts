/**
 * Runs queued jobs for the runners that are up. PostgreSQL NOTIFY (functions send `NOTIFY jobs,
 * '<runner>'` after inserting) makes pickup immediate; a poll catches what a lost notification or an
 * outage missed. Each runner's jobs run one at a time in this process; SKIP LOCKED keeps several
 * processes from taking the same job.
 */
import type { Sql } from 'postgres';
import type { BackoffOptions } from '../backoff';
import { createOutageReporter, type Logger, withLogContext } from '../log';
import type { JobHandler } from '../runner';
import { decideAfterFailure, defaultJobRetry, jobErrorText, unknownKindError } from './policy';
import {
  type ClaimedJob,
  claimJob,
  completeJob,
  failJob,
  releaseJob,
  requeueStuckJobs,
  retryJob,
} from './queue';

export type JobWorkerOptions = {
  sql: Sql;
  log: Logger;
  /** The job handlers of a runner, or undefined while it is not running (its jobs then wait). */
  handlersFor(runner: string): Record<string, JobHandler> | undefined;
  runningRunners(): string[];
  pollMs?: number;
  /** A job 'running' for longer than this was lost in a crash. */
  stuckAfterMs?: number;
  /** A try that takes longer is aborted and counted as failed; kept below stuckAfterMs. */
  jobTimeoutMs?: number;
  /** How long shutdown waits for running jobs before aborting them. */
  shutdownGraceMs?: number;
  retry?: BackoffOptions;
};

class ShutdownError extends Error {
  override name = 'ShutdownError';
}

export function createJobWorker(options: JobWorkerOptions) {
  const opts = {
    pollMs: 5_000,
    stuckAfterMs: 10 * 60_000,
    jobTimeoutMs: 9 * 60_000,
    shutdownGraceMs: 10_000,
    retry: defaultJobRetry,
    ...options,
  };
  const { sql } = opts;
  const log = opts.log.child({ component: 'jobs' });
  const outage = createOutageReporter(log, 'the job queue');
  const draining = new Map<string, { again: boolean; done: Promise<void> }>();
  const executing = new Set<Promise<void>>();
  let shutdown = new AbortController();
  let pollTimer: NodeJS.Timeout | undefined;
  let lastStuckSweep = 0;
  let listening: { unlisten(): Promise<void> } | null = null;
  let listenPending = false;
  let stopped = true;

  function wake(runner: string) {
    if (stopped || !opts.handlersFor(runner)) return;
    const current = draining.get(runner);
    if (current) {
      // A job committed while we drain may have been missed by a claim already under way.
      current.again = true;
      return;
    }
    const state = { again: false, done: Promise.resolve() };
    draining.set(runner, state);
    state.done = (async () => {
      try {
        do {
          state.again = false;
          while (!stopped && (await runOne(runner))) {}
        } while (state.again && !stopped);
        outage.ok();
      } catch (error) {
        outage.failed(error);
      } finally {
        draining.delete(runner);
      }
    })();
  }

  async function runOne(runner: string) {
    const handlers = opts.handlersFor(runner);
    if (!handlers) return false;
    const job = await claimJob(sql, runner);
    if (!job) return false;
    const run = execute(job, handlers);
    executing.add(run);
    try {
      await run;
    } finally {
      executing.delete(run);
    }
    return true;
  }

  async function execute(job: ClaimedJob, handlers: Record<string, JobHandler>) {
    const jobLog = log.child({ runner: job.runner, jobId: job.id, kind: job.kind });
    const handler = Object.hasOwn(handlers, job.kind) ? handlers[job.kind] : undefined;
    if (!handler) {
      const message = unknownKindError(job.runner, job.kind, Object.keys(handlers));
      await failJob(sql, job.id, message);
      jobLog.error('job failed', { error: message });
      return;
    }
    const controller = new AbortController();
    const onShutdown = () => controller.abort(new ShutdownError('shutting down'));
    const shutdownSignal = shutdown.signal;
    shutdownSignal.addEventListener('abort', onShutdown, { once: true });
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await withLogContext({ ...(job.requestId ? { requestId: job.requestId } : {}), jobId: job.id }, () =>
        Promise.race([
          Promise.resolve().then(() =>
            handler(job.payload, {
              id: job.id,
              runner: job.runner,
              kind: job.kind,
              attempt: job.attempts,
              maxAttempts: job.maxAttempts,
              requestId: job.requestId,
              signal: controller.signal,
              log: jobLog,
            }),
          ),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
              const error = new Error(`Timed out after ${opts.jobTimeoutMs} ms`);
              controller.abort(error);
              reject(error);
            }, opts.jobTimeoutMs);
            controller.signal.addEventListener('abort', () => reject(controller.signal.reason), {
              once: true,
            });
          }),
        ]),
      );
      await completeJob(sql, job.id);
      jobLog.info('job done', { ms: Date.now() - started, attempt: job.attempts });
    } catch (error) {
      if (controller.signal.reason instanceof ShutdownError) {
        await releaseJob(sql, job.id);
        jobLog.warn('job interrupted by shutdown; back in the queue', { ms: Date.now() - started });
        return;
      }
      const decision = decideAfterFailure(job, opts.retry, error);
      const text = jobErrorText(error);
      if (decision.status === 'queued') {
        await retryJob(sql, job.id, text, decision.retryInMs);
        jobLog.warn('job failed; will retry', {
          err: error,
          attempt: job.attempts,
          retryInMs: decision.retryInMs,
        });
      } else {
        await failJob(sql, job.id, text);
        jobLog.error('job failed for good', { err: error, attempts: job.attempts });
      }
    } finally {
      clearTimeout(timer);
      shutdownSignal.removeEventListener('abort', onShutdown);
    }
  }

  async function listen() {
    if (listening || listenPending || stopped) return;
    listenPending = true;
    try {
      // postgres.js re-listens by itself after a dropped connection; onlisten fires each time,
      // and notifications sent meanwhile are lost, so every (re)subscription drains everything.
      listening = await sql.listen(
        'jobs',
        (runner) => (runner ? wake(runner) : wakeAll()),
        () => wakeAll(),
      );
      if (stopped) await listening.unlisten();
    } catch (error) {
      outage.failed(error);
    } finally {
      listenPending = false;
    }
  }

  function wakeAll() {
    for (const runner of opts.runningRunners()) wake(runner);
  }

  async function sweepStuck() {
    if (Date.now() - lastStuckSweep < 60_000) return;
    lastStuckSweep = Date.now();
    try {
      const reclaimed = await requeueStuckJobs(sql, opts.stuckAfterMs);
      if (reclaimed.length > 0) log.warn('reclaimed jobs lost mid-run', { jobs: reclaimed });
    } catch (error) {
      lastStuckSweep = 0;
      outage.failed(error);
    }
  }

  function tick() {
    void listen();
    void sweepStuck();
    wakeAll();
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      shutdown = new AbortController();
      tick();
      pollTimer = setInterval(tick, opts.pollMs);
    },
    /** Nudges a runner's queue, e.g. when the runner has just come up. */
    wake,
    /** Resolves when nothing is being drained (tests use it to wait for a quiet queue). */
    async idle() {
      while (draining.size > 0) await Promise.all([...draining.values()].map((d) => d.done));
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(pollTimer);
      const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());
      // Jobs under way get the grace period to finish, then are aborted and given back.
      await Promise.race([Promise.all(executing), wait(opts.shutdownGraceMs)]);
      shutdown.abort();
      // While PostgreSQL is down a claim or an update can hang in postgres.js's reconnect backoff;
      // the stuck-job sweep recovers anything left 'running', so shutdown does not wait long for it.
      await Promise.race([Promise.all([...draining.values()].map((d) => d.done)), wait(2_000)]);
      await listening?.unlisten().catch(() => {});
      listening = null;
    },
  };
}
export type JobWorker = ReturnType<typeof createJobWorker>;
