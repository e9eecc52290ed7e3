/**
 * What every channel sender receives and how it reports failure: a SendError may carry the time the
 * target asked us to wait (HTTP 429 Retry-After), which then replaces the usual backoff.
 */

export type OutgoingMessage = {
  id: number;
  /** opened, resolved, test or info. */
  event: string;
  title: string;
  body: string;
  payload: Record<string, unknown>;
};

export type Send<Config> = (config: Config, message: OutgoingMessage, signal: AbortSignal) => Promise<void>;

export class SendError extends Error {
  override name = 'SendError';
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** A Retry-After header (seconds or an HTTP date) in milliseconds, or undefined when absent or odd. */
export function retryAfterHeader(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** POSTs; only a target that cannot be reached throws here, the answer is the caller's to judge. */
export async function post(
  target: string,
  url: string,
  init: { headers: Record<string, string>; body: string },
  signal: AbortSignal,
): Promise<Response> {
  try {
    // A webhook that redirects elsewhere is a misconfiguration, not something to follow with a signed body.
    return await fetch(url, {
      method: 'POST',
      headers: init.headers,
      body: init.body,
      signal,
      redirect: 'error',
    });
  } catch (error) {
    throw new SendError(`${target} could not be reached: ${reason(error)}`);
  }
}

/** The error for an answer that is not a 2xx, with the target's own words and its Retry-After. */
export async function failure(target: string, response: Response, retryAfterMs?: number): Promise<SendError> {
  const text = (await response.text().catch(() => '')).trim().slice(0, 300);
  const wait =
    retryAfterMs ??
    (response.status === 429 || response.status === 503
      ? retryAfterHeader(response.headers.get('retry-after'))
      : undefined);
  return new SendError(`${target} answered ${response.status}${text ? `: ${text}` : ''}`, wait);
}

export function reason(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'it did not answer in time';
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof Error && cause.message) return cause.message;
    return error.message;
  }
  return String(error);
}
