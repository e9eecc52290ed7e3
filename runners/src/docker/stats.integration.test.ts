import { type ContainerStats, containerStatsSchema, statsBatchSchema } from '@homelab/db/docker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { caller } from '../testing/docker-routes';
import { removeTestContainers, runTestContainer, testEngine, testName } from '../testing/engine';
import { waitFor } from '../testing/helpers';
import { sseReader } from '../testing/sse';
import type { Engine } from './engine';
import { openDocker } from './service';
import { createStatsHub } from './stats';

// Busy enough that CPU is above zero, cheap enough not to slow the other tests.
const busy = [
  'sh',
  '-c',
  'trap "exit 0" TERM; while true; do i=0; while [ $i -lt 2000 ]; do i=$((i+1)); done; sleep 0.1; done',
];

describe('container stats on the real engine', () => {
  let engine: Engine;
  let docker: ReturnType<typeof openDocker>;
  const names: string[] = [];

  beforeAll(async () => {
    engine = await testEngine();
    docker = openDocker(engine, createLogger({ level: 'error' }), {
      statsBatchMs: 300,
      stats: { pollMs: 300 },
    });
    await docker.deps.inventory.ready();
  });

  afterAll(async () => {
    await removeTestContainers(engine.docker, names);
    docker.handle.stop();
    engine.close();
  });

  async function start(cmd = busy) {
    const started = await runTestContainer(engine.docker, { name: testName(), cmd });
    names.push(started.name);
    await waitFor(() => docker.deps.inventory.get(started.id)?.state === 'running');
    return started;
  }

  it('streams plausible numbers, and watchers of one container share one collector', async () => {
    const { id, name } = await start();
    const opened = docker.stats.opened;
    const first = sseReader(await docker.handle.routes.request(`/containers/${id}/stats`));
    const second = sseReader(await docker.handle.routes.request(`/containers/${name}/stats`));
    const a = containerStatsSchema.parse(await first.json('stats'));
    const b = containerStatsSchema.parse(await second.json('stats'));
    expect(docker.stats.opened - opened).toBe(1);
    expect(docker.stats.active).toBe(1);

    for (const stats of [a, b]) {
      expect(stats).toMatchObject({ id, name });
      expect(stats.cpuPercent).toBeGreaterThanOrEqual(0);
      expect(stats.cpuPercent).toBeLessThan(100 * 64);
      expect(stats.memoryBytes).toBeGreaterThan(0);
      expect(stats.memoryBytes).toBeLessThan(stats.memoryLimitBytes);
      expect(stats.memoryPercent).toBeGreaterThan(0);
      expect(stats.memoryPercent).toBeLessThan(100);
      expect(stats.pids).toBeGreaterThanOrEqual(1);
      expect(Number.isNaN(Date.parse(stats.at))).toBe(false);
    }
    let busiest = 0;
    for (let i = 0; i < 4; i++)
      busiest = Math.max(busiest, containerStatsSchema.parse(await first.json('stats')).cpuPercent);
    expect(busiest).toBeGreaterThan(0);

    await first.close();
    await waitFor(() => docker.stats.active === 1);
    await second.close();
    expect(await waitFor(() => docker.stats.active === 0)).toBe(true);
  });

  it('sends every running container in one batch; stopped ones leave, started ones join', async () => {
    const one = await start();
    const events = sseReader(await docker.handle.routes.request('/stats'));
    const batchWith = async (want: (ids: string[]) => boolean) => {
      for (let i = 0; i < 30; i++) {
        const batch = statsBatchSchema.parse(await events.json('stats'));
        if (want(batch.containers.map((c: ContainerStats) => c.id))) return batch;
      }
      throw new Error('no batch matched');
    };
    await batchWith((ids) => ids.includes(one.id));

    const two = await start();
    await batchWith((ids) => ids.includes(one.id) && ids.includes(two.id));
    await engine.docker.getContainer(one.id).stop();
    await batchWith((ids) => !ids.includes(one.id) && ids.includes(two.id));
    await events.close();
  });

  it("reads the engine's stats stream too (Docker's way)", async () => {
    const { id } = await start();
    const hub = createStatsHub({ engine, log: createLogger({ level: 'error' }), mode: 'stream' });
    const sample = await new Promise<ContainerStats>((resolve, reject) => {
      const off = hub.subscribe(id, 'x', {
        sample: (stats) => {
          off();
          resolve(stats);
        },
        end: (reason) => reject(new Error(reason)),
      });
    });
    expect(containerStatsSchema.parse(sample).memoryBytes).toBeGreaterThan(0);
    expect(hub.active).toBe(0);
    hub.close();
  });

  it('refuses stats of a stopped or unknown container', async () => {
    const call = caller(docker.handle.routes);
    const stopped = await runTestContainer(engine.docker, { name: testName(), start: false });
    names.push(stopped.name);
    const res = await call(`/containers/${stopped.id}/stats`);
    expect([res.status, res.body.error.code]).toEqual([409, 'wrong_state']);
    expect((await call('/containers/hlt-nope-nope/stats')).status).toBe(404);
  });
});
