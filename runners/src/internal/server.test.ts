import { describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import type { RunnerSnapshot } from '../supervisor';
import { createRunnerRoutes, HttpError } from './errors';
import { createNonceCache } from './nonces';
import { createInternalApp, type MountedRunners } from './server';
import { signRequest } from './signing';

const secret = 'a'.repeat(64);

function setup(options: { queueFails?: boolean; state?: string } = {}) {
  const demo = createRunnerRoutes();
  demo.get('/echo', (c) => c.json({ path: c.req.path, query: c.req.query('x') ?? null }));
  demo.post('/echo', async (c) => c.json({ got: await c.req.json() }));
  demo.get('/boom', () => {
    throw new Error('secret internals at /home/me/app.ts:12');
  });
  demo.get('/teapot', () => {
    throw new HttpError(400, 'invalid_request', 'No tea here.');
  });
  const state = options.state ?? 'running';
  const snapshot: RunnerSnapshot[] = [
    { name: 'demo', state: state as RunnerSnapshot['state'], restarts: 0, startedAt: null, lastError: null },
  ];
  const runners: MountedRunners = {
    knows: (name) => name === 'demo',
    stateOf: (name) => (name === 'demo' ? state : undefined),
    routesFor: (name) => (name === 'demo' && state === 'running' ? demo : undefined),
    snapshot: () => snapshot,
  };
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line)) });
  const app = createInternalApp({
    secret,
    log,
    runners,
    queueStats: async () => {
      if (options.queueFails) throw new Error('connect ECONNREFUSED');
      return { depth: 2, oldestQueuedAt: '2026-01-01T00:00:00.000Z', failed24h: 1, running: 0 };
    },
    maxBodyBytes: 1024,
  });
  return { app, lines };
}

async function signed(
  method: string,
  path: string,
  body?: unknown,
  extra: { now?: number; secret?: string } = {},
) {
  const bytes = body === undefined ? undefined : new TextEncoder().encode(JSON.stringify(body));
  const headers: Record<string, string> = await signRequest({
    secret: extra.secret ?? secret,
    method,
    pathWithQuery: path,
    body: bytes,
    now: extra.now,
  });
  if (bytes) headers['content-type'] = 'application/json';
  return { method, headers, body: bytes };
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string } }).error;
}

describe('signature middleware', () => {
  it('passes a correctly signed call to the runner, with its prefix stripped and its query kept', async () => {
    const { app } = setup();
    const res = await app.request('/demo/echo?x=1', await signed('GET', '/demo/echo?x=1'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ path: '/echo', query: '1' });
  });

  it('hands the signed body on to the runner', async () => {
    const { app } = setup();
    const res = await app.request('/demo/echo', await signed('POST', '/demo/echo', { hello: 'runner' }));
    expect(await res.json()).toEqual({ got: { hello: 'runner' } });
  });

  it('answers liveness unsigned, and only that', async () => {
    const { app } = setup();
    const live = await app.request('/livez');
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ ok: true });
    expect((await app.request('/supervisor/health')).status).toBe(401);
  });

  it('answers readiness unsigned: ready once no runner is still starting', async () => {
    const starting = await setup({ state: 'starting' }).app.request('/readyz');
    expect(starting.status).toBe(503);
    expect(await starting.json()).toEqual({ ready: false, starting: ['demo'] });
    const running = await setup({ state: 'running' }).app.request('/readyz');
    expect(running.status).toBe(200);
    expect(await running.json()).toEqual({ ready: true, starting: [] });
  });

  it('refuses a call without signature headers', async () => {
    const { app } = setup();
    const res = await app.request('/demo/echo');
    expect(res.status).toBe(401);
    expect(await errorOf(res)).toEqual({
      code: 'unauthorized',
      message: 'The call is not correctly signed: missing signature headers.',
    });
  });

  it('refuses a tampered body', async () => {
    const { app } = setup();
    const init = await signed('POST', '/demo/echo', { amount: 1 });
    const res = await app.request('/demo/echo', { ...init, body: JSON.stringify({ amount: 1000 }) });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).message).toMatch(/bad signature/);
  });

  it('refuses a tampered query string or method', async () => {
    const { app } = setup();
    const init = await signed('GET', '/demo/echo?x=1');
    expect((await app.request('/demo/echo?x=2', init)).status).toBe(401);
    const post = await signed('POST', '/demo/echo', {});
    expect((await app.request('/demo/echo', { ...post, method: 'PUT' })).status).toBe(401);
  });

  it('refuses a call signed with another secret', async () => {
    const { app } = setup();
    const res = await app.request(
      '/demo/echo',
      await signed('GET', '/demo/echo', undefined, { secret: 'b'.repeat(64) }),
    );
    expect(res.status).toBe(401);
  });

  it('refuses a stale timestamp', async () => {
    const { app } = setup();
    const res = await app.request(
      '/demo/echo',
      await signed('GET', '/demo/echo', undefined, { now: Date.now() - 61_000 }),
    );
    expect(res.status).toBe(401);
    expect((await errorOf(res)).message).toMatch(/stale timestamp/);
  });

  it('refuses an exact replay of a valid call inside the time window', async () => {
    const { app, lines } = setup();
    const init = await signed('GET', '/demo/echo');
    expect((await app.request('/demo/echo', init)).status).toBe(200);
    const replay = await app.request('/demo/echo', init);
    expect(replay.status).toBe(401);
    expect((await errorOf(replay)).message).toMatch(/replayed request/);
    expect(lines.some((line) => line.level === 'warn' && line.reason === 'replayed request')).toBe(true);
  });

  it('refuses a body over the limit before reading it all', async () => {
    const { app } = setup();
    const res = await app.request(
      '/demo/echo',
      await signed('POST', '/demo/echo', { big: 'x'.repeat(2_000) }),
    );
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe('payload_too_large');
  });
});

describe('routing and errors', () => {
  it('answers 503 JSON for a runner that is not running, 404 for an unknown one', async () => {
    const crashed = setup({ state: 'crashed' }).app;
    const res = await crashed.request('/demo/echo', await signed('GET', '/demo/echo'));
    expect(res.status).toBe(503);
    expect(await errorOf(res)).toEqual({
      code: 'runner_unavailable',
      message: 'The demo runner is crashed, not running.',
    });
    const { app } = setup();
    const missing = await app.request('/nope/x', await signed('GET', '/nope/x'));
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).code).toBe('not_found');
  });

  it("keeps the one error shape for a runner's own errors and unknown routes, never leaking internals", async () => {
    const { app, lines } = setup();
    const boom = await app.request('/demo/boom', await signed('GET', '/demo/boom'));
    expect(boom.status).toBe(500);
    const text = await boom.text();
    expect(text).not.toMatch(/secret internals|app\.ts/);
    expect(JSON.parse(text).error.code).toBe('internal');
    expect(lines.some((line) => line.msg === 'internal call failed')).toBe(true);

    const teapot = await app.request('/demo/teapot', await signed('GET', '/demo/teapot'));
    expect(teapot.status).toBe(400);
    expect(await errorOf(teapot)).toEqual({ code: 'invalid_request', message: 'No tea here.' });

    const unknown = await app.request('/demo/none', await signed('GET', '/demo/none'));
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).code).toBe('not_found');
  });

  it('propagates x-request-id into the response and the logs', async () => {
    const { app, lines } = setup();
    const init = await signed('GET', '/demo/boom');
    const res = await app.request('/demo/boom', {
      ...init,
      headers: { ...init.headers, 'x-request-id': 'req-42' },
    });
    expect(res.headers.get('x-request-id')).toBe('req-42');
    expect(lines.find((line) => line.msg === 'internal call failed')?.requestId).toBe('req-42');
  });

  it('serves the supervisor health, with a null queue while PostgreSQL is unreachable', async () => {
    const ok = await setup().app.request('/supervisor/health', await signed('GET', '/supervisor/health'));
    expect(await ok.json()).toEqual({
      runners: [{ name: 'demo', state: 'running', restarts: 0, startedAt: null, lastError: null }],
      queue: { depth: 2, oldestQueuedAt: '2026-01-01T00:00:00.000Z', failed24h: 1, running: 0 },
    });
    const down = await setup({ queueFails: true }).app.request(
      '/supervisor/health',
      await signed('GET', '/supervisor/health'),
    );
    expect(down.status).toBe(200);
    expect(((await down.json()) as { queue: unknown }).queue).toBeNull();
  });
});

describe('createNonceCache', () => {
  it('refuses a nonce seen within its lifetime and forgets it afterwards', () => {
    const cache = createNonceCache(120_000);
    expect(cache.remember('n1', 0)).toBe(true);
    expect(cache.remember('n1', 119_999)).toBe(false);
    expect(cache.remember('n2', 60_000)).toBe(true);
    expect(cache.remember('n1', 120_001)).toBe(true);
    // n2 expired too by then, and the sweep drops expired entries instead of growing forever.
    expect(cache.remember('n3', 300_000)).toBe(true);
    expect(cache.size).toBe(1);
  });
});
