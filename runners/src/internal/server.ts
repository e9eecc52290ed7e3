/**
 * The runners' internal HTTP API, which only functions call. Every request must carry a valid
 * signature (shared secret, fresh timestamp, unused nonce); each runner's routes are mounted under
 * its name and answer 503 while it is not running.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { QueueStats } from '../jobs/queue';
import { type Logger, withLogContext } from '../log';
import type { RunnerSnapshot } from '../supervisor';
import { HttpError, toErrorResponse } from './errors';
import { createNonceCache } from './nonces';
import { maxSkewMs, verifyRequest } from './signing';

export type MountedRunners = {
  knows(name: string): boolean;
  stateOf(name: string): string | undefined;
  routesFor(name: string): Hono | undefined;
  snapshot(): RunnerSnapshot[];
};

export type InternalApiOptions = {
  secret: string;
  log: Logger;
  runners: MountedRunners;
  queueStats(): Promise<QueueStats>;
  now?: () => number;
  maxBodyBytes?: number;
};

export type SupervisorHealth = { runners: RunnerSnapshot[]; queue: QueueStats | null };

type Env = { Variables: { rawBody: Uint8Array<ArrayBuffer> } };

const requestIdPattern = /^[\w.:-]{1,128}$/;

export function createInternalApp(options: InternalApiOptions) {
  const { secret, runners, now = Date.now, maxBodyBytes = 1024 * 1024 } = options;
  const log = options.log.child({ component: 'internal-api' });
  // Twice the skew: a call stamped up to 60 s ahead stays acceptable until 60 s after that.
  const nonces = createNonceCache(2 * maxSkewMs);
  const app = new Hono<Env>();

  app.onError((error, c) => {
    const { status, body } = toErrorResponse(error);
    if (status >= 500 && status !== 503) log.error('internal call failed', { err: error, path: c.req.path });
    return c.json(body, status);
  });
  app.notFound((c) =>
    c.json({ error: { code: 'not_found', message: `No route ${c.req.method} ${c.req.path}.` } }, 404),
  );

  // Liveness for process supervisors (compose, the local launcher): unsigned, and it tells nothing.
  app.get('/livez', (c) => c.json({ ok: true }));

  app.use(async (c, next) => {
    const header = c.req.header('x-request-id');
    const requestId = header && requestIdPattern.test(header) ? header : crypto.randomUUID();
    const started = Date.now();
    await withLogContext({ requestId }, next);
    c.res.headers.set('x-request-id', requestId);
    log.info('internal call', {
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Date.now() - started,
    });
  });

  app.use(
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: () => {
        throw new HttpError(413, 'payload_too_large', `The request body is over ${maxBodyBytes} bytes.`);
      },
    }),
  );

  app.use(async (c, next) => {
    const body = new Uint8Array(await c.req.arrayBuffer());
    const url = new URL(c.req.url);
    const at = now();
    const result = await verifyRequest({
      secret,
      method: c.req.method,
      pathWithQuery: url.pathname + url.search,
      body,
      headers: c.req.raw.headers,
      now: at,
    });
    const refusal = !result.ok
      ? result.reason
      : nonces.remember(result.nonce, at)
        ? null
        : 'replayed request';
    if (refusal) {
      log.warn('refused an unsigned or invalid internal call', {
        reason: refusal,
        method: c.req.method,
        path: url.pathname,
      });
      throw new HttpError(401, 'unauthorized', `The call is not correctly signed: ${refusal}.`);
    }
    c.set('rawBody', body);
    await next();
  });

  app.get('/supervisor/health', async (c) => {
    let queue: QueueStats | null = null;
    try {
      queue = await options.queueStats();
    } catch (error) {
      // Health must still answer while PostgreSQL is down; a null queue says the queue is unknown.
      log.warn('queue stats unavailable', { err: error });
    }
    return c.json({ runners: runners.snapshot(), queue } satisfies SupervisorHealth);
  });

  app.all('/:runner/*', async (c) => {
    const name = c.req.param('runner');
    if (!runners.knows(name)) throw new HttpError(404, 'not_found', `There is no runner named "${name}".`);
    const routes = runners.routesFor(name);
    if (!routes) {
      throw new HttpError(
        503,
        'runner_unavailable',
        `The ${name} runner is ${runners.stateOf(name)}, not running.`,
      );
    }
    const url = new URL(c.req.url);
    url.pathname = url.pathname.slice(name.length + 1) || '/';
    const body = c.get('rawBody');
    return routes.fetch(
      new Request(url, {
        method: c.req.method,
        headers: c.req.raw.headers,
        body: body.byteLength > 0 ? body : undefined,
        signal: c.req.raw.signal,
      }),
    );
  });

  return app;
}

export type ServeOptions = { host: string; port: number };

/** Starts listening; close() waits for calls in flight, then cuts streams still open. */
export function serveInternalApi(
  app: { fetch: (request: Request) => Response | Promise<Response> },
  options: ServeOptions,
) {
  return new Promise<{ url: string; port: number; close(graceMs?: number): Promise<void> }>(
    (resolve, reject) => {
      const server = serve({
        fetch: app.fetch,
        hostname: options.host,
        port: options.port,
        overrideGlobalObjects: false,
      });
      server.once('error', reject);
      server.once('listening', () => {
        server.off('error', reject);
        const { port } = server.address() as AddressInfo;
        const host = options.host.includes(':') ? `[${options.host}]` : options.host;
        resolve({
          url: `http://${host}:${port}`,
          port,
          close: (graceMs = 2_000) =>
            new Promise<void>((done) => {
              const http = server as Server;
              const force = setTimeout(() => http.closeAllConnections?.(), graceMs);
              server.close(() => {
                clearTimeout(force);
                done();
              });
              http.closeIdleConnections?.();
            }),
        });
      });
    },
  );
}
