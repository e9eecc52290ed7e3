import { describe, expect, it } from 'vitest';
import { runCheck } from './index';
import type { CheckDeps } from './outcome';
import { checkOptions } from './test-support';

type Found = Awaited<ReturnType<CheckDeps['container']>>;

const check = (found: Found | (() => Promise<Found>), timeoutMs = 5_000) =>
  runCheck(
    { type: 'container', container: 'jellyfin' },
    checkOptions({ container: typeof found === 'function' ? found : async () => found }, timeoutMs),
  );

describe('container check', () => {
  it('goes up, down and up again with the container state and health', async () => {
    expect(await check({ state: 'running', health: 'healthy', restartCount: 0 })).toMatchObject({
      status: 'up',
      message: 'running, healthy',
      detail: { state: 'running', health: 'healthy', restartCount: 0 },
    });
    expect(await check({ state: 'exited', health: 'none', restartCount: 1 })).toMatchObject({
      status: 'down',
      message: 'container is exited',
    });
    expect(await check({ state: 'running', health: 'unhealthy', restartCount: 1 })).toMatchObject({
      status: 'down',
      message: 'container is running but unhealthy',
    });
    expect(await check({ state: 'running', health: 'none', restartCount: 2 })).toMatchObject({
      status: 'up',
      message: 'running, no health check',
    });
  });

  it('reports a missing container', async () => {
    expect(await check(null)).toMatchObject({ status: 'down', message: 'container jellyfin not found' });
  });

  it('turns an engine failure or a slow engine into a down result', async () => {
    const failing = await check(async () => {
      throw Object.assign(new Error('connect ENOENT /var/run/docker.sock'), { code: 'ENOENT' });
    });
    expect(failing).toMatchObject({
      status: 'down',
      message: 'could not ask the container engine: connect ENOENT /var/run/docker.sock',
    });
    const slow = await check(() => new Promise<Found>(() => {}), 200);
    expect(slow).toMatchObject({
      status: 'down',
      message: 'could not ask the container engine: timed out after 200 ms',
    });
  });
});
