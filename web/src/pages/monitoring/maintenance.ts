/** Maintenance windows as the page reasons about them: whether one is on now, and the form's local times as ISO. */
import type { MaintenanceWindow } from './types';

export type WindowPhase = 'active' | 'upcoming' | 'over';

export function windowPhase(
  window: Pick<MaintenanceWindow, 'startsAt' | 'endsAt'>,
  now = Date.now(),
): WindowPhase {
  if (Date.parse(window.endsAt) <= now) return 'over';
  return Date.parse(window.startsAt) <= now ? 'active' : 'upcoming';
}

/** A `datetime-local` value (the browser's local time, no zone) as an ISO time with offset, or null when unreadable. */
export function localToIso(value: string): string | null {
  if (!value) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** An ISO time as a `datetime-local` value in the browser's zone. */
export function isoToLocal(iso: string | number): string {
  const at = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}
