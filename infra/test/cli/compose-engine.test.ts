/**
 * `homelab up`, `deploy` and `down` through a real compose (docker-compose on the CI machines) and
 * Podman: a deploy whose freshly built image fails its healthcheck is rolled back, exit 5, and the
 * service runs the previous image again; a good deploy also recreates the service that shares its
 * image.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import Dockerode from 'dockerode';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { run } from '../../src/cli/homelab/main';
import { projectContainers } from '../../src/cli/homelab/services';
import type {} from '../setup/provided';

const dir = mkdtempSync(path.join(tmpdir(), 'homelab-cli-compose-'));
const project = `hlcompose${process.pid}`;
const image = `localhost/${project}/app:local`;
const docker = () => new Dockerode({ socketPath: inject('dockerHost').replace(/^unix:\/\//, '') });
const madeImages: string[] = [];

function writeApp(marker: string) {
  mkdirSync(path.join(dir, 'app'), { recursive: true });
  writeFileSync(
    path.join(dir, 'app/Dockerfile'),
    `FROM ${inject('testImages').busybox}\nRUN touch ${marker}\n`,
  );
}

async function homelab(argv: string[]) {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (c) => {
    text += String(c);
  });
  const stderr = new PassThrough();
  stderr.resume();
  const code = await run(argv, {
    stdout,
    stderr,
    cwd: dir,
    env: { ...process.env, DOCKER_HOST: inject('dockerHost'), COMPOSE_PROJECT_NAME: project, NO_COLOR: '1' },
  });
  return { code, text };
}

afterAll(async () => {
  // Clears up after a failed run too; compose does nothing when the project is already down.
  await homelab(['down']);
  for (const ref of [image, ...madeImages]) {
    await docker()
      .getImage(ref)
      .remove({ force: true })
      .catch(() => {});
  }
  rmSync(dir, { recursive: true, force: true });
});

/** A service on the app image that sleeps, healthy while the image has /healthy. */
const sleeper = [
  `    image: ${image}`,
  '    command: ["sleep", "600"]',
  '    network_mode: none',
  '    healthcheck:',
  '      test: ["CMD", "test", "-f", "/healthy"]',
  '      interval: 2s',
  '      retries: 1',
  '    stop_grace_period: 1s',
];

describe('deploy through compose', () => {
  it('rolls a failing deploy back with exit 5, and moves every service on the image on a good one', async () => {
    writeFileSync(
      path.join(dir, 'docker-compose.yml'),
      [
        'services:',
        '  app:',
        '    build: ./app',
        ...sleeper,
        // Runs app's image without building it, as runners-engine and dbpool run the runners image.
        '  worker:',
        ...sleeper,
        '    depends_on: [app]',
        '',
      ].join('\n'),
    );
    writeFileSync(
      path.join(dir, '.env'),
      `POSTGRES_PASSWORD=a\nHOMELAB_OWNER_PASSWORD=b\nHOMELAB_APP_PASSWORD=c\nHOMELAB_BACKUP_PASSWORD=d\nN8N_DB_PASSWORD=e\nVNC_PASSWORD=ffffffff\nRUNNER_SECRET=${'r'.repeat(40)}\nENCRYPTION_KEY=${Buffer.alloc(32).toString('base64')}\nACME_EMAIL=owner@example.com\n`,
      { mode: 0o600 },
    );
    writeApp('/healthy');
    const up = await homelab(['up', '--build', '--json', '--health-timeout', '60']);
    expect(up.code).toBe(0);
    const [first] = await projectContainers(docker(), project, 'app');
    expect(first?.health).toBe('healthy');

    writeApp('/something-else');
    const deploy = await homelab(['deploy', 'app', '--json', '--health-timeout', '30']);
    expect(deploy.code).toBe(5);
    const result = JSON.parse(deploy.text);
    madeImages.push(...result.changes.map((c: { to: string }) => c.to));
    expect(result.outcome).toBe('rolled-back');
    expect(result.changes).toEqual([
      expect.objectContaining({ service: 'app', from: first?.imageId }),
      expect.objectContaining({ service: 'worker', from: first?.imageId }),
    ]);
    // The worker was recreated on the new image too, so the gate covered it and the rollback undid it.
    expect(result.health).toHaveLength(2);
    expect(result.rollbackHealth).toEqual([
      expect.objectContaining({ status: 'healthy' }),
      expect.objectContaining({ status: 'healthy' }),
    ]);
    const [after] = await projectContainers(docker(), project, 'app');
    expect(after?.imageId).toBe(first?.imageId);
    expect(after?.id).not.toBe(first?.id);
    const [worker] = await projectContainers(docker(), project, 'worker');
    expect(worker?.imageId).toBe(first?.imageId);

    // A healthy deploy of app moves the worker onto the new image with it.
    writeApp('/healthy /v2');
    const good = await homelab(['deploy', 'app', '--json', '--health-timeout', '30']);
    expect(good.code).toBe(0);
    const deployed = JSON.parse(good.text);
    madeImages.push(...deployed.changes.map((c: { to: string }) => c.to));
    const [newApp] = await projectContainers(docker(), project, 'app');
    const [newWorker] = await projectContainers(docker(), project, 'worker');
    expect(newApp?.imageId).not.toBe(first?.imageId);
    expect(newWorker?.imageId).toBe(newApp?.imageId);
    expect(newWorker?.health).toBe('healthy');

    const down = await homelab(['down']);
    expect(down.code).toBe(0);
    expect(await projectContainers(docker(), project)).toEqual([]);
  }, 180_000);
});
