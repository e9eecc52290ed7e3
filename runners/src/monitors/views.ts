/**
 * Read-only views over monitors and their results: history in at most ~300 buckets (bucketed in
 * SQL), incidents, the domains overview and a domain's public status page.
 */
import type { Sql } from 'postgres';
import { HttpError } from '../internal/errors';
import type { MonitorRow } from './store';

export const historyRanges = {
  '1h': { seconds: 3_600, bucketSeconds: 15, label: '15s' },
  '24h': { seconds: 86_400, bucketSeconds: 300, label: '5m' },
  '7d': { seconds: 7 * 86_400, bucketSeconds: 3_600, label: '1h' },
  '30d': { seconds: 30 * 86_400, bucketSeconds: 3 * 3_600, label: '3h' },
  '1y': { seconds: 365 * 86_400, bucketSeconds: 2 * 86_400, label: '2d' },
} as const;
export type HistoryRange = keyof typeof historyRanges;

type Point = {
  at: string;
  checks: number;
  upChecks: number;
  latencyAvgMs: number | null;
  latencyMaxMs: number | null;
};

/** Buckets of one monitor's results over a range; raw, minute and hour rows never overlap, so all are summed. */
export async function monitorHistory(sql: Sql, id: string, range: HistoryRange, now = new Date()) {
  const { seconds, bucketSeconds, label } = historyRanges[range];
  const since = new Date(now.getTime() - seconds * 1000).toISOString();
  const points = await sql<Point[]>`
    select to_json(date_bin(${`${bucketSeconds} seconds`}::interval, at, 'epoch'::timestamptz)) #>> '{}' as at,
      sum(checks)::int as checks, sum(up_checks)::int as "upChecks",
      (sum(latency_avg_ms * checks) filter (where latency_avg_ms is not null)
        / nullif(sum(checks) filter (where latency_avg_ms is not null), 0))::float8 as "latencyAvgMs",
      max(latency_max_ms)::float8 as "latencyMaxMs"
    from monitor_results
    where monitor_id = ${id} and at >= ${since} and at <= ${now.toISOString()}
    group by 1 order by 1`;
  return { resolution: label, points };
}

export type IncidentRow = {
  id: string;
  monitorId: string | null;
  alertRuleId: string | null;
  cause: string;
  lastMessage: string | null;
  startedAt: string;
  resolvedAt: string | null;
  silenced: boolean;
};

const incidentColumns = (sql: Sql) => sql`
  id, monitor_id as "monitorId", alert_rule_id as "alertRuleId", cause, last_message as "lastMessage",
  to_json(started_at) #>> '{}' as "startedAt", to_json(resolved_at) #>> '{}' as "resolvedAt", silenced`;

export function listIncidents(sql: Sql, filter: { monitorId?: string; open?: boolean }) {
  return sql<IncidentRow[]>`
    select ${incidentColumns(sql)} from incidents
    where (${filter.monitorId ?? null}::uuid is null or monitor_id = ${filter.monitorId ?? null})
      and (not ${filter.open ?? false} or resolved_at is null)
    order by started_at desc
    limit 500`;
}

/** The host a monitor watches, when its type has one. */
export function hostOf(row: Pick<MonitorRow, 'config'>): string | null {
  const config = row.config;
  switch (config.type) {
    case 'http':
      try {
        return new URL(config.url).hostname.toLowerCase();
      } catch {
        return null;
      }
    case 'tls':
      return (config.servername ?? config.host).toLowerCase();
    case 'dns':
      return config.name.toLowerCase().replace(/\.$/, '');
    case 'tcp':
      return config.host.toLowerCase();
    default:
      return null;
  }
}

type DomainKind = 'http' | 'tls' | 'dns';
export type DomainRow = {
  domain: string;
  host: string;
  http: string | null;
  tls: string | null;
  dns: string | null;
};

// When two monitors of a kind watch one host, the row shows the worse of them.
const severity: Record<string, number> = { down: 4, pending: 3, maintenance: 2, paused: 1, up: 0 };

/** One row per domain and host under it, with the state of its http, tls and dns monitors. */
export function domainsOverview(rows: MonitorRow[]): DomainRow[] {
  const byKey = new Map<string, DomainRow>();
  for (const row of rows) {
    if (!row.domain || (row.type !== 'http' && row.type !== 'tls' && row.type !== 'dns')) continue;
    const host = hostOf(row);
    if (!host) continue;
    const key = `${row.domain}|${host}`;
    const entry = byKey.get(key) ?? { domain: row.domain, host, http: null, tls: null, dns: null };
    const kind = row.type as DomainKind;
    const current = entry[kind];
    if (current === null || (severity[row.state] ?? 0) > (severity[current] ?? 0)) entry[kind] = row.state;
    byKey.set(key, entry);
  }
  return [...byKey.values()].sort((a, b) => a.domain.localeCompare(b.domain) || a.host.localeCompare(b.host));
}

/**
 * A domain's public status page: names, states and 90 daily uptime bars per monitor. Nothing from
 * configs or check messages, which can name internal hosts.
 */
export async function statusPage(sql: Sql, domain: string, now = new Date()) {
  const monitors = await sql<{ id: string; name: string; type: string; state: string; stateSince: string }[]>`
    select id, name, type, state, to_json(state_since) #>> '{}' as "stateSince"
    from monitors where domain = ${domain} order by name`;
  if (monitors.length === 0)
    throw new HttpError(404, 'status_page_not_found', `No status page for ${domain}.`);
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 89));
  const days = await sql<{ id: string; day: string; checks: number; up: number }[]>`
    select monitor_id as id, to_char(date_trunc('day', at, 'UTC'), 'YYYY-MM-DD') as day,
      sum(checks)::int as checks, sum(up_checks)::int as up
    from monitor_results
    where monitor_id = any(${monitors.map((m) => m.id)}::uuid[]) and at >= ${since.toISOString()}
    group by 1, 2`;
  const byMonitor = new Map<string, Map<string, number>>();
  for (const row of days) {
    const map = byMonitor.get(row.id) ?? new Map<string, number>();
    map.set(row.day, row.checks > 0 ? row.up / row.checks : 0);
    byMonitor.set(row.id, map);
  }
  const dates = Array.from({ length: 90 }, (_, i) =>
    new Date(since.getTime() + i * 86_400_000).toISOString().slice(0, 10),
  );
  return {
    domain,
    updatedAt: now.toISOString(),
    monitors: monitors.map((m) => {
      const map = byMonitor.get(m.id);
      const bars = dates.map((date) => ({ date, uptime: map?.get(date) ?? null }));
      const known = bars.filter((bar) => bar.uptime !== null);
      return {
        name: m.name,
        type: m.type,
        state: m.state,
        since: m.stateSince,
        uptime90d: known.length
          ? known.reduce((sum, bar) => sum + (bar.uptime ?? 0), 0) / known.length
          : null,
        days: bars,
      };
    }),
  };
}
