/**
 * Turns an engine refusal (a dockerode error) into the API's error shape. Podman's compat API
 * answers some conflicts ("already exists", "is being used", "please force removal") with a 500
 * where Docker says 409, so the message decides as well as the status.
 */
import { HttpError } from '../internal/errors';

type DockerodeError = Error & { statusCode?: number; json?: { message?: string } | null };

/** The engine's own words, without dockerode's "(HTTP code 409) conflict - " prefix. */
export function engineMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const fromJson = (error as DockerodeError).json?.message;
  if (typeof fromJson === 'string' && fromJson) return fromJson;
  return error.message.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim() || error.message;
}

const conflictPattern = /already (exists|used|in use)|being used|in use|force removal|conflict/i;

/**
 * What to throw for `error`: 404 and conflicts keep their meaning, other engine answers are a 502, a
 * lost socket a 503; anything else (a bug) is returned as it is, for the generic 500.
 */
export function engineFailure(error: unknown, notFoundMessage: string): unknown {
  if (error instanceof HttpError) return error;
  const status = (error as DockerodeError).statusCode;
  const message = engineMessage(error);
  if (status === 404) return new HttpError(404, 'not_found', notFoundMessage);
  if (status === 409 || (status !== undefined && conflictPattern.test(message)))
    return new HttpError(409, 'conflict', `The engine refused: ${message}`);
  if (status === 503)
    return new HttpError(503, 'engine_unreachable', `The engine is unavailable: ${message}`);
  if (status !== undefined) return new HttpError(502, 'engine_error', `The engine failed: ${message}`);
  if (typeof (error as { code?: unknown }).code === 'string')
    return new HttpError(503, 'engine_unreachable', `The container engine is not reachable (${message}).`);
  return error;
}
