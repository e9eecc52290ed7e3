/**
 * Runs every runner in this one Node process (small memory, one container) and keeps them alive:
 * a runner that fails to start or reports a crash is stopped and restarted with exponential backoff,
 * and each runner's state is written to runner_status, surviving PostgreSQL outages.
 */
import type { Pool } from '@homelab/db/client/pool';
import type { RunnerState } from '@homelab/db/schema';
import type { Hono } from 'hono';
import { type BackoffOptions, backoffDelay, nextCrashStreak } from './backoff';
import type { Config } from './config';
import { createOutageReporter, type Logger } from './log';
import type { JobHandler, Runner, RunnerContext, RunnerHandle } from './runner';
import { type RunnerStatusRow, writeRunnerStatus } from './runner-status';

export type { JobHandler, Runner, RunnerContext, RunnerHandle } from './runner';

export type RestartPolicy = BackoffOptions & {
  /** A run that lasted this long resets the backoff to baseMs. */
  stableAfterMs: number;
};

export type SupervisorOptions = {
  runners: Runner[];
  enabled: string[] | 'all';
  pool: Pool;
  config: Config;
  log: Logger;
  restart?: Partial<RestartPolicy>;
  heartbeatMs?: number;
  /** A start() that has not settled by then counts as a crash. */
  startTimeoutMs?: number;
  /** How long a runner's stop() may take before it is abandoned. */
  stopTimeoutMs?: number;
  /** Called each time a runner reaches `running` (the job worker drains its queue then). */
  onRunning?: (name: string) => void;
};

export type RunnerSnapshot = {
  name: string;
  state: RunnerState;
  restarts: number;
  startedAt: string | null;
  lastError: string | null;
};

const defaultRestart: RestartPolicy = { baseMs: 1_000, maxMs: 60_000, stableAfterMs: 60_000 };

type Slot = {
  runner: Runner;
  state: RunnerState;
  restarts: number;
  startedAt: Date | null;
  lastError: string | null;
  handle: RunnerHandle | undefined;
  abort: AbortController | undefined;
  /** Bumped whenever a run ends, so late calls from an old run (crash(), a slow start) are ignored. */
  generation: number;
  streak: number;
  timer: NodeJS.Timeout | undefined;
  launching: Promise<void> | undefined;
};

export function errorMessage(error: unknown) {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.slice(0, 2_000);
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createSupervisor(options: SupervisorOptions) {
  const opts = { heartbeatMs: 5_000, startTimeoutMs: 30_000, stopTimeoutMs: 10_000, ...options };
  const restart = { ...defaultRestart, ...options.restart } satisfies RestartPolicy;
  const log = opts.log.child({ component: 'supervisor' });
  const statusOutage = createOutageReporter(log, 'writing runner_status');
  const enabled = (name: string) => opts.enabled === 'all' || opts.enabled.includes(name);
  const slots = new Map<string, Slot>();
  for (const runner of opts.runners) {
    if (slots.has(runner.name)) throw new Error(`Two runners are named "${runner.name}".`);
    slots.set(runner.name, {
      runner,
      state: enabled(runner.name) ? 'stopped' : 'disabled',
      restarts: 0,
      startedAt: null,
      lastError: null,
      handle: undefined,
      abort: undefined,
      generation: 0,
      streak: 0,
      timer: undefined,
      launching: undefined,
    });
  }
  let stopping = false;
  let heartbeat: NodeJS.Timeout | undefined;

  async function stopHandle(slot: Slot, handle: RunnerHandle) {
    try {
      await withTimeout(Promise.resolve(handle.stop()), opts.stopTimeoutMs, 'stop() timed out');
    } catch (error) {
      log.warn('runner did not stop cleanly', { runner: slot.runner.name, err: error });
    }
  }

  async function launch(slot: Slot) {
    const generation = ++slot.generation;
    const abort = new AbortController();
    slot.abort = abort;
    slot.handle = undefined;
    slot.state = 'starting';
    void flushStatus();
    const ctx: RunnerContext = {
      pool: opts.pool,
      config: opts.config,
      log: opts.log.child({ runner: slot.runner.name }),
      signal: abort.signal,
      crash: (error) => void crashed(slot, generation, error),
    };
    const started = Promise.resolve().then(() => slot.runner.start(ctx));
    let handle: RunnerHandle;
    try {
      handle = await withTimeout(
        started,
        opts.startTimeoutMs,
        `start() did not finish in ${opts.startTimeoutMs} ms`,
      );
    } catch (error) {
      // A start that settles after its timeout must not leave sockets or timers behind.
      started.then((late) => stopHandle(slot, late)).catch(() => {});
      await crashed(slot, generation, error);
      return;
    }
    if (slot.generation !== generation) {
      // It crashed (or we began shutting down) while start() was still running.
      await stopHandle(slot, handle);
      return;
    }
    slot.handle = handle;
    slot.state = 'running';
    slot.startedAt = new Date();
    log.info('runner running', { runner: slot.runner.name, restarts: slot.restarts });
    void flushStatus();
    opts.onRunning?.(slot.runner.name);
  }

  async function crashed(slot: Slot, generation: number, error: unknown) {
    if (slot.generation !== generation || stopping) return;
    slot.generation += 1;
    const upMs = slot.state === 'running' && slot.startedAt ? Date.now() - slot.startedAt.getTime() : 0;
    slot.streak = nextCrashStreak(slot.streak, upMs, restart.stableAfterMs);
    slot.state = 'crashed';
    slot.lastError = errorMessage(error);
    const handle = slot.handle;
    slot.handle = undefined;
    slot.abort?.abort(error);
    const delayMs = backoffDelay(slot.streak, restart);
    log.error('runner crashed', { runner: slot.runner.name, err: error, upMs, restartInMs: delayMs });
    void flushStatus();
    if (handle) await stopHandle(slot, handle);
    if (stopping) return;
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      slot.restarts += 1;
      slot.launching = launch(slot);
    }, delayMs);
  }

  function statusRows(): RunnerStatusRow[] {
    // With a peer process, the runners left out here are the peer's to report: a "disabled" row
    // from this side would hide the peer's live state, and its absence of heartbeats when it is down.
    const reported = [...slots.values()].filter((slot) => !opts.config.peerUrl || slot.state !== 'disabled');
    return reported.map((slot) => {
      let detail: Record<string, unknown> | null = null;
      try {
        detail = slot.handle?.detail?.() ?? null;
      } catch (error) {
        detail = { detailError: errorMessage(error) };
      }
      return { ...snapshotOf(slot), detail };
    });
  }

  let writing: Promise<void> | null = null;
  let writeAgain = false;
  /** Coalesces writes: a state change during a write is written right after it, never in parallel. */
  function flushStatus(): Promise<void> {
    if (writing) {
      writeAgain = true;
      return writing;
    }
    writing = (async () => {
      do {
        writeAgain = false;
        try {
          await writeRunnerStatus(opts.pool.sql, statusRows());
          statusOutage.ok();
        } catch (error) {
          statusOutage.failed(error);
        }
      } while (writeAgain);
    })().finally(() => {
      writing = null;
    });
    return writing;
  }

  function snapshotOf(slot: Slot): RunnerSnapshot {
    return {
      name: slot.runner.name,
      state: slot.state,
      restarts: slot.restarts,
      startedAt: slot.startedAt?.toISOString() ?? null,
      lastError: slot.lastError,
    };
  }

  function running(name: string) {
    const slot = slots.get(name);
    return slot?.state === 'running' ? slot.handle : undefined;
  }

  return {
    start() {
      stopping = false;
      for (const slot of slots.values()) if (slot.state !== 'disabled') slot.launching = launch(slot);
      void flushStatus();
      heartbeat = setInterval(() => void flushStatus(), opts.heartbeatMs);
      heartbeat.unref();
    },

    async stop() {
      stopping = true;
      clearInterval(heartbeat);
      await Promise.all(
        [...slots.values()].map(async (slot) => {
          clearTimeout(slot.timer);
          if (slot.state === 'disabled') return;
          slot.generation += 1;
          const handle = slot.handle;
          slot.handle = undefined;
          slot.abort?.abort(new Error('shutting down'));
          slot.state = 'stopped';
          if (handle) await stopHandle(slot, handle);
          // A start still in flight sees the new generation and stops what it started.
          await slot.launching;
        }),
      );
      // Bounded: while PostgreSQL is down a write waits in postgres.js's reconnect backoff.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([flushStatus(), new Promise((resolve) => (timer = setTimeout(resolve, 2_000)))]);
      clearTimeout(timer);
    },

    snapshot: () => [...slots.values()].map(snapshotOf),
    knows: (name: string) => slots.has(name),
    stateOf: (name: string) => slots.get(name)?.state,
    /** The routes of a running runner; undefined while it is starting, crashed or stopped. */
    routesFor: (name: string): Hono | undefined => running(name)?.routes,
    /** The WebSocket hook of a running runner, like routesFor. */
    socketsFor: (name: string): RunnerHandle['sockets'] => running(name)?.sockets,
    jobsFor: (name: string): Record<string, JobHandler> | undefined => {
      const handle = running(name);
      return handle ? (handle.jobs ?? {}) : undefined;
    },
    runningNames: () =>
      [...slots.values()].filter((slot) => slot.state === 'running').map((s) => s.runner.name),
    detailOf: (name: string) => running(name)?.detail?.(),
    flushStatus,
  };
}
export type Supervisor = ReturnType<typeof createSupervisor>;
