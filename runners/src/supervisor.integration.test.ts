import { createPool, type Pool } from '@homelab/db/client/pool';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from './config';
import { createLogger } from './log';
import type { Runner, RunnerContext } from './runner';
import { createSupervisor } from './supervisor';
import { testDatabaseUrl, testPool, uniqueName } from './testing/database';
import { sleep, waitFor } from './testing/helpers';
import { startTcpProxy, viaProxy } from './testing/tcp-proxy';

const config = { metricsIntervalMs: 5_000 } as Config;
let pool: Pool;

type StatusRow = {
  state: string;
  restarts: number;
  last_error: string | null;
  heartbeat_at: string;
  started_at: string | null;
};

async function status(name: string) {
  const [row] = await pool.sql<StatusRow[]>`
    select state, restarts, last_error, started_at, to_char(heartbeat_at, 'YYYY-MM-DD HH24:MI:SS.US') as heartbeat_at
    from runner_status where name = ${name}`;
  return row;
}

beforeAll(() => {
  pool = testPool();
});
afterAll(async () => {
  await pool.sql.end({ timeout: 5 });
});

describe('supervisor with PostgreSQL', () => {
  it('restarts a crashing runner with backoff and reports each state in runner_status', async () => {
    const name = uniqueName('crashy');
    const starts: number[] = [];
    const runner: Runner = {
      name,
      async start(ctx) {
        starts.push(Date.now());
        // The runner's own loop fails shortly after each start.
        const timer = setTimeout(() => ctx.crash(new Error(`lost the socket (run ${starts.length})`)), 30);
        return { stop: () => clearTimeout(timer), detail: () => ({ run: starts.length }) };
      },
    };
    const log = createLogger({ level: 'error', write: () => {} });
    const supervisor = createSupervisor({
      runners: [runner],
      enabled: 'all',
      pool,
      config,
      log,
      restart: { baseMs: 60, maxMs: 240, stableAfterMs: 60_000 },
      heartbeatMs: 100,
    });
    const seen = new Set<string>();
    supervisor.start();
    try {
      const reachedFourRestarts = await waitFor(
        async () => {
          const row = await status(name);
          if (row) seen.add(row.state);
          return (row?.restarts ?? 0) >= 4;
        },
        5_000,
        5,
      );
      expect(reachedFourRestarts).toBe(true);
    } finally {
      await supervisor.stop();
    }
    // Each gap is the run (30 ms) plus the backoff: 60, 120, 240, 240.
    const gaps = starts.slice(1, 5).map((at, i) => at - starts[i]!);
    for (const [i, backoff] of [60, 120, 240, 240].entries()) {
      expect(gaps[i]).toBeGreaterThanOrEqual(backoff + 25);
      expect(gaps[i]).toBeLessThan(backoff + 250);
    }
    // Uncapped, the fourth delay would be 480 ms.
    expect(gaps[3]).toBeLessThan(480);
    expect(seen.has('crashed')).toBe(true);
    expect(seen.has('running')).toBe(true);
    const final = await status(name);
    expect(final).toMatchObject({ state: 'stopped', restarts: supervisor.snapshot()[0]!.restarts });
    expect(final?.last_error).toMatch(/^lost the socket \(run \d\)$/);
    expect(final?.started_at).not.toBeNull();
  });

  it('leaves the runners it does not run to its peer process in runner_status', async () => {
    const [mine, theirs] = [uniqueName('mine'), uniqueName('theirs')];
    const idle = (name: string): Runner => ({ name, start: async () => ({ stop: () => {} }) });
    const log = createLogger({ level: 'error', write: () => {} });
    const options = { runners: [idle(mine), idle(theirs)], enabled: [mine], pool, log, heartbeatMs: 100 };
    // Alone, a left-out runner is reported as disabled; with a peer, the peer reports it.
    const alone = createSupervisor({ ...options, config });
    alone.start();
    expect(await waitFor(async () => (await status(theirs))?.state === 'disabled', 5_000, 5)).toBe(true);
    await alone.stop();
    await pool.sql`update runner_status set state = 'running', heartbeat_at = now() where name = ${theirs}`;

    const split = createSupervisor({ ...options, config: { ...config, peerUrl: 'http://peer:8788' } });
    split.start();
    try {
      expect(await waitFor(async () => (await status(mine))?.state === 'running', 5_000, 5)).toBe(true);
      await sleep(300);
      expect((await status(theirs))?.state).toBe('running');
    } finally {
      await split.stop();
    }
  });

  it('keeps heartbeats going, and lives through a PostgreSQL outage, catching up when it returns', async () => {
    const target = new URL(testDatabaseUrl());
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const proxied = createPool(viaProxy(testDatabaseUrl(), proxy.port), { max: 2 });
    const name = uniqueName('outage');
    const contexts: RunnerContext[] = [];
    const runner: Runner = {
      name,
      async start(ctx) {
        contexts.push(ctx);
        return { stop() {} };
      },
    };
    const lines: Record<string, unknown>[] = [];
    const supervisor = createSupervisor({
      runners: [runner],
      enabled: 'all',
      pool: proxied,
      config,
      log: createLogger({ level: 'info', write: (line) => lines.push(JSON.parse(line)) }),
      restart: { baseMs: 50, maxMs: 50, stableAfterMs: 60_000 },
      heartbeatMs: 100,
    });
    supervisor.start();
    try {
      expect(await waitFor(async () => (await status(name))?.state === 'running')).toBe(true);
      const firstBeat = (await status(name))!.heartbeat_at;
      expect(await waitFor(async () => (await status(name))!.heartbeat_at > firstBeat)).toBe(true);

      await proxy.cut();
      contexts[0]!.crash(new Error('crashed while the database was away'));
      expect(await waitFor(() => supervisor.stateOf(name) === 'running' && contexts.length === 2)).toBe(true);
      await sleep(400);
      // The database missed all of that, and the supervisor did not give up on anything.
      expect(await status(name)).toMatchObject({ state: 'running', restarts: 0 });
      expect(supervisor.snapshot()[0]).toMatchObject({ state: 'running', restarts: 1 });
      const warnings = lines.filter(
        (line) => line.msg === 'writing runner_status failed; retrying quietly until it recovers',
      );
      expect(warnings).toHaveLength(1);

      await proxy.restore();
      expect(
        await waitFor(async () => {
          const row = await status(name);
          return row?.restarts === 1 && row.last_error === 'crashed while the database was away';
        }),
      ).toBe(true);
      expect(lines.some((line) => line.msg === 'writing runner_status recovered')).toBe(true);
    } finally {
      await supervisor.stop();
      await proxied.sql.end({ timeout: 1 });
      await proxy.close();
    }
  });
});
