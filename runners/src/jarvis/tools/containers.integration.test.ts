import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../config';
import type { Engine } from '../../docker/engine';
import { createLogger } from '../../log';
import {
  removeTestContainers,
  runTestContainer,
  testEngine,
  testImages,
  testName,
} from '../../testing/engine';
import { waitFor } from '../../testing/helpers';
import { inspectContainerTool, restartContainer, stopContainer, verifyTiming } from './containers';
import { containerLogs } from './logs';
import type { ToolContext } from './types';

// Logs a line, fails, and is restarted by the engine: a crash loop.
const crashLoop = [
  'sh',
  '-c',
  'echo "starting api"; echo "FATAL: cannot connect to db:5432: connection refused" >&2; exit 3',
];

describe('container tools on the real engine', () => {
  let engine: Engine;
  let ctx: ToolContext;
  const names: string[] = [];
  const saved = { ...verifyTiming };

  beforeAll(async () => {
    engine = await testEngine();
    ctx = {
      engine,
      log: createLogger({ level: 'error' }),
      config: {} as Config,
      signal: new AbortController().signal,
      sql: (() => {
        throw new Error('these tools need no database');
      }) as unknown as ToolContext['sql'],
    };
    Object.assign(verifyTiming, { timeoutMs: 12_000, stableMs: 2_000, everyMs: 250 });
  });

  afterAll(async () => {
    Object.assign(verifyTiming, saved);
    await removeTestContainers(engine.docker, names);
    engine.close();
  });

  async function crashLooping() {
    const name = testName();
    names.push(name);
    const container = await engine.docker.createContainer({
      name,
      Image: testImages().busybox,
      Cmd: crashLoop,
      Labels: { 'dev.homelab.test': 'true' },
      HostConfig: { NetworkMode: 'none', RestartPolicy: { Name: 'always' } },
    });
    await container.start();
    await waitFor(async () => ((await container.inspect()).RestartCount ?? 0) >= 2, 20_000, 200);
    return name;
  }

  it('reads a crash-looping container: restarts, exit code and its error line, marked untrusted', async () => {
    const name = await crashLooping();
    const inspected = await inspectContainerTool.run({ container: name }, ctx);
    expect(inspected).toMatchObject({
      ok: true,
      untrusted: true,
      data: { name, restartPolicy: 'always', oomKilled: false },
    });
    if (!inspected.ok) return;
    expect((inspected.data as { restartCount: number }).restartCount).toBeGreaterThanOrEqual(2);

    const logs = await containerLogs.run(containerLogs.args.parse({ container: name, tail: 20 }), ctx);
    expect(logs).toMatchObject({ ok: true, untrusted: true });
    if (!logs.ok) return;
    const lines = (logs.data as { lines: string[] }).lines;
    expect(lines.some((line) => line.includes('[err] FATAL: cannot connect to db:5432'))).toBe(true);
    expect(lines.length).toBeLessThanOrEqual(20);

    const searched = await containerLogs.run(
      containerLogs.args.parse({ container: name, search: 'fatal' }),
      ctx,
    );
    if (!searched.ok) throw new Error(searched.error);
    for (const line of (searched.data as { lines: string[] }).lines) expect(line).toMatch(/FATAL/);
  });

  it('says when a restart did not fix a crash loop', async () => {
    const name = await crashLooping();
    const restarted = await restartContainer.run({ container: name }, ctx);
    expect(restarted.ok).toBe(true);
    const verdict = await restartContainer.verify?.({ container: name }, ctx);
    expect(verdict?.ok).toBe(false);
    expect(verdict?.detail).toMatch(/did not stay up/);
  });

  // No healthcheck here: Podman runs them from systemd timers, which the test engine lacks.
  it('restarts a working container and verifies it stays up', async () => {
    const { name } = await runTestContainer(engine.docker);
    names.push(name);
    const restarted = await restartContainer.run({ container: name }, ctx);
    expect(restarted).toMatchObject({ ok: true, summary: `Restarted ${name}` });
    const verdict = await restartContainer.verify?.({ container: name }, ctx);
    expect(verdict).toEqual({
      ok: true,
      detail: expect.stringMatching(/is running; no restart in 2 s \(restart count 0\)/),
    });
  });

  it('stops a container, verifies it, and rolls back by starting it again', async () => {
    const { name } = await runTestContainer(engine.docker);
    names.push(name);
    expect(await stopContainer.run({ container: name }, ctx)).toMatchObject({
      ok: true,
      summary: `Stopped ${name}`,
    });
    expect(await stopContainer.verify?.({ container: name }, ctx)).toMatchObject({ ok: true });
    // Stopping it again is a clear refusal, not an engine quirk.
    expect(await stopContainer.run({ container: name }, ctx)).toEqual({
      ok: false,
      error: 'The container is not running.',
    });
    await stopContainer.rollback?.({ container: name }, ctx);
    expect((await engine.docker.getContainer(name).inspect()).State.Running).toBe(true);
  });

  it('answers an unknown container with an error the model can read', async () => {
    expect(await inspectContainerTool.run({ container: 'hlt-no-such-container' }, ctx)).toEqual({
      ok: false,
      error: 'The container "hlt-no-such-container" does not exist.',
    });
  });
});
