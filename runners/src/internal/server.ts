/**
 * The runners' internal HTTP API, which only functions call. Every request must carry a valid
 * signature (shared secret, fresh timestamp, unused nonce); each runner's routes are mounted under
 * its name and answer 503 while it is not running. WebSocket upgrades are signed and routed the
 * same way, to a runner's `sockets` hook. A runner this process knows but has not enabled is served
 * by the peer process, when there is one: its calls and upgrades are forwarded there.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { WebSocketServer } from 'ws';
import type { QueueStats } from '../jobs/queue';
import { type Logger, withLogContext } from '../log';
import type { RunnerHandle } from '../runner';
import type { RunnerSnapshot } from '../supervisor';
import { HttpError, toErrorResponse } from './errors';
import { createNonceCache } from './nonces';
import { createPeer, isForwarded, mergeRunners, type Peer } from './peer';
import { declaresStreamingBody, maxSkewMs, unsignedStreamingBody, verifyRequest } from './signing';

export type MountedRunners = {
  knows(name: string): boolean;
  stateOf(name: string): string | undefined;
  routesFor(name: string): Hono | undefined;
  /** The WebSocket hook of a running runner; optional so that route-only setups need not say. */
  socketsFor?(name: string): RunnerHandle['sockets'];
  snapshot(): RunnerSnapshot[];
};

/** What serveInternalApi() hands the Node server's `upgrade` events to. */
export type SocketUpgrades = {
  handle(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every open WebSocket (1001), cutting those that have not closed after `graceMs`. */
  closeAll(graceMs: number): void;
};

export type InternalApiOptions = {
  secret: string;
  log: Logger;
  runners: MountedRunners;
  queueStats(): Promise<QueueStats>;
  now?: () => number;
  maxBodyBytes?: number;
  /** The only calls whose body may stream unsigned; each route bounds its own body. */
  streamingRoutes?: readonly StreamingRoute[];
  /** The other runners process, which serves the runners not enabled here (RUNNERS_PEER_URL). */
  peerUrl?: string;
};

export type StreamingRoute = { method: string; path: string };

/** Uploads stream to the files runner, which limits, hashes and scans them itself. */
export const streamingBodyRoutes: readonly StreamingRoute[] = [{ method: 'POST', path: '/files/uploads' }];

export type SupervisorHealth = { runners: RunnerSnapshot[]; queue: QueueStats | null };

type Env = { Variables: { rawBody: Uint8Array<ArrayBuffer> | typeof unsignedStreamingBody } };

const requestIdPattern = /^[\w.:-]{1,128}$/;

export function createInternalApp(options: InternalApiOptions) {
  const {
    secret,
    runners,
    now = Date.now,
    maxBodyBytes = 1024 * 1024,
    streamingRoutes = streamingBodyRoutes,
  } = options;
  const streams = (method: string, path: string) =>
    streamingRoutes.some((r) => r.method === method.toUpperCase() && r.path === path);
  const log = options.log.child({ component: 'internal-api' });
  // Twice the skew: a call stamped up to 60 s ahead stays acceptable until 60 s after that.
  const nonces = createNonceCache(2 * maxSkewMs);
  const app = new Hono<Env>();
  const peer = options.peerUrl ? createPeer({ url: options.peerUrl, secret, log }) : undefined;

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
  // Readiness: every enabled runner has finished starting (running, or crashed and backing off).
  // Launchers wait for it so the first requests do not meet "not connected right now".
  app.get('/readyz', (c) => {
    const starting = runners
      .snapshot()
      .filter((r) => r.state === 'starting')
      .map((r) => r.name);
    return c.json({ ready: starting.length === 0, starting }, starting.length === 0 ? 200 : 503);
  });

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

  const limitBody = bodyLimit({
    maxSize: maxBodyBytes,
    onError: () => {
      throw new HttpError(413, 'payload_too_large', `The request body is over ${maxBodyBytes} bytes.`);
    },
  });
  app.use((c, next) =>
    declaresStreamingBody(c.req.raw.headers) && streams(c.req.method, c.req.path)
      ? next()
      : limitBody(c, next),
  );

  /** Why a call is refused (bad or missing signature, replayed nonce), or null when it is fine. */
  async function refusalOf(
    method: string,
    pathWithQuery: string,
    body: Uint8Array | typeof unsignedStreamingBody,
    headers: { get(name: string): string | null },
  ) {
    const at = now();
    const result = await verifyRequest({ secret, method, pathWithQuery, body, headers, now: at });
    const refusal = !result.ok
      ? result.reason
      : nonces.remember(result.nonce, at)
        ? null
        : 'replayed request';
    if (refusal) {
      log.warn('refused an unsigned or invalid internal call', {
        reason: refusal,
        method,
        path: pathWithQuery.split('?')[0],
      });
    }
    return refusal;
  }

  app.use(async (c, next) => {
    const url = new URL(c.req.url);
    // A streamed body is left unread here; anywhere else the marker fails verification below.
    const streaming = declaresStreamingBody(c.req.raw.headers) && streams(c.req.method, url.pathname);
    const body = streaming ? unsignedStreamingBody : new Uint8Array(await c.req.arrayBuffer());
    const refusal = await refusalOf(c.req.method, url.pathname + url.search, body, c.req.raw.headers);
    if (refusal) {
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
    const local = runners.snapshot();
    // A forwarded call comes from the peer itself, which has its own runners already.
    const theirs = peer && !isForwarded(c.req.raw.headers) ? await peer.runners() : null;
    return c.json({
      runners: theirs ? mergeRunners(local, theirs) : local,
      queue,
    } satisfies SupervisorHealth);
  });

  app.all('/:runner/*', async (c) => {
    const name = c.req.param('runner');
    if (!runners.knows(name)) throw new HttpError(404, 'not_found', `There is no runner named "${name}".`);
    const body = c.get('rawBody');
    if (peer && servedByPeer(runners, name, c.req.raw.headers)) {
      return peer.forward(name, c.req.raw, body === unsignedStreamingBody ? c.req.raw.body : body);
    }
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
    return routes.fetch(
      new Request(url, {
        method: c.req.method,
        headers: c.req.raw.headers,
        body: body === unsignedStreamingBody ? c.req.raw.body : body.byteLength > 0 ? body : undefined,
        signal: c.req.raw.signal,
        duplex: 'half',
      } as RequestInit),
    );
  });

  const upgrades = createSocketUpgrades(runners, log, refusalOf, peer);
  return Object.assign(app, { upgrades });
}

/** A runner left out of RUNNERS_ENABLED runs in the peer, unless the call already came from there. */
function servedByPeer(runners: MountedRunners, name: string, headers: { get(name: string): string | null }) {
  return runners.stateOf(name) === 'disabled' && !isForwarded(headers);
}

type RefusalCheck = (
  method: string,
  pathWithQuery: string,
  body: Uint8Array | typeof unsignedStreamingBody,
  headers: { get(name: string): string | null },
) => Promise<string | null>;

/** Answers an upgrade request with a plain HTTP error, in the internal API's one error shape. */
function refuseUpgrade(socket: Duplex, status: number, code: string, message: string) {
  const reasons: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    404: 'Not Found',
    503: 'Service Unavailable',
  };
  const body = JSON.stringify({ error: { code, message } });
  // Destroyed once the answer is flushed: a client that never closes its side cannot keep the socket.
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${reasons[status] ?? 'Error'}\r\nConnection: close\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function createSocketUpgrades(
  runners: MountedRunners,
  log: Logger,
  refusalOf: RefusalCheck,
  peer: Peer | undefined,
): SocketUpgrades {
  // noServer: the internal API's own HTTP server hands over only upgrades that passed the checks.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const empty = new Uint8Array();

  async function route(request: IncomingMessage, socket: Duplex, head: Buffer) {
    const url = new URL(request.url ?? '/', 'http://internal');
    const headers = {
      get(name: string) {
        const value = request.headers[name.toLowerCase()];
        return Array.isArray(value) ? value.join(', ') : (value ?? null);
      },
    };
    const refusal = await refusalOf('GET', url.pathname + url.search, empty, headers);
    if (refusal)
      return refuseUpgrade(socket, 401, 'unauthorized', `The call is not correctly signed: ${refusal}.`);
    if (request.method !== 'GET')
      return refuseUpgrade(socket, 400, 'invalid_request', 'Upgrades must be GET.');
    const match = /^\/([^/]+)(\/.*)$/.exec(url.pathname);
    const name = match?.[1] ?? '';
    if (!match || !runners.knows(name))
      return refuseUpgrade(socket, 404, 'not_found', `There is no runner named "${name}".`);
    if (peer && servedByPeer(runners, name, headers))
      return peer.forwardUpgrade(name, request, socket, head, (error) =>
        refuseUpgrade(socket, error.status, error.code, error.message),
      );
    if (runners.stateOf(name) !== 'running')
      return refuseUpgrade(
        socket,
        503,
        'runner_unavailable',
        `The ${name} runner is ${runners.stateOf(name)}, not running.`,
      );
    const hook = runners.socketsFor?.(name);
    if (!hook)
      return refuseUpgrade(socket, 404, 'not_found', `The ${name} runner takes no WebSocket at ${match[2]}.`);
    const path = match[2] as string;
    wss.handleUpgrade(request, socket, head, (ws) => {
      log.info('internal socket', { path: url.pathname });
      // An unhandled 'error' would end the process; the hook adds its own listeners as it needs.
      ws.on('error', (error) => log.debug('internal socket error', { err: error, path: url.pathname }));
      Promise.resolve()
        .then(() => hook(path, url, ws))
        .catch((error: unknown) => {
          log.error('socket handler failed', { err: error, path: url.pathname });
          ws.close(1011, 'internal error');
        });
    });
  }

  return {
    handle(request, socket, head) {
      socket.on('error', () => socket.destroy());
      route(request, socket, head).catch((error: unknown) => {
        log.error('upgrade failed', { err: error });
        socket.destroy();
      });
    },
    closeAll(graceMs) {
      peer?.closeTunnels();
      for (const client of wss.clients) {
        client.close(1001, 'the runners are stopping');
        setTimeout(() => client.terminate(), graceMs).unref();
      }
    },
  };
}

export type ServeOptions = { host: string; port: number };

/** Starts listening; close() waits for calls in flight, then cuts streams still open. */
export function serveInternalApi(
  app: { fetch: (request: Request) => Response | Promise<Response>; upgrades?: SocketUpgrades },
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
      const { upgrades } = app;
      // Without a listener Node drops upgrade requests; with one, each is checked and routed.
      server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
        if (upgrades) upgrades.handle(request, socket, head);
        else socket.destroy();
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
              // Upgraded sockets are no longer the HTTP server's: they are closed here.
              upgrades?.closeAll(graceMs);
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
