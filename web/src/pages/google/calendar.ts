/**
 * Upcoming events as the calendar panel lists them: grouped by the local day they start on (an
 * event already under way counts for today), each day labelled the way people say it.
 */
import type { CalendarEvent } from './types';

export interface EventDay {
  /** YYYY-MM-DD in the browser's time zone. */
  key: string;
  label: string;
  events: CalendarEvent[];
}

const pad = (n: number) => String(n).padStart(2, '0');
export const dayKeyOf = (date: Date) =>
  `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

/** All-day events carry a bare date, which is a local day, not midnight UTC. */
export function startOf(event: Pick<CalendarEvent, 'start' | 'allDay'>): Date {
  const bare = /^(\d{4})-(\d{2})-(\d{2})$/.exec(event.start);
  return bare ? new Date(Number(bare[1]), Number(bare[2]) - 1, Number(bare[3])) : new Date(event.start);
}

const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'short', day: 'numeric' });
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

export function dayLabel(key: string, now = new Date()): string {
  const today = dayKeyOf(now);
  const tomorrow = dayKeyOf(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1));
  if (key === today) return 'Today';
  if (key === tomorrow) return 'Tomorrow';
  const [y, m, d] = key.split('-').map(Number);
  return dayFormat.format(new Date(y!, m! - 1, d!));
}

export function groupByDay(events: readonly CalendarEvent[], now = new Date()): EventDay[] {
  const sorted = [...events].sort((a, b) => startOf(a).getTime() - startOf(b).getTime());
  const days = new Map<string, CalendarEvent[]>();
  for (const event of sorted) {
    const day = listedDay(event, now);
    days.set(day, [...(days.get(day) ?? []), event]);
  }
  return [...days].map(([key, list]) => ({ key, label: dayLabel(key, now), events: list }));
}

/** "All day", or "14:00 – 15:30". */
export function timeRange(event: CalendarEvent): string {
  if (event.allDay) return 'All day';
  return `${timeFormat.format(new Date(event.start))} – ${timeFormat.format(new Date(event.end))}`;
}

/** The value of a datetime-local input for `date`, in the browser's time zone. */
export const localInputValue = (date: Date) =>
  `${dayKeyOf(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}`;

/** The next full hour, the default start of a new event. */
export function nextFullHour(now = new Date()): Date {
  const next = new Date(now);
  next.setMinutes(0, 0, 0);
  next.setHours(next.getHours() + 1);
  return next;
}

/** The day an event is listed under: its start, or today for one already under way. */
export function listedDay(event: Pick<CalendarEvent, 'start' | 'allDay'>, now = new Date()): string {
  const key = dayKeyOf(startOf(event));
  const today = dayKeyOf(now);
  // Keys are YYYY-MM-DD, so text order is date order.
  if (key < today) return today;
  return key;
}
