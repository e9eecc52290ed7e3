/** What happens to a job after a failed try: the queue's decisions, kept apart from its SQL so they are tested alone. */
import { type BackoffOptions, backoffDelay } from '../backoff';

export const defaultJobRetry: BackoffOptions = { baseMs: 5_000, maxMs: 15 * 60_000 };

export type FailureDecision = { status: 'queued'; retryInMs: number } | { status: 'failed' };

/** `attempts` already counts the try that just failed (it is incremented when a job is claimed). */
export function decideAfterFailure(
  job: { attempts: number; maxAttempts: number },
  retry: BackoffOptions = defaultJobRetry,
): FailureDecision {
  if (job.attempts >= job.maxAttempts) return { status: 'failed' };
  return { status: 'queued', retryInMs: backoffDelay(job.attempts, retry) };
}

export function unknownKindError(runner: string, kind: string, known: string[]) {
  const list = known.length > 0 ? known.map((k) => `"${k}"`).join(', ') : 'none';
  return `The ${runner} runner has no handler for job kind "${kind}" (it handles: ${list}).`;
}

/** last_error text: the message only (stack traces stay in the logs), bounded so a huge message cannot bloat the row. */
export function jobErrorText(error: unknown) {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 2_000 ? `${text.slice(0, 1_999)}…` : text;
}
