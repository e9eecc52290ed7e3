/**
 * `homelab up`, `deploy` and `down` through a real compose (docker-compose on the CI machines) and
 * Podman: a deploy whose freshly built image fails its healthcheck is rolled back, exit 5, and the
 * service runs the previous image again.
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
  await docker()
    .getImage(image)
    .remove({ force: true })
    .catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

describe('deploy through compose', () => {
  it('starts healthy, then rolls a failing deploy back to the previous image with exit 5', async () => {
    writeFileSync(
      path.join(dir, 'docker-compose.yml'),
      [
        'services:',
        '  app:',
        '    build: ./app',
        `    image: ${image}`,
        '    command: ["sleep", "600"]',
        '    network_mode: none',
        '    healthcheck:',
        '      test: ["CMD", "test", "-f", "/healthy"]',
        '      interval: 2s',
        '      retries: 1',
        '    stop_grace_period: 1s',
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
    expect(result.changes).toEqual([expect.objectContaining({ service: 'app', from: first?.imageId })]);
    expect(result.rollbackHealth).toEqual([expect.objectContaining({ status: 'healthy' })]);
    const [after] = await projectContainers(docker(), project, 'app');
    expect(after?.imageId).toBe(first?.imageId);
    expect(after?.id).not.toBe(first?.id);

    const down = await homelab(['down']);
    expect(down.code).toBe(0);
    expect(await projectContainers(docker(), project)).toEqual([]);
  }, 180_000);
});
