/**
 * The decisions behind the monitoring pages, kept apart from the components so they are tested
 * alone: how a state looks, how monitors group and filter, how history becomes uptime bars.
 */
import { formatDuration } from '../../lib/format';
import type { Tone } from '../../ui/Badge';
import type { HistoryPoint, Incident, Monitor, MonitorState } from './types';

export interface StateLook {
  tone: Tone;
  icon: string;
  text: string;
}

// Every state has its own word and icon, so colour is never the only cue.
const looks: Record<MonitorState, StateLook> = {
  up: { tone: 'ok', icon: 'i-ph-check-circle', text: 'Up' },
  down: { tone: 'danger', icon: 'i-ph-x-circle', text: 'Down' },
  pending: { tone: 'info', icon: 'i-ph-hourglass', text: 'Pending' },
  paused: { tone: 'neutral', icon: 'i-ph-pause-circle', text: 'Paused' },
  maintenance: { tone: 'warn', icon: 'i-ph-wrench', text: 'Maintenance' },
};

const unknownLook: StateLook = { tone: 'neutral', icon: 'i-ph-question', text: 'Unknown' };

/** How a state reads; anything the page does not know (a newer server) reads "Unknown". */
export const stateLook = (state: string | null | undefined): StateLook =>
  (state && looks[state as MonitorState]) || unknownLook;

/** "142 ms", "1.2 s"; "—" before the first check. */
export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** Uptime as the API gives it (a fraction, 0..1) in percent to two decimals, never rounded up to 100. */
export function formatUptimeRatio(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const percent = value * 100;
  if (percent >= 100) return '100%';
  // Truncated, so 99.999% never reads 100%; the epsilon keeps 0.29 from reading 28.99%.
  return `${(Math.floor(percent * 100 + 1e-6) / 100).toFixed(2)}%`;
}

export type GroupBy = 'domain' | 'tag';

export interface MonitorGroup {
  key: string;
  label: string;
  monitors: Monitor[];
}

const ungrouped = { domain: 'No domain', tag: 'No tag' } as const;

/**
 * Monitors by domain (or by first tag), groups and members sorted by name, the catch-all group
 * last. A monitor appears once, so the 1,000-row page has 1,000 rows.
 */
export function groupMonitors(monitors: readonly Monitor[], by: GroupBy): MonitorGroup[] {
  const groups = new Map<string, Monitor[]>();
  for (const monitor of monitors) {
    const key = (by === 'domain' ? monitor.domain : monitor.tags[0]) ?? '';
    const list = groups.get(key);
    if (list) list.push(monitor);
    else groups.set(key, [monitor]);
  }
  return [...groups.entries()]
    .map(([key, list]) => ({
      key,
      label: key || ungrouped[by],
      monitors: list.sort((a, b) => a.name.localeCompare(b.name)),
    }))
    .sort((a, b) =>
      (a.key === '') !== (b.key === '') ? (a.key === '' ? 1 : -1) : a.label.localeCompare(b.label),
    );
}

/** Whether a monitor matches the filter box: every word must appear in its name, type, domain, tags, state or target. */
export function matchesFilter(monitor: Monitor, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const c = monitor.config;
  // The target too (URL, host, DNS name, container), so a host from the domains view finds its monitors.
  const target = [c.url, c.host, c.name, c.servername, c.container].filter((v) => typeof v === 'string');
  const haystack = [
    monitor.name,
    monitor.type,
    monitor.domain ?? '',
    monitor.state,
    ...monitor.tags,
    ...target,
  ]
    .join(' ')
    .toLowerCase();
  return words.every((word) => haystack.includes(word));
}

export interface UptimeBar {
  /** The day, YYYY-MM-DD in UTC. */
  day: string;
  checks: number;
  upChecks: number;
  /** 0..1; null when nothing was checked that day. */
  ratio: number | null;
  look: 'up' | 'partial' | 'down' | 'none';
}

const dayMs = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * One bar per UTC day for the last `days` days (today last), from history points of any
 * resolution: the points of a day are added up, days without checks stay empty.
 */
export function uptimeBars(
  points: readonly HistoryPoint[],
  days = 90,
  now = Date.now(),
  /** Points wider than a day (the 1-year range's 2-day buckets) count for each day they cover. */
  bucketDays = 1,
): UptimeBar[] {
  const totals = new Map<string, { checks: number; upChecks: number }>();
  for (const point of points) {
    const at = Date.parse(point.at);
    if (Number.isNaN(at)) continue;
    for (let d = 0; d < bucketDays; d++) {
      const day = dayOf(at + d * dayMs);
      const total = totals.get(day) ?? { checks: 0, upChecks: 0 };
      total.checks += point.checks;
      total.upChecks += point.upChecks;
      totals.set(day, total);
    }
  }
  const today = Math.floor(now / dayMs) * dayMs;
  return Array.from({ length: days }, (_, i) => {
    const day = dayOf(today - (days - 1 - i) * dayMs);
    const total = totals.get(day) ?? { checks: 0, upChecks: 0 };
    const ratio = total.checks > 0 ? total.upChecks / total.checks : null;
    const look = ratio === null ? 'none' : ratio >= 1 ? 'up' : ratio === 0 ? 'down' : 'partial';
    return { day, ...total, ratio, look };
  });
}

/**
 * Bars from per-day uptime ratios (the public status answer: `{date, uptime}`), for the last
 * `days` days; a day the answer lacks stays empty.
 */
export function dailyRatioBars(
  daily: readonly { date: string; uptime: number | null }[],
  days = 90,
  now = Date.now(),
): UptimeBar[] {
  const byDay = new Map(daily.map((d) => [d.date, d.uptime]));
  const today = Math.floor(now / dayMs) * dayMs;
  return Array.from({ length: days }, (_, i) => {
    const day = dayOf(today - (days - 1 - i) * dayMs);
    const ratio = byDay.get(day) ?? null;
    const look = ratio === null ? 'none' : ratio >= 1 ? 'up' : ratio === 0 ? 'down' : 'partial';
    return { day, checks: 0, upChecks: 0, ratio, look };
  });
}

/** Where the first bars know nothing (older than their range), the second's day stands in. */
export const mergeBars = (primary: readonly UptimeBar[], fallback: readonly UptimeBar[]): UptimeBar[] =>
  primary.map((bar, i) => (bar.ratio === null && fallback[i]?.day === bar.day ? fallback[i]! : bar));

/** The share of checks that were up across bars (or the mean of daily ratios when counts are unknown); null when none ran. */
export function barsUptime(bars: readonly UptimeBar[]): number | null {
  const checks = bars.reduce((sum, bar) => sum + bar.checks, 0);
  if (checks > 0) return bars.reduce((sum, bar) => sum + bar.upChecks, 0) / checks;
  const known = bars.filter((bar) => bar.ratio !== null);
  return known.length ? known.reduce((sum, bar) => sum + bar.ratio!, 0) / known.length : null;
}

/** How long an incident lasted, or has lasted so far: "2h 5m", "ongoing for 12m". */
export function incidentDuration(
  incident: Pick<Incident, 'startedAt' | 'resolvedAt'>,
  now = Date.now(),
): string {
  const start = Date.parse(incident.startedAt);
  const end = incident.resolvedAt ? Date.parse(incident.resolvedAt) : now;
  const text = formatDuration((end - start) / 1000);
  return incident.resolvedAt ? text : `ongoing for ${text}`;
}

export interface CertificateFacts {
  daysLeft: number | null;
  issuer: string | null;
  expiresAt: string | null;
  subject: string | null;
}

const text = (value: unknown) => (typeof value === 'string' && value ? value : null);

/** Certificate facts from a TLS or HTTPS check's detail, whichever names the check used; null when there are none. */
export function certificateFacts(
  detail: Record<string, unknown> | null | undefined,
  now = Date.now(),
): CertificateFacts | null {
  if (!detail) return null;
  const cert = (
    typeof detail.certificate === 'object' && detail.certificate ? detail.certificate : detail
  ) as Record<string, unknown>;
  const expiresAt = text(cert.validTo) ?? text(cert.expiresAt) ?? text(cert.notAfter);
  const given =
    typeof cert.daysLeft === 'number'
      ? cert.daysLeft
      : typeof cert.daysRemaining === 'number'
        ? cert.daysRemaining
        : null;
  const issuerValue = cert.issuer;
  const issuer =
    text(issuerValue) ??
    (issuerValue && typeof issuerValue === 'object'
      ? (text((issuerValue as Record<string, unknown>).O) ??
        text((issuerValue as Record<string, unknown>).CN))
      : null);
  if (expiresAt === null && given === null && issuer === null) return null;
  // Counted again from the expiry when there is one: the check's own count ages with the check.
  const daysLeft =
    expiresAt && !Number.isNaN(Date.parse(expiresAt))
      ? Math.floor((Date.parse(expiresAt) - now) / dayMs)
      : given;
  return { daysLeft, issuer, expiresAt, subject: text(cert.subject) ?? text(cert.servername) };
}

/** A monitor's recent latencies for its sparkline: the newest last, at most `keep`. */
export function pushLatency(values: readonly number[], latency: number | null, keep = 30): number[] {
  if (latency === null || !Number.isFinite(latency)) return values as number[];
  const next = [...values, latency];
  return next.length > keep ? next.slice(next.length - keep) : next;
}

/** A compact age for a ticking "last check" column: "8s ago", "3m ago", "2h ago", "never". */
export function formatAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const seconds = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  if (!Number.isFinite(seconds)) return 'never';
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h ago`;
  return `${Math.floor(seconds / 86_400)}d ago`;
}
