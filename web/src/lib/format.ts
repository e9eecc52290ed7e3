/** Human-readable numbers for dashboards: bytes, rates, percentages, durations and times. */

const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** Binary multiples (what `df` and `free -h` show) with the short decimal-looking labels people expect. */
export function formatBytes(bytes: number, digits = 1): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return '0 B';
  const i = Math.min(units.length - 1, Math.floor(Math.log(bytes) / Math.log(1024)));
  const value = bytes / 1024 ** i;
  const text = value.toFixed(i === 0 || value >= 100 ? 0 : digits).replace(/\.0+$/, '');
  return `${text} ${units[i]}`;
}

export const formatRate = (bytesPerSecond: number) => `${formatBytes(bytesPerSecond)}/s`;

export const formatPercent = (percent: number) =>
  `${Number.isFinite(percent) ? Math.round(percent * 10) / 10 : 0}%`;

/** "3d 4h", "5h 12m", "42s": the two largest units are enough for uptime. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const parts: [number, string][] = [
    [Math.floor(s / 86400), 'd'],
    [Math.floor((s % 86400) / 3600), 'h'],
    [Math.floor((s % 3600) / 60), 'm'],
    [s % 60, 's'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first === -1) return '0s';
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, u]) => `${n}${u}`)
    .join(' ');
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "2 minutes ago", "in 3 days"; `null` reads as "never" because that is what it means in our data. */
export function formatRelative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const diff = (Date.parse(iso) - now) / 1000;
  const abs = Math.abs(diff);
  // Small differences either way are clock skew between server and browser, not the future.
  if (abs < 45) return 'just now';
  const steps: [limit: number, divisor: number, unit: Intl.RelativeTimeFormatUnit][] = [
    [3600, 60, 'minute'],
    [86400, 3600, 'hour'],
    [604800, 86400, 'day'],
    [2629800, 604800, 'week'],
    [31557600, 2629800, 'month'],
    [Number.POSITIVE_INFINITY, 31557600, 'year'],
  ];
  const [, divisor, unit] = steps.find(([limit]) => abs < limit)!;
  return relative.format(Math.round(diff / divisor), unit);
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export const formatDateTime = (iso: string | null | undefined) =>
  iso ? dateTime.format(new Date(iso)) : '—';

/** How long something has been up, from its start time: "3d 4h"; "—" when it has not started. */
export function formatUptime(startedAt: string | null | undefined, now = Date.now()): string {
  if (!startedAt) return '—';
  const started = Date.parse(startedAt);
  // Docker reports "0001-01-01T00:00:00Z" for containers that never started.
  if (Number.isNaN(started) || started <= 0) return '—';
  return formatDuration((now - started) / 1000);
}

/** The 12-character short form Docker prints for ids and digests ("sha256:" dropped). */
export const shortId = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);

/** "1 container", "3 containers". */
export const plural = (count: number, one: string, many = `${one}s`) =>
  `${count} ${count === 1 ? one : many}`;
