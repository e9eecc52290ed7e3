/**
 * One delivery attempt: the event as `{id, event, occurredAt, payload}`, signed with the hook's
 * secret exactly as notification webhooks are (one signing scheme for every receiver), and what
 * happens next when it fails: a later try on the shared backoff schedule, or giving up.
 */
import type { AutomationEnvelope } from '@homelab/db/automations';
import { type BackoffOptions, backoffDelay } from '../backoff';
import { eventHeader, signatureHeader, signBody } from '../notifications/webhook';
import type { AttemptResult } from './store';

export const deliveryHeader = 'X-HomeLabHub-Delivery';

export type RetryPolicy = BackoffOptions & { maxAttempts: number };

export type SendInput = {
  deliveryId: number;
  url: string;
  secret: string;
  envelope: AutomationEnvelope;
  timeoutMs: number;
  signal?: AbortSignal;
};

export type SendOutcome = { responseStatus: number | null; durationMs: number; error: string | null };

const errorExcerpt = 500;

export async function sendDelivery(input: SendInput): Promise<SendOutcome> {
  const body = JSON.stringify(input.envelope);
  const started = performance.now();
  const signals = [AbortSignal.timeout(input.timeoutMs), ...(input.signal ? [input.signal] : [])];
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(input.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'HomeLabHub-Automations',
        [signatureHeader]: signBody(input.secret, body),
        [eventHeader]: input.envelope.event,
        [deliveryHeader]: String(input.deliveryId),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.any(signals),
    });
    const text = await response.text().catch(() => '');
    if (response.ok) return { responseStatus: response.status, durationMs: elapsed(), error: null };
    const excerpt = text.trim().slice(0, errorExcerpt);
    return {
      responseStatus: response.status,
      durationMs: elapsed(),
      error: `The receiver answered ${response.status}${excerpt ? `: ${excerpt}` : '.'}`,
    };
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    const message = timedOut
      ? `No answer within ${input.timeoutMs >= 1000 ? `${Math.round(input.timeoutMs / 1000)} s` : `${input.timeoutMs} ms`}.`
      : `The receiver could not be reached: ${describe(error)}`;
    return { responseStatus: null, durationMs: elapsed(), error: message.slice(0, errorExcerpt) };
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}

/** What the delivery log records for an attempt, given how many tries this delivery has had. */
export function attemptResult(outcome: SendOutcome, attempts: number, policy: RetryPolicy): AttemptResult {
  if (outcome.error === null) return { ...outcome, retryInMs: null, gaveUp: false };
  const gaveUp = attempts >= policy.maxAttempts;
  return { ...outcome, gaveUp, retryInMs: gaveUp ? null : backoffDelay(attempts, policy) };
}
