/**
 * When a dynamic DNS record is sent to its provider, and how long to wait after a refusal. Pure, so
 * the rules that keep us off a provider's abuse list are tested without clocks or sockets.
 */

/** Waits after 1, 2, 3 and 4+ failures in a row: providers ban clients that hammer them. */
const retryLadderMs = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000] as const;

export function retryDelayMs(failures: number): number {
  if (failures < 1) return 0;
  return retryLadderMs[Math.min(failures, retryLadderMs.length) - 1] as number;
}

/** Status a record stays in after an answer only a person can fix (wrong password, unknown host). */
export const needsAttention = 'needs_attention';

export type RecordState = {
  enabled: boolean;
  lastIp: string | null;
  lastStatus: string | null;
  nextAttemptAt: string | null;
};

/** Whether to call the provider now for `ip`: only for a new address, and never while backing off. */
export function shouldUpdate(record: RecordState, ip: string, now: Date): boolean {
  if (!record.enabled || record.lastStatus === needsAttention) return false;
  if (record.lastIp === ip) return false;
  return !record.nextAttemptAt || Date.parse(record.nextAttemptAt) <= now.getTime();
}
