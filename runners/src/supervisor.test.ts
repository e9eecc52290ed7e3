import type { Pool } from '@homelab/db/client/pool';
import { Hono } from 'hono';
import type { Sql } from 'postgres';
import { describe, expect, it } from 'vitest';
import type { Config } from './config';
import { createLogger } from './log';
import type { Runner, RunnerContext } from './runner';
import { createSupervisor, type SupervisorOptions } from './supervisor';
import { sleep, waitFor } from './testing/helpers';

const config: Config = {
  databaseUrl: 'postgres://unused',
  runnerSecret: 'x'.repeat(32),
  port: 0,
  host: '127.0.0.1',
  enabledRunners: 'all',
  metricsIntervalMs: 5_000,
  logLevel: 'debug',
  backupDir: '.data/backups',
};

/** A stand-in for PostgreSQL that records runner_status writes (or refuses them, as a database that is down). */
function fakePool(options: { down?: boolean } = {}) {
  const writes: { name: string; state: string; restarts: number; last_error: string | null }[][] = [];
  const sql = ((_strings: TemplateStringsArray, ...values: unknown[]) => {
    if (options.down)
      return Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    writes.push(JSON.parse(String(values[0])));
    return Promise.resolve([]);
  }) as unknown as Sql;
  return { pool: { sql } as unknown as Pool, writes };
}

function supervise(runners: Runner[], options: Partial<SupervisorOptions> & { down?: boolean } = {}) {
  const { pool, writes } = fakePool({ down: options.down });
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line)) });
  const supervisor = createSupervisor({
    runners,
    enabled: 'all',
    pool,
    config,
    log,
    restart: { baseMs: 40, maxMs: 160, stableAfterMs: 10_000 },
    heartbeatMs: 50,
    ...options,
  });
  return { supervisor, writes, lines };
}

describe('createSupervisor', () => {
  it('restarts a runner whose start keeps failing, doubling the delay up to the ceiling', async () => {
    const starts: number[] = [];
    const runner: Runner = {
      name: 'flaky',
      async start() {
        starts.push(Date.now());
        throw new Error(`cannot connect (try ${starts.length})`);
      },
    };
    const { supervisor, writes } = supervise([runner]);
    supervisor.start();
    expect(await waitFor(() => starts.length >= 5)).toBe(true);
    await supervisor.stop();

    const gaps = starts.slice(1, 5).map((at, i) => at - starts[i]!);
    for (const [i, expected] of [40, 80, 160, 160].entries()) {
      expect(gaps[i]).toBeGreaterThanOrEqual(expected - 2);
      expect(gaps[i]).toBeLessThan(expected + 200);
    }
    // Uncapped, the fourth delay would be 320 ms.
    expect(gaps[3]).toBeLessThan(300);
    const crashed = writes.flat().filter((row) => row.state === 'crashed');
    expect(crashed.at(-1)).toMatchObject({
      name: 'flaky',
      restarts: 4,
      last_error: 'cannot connect (try 5)',
    });
    expect(supervisor.snapshot()[0]).toMatchObject({ name: 'flaky', state: 'stopped', restarts: 4 });
  });

  it('stops and restarts a running runner that reports a crash, with its routes unavailable meanwhile', async () => {
    const contexts: RunnerContext[] = [];
    let stops = 0;
    const routes = new Hono().get('/ping', (c) => c.text('pong'));
    const runner: Runner = {
      name: 'sockets',
      async start(ctx) {
        contexts.push(ctx);
        return { routes, stop: () => void stops++ };
      },
    };
    const { supervisor } = supervise([runner]);
    supervisor.start();
    expect(await waitFor(() => supervisor.stateOf('sockets') === 'running')).toBe(true);
    expect(supervisor.routesFor('sockets')).toBe(routes);

    contexts[0]!.crash(new Error('socket closed by peer'));
    contexts[0]!.crash(new Error('a second report of the same failure'));
    expect(supervisor.stateOf('sockets')).toBe('crashed');
    expect(supervisor.routesFor('sockets')).toBeUndefined();
    expect(contexts[0]!.signal.aborted).toBe(true);
    expect(supervisor.snapshot()[0]?.lastError).toBe('socket closed by peer');

    expect(await waitFor(() => supervisor.stateOf('sockets') === 'running')).toBe(true);
    expect(contexts).toHaveLength(2);
    expect(stops).toBe(1);
    expect(supervisor.snapshot()[0]?.restarts).toBe(1);
    // A late report from the run that already ended must not take down the new one.
    contexts[0]!.crash(new Error('stale'));
    expect(supervisor.stateOf('sockets')).toBe('running');
    await supervisor.stop();
    expect(stops).toBe(2);
  });

  it('goes back to the shortest delay after a run that stayed up long enough', async () => {
    const contexts: RunnerContext[] = [];
    const startedAt: number[] = [];
    const runner: Runner = {
      name: 'stable',
      async start(ctx) {
        contexts.push(ctx);
        startedAt.push(Date.now());
        return { stop() {} };
      },
    };
    const { supervisor } = supervise([runner], {
      restart: { baseMs: 100, maxMs: 1_000, stableAfterMs: 150 },
    });
    supervisor.start();
    const crashAndTime = async (i: number) => {
      await waitFor(() => contexts.length > i && supervisor.stateOf('stable') === 'running');
      const at = Date.now();
      contexts[i]!.crash(new Error(`crash ${i}`));
      await waitFor(() => contexts.length > i + 1);
      return startedAt[i + 1]! - at;
    };
    const first = await crashAndTime(0);
    const second = await crashAndTime(1);
    await sleep(200);
    const afterStableRun = await crashAndTime(2);
    await supervisor.stop();
    expect(first).toBeGreaterThanOrEqual(98);
    expect(second).toBeGreaterThanOrEqual(198);
    expect(afterStableRun).toBeGreaterThanOrEqual(98);
    expect(afterStableRun).toBeLessThan(198);
  });

  it('counts a start that hangs as a crash and stops what it starts late', async () => {
    let lateStops = 0;
    let calls = 0;
    const runner: Runner = {
      name: 'slow',
      async start() {
        calls += 1;
        await sleep(calls === 1 ? 120 : 0);
        return { stop: () => void lateStops++ };
      },
    };
    const { supervisor } = supervise([runner], { startTimeoutMs: 30, restart: { baseMs: 200, maxMs: 200 } });
    supervisor.start();
    expect(await waitFor(() => supervisor.stateOf('slow') === 'crashed')).toBe(true);
    expect(supervisor.snapshot()[0]?.lastError).toBe('start() did not finish in 30 ms');
    expect(await waitFor(() => lateStops === 1)).toBe(true);
    expect(await waitFor(() => supervisor.stateOf('slow') === 'running')).toBe(true);
    await supervisor.stop();
  });

  it('leaves disabled runners alone, reports them as disabled, and refuses two runners of one name', async () => {
    let started = 0;
    const make = (name: string): Runner => ({
      name,
      async start() {
        started += 1;
        return { stop() {} };
      },
    });
    const { supervisor, writes } = supervise([make('system'), make('docker')], { enabled: ['system'] });
    supervisor.start();
    await waitFor(() => supervisor.stateOf('system') === 'running');
    await supervisor.flushStatus();
    expect(started).toBe(1);
    expect(supervisor.stateOf('docker')).toBe('disabled');
    expect(writes.at(-1)?.map((row) => [row.name, row.state])).toEqual([
      ['system', 'running'],
      ['docker', 'disabled'],
    ]);
    await supervisor.stop();
    expect(writes.at(-1)?.map((row) => row.state)).toEqual(['stopped', 'disabled']);
    expect(() => supervise([make('a'), make('a')])).toThrow(/Two runners are named "a"/);
  });

  it('keeps supervising while PostgreSQL is down, logging the outage once instead of every heartbeat', async () => {
    const runner: Runner = { name: 'system', start: async () => ({ stop() {} }) };
    const { supervisor, lines } = supervise([runner], { down: true, heartbeatMs: 20 });
    supervisor.start();
    expect(await waitFor(() => supervisor.stateOf('system') === 'running')).toBe(true);
    await sleep(150);
    expect(supervisor.stateOf('system')).toBe('running');
    const outage = lines.filter((line) => String(line.msg).startsWith('writing runner_status'));
    expect(outage).toHaveLength(1);
    expect(outage[0]).toMatchObject({ level: 'warn', err: { code: 'ECONNREFUSED' } });
    await supervisor.stop();
  });
});
