/** What happens to a job after a failed try: the queue's decisions, kept apart from its SQL so they are tested alone. */
import { type BackoffOptions, backoffDelay } from '../backoff';

export const defaultJobRetry: BackoffOptions = { baseMs: 5_000, maxMs: 15 * 60_000 };

export type FailureDecision = { status: 'queued'; retryInMs: number } | { status: 'failed' };

/** Thrown by a handler whose work has its own retry schedule (go-live posts retry within a minute). */
export class RetryJobError extends Error {
  override name = 'RetryJobError';
  constructor(
    message: string,
    readonly retryInMs: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** `attempts` already counts the try that just failed (it is incremented when a job is claimed). */
export function decideAfterFailure(
  job: { attempts: number; maxAttempts: number },
  retry: BackoffOptions = defaultJobRetry,
  error?: unknown,
): FailureDecision {
  if (job.attempts >= job.maxAttempts) return { status: 'failed' };
  if (error instanceof RetryJobError) return { status: 'queued', retryInMs: error.retryInMs };
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
