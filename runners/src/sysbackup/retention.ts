/**
 * Grandfather-father-son retention: the newest good backup of each of the last N days, N weeks
 * (ISO weeks, Monday first) and N months (all UTC) is kept; every other finished backup goes.
 * Running backups are never touched; failed ones keep only the newest `daily` few, as a record.
 */

export type RetentionPolicy = { daily: number; weekly: number; monthly: number };
export type RetentionTier = 'daily' | 'weekly' | 'monthly';
export type RetentionCandidate = { id: string; startedAt: Date; status: 'running' | 'done' | 'failed' };
export type RetentionPlan = {
  /** Kept backups with the longest bucket that keeps them. */
  keep: Map<string, RetentionTier>;
  remove: string[];
};

/** SYSTEM_BACKUP_KEEP: "daily,weekly,monthly", e.g. "7,4,6". */
export function parseRetention(value: string): RetentionPolicy {
  const parts = value.split(',').map((part) => part.trim());
  const numbers = parts.map(Number);
  if (parts.length !== 3 || numbers.some((n) => !Number.isInteger(n) || n < 0))
    throw new Error(
      `SYSTEM_BACKUP_KEEP must be three whole numbers "daily,weekly,monthly", e.g. 7,4,6; got "${value}"`,
    );
  const [daily, weekly, monthly] = numbers as [number, number, number];
  return { daily, weekly, monthly };
}

const dayKey = (at: Date) => at.toISOString().slice(0, 10);
const monthKey = (at: Date) => at.toISOString().slice(0, 7);
function weekKey(at: Date) {
  const monday = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  return dayKey(monday);
}

/** The newest backup of each of the `count` newest buckets (given newest first). */
function newestPerBucket(backups: RetentionCandidate[], key: (at: Date) => string, count: number) {
  const chosen: string[] = [];
  const seen = new Set<string>();
  for (const backup of backups) {
    if (seen.size >= count) break;
    const bucket = key(backup.startedAt);
    if (seen.has(bucket)) continue;
    seen.add(bucket);
    chosen.push(backup.id);
  }
  return chosen;
}

export function planRetention(backups: RetentionCandidate[], policy: RetentionPolicy): RetentionPlan {
  const newestFirst = [...backups].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
  const done = newestFirst.filter((b) => b.status === 'done');
  const keep = new Map<string, RetentionTier>();
  for (const id of newestPerBucket(done, dayKey, policy.daily)) keep.set(id, 'daily');
  for (const id of newestPerBucket(done, weekKey, policy.weekly)) keep.set(id, 'weekly');
  for (const id of newestPerBucket(done, monthKey, policy.monthly)) keep.set(id, 'monthly');
  const failedKept = new Set(
    newestFirst
      .filter((b) => b.status === 'failed')
      .slice(0, policy.daily)
      .map((b) => b.id),
  );
  const remove = newestFirst
    .filter(
      (b) => (b.status === 'done' && !keep.has(b.id)) || (b.status === 'failed' && !failedKept.has(b.id)),
    )
    .map((b) => b.id);
  return { keep, remove };
}
