import { metricSampleSchema } from '@homelab/db/metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../config';
import { createLogger } from '../log';
import type { Runner } from '../runner';
import { type Stack, startStack } from '../stack';
import { createSystemRunner } from '../system/service';
import { testDatabaseUrl, testPool } from '../testing/database';
import { fakeSample, readBlocks, waitFor } from '../testing/helpers';
import { createRunnerClient, RunnerUnavailableError } from './client';
import { signRequest } from './signing';

const secret = crypto.randomUUID() + crypto.randomUUID();
// Samples dated 2200 keep this test's history rows apart from everyone else's in the shared database.
const epoch = Date.parse('2200-01-01T00:00:00.000Z');
let taken = 0;
const sampler = () => ({
  prime: async () => {},
  sample: async () => {
    taken += 1;
    return fakeSample(new Date(epoch + taken * 1_000).toISOString(), taken);
  },
});
const dormant: Runner = { name: 'dormant', start: async () => ({ stop() {} }) };
const heard: unknown[] = [];
const echo: Runner = {
  name: 'echo',
  start: async () => ({ jobs: { say: (payload) => void heard.push(payload) }, stop() {} }),
};

let stack: Stack;
let client: ReturnType<typeof createRunnerClient>;

beforeAll(async () => {
  const config: Config = {
    databaseUrl: testDatabaseUrl(),
    runnerSecret: secret,
    port: 0,
    host: '127.0.0.1',
    enabledRunners: ['system', 'echo'],
    metricsIntervalMs: 100,
    logLevel: 'error',
    backupDir: '.data/backups',
  };
  stack = await startStack({
    config,
    log: createLogger({ level: 'error', write: () => {} }),
    runners: [createSystemRunner({ sampler, firstSampleAfterMs: 10, heartbeatMs: 150 }), dormant, echo],
    worker: { pollMs: 200 },
  });
  client = createRunnerClient({ baseUrl: stack.url, secret });
});

afterAll(async () => {
  await stack?.stop();
  const { sql } = testPool();
  await sql`delete from system_metrics where at >= '2200-01-01'`;
  await sql.end({ timeout: 5 });
});

describe('internal API over HTTP', () => {
  it('refuses calls without a signature, with the wrong secret, or replayed', async () => {
    const unsigned = await fetch(`${stack.url}/system/latest`);
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as { error: { code: string } }).error.code).toBe('unauthorized');

    const impostor = createRunnerClient({ baseUrl: stack.url, secret: 'z'.repeat(64) });
    expect((await impostor.call({ runner: 'system', path: '/latest' })).status).toBe(401);

    let captured: { url: string; init: RequestInit } | undefined;
    const recording = createRunnerClient({
      baseUrl: stack.url,
      secret,
      fetch: async (input, init) => {
        captured = { url: String(input), init: init ?? {} };
        return fetch(input, init);
      },
    });
    expect((await recording.call({ runner: 'supervisor', path: '/health' })).status).toBe(200);
    const replay = await fetch(captured!.url, { method: 'GET', headers: captured!.init.headers });
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { error: { message: string } }).error.message).toMatch(
      /replayed request/,
    );
  });

  it('serves the latest metrics sample, and keeps the request id', async () => {
    const ready = await waitFor(
      async () => (await client.call({ runner: 'system', path: '/latest' })).status === 200,
    );
    expect(ready).toBe(true);
    const res = await client.call({ runner: 'system', path: '/latest', requestId: 'req-latest-1' });
    expect(res.headers.get('x-request-id')).toBe('req-latest-1');
    const sample = metricSampleSchema.parse(await res.json());
    expect(Date.parse(sample.at)).toBeGreaterThan(epoch);
    expect(sample.cpu.percent).toBeGreaterThanOrEqual(1);
  });

  it('streams samples as Server-Sent Events and forgets a client that disconnects', async () => {
    const res = await client.call({ runner: 'system', path: '/stream' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const buffer = { text: '' };
    const [first] = await readBlocks(reader, 1, buffer);
    expect(first).toMatch(/^event: sample\ndata: /);
    const firstAt = metricSampleSchema.parse(JSON.parse(first!.split('data: ')[1]!)).at;

    let next: string | undefined;
    while (!next?.startsWith('event: sample')) [next] = await readBlocks(reader, 1, buffer);
    const nextAt = metricSampleSchema.parse(JSON.parse(next.split('data: ')[1]!)).at;
    expect(Date.parse(nextAt)).toBeGreaterThan(Date.parse(firstAt));
    expect(stack.supervisor.detailOf('system')?.subscribers).toBe(1);

    let heartbeat: string | undefined;
    while (heartbeat !== ': heartbeat') [heartbeat] = await readBlocks(reader, 1, buffer);
    expect(heartbeat).toBe(': heartbeat');

    await reader.cancel();
    expect(await waitFor(() => stack.supervisor.detailOf('system')?.subscribers === 0)).toBe(true);
  });

  it('stores samples in system_metrics as they are taken', async () => {
    const stored = await waitFor(async () => {
      const [row] = await stack.pool.sql<{ n: number }[]>`
        select count(*)::int as n from system_metrics where resolution = 'raw' and at >= '2200-01-01'`;
      return row!.n >= 2;
    });
    expect(stored).toBe(true);
  });

  it('answers 503 for a runner that is not running and 404 for one that does not exist', async () => {
    await expect(client.json({ runner: 'dormant', path: '/anything' })).rejects.toThrow(
      RunnerUnavailableError,
    );
    const raw = await fetch(`${stack.url}/dormant/anything`, {
      headers: await signRequest({ secret, method: 'GET', pathWithQuery: '/dormant/anything' }),
    });
    expect(raw.status).toBe(503);
    expect(await raw.json()).toEqual({
      error: { code: 'runner_unavailable', message: 'The dormant runner is disabled, not running.' },
    });
    expect((await client.call({ runner: 'nosuch', path: '/x' })).status).toBe(404);
  });

  it('reports the runners and the queue on /supervisor/health', async () => {
    const health = await client.json<{ runners: unknown[]; queue: Record<string, unknown> }>({
      runner: 'supervisor',
      path: '/health',
    });
    expect(health.runners).toEqual([
      { name: 'system', state: 'running', restarts: 0, startedAt: expect.any(String), lastError: null },
      { name: 'dormant', state: 'disabled', restarts: 0, startedAt: null, lastError: null },
      { name: 'echo', state: 'running', restarts: 0, startedAt: expect.any(String), lastError: null },
    ]);
    expect(health.queue).toEqual({
      depth: expect.any(Number),
      oldestQueuedAt: expect.toSatisfy((v: unknown) => v === null || typeof v === 'string'),
      failed24h: expect.any(Number),
      running: expect.any(Number),
    });
  });

  it('runs a queued job with the handler of the runner it names', async () => {
    // (The system runner's 'compact' job is not run here: at the real time it would fold other
    // tests' history rows in the shared database.)
    const [job] = await stack.pool.sql<{ id: string }[]>`
      insert into jobs (runner, kind, payload) values ('echo', 'say', '{"text":"hello"}') returning id`;
    await stack.pool.sql`select pg_notify('jobs', 'echo')`;
    const done = await waitFor(async () => {
      const [row] = await stack.pool.sql<{ status: string }[]>`select status from jobs where id = ${job!.id}`;
      return row?.status === 'done';
    });
    expect(done).toBe(true);
    expect(heard).toEqual([{ text: 'hello' }]);
  });
});
