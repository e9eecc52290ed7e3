/**
 * The public status answer (GET /api/status/:domain) as the page reads it: names, states and 90
 * daily uptime ratios per monitor, nothing more (configs and messages can name internal hosts).
 * Read leniently, since a bookmark outlives versions: a missing piece shows as "no data".
 */
import { dailyRatioBars, type UptimeBar } from '../monitoring/monitors';

export interface StatusMonitor {
  name: string;
  state: string;
  type?: string;
  since?: string;
  uptime90d?: number | null;
  days?: { date: string; uptime: number | null }[];
}

export interface PublicStatus {
  domain: string;
  updatedAt?: string | null;
  monitors: StatusMonitor[];
}

/** The monitor's 90 daily bars. */
export const statusBars = (monitor: StatusMonitor, now = Date.now()): UptimeBar[] =>
  dailyRatioBars(monitor.days ?? [], 90, now);

export type OverallState = 'up' | 'degraded' | 'down' | 'maintenance' | 'unknown';

/** The headline: every service up, some down (degraded), all down, under maintenance, or nothing known yet. */
export function overallState(status: Pick<PublicStatus, 'monitors'>): OverallState {
  const states = status.monitors.map((m) => m.state).filter((s) => s !== 'paused');
  if (states.length === 0 || states.every((s) => s === 'pending')) return 'unknown';
  const down = states.filter((s) => s === 'down').length;
  if (down > 0) return down === states.length ? 'down' : 'degraded';
  return states.includes('maintenance') ? 'maintenance' : 'up';
}
