import type { Pool } from '@homelab/db/client/pool';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { createLogger } from '../log';
import type { RunnerContext } from '../runner';
import { testDockerHost } from '../testing/engine';
import { waitFor } from '../testing/helpers';
import { acquireEngine } from './engine';
import { createDockerRunner } from './service';

const log = createLogger({ level: 'error' });

function context(): RunnerContext {
  const config = loadConfig({
    DATABASE_URL: 'postgres://app@127.0.0.1:5432/unused',
    RUNNER_SECRET: 'x'.repeat(32),
    DOCKER_HOST: testDockerHost(),
  });
  return {
    pool: {} as Pool, // the docker runner keeps no rows
    log,
    config,
    signal: new AbortController().signal,
    crash: (error) => {
      throw error;
    },
  };
}

describe('the docker runner', () => {
  it('shares one engine with other runners and reports it in detail()', async () => {
    const ctx = context();
    const other = acquireEngine({ log, host: ctx.config.dockerHost });
    const handle = await createDockerRunner().start(ctx);
    expect(await waitFor(() => handle.detail?.().engine === 'connected', 10_000)).toBe(true);
    expect(handle.detail?.()).toMatchObject({
      engine: 'connected',
      kind: 'podman',
      statsCollectors: 0,
      consoles: 0,
    });
    expect(typeof handle.detail?.().containers).toBe('number');
    expect(handle.sockets).toBeTypeOf('function');

    const status = await handle.routes?.request('/status');
    expect(await status?.json()).toMatchObject({ status: 'connected' });

    // Stopping the runner gives its lease back; the other holder keeps the same, open connection.
    await handle.stop();
    expect(other.engine.state().status).toBe('connected');
    const again = acquireEngine({ log, host: ctx.config.dockerHost });
    expect(again.engine).toBe(other.engine);
    again.release();
    other.release();
    other.release(); // twice is harmless
    const fresh = acquireEngine({ log, host: ctx.config.dockerHost });
    expect(fresh.engine).not.toBe(other.engine);
    fresh.release();
  });
});
