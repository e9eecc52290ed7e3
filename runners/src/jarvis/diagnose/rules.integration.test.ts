import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../config';
import type { Engine } from '../../docker/engine';
import { createLogger } from '../../log';
import { removeTestContainers, testEngine, testImages, testName } from '../../testing/engine';
import { waitFor } from '../../testing/helpers';
import type { ToolContext } from '../tools/types';
import { diagnoseIncident } from './rules';

describe('the built-in diagnosis on the real engine', () => {
  let engine: Engine;
  let ctx: ToolContext;
  const name = testName();

  beforeAll(async () => {
    engine = await testEngine();
    ctx = {
      engine,
      log: createLogger({ level: 'error' }),
      config: {} as Config,
      signal: new AbortController().signal,
      sql: (() => {
        throw new Error('an alert incident about containers needs no database');
      }) as unknown as ToolContext['sql'],
    };
    const container = await engine.docker.createContainer({
      name,
      Image: testImages().busybox,
      Cmd: [
        'sh',
        '-c',
        'echo "loading config"; echo "panic: open /etc/app/config.yml: no such file or directory" >&2; exit 2',
      ],
      Labels: { 'dev.homelab.test': 'true' },
      HostConfig: { NetworkMode: 'none', RestartPolicy: { Name: 'always' } },
    });
    await container.start();
    await waitFor(async () => ((await container.inspect()).RestartCount ?? 0) >= 3, 30_000, 200);
  });

  afterAll(async () => {
    await removeTestContainers(engine.docker, [name]);
    engine.close();
  });

  it('names the crash loop and quotes the log line that explains it', async () => {
    const incident = {
      id: 'incident-1',
      monitorId: null,
      alertRuleId: 'rule-1',
      cause: 'alert:container_restarts',
      lastMessage: `Restarted more than 2 times in 10 min: ${name} (3).`,
    };
    // A crash loop is running for a moment after each restart, when the engine reports no exit
    // code yet: look again until the container is caught between two runs.
    let diagnosis = await diagnoseIncident(incident, ctx);
    for (let i = 0; i < 50 && /state running/.test(diagnosis.evidence[0]?.summary ?? ''); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      diagnosis = await diagnoseIncident(incident, ctx);
    }
    expect(diagnosis).toMatchObject({ problem: 'crash_loop', subject: name });
    expect(diagnosis.summary).toContain('panic: open /etc/app/config.yml: no such file or directory');
    expect(diagnosis.evidence).toContainEqual({
      tool: 'container_logs',
      summary: expect.stringContaining(name),
      excerpt: expect.stringContaining('> panic: open /etc/app/config.yml'),
    });
    expect(diagnosis.evidence[0]).toMatchObject({
      tool: 'inspect_container',
      summary: expect.stringMatching(/exit code 2.*restart count \d+.*restart policy always/),
    });
    expect(diagnosis.plan).toEqual([
      { tool: 'restart_container', args: { container: name }, why: expect.any(String) },
    ]);
  });
});
