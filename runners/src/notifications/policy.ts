/**
 * When a failed delivery is tried again: a fixed schedule that reaches half an hour within six tries
 * (a target that is down for longer is reported as failed, and can be retried by hand), a target's
 * own Retry-After when it gives one, and a single try for tests, whose outcome the person is waiting for.
 */

/** Delays after the 1st, 2nd, ... failed try; one more try than delays, then the delivery fails. */
export const defaultRetryDelaysMs = [5_000, 30_000, 120_000, 600_000, 1_800_000] as const;

export type AfterFailure = { status: 'pending'; retryInMs: number } | { status: 'failed' };

export function decideAfterFailure(
  delivery: { attempts: number; event: string },
  retryAfterMs: number | undefined,
  delaysMs: readonly number[] = defaultRetryDelaysMs,
): AfterFailure {
  if (delivery.event === 'test') return { status: 'failed' };
  if (delivery.attempts > delaysMs.length) return { status: 'failed' };
  const scheduled = delaysMs[Math.max(0, delivery.attempts - 1)] ?? 0;
  // A rate limit says exactly when the target will take the message again; waiting longer is pointless.
  return { status: 'pending', retryInMs: retryAfterMs ?? scheduled };
}
