/**
 * What a check's result changes. Every result becomes a raw row of monitor_results and the
 * monitor's state columns, both written in batches (one multi-row statement a second, or sooner at
 * 500 results) so a thousand monitors cost a few statements a second. Transitions are decided here:
 * `retries` failures in a row are tolerated, the next one opens an incident and tells the owner;
 * the first success after it closes the incident. Inside a maintenance window the state reads
 * `maintenance` and incidents are recorded silenced, with nothing sent.
 */
import type { CheckResult, MonitorState } from '@homelab/db/monitoring';
import type { Sql } from 'postgres';
import type { NotifyEvent } from '../notifications/notify';
import type { MonitorRow } from './store';

/** The part of a monitor the state machine needs, kept in memory between checks. */
export type Tracked = {
  id: string;
  name: string;
  type: string;
  domain: string | null;
  tags: string[];
  channelIds: string[];
  retries: number;
  state: MonitorState;
  stateSince: string;
  failures: number;
  /** The open incident of this monitor, if it is down. */
  incident: { id: string; silenced: boolean } | null;
  lastCheckAt: string | null;
  lastLatencyMs: number | null;
  lastMessage: string | null;
};

export type MonitorEvent = {
  id: string;
  state: MonitorState;
  lastCheckAt: string | null;
  lastLatencyMs: number | null;
  lastMessage: string | null;
};

export type RecorderOptions = {
  sql: Sql;
  notify(sql: Sql, event: NotifyEvent): Promise<void>;
  inMaintenance(monitor: Pick<Tracked, 'id' | 'tags'>, at: number): boolean;
  /** Every result and state change, for the live stream. */
  onEvent(event: MonitorEvent, stateChanged: boolean): void;
  onError(error: unknown): void;
  flushMs?: number;
  flushSize?: number;
  /** Rows kept while PostgreSQL is unreachable; older ones are dropped beyond it. */
  maxBuffered?: number;
};

type RawRow = {
  monitor_id: string;
  at: string;
  checks: number;
  up: number;
  latency: number | null;
  message: string;
};
type StateRow = {
  id: string;
  state: MonitorState;
  state_since: string;
  failures: number;
  last_check_at: string;
  last_latency_ms: number | null;
  last_message: string;
  last_detail: Record<string, unknown>;
};

/** Decides the next state from the last one and a result; pure, so the rules have their own tests. */
export function nextState(
  current: Pick<Tracked, 'state' | 'failures' | 'retries' | 'incident'>,
  status: CheckResult['status'],
  maintenance: boolean,
): { failures: number; down: boolean; open: boolean; close: boolean; state: MonitorState } {
  const failures = status === 'up' ? 0 : current.failures + 1;
  const wasDown = current.incident !== null;
  const down = status === 'down' && (wasDown || failures > current.retries);
  const open = down && !wasDown;
  const close = !down && wasDown && status === 'up';
  let state: MonitorState;
  if (maintenance) state = 'maintenance';
  else if (down) state = 'down';
  else if (status === 'up') state = 'up';
  // A tolerated failure keeps the state it interrupts (up stays up while retries last).
  else state = current.state === 'maintenance' || current.state === 'paused' ? 'pending' : current.state;
  return { failures, down, open, close, state };
}

export function toTracked(row: MonitorRow, incident: Tracked['incident']): Tracked {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    domain: row.domain,
    tags: row.tags,
    channelIds: row.channelIds,
    retries: row.retries,
    state: row.state,
    stateSince: row.stateSince,
    failures: row.failures,
    incident,
    lastCheckAt: row.lastCheckAt,
    lastLatencyMs: row.lastLatencyMs,
    lastMessage: row.lastMessage,
  };
}

export function createRecorder(options: RecorderOptions) {
  const { sql } = options;
  const flushMs = options.flushMs ?? 1_000;
  const flushSize = options.flushSize ?? 500;
  const maxBuffered = options.maxBuffered ?? 50_000;
  // Keyed by monitor and time: two results of one monitor in the same millisecond become one row,
  // since a multi-row upsert may not touch the same row twice.
  let raw = new Map<string, RawRow>();
  let states = new Map<string, StateRow>();
  let flushing: Promise<void> | null = null;
  let dropped = 0;
  let written = 0;
  let batches = 0;
  const chains = new Map<string, Promise<unknown>>();
  const timer = setInterval(() => void flush().catch(options.onError), flushMs);
  timer.unref();

  /** Runs one monitor's transitions one after another, so a "check now" and a scheduled check never race. */
  function serial<T>(id: string, work: () => Promise<T>): Promise<T> {
    const previous = chains.get(id) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => {});
    chains.set(id, settled);
    void settled.then(() => {
      if (chains.get(id) === settled) chains.delete(id);
    });
    return next;
  }

  async function openIncident(monitor: Tracked, result: CheckResult, silenced: boolean, at: string) {
    const [row] = await sql<{ id: string }[]>`
      insert into incidents (monitor_id, cause, last_message, started_at, silenced)
      values (${monitor.id}, ${result.message}, ${result.message}, ${at}, ${silenced})
      returning id`;
    const incident = { id: row!.id, silenced };
    if (!silenced)
      await options.notify(sql, {
        groupKey: `incident:${incident.id}`,
        kind: 'opened',
        title: `${monitor.name} is down`,
        body: `${monitor.name} (${monitor.type}) is down since ${at}.\nCause: ${result.message}`,
        channelIds: monitor.channelIds,
        payload: { monitorId: monitor.id, incidentId: incident.id, at, cause: result.message },
      });
    return incident;
  }

  async function closeIncident(monitor: Tracked, result: CheckResult, at: string) {
    const incident = monitor.incident!;
    await sql`
      update incidents set resolved_at = ${at}, last_message = ${result.message}
      where id = ${incident.id} and resolved_at is null`;
    if (!incident.silenced)
      await options.notify(sql, {
        groupKey: `incident:${incident.id}`,
        kind: 'resolved',
        title: `${monitor.name} is back up`,
        body: `${monitor.name} (${monitor.type}) is up again at ${at}.\n${result.message}`,
        channelIds: monitor.channelIds,
        payload: { monitorId: monitor.id, incidentId: incident.id, at },
      });
  }

  function record(monitor: Tracked, result: CheckResult, atMs: number): Promise<void> {
    return serial(monitor.id, async () => {
      const at = new Date(atMs).toISOString();
      const maintenance = options.inMaintenance(monitor, atMs);
      const next = nextState(monitor, result.status, maintenance);
      if (next.open) monitor.incident = await openIncident(monitor, result, maintenance, at);
      else if (next.close) {
        await closeIncident(monitor, result, at);
        monitor.incident = null;
      }
      const changed = next.state !== monitor.state;
      if (changed) monitor.stateSince = at;
      monitor.state = next.state;
      monitor.failures = next.failures;
      monitor.lastCheckAt = at;
      monitor.lastLatencyMs = result.latencyMs;
      monitor.lastMessage = result.message;

      const key = `${monitor.id}|${at}`;
      const existing = raw.get(key);
      if (existing) {
        existing.checks += 1;
        existing.up += result.status === 'up' ? 1 : 0;
      } else
        raw.set(key, {
          monitor_id: monitor.id,
          at,
          checks: 1,
          up: result.status === 'up' ? 1 : 0,
          latency: result.latencyMs,
          message: result.message,
        });
      states.set(monitor.id, {
        id: monitor.id,
        state: monitor.state,
        state_since: monitor.stateSince,
        failures: monitor.failures,
        last_check_at: at,
        last_latency_ms: result.latencyMs,
        last_message: result.message,
        last_detail: result.detail,
      });
      options.onEvent(
        {
          id: monitor.id,
          state: monitor.state,
          lastCheckAt: at,
          lastLatencyMs: result.latencyMs,
          lastMessage: result.message,
        },
        changed,
      );
      if (raw.size >= flushSize) void flush().catch(options.onError);
    });
  }

  async function write(rows: RawRow[], stateRows: StateRow[]) {
    // One statement each, the rows as one JSON parameter: a thousand rows cost one round trip.
    if (rows.length > 0)
      await sql`
        insert into monitor_results as r (monitor_id, resolution, at, checks, up_checks, latency_avg_ms, latency_max_ms, message)
        select monitor_id, 'raw', at, checks, up, latency, latency, message
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as x(monitor_id uuid, at timestamptz, checks int, up int, latency real, message text)
        -- Results of a monitor deleted since its check are dropped, not retried forever.
        where exists (select 1 from monitors m where m.id = x.monitor_id)
        on conflict (monitor_id, resolution, at) do update set checks = r.checks + excluded.checks,
          up_checks = r.up_checks + excluded.up_checks`;
    if (stateRows.length > 0)
      await sql`
        update monitors m set state = x.state, state_since = x.state_since, failures = x.failures,
          last_check_at = x.last_check_at, last_latency_ms = x.last_latency_ms, last_message = x.last_message,
          last_detail = x.last_detail
        from jsonb_to_recordset(${JSON.stringify(stateRows)}::jsonb)
          as x(id uuid, state text, state_since timestamptz, failures int, last_check_at timestamptz,
            last_latency_ms real, last_message text, last_detail jsonb)
        -- A pause written since the check ran wins over the check's state.
        where m.id = x.id and not m.paused and (m.last_check_at is null or m.last_check_at <= x.last_check_at)`;
  }

  async function flushOnce() {
    if (raw.size === 0 && states.size === 0) return;
    const rows = [...raw.values()];
    const stateRows = [...states.values()];
    raw = new Map();
    states = new Map();
    try {
      await write(rows, stateRows).catch((error: unknown) => {
        // A monitor deleted while this statement ran: once more, now that it no longer exists.
        if ((error as { code?: string }).code === '23503') return write(rows, stateRows);
        throw error;
      });
      written += rows.length;
      batches += 1;
    } catch (error) {
      // Put them back for the next flush, newest first, up to the cap.
      for (const row of rows) raw.set(`${row.monitor_id}|${row.at}`, row);
      for (const row of stateRows) if (!states.has(row.id)) states.set(row.id, row);
      if (raw.size > maxBuffered) {
        const excess = raw.size - maxBuffered;
        const keys = [...raw.keys()].slice(0, excess);
        for (const key of keys) raw.delete(key);
        dropped += excess;
      }
      throw error;
    }
  }

  /** Writes everything recorded so far; concurrent callers share the write in progress. */
  async function flush(): Promise<void> {
    while (flushing) await flushing;
    flushing = flushOnce().finally(() => {
      flushing = null;
    });
    return flushing;
  }

  return {
    record,
    flush,
    stats: () => ({ buffered: raw.size, written, batches, dropped }),
    async stop() {
      clearInterval(timer);
      await Promise.allSettled([...chains.values()]);
      await flush().catch(options.onError);
    },
  };
}
export type Recorder = ReturnType<typeof createRecorder>;
