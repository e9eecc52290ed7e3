/**
 * `homelab status` and `homelab logs` run end to end (argument parsing, engine, JSON output, exit
 * codes) against a real engine, with containers labelled as a compose project the way compose does.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { run } from '../../src/cli/homelab/main';
import type {} from '../setup/provided';

const project = `hlrun${process.pid}`;
const dir = mkdtempSync(path.join(tmpdir(), 'homelab-cli-run-'));
let docker: Dockerode;
let health: Server;
let healthUrl = '';
let healthy = true;

async function homelab(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks: string[] = [];
  const errors: string[] = [];
  stdout.on('data', (c) => chunks.push(String(c)));
  stderr.on('data', (c) => errors.push(String(c)));
  const code = await run(argv, {
    stdout,
    stderr,
    cwd: dir,
    env: { DOCKER_HOST: inject('dockerHost'), COMPOSE_PROJECT_NAME: project, ...env },
  });
  return { code, stdout: chunks.join(''), stderr: errors.join('') };
}

async function createService(service: string, cmd: string[], number = 1) {
  const container = await docker.createContainer({
    name: `${project}-${service}-${number}`,
    Image: inject('testImages').busybox,
    Cmd: cmd,
    Labels: { 'com.docker.compose.project': project, 'com.docker.compose.service': service },
    HostConfig: { NetworkMode: 'none' },
  });
  await container.start();
}

async function removeProject() {
  const listed = await docker.listContainers({
    all: true,
    filters: { label: [`com.docker.compose.project=${project}`] },
  });
  for (const c of listed) await docker.getContainer(c.Id).remove({ force: true });
}

beforeAll(async () => {
  docker = new Dockerode({ socketPath: inject('dockerHost').replace(/^unix:\/\//, '') });
  writeFileSync(path.join(dir, 'docker-compose.yml'), 'services: {}\n');
  health = createServer((req, res) => {
    res.writeHead(req.url === '/api/health' && healthy ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: healthy }));
  });
  await new Promise<void>((resolve) => health.listen(0, '127.0.0.1', resolve));
  const address = health.address() as { port: number };
  healthUrl = `http://127.0.0.1:${address.port}`;
  await removeProject();
  await createService('api', ['sh', '-c', 'echo api ready; echo api warning >&2; exec sleep 300']);
  await createService('migrate', ['sh', '-c', 'echo migrated']);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
});

afterAll(async () => {
  await removeProject();
  await new Promise((resolve) => health.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('homelab status', () => {
  it('reports each service and the app health as JSON, exit 0 when all is well', async () => {
    healthy = true;
    const result = await homelab(['status', '--json', '--url', healthUrl]);
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout);
    expect(body.project).toBe(project);
    expect(
      body.services.map((s: { service: string; state: string; ok: boolean }) => [s.service, s.state, s.ok]),
    ).toEqual([
      ['api', 'running', true],
      ['migrate', 'completed', true],
    ]);
    expect(body.services[0].health).toBeNull();
    expect(body.services[0].image).toBe(inject('testImages').busybox);
    expect(body.services[0].uptime).toMatch(/^\d+s$/);
    expect(body.app).toMatchObject({ ok: true, status: 200, url: `${healthUrl}/api/health` });
  });

  it('exits 1 when HomeLabHub answers unhealthy, and prints a table for people', async () => {
    healthy = false;
    const result = await homelab(['status', '--url', healthUrl], { NO_COLOR: '1' });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/SERVICE\s+STATE\s+HEALTH\s+UPTIME\s+IMAGE/);
    expect(result.stdout).toMatch(/api\s+running\s+-/);
    expect(result.stdout).toContain('not healthy');
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('exits 4 when the engine is unreachable', async () => {
    const result = await homelab(['status', '--url', healthUrl], {
      DOCKER_HOST: `unix://${dir}/missing.sock`,
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/unreachable/);
    expect(result.stderr).toMatch(/fix: .*DOCKER_HOST/);
  });
});

describe('homelab logs', () => {
  it('prints the service output, stderr apart from stdout', async () => {
    const result = await homelab(['logs', 'api', '--tail', '50']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('api ready\n');
    expect(result.stderr).toBe('api warning\n');
  });

  it('gives the lines as JSON too', async () => {
    const result = await homelab(['logs', 'migrate', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ service: 'migrate', stdout: 'migrated\n', stderr: '' });
  });

  it('exits 1 for a service the project does not have, and 2 without a service', async () => {
    const missing = await homelab(['logs', 'nothing']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No container of service "nothing"/);
    expect((await homelab(['logs'])).code).toBe(2);
  });

  it('follows new output until stopped', async () => {
    await createService('ticker', [
      'sh',
      '-c',
      'i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done',
    ]);
    const controller = new AbortController();
    const stdout = new PassThrough();
    let seen = '';
    stdout.on('data', (chunk) => {
      seen += String(chunk);
      if ((seen.match(/\n/g) ?? []).length >= 3) controller.abort();
    });
    const code = await run(
      ['logs', 'ticker', '-f', '--tail', '0'],
      {
        stdout,
        stderr: new PassThrough(),
        cwd: dir,
        env: { DOCKER_HOST: inject('dockerHost'), COMPOSE_PROJECT_NAME: project },
      },
      { signal: controller.signal },
    );
    expect(code).toBe(0);
    const ticks = seen
      .trim()
      .split('\n')
      .map((line) => Number(line.replace('tick ', '')));
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    // Consecutive lines, as the container printed them while the command followed.
    expect(ticks.slice(1)).toEqual(ticks.slice(0, -1).map((n) => n + 1));
  });
});
