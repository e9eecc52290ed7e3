/**
 * Which HTTP status codes an HTTP monitor accepts, from the form's "200-299" / "301" entries.
 */

export type StatusRange = { from: number; to: number };

export function parseStatusRanges(entries: readonly string[]): StatusRange[] {
  const ranges: StatusRange[] = [];
  for (const entry of entries) {
    const match = /^(\d{3})(?:-(\d{3}))?$/.exec(entry.trim());
    if (!match) continue;
    const from = Number(match[1]);
    const to = match[2] ? Number(match[2]) : from;
    ranges.push({ from: Math.min(from, to), to: Math.max(from, to) });
  }
  // No usable entry means the default the schema would have given: any success or redirect.
  return ranges.length > 0 ? ranges : [{ from: 200, to: 399 }];
}

export function statusAccepted(status: number, ranges: readonly StatusRange[]): boolean {
  return ranges.some((range) => status >= range.from && status <= range.to);
}

export function describeRanges(ranges: readonly StatusRange[]): string {
  return ranges
    .map((range) => (range.from === range.to ? `${range.from}` : `${range.from}-${range.to}`))
    .join(', ');
}
