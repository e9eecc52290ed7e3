/**
 * Support hours in the guild's own timezone: a ticket opened outside them gets a notice that answers
 * may take longer. A window whose end is before its start runs past midnight (22:00–06:00) and
 * belongs to the day it starts on.
 */
import type { SupportHours } from '@homelab/db/schema';

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function localTime(at: Date, timeZone: string): { day: number; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: weekdays.indexOf(get('weekday')), minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** True when `at` falls inside the support hours; no hours set means staffed around the clock. */
export function withinSupportHours(
  hours: SupportHours | null,
  timeZone: string,
  at: Date = new Date(),
): boolean {
  if (!hours) return true;
  const { day, minutes } = localTime(at, timeZone);
  const from = toMinutes(hours.from);
  const to = toMinutes(hours.to);
  if (from === to) return hours.days.includes(day);
  if (from < to) return hours.days.includes(day) && minutes >= from && minutes < to;
  // Overnight: the evening part belongs to today, the early-morning part to yesterday's window.
  if (minutes >= from) return hours.days.includes(day);
  return minutes < to && hours.days.includes((day + 6) % 7);
}
