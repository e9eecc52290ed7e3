/**
 * The monitors runner: holds every monitor in memory, runs their checks from one scheduler, records
 * results in batches and keeps states, incidents and notifications in step with them. Monitors are
 * reloaded on `NOTIFY monitors` (payload: an id, or '' for all) and every minute, so edits made by
 * another process reach it too; results are compacted every ten minutes.
 */
import type { CheckResult, MonitorConfig } from '@homelab/db/monitoring';
import { Cron } from 'croner';
import type { Sql } from 'postgres';
import { createFeed } from '../internal/feed';
import { createOutageReporter } from '../log';
import { type NotifyEvent, notify as sendNotification } from '../notifications/notify';
import type { Runner, RunnerContext, RunnerHandle } from '../runner';
import { type CheckDeps, runCheck } from './checks/index';
import { compactResults } from './compact';
import { createCheckDeps } from './deps';
import { covers, currentMaintenance, type MaintenanceWindow } from './maintenance';
import { createRecorder, type MonitorEvent, type Tracked, toTracked } from './results';
import { createMonitorsRoutes } from './routes';
import { createScheduler } from './scheduler';
import { findMonitor, listMonitors, type MonitorRow } from './store';

export type MonitorsRunnerOptions = {
  /** Checks in flight at once; the rest wait in due order. */
  concurrency?: number;
  /** Defaults to the notifications module; tests pass a spy that still calls it. */
  notify?: (sql: Sql, event: NotifyEvent) => Promise<void>;
  reloadMs?: number;
  flushMs?: number;
  flushSize?: number;
  compactSchedule?: string;
  /** Replaces parts of the checks' dependencies (the container engine, the public IP). */
  checkDeps?: Partial<CheckDeps>;
  /** Clock of heartbeats and push deadlines, so tests can let time pass. */
  now?: () => number;
  /** The live stream sends a monitor's checks at most this often (state changes always go at once). */
  eventThrottleMs?: number;
  heartbeatMs?: number;
};

/** Push monitors get a fifth of their interval as grace before a missing beat counts. */
export function heartbeatOverdue(lastBeatMs: number, intervalSeconds: number, nowMs: number) {
  return nowMs - lastBeatMs > intervalSeconds * 1000 * 1.2;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Entry = { row: MonitorRow; tracked: Tracked; lastBeatMs: number };

export function createMonitorsRunner(options: MonitorsRunnerOptions = {}): Runner {
  return { name: 'monitors', start: (ctx) => startMonitors(ctx, options) };
}

export async function startMonitors(ctx: RunnerContext, options: MonitorsRunnerOptions = {}) {
  const { sql } = ctx.pool;
  const key = ctx.config.encryptionKey;
  const now = options.now ?? Date.now;
  const throttleMs = options.eventThrottleMs ?? 1_000;
  const entries = new Map<string, Entry>();
  const byToken = new Map<string, string>();
  let windows: MaintenanceWindow[] = [];
  const events = createFeed<MonitorEvent>();
  const stopping = new AbortController();
  const deps = createCheckDeps(
    { sql, log: ctx.log, dockerHost: ctx.config.dockerHost, encryptionKey: key },
    options.checkDeps,
  );
  const writeOutage = createOutageReporter(ctx.log, 'storing monitor results');
  let checks = 0;

  // A monitor's checks reach the stream at most once per throttle window, its last one trailing.
  const lastSent = new Map<string, number>();
  const trailing = new Map<string, NodeJS.Timeout>();
  function publish(event: MonitorEvent, stateChanged: boolean) {
    const at = Date.now();
    const since = at - (lastSent.get(event.id) ?? 0);
    clearTimeout(trailing.get(event.id));
    trailing.delete(event.id);
    if (stateChanged || since >= throttleMs) {
      lastSent.set(event.id, at);
      events.publish(event);
      return;
    }
    const timer = setTimeout(() => {
      trailing.delete(event.id);
      lastSent.set(event.id, Date.now());
      events.publish(event);
    }, throttleMs - since);
    timer.unref();
    trailing.set(event.id, timer);
  }

  const notify = options.notify ?? sendNotification;
  const recorder = createRecorder({
    sql,
    flushMs: options.flushMs,
    flushSize: options.flushSize,
    notify: async (s, event) => {
      try {
        await notify(s, event);
      } catch (error) {
        ctx.log.error('notifying an incident failed', { err: error, groupKey: event.groupKey });
      }
    },
    inMaintenance: (monitor, at) => windows.some((w) => covers(w, monitor, at)),
    onEvent: publish,
    onError: (error) => writeOutage.failed(error),
  });

  // Reloads run one at a time in call order: a full reload that read the table before a monitor
  // was created must not finish after that monitor's own reload and forget it.
  let reloading: Promise<void> = Promise.resolve();
  function reload(id?: string): Promise<void> {
    const next = reloading.then(() => reloadNow(id));
    reloading = next.catch(() => {});
    return next;
  }

  async function reloadNow(id?: string) {
    if (id !== undefined && !uuidPattern.test(id)) return;
    const [rows, open, maintenance] = await Promise.all([
      id ? findMonitor(sql, id).then((row) => (row ? [row] : [])) : listMonitors(sql),
      sql<{ monitorId: string; id: string; silenced: boolean }[]>`
        select monitor_id as "monitorId", id, silenced from incidents
        where resolved_at is null and monitor_id is not null`,
      currentMaintenance(sql),
    ]);
    windows = maintenance;
    const incidents = new Map(open.map((row) => [row.monitorId, { id: row.id, silenced: row.silenced }]));
    if (id && rows.length === 0) forget(id);
    if (!id) {
      const ids = new Set(rows.map((row) => row.id));
      for (const known of [...entries.keys()]) if (!ids.has(known)) forget(known);
    }
    for (const row of rows) adopt(row, incidents.get(row.id) ?? null);
  }

  function forget(id: string) {
    const entry = entries.get(id);
    if (entry?.row.pushToken) byToken.delete(entry.row.pushToken);
    entries.delete(id);
    scheduler.remove(id);
  }

  /** Takes a row from PostgreSQL; the in-memory state wins unless the monitor was paused, resumed or retyped. */
  function adopt(row: MonitorRow, incident: Tracked['incident']) {
    const previous = entries.get(row.id);
    const keepState = previous && previous.row.paused === row.paused && previous.row.type === row.type;
    const tracked = keepState ? previous.tracked : toTracked(row, incident);
    Object.assign(tracked, {
      name: row.name,
      type: row.type,
      domain: row.domain,
      tags: row.tags,
      channelIds: row.channelIds,
      retries: row.retries,
    });
    if (previous?.row.pushToken && previous.row.pushToken !== row.pushToken)
      byToken.delete(previous.row.pushToken);
    if (row.pushToken) byToken.set(row.pushToken, row.id);
    const lastBeatMs = keepState ? previous.lastBeatMs : Date.parse(row.lastCheckAt ?? row.createdAt);
    entries.set(row.id, { row, tracked, lastBeatMs });
    scheduler.upsert({ id: row.id, intervalSeconds: row.intervalSeconds, paused: row.paused });
  }

  /** Runs a monitor's check (a push monitor's deadline) and records it; null when it is gone or paused. */
  async function check(id: string): Promise<CheckResult | null> {
    const entry = entries.get(id);
    if (!entry || entry.row.paused) return null;
    const startedAt = now();
    let result: CheckResult;
    if (entry.row.type === 'push') {
      if (!heartbeatOverdue(entry.lastBeatMs, entry.row.intervalSeconds, startedAt)) return null;
      const seconds = Math.round((startedAt - entry.lastBeatMs) / 1000);
      result = { status: 'down', latencyMs: null, message: `No heartbeat for ${seconds} s`, detail: {} };
    } else {
      result = await runStored(id, entry.row);
    }
    // Paused, deleted or changed while the check ran: its result belongs to a monitor that is gone.
    if (stopping.signal.aborted || entries.get(id)?.tracked !== entry.tracked || entries.get(id)?.row.paused)
      return result;
    checks += 1;
    await recorder.record(entry.tracked, result, entry.row.type === 'push' ? startedAt : Date.now());
    return result;
  }

  /** Sealed database URLs are opened just for the check, with the monitor id they are bound to. */
  async function runStored(id: string, row: MonitorRow): Promise<CheckResult> {
    const checkDeps = deps.forMonitor(id);
    let config = row.config;
    if (config.type === 'postgres' || config.type === 'redis') {
      try {
        config = { ...config, url: await checkDeps.openSecret(config.url) };
      } catch {
        return {
          status: 'down',
          latencyMs: null,
          message:
            'The stored URL cannot be opened: ENCRYPTION_KEY is missing or changed; save the monitor again.',
          detail: {},
        };
      }
    }
    return runCheck(config, { timeoutMs: row.timeoutMs, signal: stopping.signal, deps: checkDeps });
  }

  const scheduler = createScheduler({
    concurrency: options.concurrency,
    run: async (id) => {
      try {
        await check(id);
      } catch (error) {
        ctx.log.error('a monitor check failed unexpectedly', { err: error, monitorId: id });
      }
    },
  });

  /** A heartbeat from a push monitor's URL; false when no monitor has this token. */
  async function beat(token: string, status: 'up' | 'down', message: string | undefined) {
    const id = byToken.get(token);
    const entry = id ? entries.get(id) : undefined;
    if (!entry) return false;
    if (entry.row.paused) return true;
    const at = now();
    entry.lastBeatMs = at;
    checks += 1;
    await recorder.record(
      entry.tracked,
      {
        status,
        latencyMs: null,
        message: message ?? (status === 'up' ? 'Heartbeat received' : 'Heartbeat says down'),
        detail: {},
      },
      at,
    );
    return true;
  }

  await reload();
  const listener = await sql.listen('monitors', (payload) => {
    reload(payload || undefined).catch((error) => ctx.log.warn('reloading monitors failed', { err: error }));
  });
  const reloadTimer = setInterval(
    () => void reload().catch((error) => ctx.log.warn('reloading monitors failed', { err: error })),
    options.reloadMs ?? 60_000,
  );
  reloadTimer.unref();

  async function compact() {
    const started = Date.now();
    const result = await compactResults(sql);
    ctx.log.info('monitor results compacted', { ...result, ms: Date.now() - started });
    return result;
  }
  const cron = new Cron(
    options.compactSchedule ?? '*/10 * * * *',
    { protect: true, unref: true },
    async () => {
      try {
        await compact();
      } catch (error) {
        ctx.log.warn('monitor results compaction failed; next run in ten minutes', { err: error });
      }
    },
  );

  const service = {
    sql,
    key,
    deps,
    events,
    scheduler,
    recorder,
    heartbeatMs: options.heartbeatMs ?? 15_000,
    /** Changes made here: reload at once, and tell other processes. */
    async changed(id = '') {
      await reload(id || undefined);
      await sql`select pg_notify('monitors', ${id})`;
    },
    /** A row with the state this process knows, which is newer than the batched columns. */
    current(row: MonitorRow): MonitorRow {
      const tracked = entries.get(row.id)?.tracked;
      if (!tracked || row.paused) return row;
      return {
        ...row,
        state: tracked.state,
        stateSince: tracked.stateSince,
        failures: tracked.failures,
        lastCheckAt: tracked.lastCheckAt,
        lastLatencyMs: tracked.lastLatencyMs,
        lastMessage: tracked.lastMessage,
      };
    },
    async checkNow(id: string) {
      const result = await check(id);
      await recorder.flush();
      return result;
    },
    async testConfig(config: MonitorConfig, timeoutMs: number): Promise<CheckResult> {
      if (config.type === 'push')
        return {
          status: 'up',
          latencyMs: null,
          message: 'Push monitors wait for heartbeats; nothing to test.',
          detail: {},
        };
      return runCheck(config, { timeoutMs, signal: stopping.signal, deps: deps.forTest() });
    },
    beat,
    compact,
  };

  const handle: RunnerHandle = {
    routes: createMonitorsRoutes(service),
    jobs: { compact: () => compact() },
    detail: () => ({
      ...scheduler.stats(),
      checks,
      lagP50Ms: scheduler.lag.quantile(0.5),
      lagP99Ms: scheduler.lag.quantile(0.99),
      ...recorder.stats(),
    }),
    async stop() {
      stopping.abort();
      scheduler.stop();
      clearInterval(reloadTimer);
      cron.stop();
      for (const timer of trailing.values()) clearTimeout(timer);
      await listener.unlisten().catch(() => {});
      await recorder.stop();
      events.close();
      deps.close();
    },
  };
  return Object.assign(handle, { service });
}
export type MonitorsService = Awaited<ReturnType<typeof startMonitors>>['service'];
