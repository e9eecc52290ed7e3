/** How `$(uptime)` and `$(followage)` say a span of time in chat. */

/** `2h 5m`, `45m`, `3d 4h` — the two largest units. */
export function formatUptime(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const days = Math.floor(minutes / 1_440);
  const hours = Math.floor((minutes % 1_440) / 60);
  const mins = minutes % 60;
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${mins}m`;
  return `${mins}m`;
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** `1 year, 2 months`, `3 months, 5 days`, `4 days`: calendar units from `since` to `now`. */
export function formatSince(since: Date, now: Date): string {
  let months =
    (now.getUTCFullYear() - since.getUTCFullYear()) * 12 + (now.getUTCMonth() - since.getUTCMonth());
  const anchor = new Date(since);
  anchor.setUTCMonth(since.getUTCMonth() + months);
  if (anchor > now) {
    months--;
    anchor.setTime(since.getTime());
    anchor.setUTCMonth(since.getUTCMonth() + months);
  }
  const days = Math.max(0, Math.floor((now.getTime() - anchor.getTime()) / 86_400_000));
  const years = Math.floor(months / 12);
  const restMonths = months % 12;
  const parts: string[] = [];
  if (years > 0) parts.push(plural(years, 'year'));
  if (restMonths > 0) parts.push(plural(restMonths, 'month'));
  if (years === 0 && days > 0) parts.push(plural(days, 'day'));
  if (parts.length === 0) {
    const hours = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 3_600_000));
    return plural(hours, 'hour');
  }
  return parts.slice(0, 2).join(', ');
}
