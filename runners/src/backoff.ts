/**
 * The runners' one retry schedule: exponential delays with a ceiling, shared by the supervisor
 * (restarting a crashed runner) and the job queue (retrying a failed job).
 */

export type BackoffOptions = { baseMs: number; maxMs: number; factor?: number };

/** Delay before try number `attempt + 1`, after `attempt` consecutive failures (1 → baseMs). */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const { baseMs, maxMs, factor = 2 } = options;
  if (attempt < 1) return 0;
  // Capping the exponent keeps a long failure streak from overflowing to Infinity.
  const exponent = Math.min(attempt - 1, 52);
  return Math.min(maxMs, baseMs * factor ** exponent);
}

/**
 * The length of a crash streak after a new crash: a run that stayed up for `stableAfterMs` proves
 * the previous trouble is over, so the streak (and with it the delay) starts again from one.
 */
export function nextCrashStreak(streak: number, upMs: number, stableAfterMs: number): number {
  return upMs >= stableAfterMs ? 1 : streak + 1;
}
