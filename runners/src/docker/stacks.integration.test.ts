import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stackComposeSchema, stackSchema } from '@homelab/db/docker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { caller, liveInventory } from '../testing/docker-routes';
import {
  removeTestContainers,
  runTestContainer,
  testDockerHost,
  testEngine,
  testName,
} from '../testing/engine';
import { waitFor } from '../testing/helpers';
import type { Engine } from './engine';
import type { LiveInventory } from './inventory';
import { createStackRoutes } from './stacks';

describe('stack routes on the real engine', () => {
  let engine: Engine;
  let inventory: LiveInventory;
  let call: ReturnType<typeof caller>;
  const project = testName('hlt-stack-x');
  const bare = testName('hlt-stack-bare');
  const broken = testName('hlt-stack-broken');
  const podmanOnly = testName('hlt-stack-pod');
  const names = {
    web: `${project}-web-1`,
    db: `${project}-db-1`,
    bare: `${bare}-app-1`,
    good: `${broken}-good-1`,
    bad: `${broken}-bad-1`,
    pod: `${podmanOnly}-app-1`,
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'hlt-stack-'));
  const composeFile = path.join(dir, 'compose.yml');
  const composeText = 'services:\n  web:\n    image: busybox\n  db:\n    image: busybox\n';

  const composeLabels = (name: string, service: string, files = true) => ({
    'com.docker.compose.project': name,
    'com.docker.compose.service': service,
    ...(files
      ? {
          'com.docker.compose.project.working_dir': dir,
          'com.docker.compose.project.config_files': composeFile,
        }
      : {}),
  });

  beforeAll(async () => {
    writeFileSync(composeFile, composeText);
    engine = await testEngine();
    const docker = engine.docker;
    await runTestContainer(docker, { name: names.web, labels: composeLabels(project, 'web') });
    await runTestContainer(docker, { name: names.db, labels: composeLabels(project, 'db') });
    await runTestContainer(docker, { name: names.bare, labels: composeLabels(bare, 'app', false) });
    await runTestContainer(docker, { name: names.good, labels: composeLabels(broken, 'good'), start: false });
    await runTestContainer(docker, {
      name: names.bad,
      labels: composeLabels(broken, 'bad'),
      cmd: ['/hlt-no-such-binary'],
      start: false,
    });
    await runTestContainer(docker, { name: names.pod, labels: { 'io.podman.compose.project': podmanOnly } });
    inventory = await liveInventory(engine);
    // On a busy machine the first sync can end before the engine lists the newest container; its
    // event brings it in shortly after. Grouping is what these tests are about, so wait for all.
    await waitFor(() => Object.values(names).every((name) => inventory.get(name)), 20_000, 50);
    call = caller(createStackRoutes({ engine, inventory, log: createLogger({ level: 'error' }) }));
  });

  afterAll(async () => {
    await removeTestContainers(engine.docker, Object.values(names));
    inventory.close();
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('groups containers by their compose project, with working dir and files from the labels', async () => {
    const res = await call('/stacks');
    expect(res.status).toBe(200);
    const stacks = stackSchema.array().parse(res.body);
    const stack = stacks.find((candidate) => candidate.name === project);
    expect(stack).toMatchObject({ status: 'running', workingDir: dir, configFiles: [composeFile] });
    expect(stack!.containers.map((c) => [c.service, c.name])).toEqual([
      ['db', names.db],
      ['web', names.web],
    ]);
    // Only podman-compose's label: still a stack.
    expect(stacks.find((candidate) => candidate.name === podmanOnly)?.containers.map((c) => c.name)).toEqual([
      names.pod,
    ]);
    expect(stacks.find((candidate) => candidate.name === broken)?.status).toBe('stopped');
  });

  it('gives one stack, 404 for an unknown one and 400 for a name that is not a name', async () => {
    const one = await call(`/stacks/${project}`);
    expect(one.status).toBe(200);
    expect(stackSchema.parse(one.body).containers).toHaveLength(2);
    expect((await call('/stacks/hlt-no-such-stack')).body.error.code).toBe('not_found');
    const bad = await call(`/stacks/${encodeURIComponent('x;rm -rf /')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(/stack name/),
    });
  });

  it('stops, starts and restarts every container of the stack, and shows partial in between', async () => {
    const stopped = await call(`/stacks/${project}/stop`, { method: 'POST' });
    expect(stopped.status).toBe(200);
    expect(stackSchema.parse(stopped.body).status).toBe('stopped');
    expect((await engine.docker.getContainer(names.web).inspect()).State.Running).toBe(false);

    const db = engine.docker.getContainer(names.db);
    await db.start();
    await inventory.refresh((await db.inspect()).Id);
    expect((await call(`/stacks/${project}`)).body.status).toBe('partial');

    const started = await call(`/stacks/${project}/start`, { method: 'POST' });
    expect(started.body.status).toBe('running');
    expect((await engine.docker.getContainer(names.web).inspect()).State.Running).toBe(true);

    const restarted = await call(`/stacks/${project}/restart`, { method: 'POST' });
    expect(restarted.body.status).toBe('running');
    expect((await call(`/stacks/${project}/explode`, { method: 'POST' })).status).toBe(404);
  });

  it('acts on every container even when one fails, then answers 409 naming it', async () => {
    const res = await call(`/stacks/${broken}/start`, { method: 'POST' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('stack_action_failed');
    expect(res.body.error.message).toContain(names.bad);
    expect(res.body.error.message).not.toContain(names.good);
    expect((await engine.docker.getContainer(names.good).inspect()).State.Running).toBe(true);
  });

  it('reads the compose file named in the labels', async () => {
    const res = await call(`/stacks/${project}/compose`);
    expect(res.status).toBe(200);
    expect(stackComposeSchema.parse(res.body)).toEqual({
      files: [{ path: composeFile, content: composeText }],
    });
    expect((await call(`/stacks/${bare}/compose`)).body).toEqual({ files: [] });
  });

  it('refuses to redeploy a stack without compose files', async () => {
    const res = await call(`/stacks/${bare}/redeploy`, { method: 'POST' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('no_compose_files');
  });

  it('says compose_unavailable when no compose CLI is installed', async () => {
    // A PATH with no compose CLI on it, whatever this machine has installed.
    const empty = path.join(dir, 'no-compose');
    mkdirSync(empty, { recursive: true });
    const savedPath = process.env.PATH;
    process.env.PATH = empty;
    let res: Awaited<ReturnType<typeof call>>;
    try {
      res = await call(`/stacks/${project}/redeploy`, { method: 'POST' });
    } finally {
      process.env.PATH = savedPath;
    }
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('compose_unavailable');
    expect(res.body.error.message).toMatch(/docker compose.*docker-compose.*podman-compose/);
  });

  // A stand-in docker-compose, alone on PATH so that an installed Docker plugin is not preferred,
  // records how it was called.
  it('runs compose with the stack’s project and files, in its dir, on this engine', async () => {
    const bin = path.join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    const record = path.join(dir, 'called');
    writeFileSync(
      path.join(bin, 'docker-compose'),
      `#!/bin/sh\nprintf '%s\\n' "$@" > ${record}.args\npwd > ${record}.cwd\nprintf '%s' "$DOCKER_HOST" > ${record}.host\necho 'Container web Started'\n`,
    );
    chmodSync(path.join(bin, 'docker-compose'), 0o755);
    const savedPath = process.env.PATH;
    process.env.PATH = bin;
    try {
      const res = await call(`/stacks/${project}/redeploy`, { method: 'POST' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ exitCode: 0, output: 'Container web Started\n' });
    } finally {
      process.env.PATH = savedPath;
    }
    expect(readFileSync(`${record}.args`, 'utf8').trim().split('\n')).toEqual([
      '-p',
      project,
      '-f',
      composeFile,
      'up',
      '-d',
      '--remove-orphans',
    ]);
    expect(readFileSync(`${record}.cwd`, 'utf8').trim()).toBe(dir);
    expect(readFileSync(`${record}.host`, 'utf8')).toBe(testDockerHost());
  });
});
