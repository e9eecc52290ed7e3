/** Whether an instant falls inside a guild's quiet hours, read in the guild's timezone; windows may cross midnight. */
import type { QuietHours } from '@homelab/db/schema';

function minutesOf(hhmm: string) {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export function isQuietTime(quiet: QuietHours | null | undefined, timezone: string, at: number): boolean {
  if (!quiet) return false;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: timezone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(new Date(at));
  } catch {
    // An unknown timezone name: read the window in UTC rather than never announcing.
    return isQuietTime(quiet, 'UTC', at);
  }
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  const now = hour * 60 + minute;
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  if (from === to) return false;
  return from < to ? now >= from && now < to : now >= from || now < to;
}
