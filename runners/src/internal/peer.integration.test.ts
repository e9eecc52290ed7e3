import type { IncomingMessage } from 'node:http';
import { createServer } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createLogger } from '../log';
import type { RunnerHandle } from '../runner';
import type { RunnerSnapshot } from '../supervisor';
import { readBlocks } from '../testing/helpers';
import { createRunnerRoutes } from './errors';
import { mergeRunners } from './peer';
import { createInternalApp, type MountedRunners, serveInternalApi } from './server';
import { signRequest } from './signing';

const secret = 'p'.repeat(64);
const log = createLogger({ level: 'error', write: () => {} });
const queueStats = async () => ({ depth: 0, oldestQueuedAt: null, failed24h: 0, running: 0 });

type Served = Awaited<ReturnType<typeof serveInternalApi>>;
type Enabled = Record<string, { routes: Hono; sockets?: RunnerHandle['sockets'] }>;

/** Every process knows x, y and z; each runs only the runners in `enabled`, like RUNNERS_ENABLED. */
function mounted(enabled: Enabled): MountedRunners {
  const known = ['x', 'y', 'z'];
  const state = (name: string) => (name in enabled ? 'running' : 'disabled');
  return {
    knows: (name) => known.includes(name),
    stateOf: (name) => (known.includes(name) ? state(name) : undefined),
    routesFor: (name) => enabled[name]?.routes,
    socketsFor: (name) => enabled[name]?.sockets,
    snapshot: () =>
      known.map(
        (name): RunnerSnapshot => ({
          name,
          state: state(name),
          restarts: 0,
          startedAt: null,
          lastError: null,
        }),
      ),
  };
}

/** Serves an internal API whose peer is only known later (two processes pointing at each other). */
async function serveProcess(enabled: Enabled, peerUrl: () => string | undefined, logger = log) {
  let app: ReturnType<typeof createInternalApp> | undefined;
  const calls = { count: 0 };
  const current = () => {
    app ??= createInternalApp({
      secret,
      log: logger,
      runners: mounted(enabled),
      queueStats,
      peerUrl: peerUrl(),
      streamingRoutes: [{ method: 'POST', path: '/y/upload' }],
    });
    return app;
  };
  const server = await serveInternalApi(
    {
      fetch: (request) => {
        calls.count += 1;
        return current().fetch(request);
      },
      upgrades: {
        handle: (request: IncomingMessage, socket: Duplex, head: Buffer) => {
          calls.count += 1;
          current().upgrades.handle(request, socket, head);
        },
        closeAll: (graceMs) => current().upgrades.closeAll(graceMs),
      },
    },
    { host: '127.0.0.1', port: 0 },
  );
  return { server, calls };
}

async function signedFetch(base: string, method: string, path: string, body?: unknown) {
  const bytes = body === undefined ? undefined : new TextEncoder().encode(JSON.stringify(body));
  const headers: Record<string, string> = await signRequest({
    secret,
    method,
    pathWithQuery: path,
    body: bytes,
  });
  if (bytes) headers['content-type'] = 'application/json';
  return fetch(`${base}${path}`, { method, headers, body: bytes });
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string } }).error;
}

function refusedWith(url: string, headers: Record<string, string>) {
  return new Promise<number>((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.on('open', () => reject(new Error('the upgrade was accepted')));
    ws.on('error', () => {});
  });
}

/** A port nothing listens on: taken, then given back. */
async function closedPort() {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('two runners processes, each forwarding to the other', () => {
  let a: { server: Served; calls: { count: number } };
  let b: { server: Served; calls: { count: number } };
  let lonely: { server: Served; calls: { count: number } };
  let nextEvent: () => void = () => {};
  const lonelyLines: { level: string; msg: string }[] = [];

  beforeAll(async () => {
    const x = createRunnerRoutes();
    x.get('/hello', (c) => c.json({ from: 'x' }));

    const y = createRunnerRoutes();
    y.get('/hello', (c) =>
      c.json({ from: 'y', query: c.req.query('q') ?? null, forwarded: c.req.header('x-homelab-forwarded') }),
    );
    y.post('/echo', async (c) => c.json({ got: await c.req.json() }));
    y.post('/upload', async (c) => c.json({ bytes: (await c.req.arrayBuffer()).byteLength }));
    // The second event waits for the test, so it can only pass if the first arrived on its own.
    y.get('/events', () => {
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(encoder.encode('event: tick\ndata: 1\n\n'));
          await new Promise<void>((resolve) => {
            nextEvent = resolve;
          });
          controller.enqueue(encoder.encode('event: tick\ndata: 2\n\n'));
          controller.close();
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    });
    const echo: RunnerHandle['sockets'] = (_path, _url, ws) => {
      ws.on('message', (data, binary) => ws.send(data, { binary }));
    };

    a = await serveProcess({ x: { routes: x } }, () => b.server.url);
    b = await serveProcess({ y: { routes: y, sockets: echo } }, () => a.server.url);
    const nobody = `http://127.0.0.1:${await closedPort()}`;
    const lonelyLog = createLogger({ level: 'warn', write: (line) => lonelyLines.push(JSON.parse(line)) });
    lonely = await serveProcess({ x: { routes: x } }, () => nobody, lonelyLog);
  });

  afterAll(async () => {
    await Promise.all([a?.server.close(200), b?.server.close(200), lonely?.server.close(200)]);
  });

  it('serves a runner enabled here itself', async () => {
    const before = b.calls.count;
    const res = await signedFetch(a.server.url, 'GET', '/x/hello');
    expect(await res.json()).toEqual({ from: 'x' });
    expect(b.calls.count).toBe(before);
  });

  it('forwards a signed GET, query and all, and a POST with its JSON body', async () => {
    const get = await signedFetch(a.server.url, 'GET', '/y/hello?q=42');
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({ from: 'y', query: '42', forwarded: '1' });

    const post = await signedFetch(a.server.url, 'POST', '/y/echo', { hello: 'peer' });
    expect(post.status).toBe(200);
    expect(await post.json()).toEqual({ got: { hello: 'peer' } });
  });

  it('forwards a streamed upload', async () => {
    const size = 256 * 1024;
    const chunk = new Uint8Array(1024).fill(9);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= size) return controller.close();
        controller.enqueue(chunk);
        sent += chunk.length;
      },
    });
    const headers = await signRequest({
      secret,
      method: 'POST',
      pathWithQuery: '/y/upload',
      streamingBody: true,
    });
    const res = await fetch(`${a.server.url}/y/upload`, {
      method: 'POST',
      headers,
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ bytes: size });
  });

  it('passes Server-Sent Events through one by one', async () => {
    const res = await signedFetch(a.server.url, 'GET', '/y/events');
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const buffer = { text: '' };
    expect(await readBlocks(reader, 1, buffer)).toEqual(['event: tick\ndata: 1']);
    nextEvent();
    expect(await readBlocks(reader, 1, buffer)).toEqual(['event: tick\ndata: 2']);
    await reader.cancel();
  });

  it('relays a WebSocket to the peer runner, which echoes', async () => {
    const path = '/y/socket?room=1';
    const headers = await signRequest({ secret, method: 'GET', pathWithQuery: path });
    const ws = new WebSocket(`ws://127.0.0.1:${a.server.port}${path}`, { headers });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const reply = new Promise<string>((resolve) => ws.once('message', (data) => resolve(String(data))));
    ws.send('ping through the peer');
    expect(await reply).toBe('ping through the peer');
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.close(1000);
    expect(await closed).toBe(1000);
  });

  it('answers 503 for a runner enabled in neither, forwarding it once and no more', async () => {
    const before = { a: a.calls.count, b: b.calls.count };
    const res = await signedFetch(a.server.url, 'GET', '/z/anything');
    expect(res.status).toBe(503);
    expect(await errorOf(res)).toEqual({
      code: 'runner_unavailable',
      message: 'The z runner is disabled, not running.',
    });
    expect({ a: a.calls.count - before.a, b: b.calls.count - before.b }).toEqual({ a: 1, b: 1 });

    const path = '/z/socket';
    const status = await refusedWith(
      `ws://127.0.0.1:${a.server.port}${path}`,
      await signRequest({ secret, method: 'GET', pathWithQuery: path }),
    );
    expect(status).toBe(503);
  });

  it('answers 503 naming the runner when the peer does not answer, warning once', async () => {
    const res = await signedFetch(lonely.server.url, 'GET', '/y/hello');
    expect(res.status).toBe(503);
    const error = await errorOf(res);
    expect(error.code).toBe('runner_unavailable');
    expect(error.message).toMatch(
      /^The y runner runs in the peer runners process \(.+\), which does not answer\.$/,
    );

    const path = '/y/socket';
    const status = await refusedWith(
      `ws://127.0.0.1:${lonely.server.port}${path}`,
      await signRequest({ secret, method: 'GET', pathWithQuery: path }),
    );
    expect(status).toBe(503);
    expect((await signedFetch(lonely.server.url, 'GET', '/y/hello')).status).toBe(503);
    expect(lonelyLines.filter((line) => line.msg.startsWith('reaching the peer'))).toEqual([
      expect.objectContaining({ level: 'warn' }),
    ]);
  });

  it('refuses a badly signed call itself, and the peer never sees it', async () => {
    const before = b.calls.count;
    const unsigned = await fetch(`${a.server.url}/y/hello`);
    expect(unsigned.status).toBe(401);
    const headers = await signRequest({ secret: 'w'.repeat(64), method: 'GET', pathWithQuery: '/y/hello' });
    const wrong = await fetch(`${a.server.url}/y/hello`, { headers });
    expect(wrong.status).toBe(401);
    expect(await refusedWith(`ws://127.0.0.1:${a.server.port}/y/socket`, headers)).toBe(401);
    expect(b.calls.count).toBe(before);
  });

  it("lists the peer's runners in the supervisor health, and only its own without a peer", async () => {
    const res = await signedFetch(a.server.url, 'GET', '/supervisor/health');
    const { runners } = (await res.json()) as { runners: RunnerSnapshot[] };
    expect(runners.map((r) => [r.name, r.state])).toEqual([
      ['x', 'running'],
      ['y', 'running'],
      ['z', 'disabled'],
    ]);

    const alone = await signedFetch(lonely.server.url, 'GET', '/supervisor/health');
    expect(alone.status).toBe(200);
    const local = ((await alone.json()) as { runners: RunnerSnapshot[] }).runners;
    expect(local.map((r) => [r.name, r.state])).toEqual([
      ['x', 'running'],
      ['y', 'disabled'],
      ['z', 'disabled'],
    ]);
  });
});

describe('mergeRunners', () => {
  const snap = (name: string, state: RunnerSnapshot['state'], restarts = 0): RunnerSnapshot => ({
    name,
    state,
    restarts,
    startedAt: null,
    lastError: null,
  });

  it("takes the peer's entry for a runner disabled here, keeps the local one on any other clash", () => {
    expect(
      mergeRunners(
        [snap('x', 'running'), snap('y', 'disabled'), snap('w', 'crashed', 3)],
        [snap('x', 'disabled'), snap('y', 'running'), snap('w', 'running'), snap('v', 'running')],
      ),
    ).toEqual([snap('x', 'running'), snap('y', 'running'), snap('w', 'crashed', 3), snap('v', 'running')]);
  });
});
