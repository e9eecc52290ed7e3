/**
 * Talks to Sunshine's web API (confighttp, https://host:47990/api/…): Basic auth on every call,
 * JSON in and out, and the certificate pinned by fingerprint when one is configured. Each failure
 * becomes a SunshineError whose kind says what the owner can do about it.
 */
import { Agent, request } from 'node:https';
import type { Duplex } from 'node:stream';
import { connect, type TLSSocket } from 'node:tls';
import { checkPinnedCertificate } from './tls-pin';

export type SunshineConnection = {
  url: string;
  username: string;
  password: string;
  tlsFingerprint?: string;
  timeoutMs?: number;
};

export type SunshineErrorKind = 'unreachable' | 'auth_failed' | 'refused' | 'unsupported' | 'bad_answer';

export class SunshineError extends Error {
  constructor(
    readonly kind: SunshineErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'SunshineError';
  }
}

/** One entry of apps.json as Sunshine returns it; only the fields HomeLabHub reads. */
export type SunshineAppEntry = { name?: string; uuid?: string; 'image-path'?: string };

export type SunshineClient = ReturnType<typeof createSunshineClient>;

type Answer = { status: number; body: unknown };

export function createSunshineClient(connection: SunshineConnection) {
  const base = new URL(connection.url);
  const authorization = `Basic ${Buffer.from(`${connection.username}:${connection.password}`).toString('base64')}`;
  const timeoutMs = connection.timeoutMs ?? 8_000;

  function send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
    const target = new URL(path, base);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise<Answer>((resolve, reject) => {
      const req = request(
        target,
        {
          method,
          agent: connection.tlsFingerprint
            ? pinnedAgent(target, connection.tlsFingerprint, timeoutMs)
            : false,
          timeout: timeoutMs,
          headers: {
            authorization,
            accept: 'application/json',
            ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = null;
            try {
              parsed = text ? JSON.parse(text) : null;
            } catch {
              parsed = text;
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
      req.on('error', (error) => reject(toUnreachable(error)));
      req.end(payload);
    });
  }

  async function call(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<Record<string, unknown>> {
    const answer = await send(method, path, body);
    if (answer.status === 401)
      throw new SunshineError(
        'auth_failed',
        'Sunshine refused the username or password (401); check SUNSHINE_USERNAME and SUNSHINE_PASSWORD.',
      );
    if (answer.status === 403)
      throw new SunshineError(
        'auth_failed',
        "Sunshine refused this address (403); its web UI only answers the local network unless 'origin_web_ui_allowed' says otherwise.",
      );
    if (
      answer.status === 404 ||
      (answer.status === 400 && method === 'POST' && isDefaultRefusal(answer.body))
    )
      throw new SunshineError('unsupported', `This Sunshine version has no ${method} ${path}.`);
    const object =
      typeof answer.body === 'object' && answer.body !== null
        ? (answer.body as Record<string, unknown>)
        : null;
    if (answer.status === 400)
      throw new SunshineError('refused', `Sunshine refused it: ${String(object?.error ?? 'Bad Request')}.`);
    if (answer.status < 200 || answer.status >= 300 || !object)
      throw new SunshineError('bad_answer', `Sunshine answered ${answer.status} to ${method} ${path}.`);
    return object;
  }

  return {
    /** The host's settings and version; the cheapest authenticated call, used as the health check. */
    async config(): Promise<{ version: string | null; platform: string | null }> {
      const body = await call('GET', '/api/config');
      return {
        version: typeof body.version === 'string' ? body.version : null,
        platform: typeof body.platform === 'string' ? body.platform : null,
      };
    },
    async apps(): Promise<SunshineAppEntry[]> {
      const body = await call('GET', '/api/apps');
      return Array.isArray(body.apps) ? (body.apps as SunshineAppEntry[]) : [];
    },
    async launch(uuid: string): Promise<void> {
      await expectStatus(call('POST', '/api/apps/launch', { uuid }), 'start the application');
    },
    async close(): Promise<void> {
      await expectStatus(call('POST', '/api/apps/close'), 'stop the application');
    },
    async clients(): Promise<{ name?: string; uuid?: string }[]> {
      const body = await call('GET', '/api/clients/list');
      return Array.isArray(body.named_certs) ? (body.named_certs as { name?: string; uuid?: string }[]) : [];
    },
    async unpair(uuid: string): Promise<boolean> {
      const body = await call('POST', '/api/clients/unpair', { uuid });
      return body.status === true || body.status === 'true';
    },
    /** false when no Moonlight client is waiting for this PIN (or it was not the PIN it showed). */
    async pin(pin: string, name: string): Promise<boolean> {
      const body = await call('POST', '/api/pin', { pin, name });
      return body.status === true || body.status === 'true';
    },
  };
}

/** Sunshine's catch-all for an unknown POST path is a bare 400 "Bad Request". */
function isDefaultRefusal(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { error?: unknown }).error === 'Bad Request';
}

async function expectStatus(answer: Promise<Record<string, unknown>>, what: string) {
  const body = await answer;
  // Older Sunshine writes JSON booleans through boost's ptree, which makes them strings.
  if (body.status !== true && body.status !== 'true')
    throw new SunshineError(
      'refused',
      `Sunshine could not ${what}${body.error ? `: ${String(body.error)}` : ''}.`,
    );
}

function toUnreachable(error: Error): SunshineError {
  if (error instanceof SunshineError) return error;
  if (error.name === 'CertificateMismatchError') return new SunshineError('unreachable', error.message);
  const code = (error as { code?: string }).code;
  if (code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN')
    return new SunshineError(
      'unreachable',
      "Sunshine's certificate is self-signed and no SUNSHINE_TLS_FINGERPRINT is set to pin it; set it to the certificate's SHA-256 fingerprint.",
    );
  return new SunshineError('unreachable', `Sunshine is not reachable: ${code ?? error.message}.`);
}

/** A one-request agent whose connections are the pinned sockets below. */
function pinnedAgent(target: URL, fingerprint: string, timeoutMs: number): Agent {
  const agent = new Agent({ keepAlive: false });
  agent.createConnection = (_options, done) => {
    pinnedSocket(target, fingerprint, timeoutMs).then(
      (socket) => done?.(null, socket),
      (error: Error) => done?.(error, undefined as unknown as Duplex),
    );
    return undefined as unknown as Duplex;
  };
  return agent;
}

/** A TLS socket to the host, handed over only once its certificate matched the pinned fingerprint. */
function pinnedSocket(target: URL, fingerprint: string, timeoutMs: number): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const host = target.hostname.replace(/^\[|\]$/g, '');
    const socket = connect({
      host,
      port: Number(target.port || 443),
      servername: /^[\d.]+$|:/.test(host) ? undefined : host,
      // The chain cannot verify (self-signed); the fingerprint below is the check instead.
      rejectUnauthorized: false,
      timeout: timeoutMs,
    });
    socket.once('timeout', () => socket.destroy(new Error(`no TLS handshake within ${timeoutMs / 1000} s`)));
    socket.once('error', reject);
    socket.once('secureConnect', () => {
      const mismatch = checkPinnedCertificate(fingerprint, socket.getPeerCertificate());
      if (mismatch) {
        socket.destroy();
        reject(mismatch);
        return;
      }
      socket.removeListener('error', reject);
      socket.setTimeout(0);
      resolve(socket);
    });
  });
}
