/** Support hours and wall-clock times in a guild's own timezone (escalations wait for staffed hours). */
import type { SupportHours } from '@homelab/db/schema';

type LocalTime = { year: string; month: string; day: string; hour: string; minute: string; weekday: number };

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function localTime(at: Date, timeZone: string): LocalTime {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
  }).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    weekday: weekdays.indexOf(get('weekday')),
  };
}

/** A guild's timezone, or UTC when the stored name is not one Intl knows. */
export function safeTimeZone(timeZone: string) {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/** "2024-05-01 14:03" in the guild's timezone. */
export function formatLocal(at: Date, timeZone: string) {
  const t = localTime(at, safeTimeZone(timeZone));
  return `${t.year}-${t.month}-${t.day} ${t.hour}:${t.minute}`;
}

/**
 * True inside the window, or always when the guild has no hours. A window whose end is before its
 * start runs past midnight and belongs to the day it starts on.
 */
export function withinSupportHours(hours: SupportHours | null, timeZone: string, at: Date) {
  if (!hours) return true;
  const t = localTime(at, safeTimeZone(timeZone));
  const minutes = Number(t.hour) * 60 + Number(t.minute);
  const from = toMinutes(hours.from);
  const to = toMinutes(hours.to);
  if (from === to) return hours.days.includes(t.weekday);
  if (from < to) return hours.days.includes(t.weekday) && minutes >= from && minutes < to;
  const yesterday = (t.weekday + 6) % 7;
  return (
    (hours.days.includes(t.weekday) && minutes >= from) || (hours.days.includes(yesterday) && minutes < to)
  );
}

function toMinutes(hhmm: string) {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}
