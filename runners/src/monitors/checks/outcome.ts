/**
 * What every check shares: one deadline made of the caller's signal and the monitor's timeout, the
 * wording of a failure a person reads on the status page, and the shape of a result.
 */
import type { Socket } from 'node:net';
import type { CheckResult } from '@homelab/db/monitoring';

export type CheckDeps = {
  publicIp(): Promise<string | null>;
  container(ref: string): Promise<{ state: string; health: string; restartCount: number } | null>;
  openSecret(sealed: string): Promise<string>;
};

export type CheckOptions = { timeoutMs: number; signal: AbortSignal; deps: CheckDeps };

export function up(
  latencyMs: number | null,
  message: string,
  detail: Record<string, unknown> = {},
): CheckResult {
  return { status: 'up', latencyMs, message, detail };
}

export function down(
  message: string,
  detail: Record<string, unknown> = {},
  latencyMs: number | null = null,
): CheckResult {
  return { status: 'down', latencyMs, message, detail };
}

export type Deadline = {
  signal: AbortSignal;
  /** Why the deadline fired, in words: the monitor's timeout or the scheduler cancelling the check. */
  reason(): string;
};

export function deadline(options: Pick<CheckOptions, 'timeoutMs' | 'signal'>): Deadline {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  return {
    signal: AbortSignal.any([options.signal, timeout]),
    reason: () => (options.signal.aborted ? 'check cancelled' : `timed out after ${options.timeoutMs} ms`),
  };
}

/** Resolves with `work`, or rejects once the signal fires; the caller still cleans up `work` itself. */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new AbortedError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortedError());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

export class AbortedError extends Error {
  constructor() {
    super('aborted');
    this.name = 'AbortError';
  }
}

const networkErrors: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed (temporary)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed by the server',
  ERR_INVALID_URL: 'invalid URL',
  ERR_SOCKET_CLOSED: 'connection closed',
};

const certificateErrors: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'certificate not trusted (self-signed)',
  SELF_SIGNED_CERT_IN_CHAIN: 'certificate not trusted (self-signed certificate in the chain)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificate not trusted (unknown issuer)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'certificate not trusted (unknown issuer)',
  UNABLE_TO_GET_ISSUER_CERT: 'certificate not trusted (unknown issuer)',
  CERT_UNTRUSTED: 'certificate not trusted',
  CERT_HAS_EXPIRED: 'certificate expired',
  CERT_NOT_YET_VALID: 'certificate not valid yet',
  CERT_REVOKED: 'certificate revoked',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate hostname mismatch',
};

/** A network or TLS error as a person reads it; never includes URLs, so credentials in them stay out. */
export function describeError(error: unknown, deadlineReason?: () => string): string {
  const name = (error as { name?: unknown } | undefined)?.name;
  if (
    name === 'AbortError' ||
    name === 'TimeoutError' ||
    (error as NodeJS.ErrnoException)?.code === 'ABORT_ERR'
  ) {
    return deadlineReason ? deadlineReason() : 'check cancelled';
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = (error as { reason?: unknown } | undefined)?.reason;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' && typeof reason === 'string') {
    return `certificate hostname mismatch: ${reason}`;
  }
  if (code && certificateErrors[code]) return certificateErrors[code];
  if (code && networkErrors[code]) return networkErrors[code];
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Describes a TLS verification failure code (socket.authorizationError) the same way as a request error. */
export function describeCertificateError(code: string): string {
  return certificateErrors[code] ?? `certificate not trusted (${code.toLowerCase().replaceAll('_', ' ')})`;
}

/**
 * Waits for a socket to reach `event` (connect, secureConnect): rejects when it fails, closes first or
 * the signal fires. The caller destroys the socket on every path.
 */
export function socketEvent(socket: Socket, event: string, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      signal.removeEventListener('abort', onAbort);
      socket.off(event, onEvent);
      socket.off('error', onError);
      socket.off('close', onClose);
    };
    const onEvent = () => {
      cleanup();
      resolve();
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(Object.assign(new Error('connection closed'), { code: 'ERR_SOCKET_CLOSED' }));
    };
    const onAbort = () => {
      cleanup();
      reject(new AbortedError());
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once(event, onEvent);
    socket.once('error', onError);
    socket.once('close', onClose);
  });
}

export function elapsedSince(startedAt: number): number {
  return Math.round(performance.now() - startedAt);
}
