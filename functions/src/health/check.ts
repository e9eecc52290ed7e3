/**
 * The stack's health as one answer: PostgreSQL reachable, runners up (reachable now, and what each
 * reported in runner_status), and the job queue. Cached for a second per isolate, so a busy
 * monitor polling it cannot turn into a load on PostgreSQL.
 */
import { createRequestDb } from '@homelab/db/client/request';
import { createRunnerClient, RunnerUnavailableError } from '@homelab/runners/client';
import type { Config } from '../lib/env';

export type RunnerInfo = {
  name: string;
  state: 'starting' | 'running' | 'crashed' | 'stopped' | 'disabled';
  restarts: number;
  startedAt: string | null;
  heartbeatAt: string | null;
  lastError: string | null;
};

export type Health = {
  status: 'ok' | 'degraded' | 'down';
  version: string;
  checkedAt: string;
  database: { ok: boolean; latencyMs: number | null; error?: string };
  runners: {
    ok: boolean;
    error?: string;
    runners: RunnerInfo[];
    queue: { depth: number; oldestQueuedAt: string | null; running: number; failed24h: number };
  };
};

const cacheMs = 1_000;
/** A runner whose last heartbeat is older than this is reported stopped, whatever it last said. */
const staleAfterMs = 20_000;
const staleMs = 10_000;
let cached: { at: number; value: Health } | undefined;
let refreshing = false;

/** Raw SQL on a drizzle-wrapped client returns timestamps as text. */
const iso = (value: string | Date) => new Date(value);

type StatusRow = {
  name: string;
  state: RunnerInfo['state'];
  restarts: number;
  started_at: string | null;
  heartbeat_at: string;
  last_error: string | null;
};

async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function check(config: Config, requestId: string): Promise<Health> {
  const { sql } = createRequestDb(config.DATABASE_URL);
  const started = Date.now();
  const database: Health['database'] = { ok: false, latencyMs: null };
  let rows: RunnerInfo[] = [];
  let queue: Health['runners']['queue'] = { depth: 0, oldestQueuedAt: null, running: 0, failed24h: 0 };
  const reach = createRunnerClient({
    baseUrl: config.RUNNERS_URL,
    secret: config.RUNNER_SECRET,
    timeoutMs: 1_500,
  })
    .call({ runner: 'supervisor', path: '/health', requestId })
    .then((res) => (res.ok ? null : `answered ${res.status}`))
    .catch((error: Error) =>
      (error instanceof RunnerUnavailableError ? error.reason : error.message).replace(/\.$/, ''),
    );
  let statusError: string | undefined;
  try {
    await withTimeout(sql`select 1`, 2_000, 'PostgreSQL');
    database.ok = true;
    database.latencyMs = Date.now() - started;
  } catch (error) {
    database.error = error instanceof Error ? error.message : 'unreachable';
  }
  if (database.ok) {
    try {
      const [status, [q]] = await Promise.all([
        sql<StatusRow[]>`
          select name, state, restarts, started_at, heartbeat_at, last_error from runner_status order by name`,
        sql<{ depth: number; oldest: string | null; running: number; failed: number }[]>`
          select count(*) filter (where status = 'queued')::int as depth,
                 min(created_at) filter (where status = 'queued') as oldest,
                 count(*) filter (where status = 'running')::int as running,
                 count(*) filter (where status = 'failed' and finished_at > now() - interval '1 day')::int as failed
          from jobs where status in ('queued', 'running', 'failed')`,
      ]);
      rows = status.map((r) => ({
        name: r.name,
        state:
          r.state === 'running' && Date.now() - iso(r.heartbeat_at).getTime() > staleAfterMs
            ? 'stopped'
            : r.state,
        restarts: r.restarts,
        startedAt: r.started_at ? iso(r.started_at).toISOString() : null,
        heartbeatAt: iso(r.heartbeat_at).toISOString(),
        lastError: r.last_error,
      }));
      queue = {
        depth: q?.depth ?? 0,
        oldestQueuedAt: q?.oldest ? iso(q.oldest).toISOString() : null,
        running: q?.running ?? 0,
        failed24h: q?.failed ?? 0,
      };
    } catch (error) {
      statusError = `Runner status could not be read: ${error instanceof Error ? error.message : 'unknown error'}`;
    }
  }
  const runnerError = await reach;
  // A process that does not answer serves nobody, whatever its last heartbeat said.
  if (runnerError !== null) {
    rows = rows.map((r) =>
      r.state === 'running' || r.state === 'starting' ? { ...r, state: 'stopped' } : r,
    );
  }
  // Reachable but not yet reported (before the supervisor's first heartbeat) is not "ok" yet.
  const runnersOk =
    runnerError === null &&
    rows.length > 0 &&
    rows.every((r) => r.state === 'running' || r.state === 'disabled');
  return {
    status: !database.ok ? 'down' : runnersOk ? 'ok' : 'degraded',
    version: config.APP_VERSION,
    checkedAt: new Date().toISOString(),
    database,
    runners: {
      ok: runnersOk,
      ...(runnerError || statusError
        ? { error: runnerError ? `The runners process is not answering (${runnerError}).` : statusError }
        : {}),
      runners: rows,
      queue,
    },
  };
}

/**
 * One request per isolate refreshes the answer when it is over a second old; the others keep the
 * previous answer meanwhile (for at most ten seconds), so the refresh's connection to PostgreSQL is
 * never on their path. Only settled values are shared between requests, never a pending promise.
 */
export async function readHealth(config: Config, requestId: string) {
  const age = cached ? Date.now() - cached.at : Number.POSITIVE_INFINITY;
  if (cached && (age < cacheMs || (refreshing && age < staleMs))) return cached.value;
  refreshing = true;
  try {
    const value = await check(config, requestId);
    cached = { at: Date.now(), value };
    return value;
  } finally {
    refreshing = false;
  }
}
