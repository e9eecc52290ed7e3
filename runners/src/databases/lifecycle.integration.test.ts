/**
 * A PostgreSQL instance's whole life against the real engine and a private test database: deploy,
 * backup, restore (in place and into a new instance), password rotation, stop/start and delete,
 * through the runner's routes. The image is the locally built stand-in: nothing is pulled.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Pool } from '@homelab/db/client/pool';
import type {
  DatabaseBackup,
  DatabaseCredentials,
  DatabaseInstance,
  ProgressEvent,
} from '@homelab/db/databases';
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../config';
import type { Engine } from '../docker/engine';
import { toErrorResponse } from '../internal/errors';
import { createLogger } from '../log';
import type { RunnerHandle } from '../runner';
import { privateDatabaseUrl, testPool } from '../testing/database';
import { testDockerHost, testEngine, testImages } from '../testing/engine';
import { waitFor } from '../testing/helpers';
import { execIn } from './exec';
import { createDatabasesRunner } from './service';

const postgres = testImages().postgres;
// Created while the file is collected, so that its drop (an afterAll) is registered with the file.
const databaseUrl = postgres ? await privateDatabaseUrl() : '';
const prefix = `dbt-${randomBytes(3).toString('hex')}`;
const original = `${prefix}-main`;
const copy = `${prefix}-copy`;

let pool: Pool;
let engine: Engine;
let docker: Dockerode;
let handle: RunnerHandle;
let backupDir: string;
const received: { event: string; data: unknown }[] = [];
let stopEvents = () => {};

function config(patch: Partial<Config> = {}): Config {
  return {
    databaseUrl,
    runnerSecret: 'x'.repeat(32),
    port: 0,
    host: '127.0.0.1',
    enabledRunners: ['databases'],
    metricsIntervalMs: 5_000,
    logLevel: 'error',
    dockerHost: testDockerHost(),
    encryptionKey: randomBytes(32).toString('base64'),
    backupDir,
    ...patch,
  };
}

function context(cfg: Config) {
  return {
    pool,
    log: createLogger({ level: 'error' }),
    config: cfg,
    signal: new AbortController().signal,
    crash: (error: unknown) => {
      throw error;
    },
  };
}

/** The routes as the internal server serves them: errors become the one JSON error shape. */
async function call(method: string, route: string, body?: unknown) {
  try {
    return await handle.routes!.request(route, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
  } catch (error) {
    const { status, body: errorBody } = toErrorResponse(error);
    return Response.json(errorBody, { status });
  }
}

async function json<T>(method: string, route: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await call(method, route, body);
  return { status: res.status, body: (await res.json()) as T };
}

const instance = async (id: string) =>
  (await json<{ instance: DatabaseInstance }>('GET', `/instances/${id}`)).body.instance;

async function waitForStatus(id: string, status: string, timeoutMs = 60_000) {
  const found = await waitFor(
    async () => {
      const current = await instance(id);
      return current.status === status && !current.statusDetail?.startsWith('Starting') ? current : null;
    },
    timeoutMs,
    250,
  );
  if (!found) throw new Error(`instance ${id} never became ${status}: ${JSON.stringify(await instance(id))}`);
  return found;
}

function progressOf(id: string) {
  return received
    .filter((e) => e.event === 'progress')
    .map((e) => e.data as ProgressEvent)
    .filter((e) => e.instanceId === id);
}

/** psql inside the instance's container, over TCP so that the password is checked. */
async function psql(containerName: string, password: string, sql: string) {
  return execIn(docker, containerName, {
    cmd: [
      'psql',
      '-h',
      '127.0.0.1',
      '-U',
      'app',
      '-d',
      'app',
      '-X',
      '-A',
      '-t',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-c',
      sql,
    ],
    env: [`PGPASSWORD=${password}`],
  });
}

async function removeEverything() {
  const containers = await docker.listContainers({ all: true, filters: { label: ['dev.homelab.database'] } });
  for (const info of containers.filter((c) => c.Names.some((n) => n.includes(prefix))))
    await docker
      .getContainer(info.Id)
      .remove({ force: true })
      .catch(() => {});
  const { Volumes } = await docker.listVolumes();
  for (const volume of (Volumes ?? []).filter((v) => v.Name.includes(prefix)))
    await docker
      .getVolume(volume.Name)
      .remove()
      .catch(() => {});
  for (const network of (await docker.listNetworks()).filter((n) => n.Name.includes(prefix)))
    await docker
      .getNetwork(network.Id)
      .remove()
      .catch(() => {});
}

describe.skipIf(!postgres)('databases runner lifecycle', () => {
  let id = '';
  let copyId = '';
  let backup: DatabaseBackup;
  let firstPassword = '';

  beforeAll(async () => {
    pool = testPool(databaseUrl);
    engine = await testEngine();
    docker = engine.docker;
    backupDir = await mkdtemp(path.join(tmpdir(), 'homelab-db-backups-'));
    handle = await createDatabasesRunner({ heartbeatMs: 60_000 }).start(context(config()));
    const res = await call('GET', '/events');
    const reader = res.body!.getReader();
    stopEvents = () => void reader.cancel();
    void (async () => {
      const decoder = new TextDecoder();
      let text = '';
      for (;;) {
        const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (done) return;
        text += decoder.decode(value, { stream: true });
        const blocks = text.split('\n\n');
        text = blocks.pop() ?? '';
        for (const block of blocks) {
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) received.push({ event, data: JSON.parse(data) });
        }
      }
    })();
  });

  afterAll(async () => {
    stopEvents();
    await handle?.stop();
    if (docker) await removeEverything();
    engine?.close();
    await pool?.sql.end({ timeout: 5 });
    if (backupDir) await rm(backupDir, { recursive: true, force: true });
  });

  it('will not start without ENCRYPTION_KEY, and says so', async () => {
    await expect(
      createDatabasesRunner().start(context(config({ encryptionKey: undefined }))),
    ).rejects.toThrow(/ENCRYPTION_KEY is not set/);
  });

  it('answers 503 while the engine is unreachable, and still lists what it knows', async () => {
    const offline = await createDatabasesRunner().start(
      context(config({ dockerHost: `unix://${path.join(backupDir, 'no-engine.sock')}` })),
    );
    try {
      const res = await Promise.resolve()
        .then(() =>
          offline.routes!.request('/instances', {
            method: 'POST',
            body: JSON.stringify({ template: 'postgres', name: `${prefix}-offline` }),
          }),
        )
        .catch((error: unknown) => toErrorResponse(error));
      expect(res).toMatchObject({ status: 503, body: { error: { code: 'engine_unreachable' } } });
      const list = await offline.routes!.request('/instances');
      expect(await list.json()).toMatchObject({ engine: { status: 'unreachable' }, instances: [] });
    } finally {
      await offline.stop();
    }
  });

  it('refuses invalid requests with 400 and creates nothing', async () => {
    const cases = [
      [
        { template: 'postgres', name: `${prefix}-bad`, version: '9.6' },
        /version must be one of PostgreSQL's versions/,
      ],
      [{ template: 'postgres', name: `${prefix}-bad; rm -rf /` }, /body.name must use only lowercase/],
      [{ template: 'postgres', name: `${prefix}-$(id)` }, /body.name/],
      [{ template: 'postgres', name: `${prefix}-bad`, cpus: 999, memoryMb: 1 }, /body.memoryMb.*body.cpus/],
      [{ template: 'postgres', name: `${prefix}-bad`, username: "app'; drop" }, /body.username must start/],
    ] as const;
    for (const [request, message] of cases) {
      const res = await json<{ error: { code: string; message: string } }>('POST', '/instances', request);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.message).toMatch(message);
    }
    const list = await json<{ instances: DatabaseInstance[] }>('GET', '/instances');
    expect(list.body.instances).toEqual([]);
    const containers = await docker.listContainers({ all: true, filters: { name: [prefix] } });
    expect(containers).toEqual([]);
  });

  it('fails a deploy whose image is missing and cannot be pulled, with the reason, and cleans up', async () => {
    const version = ['17', '16', '15'].find(
      (v) => `docker.io/library/postgres:${v}-alpine` !== postgres?.image,
    );
    const image = `docker.io/library/postgres:${version}-alpine`;
    const present = await docker
      .getImage(image)
      .inspect()
      .then(
        () => true,
        () => false,
      );
    if (present) return;
    const res = await json<{ instance: DatabaseInstance }>('POST', '/instances', {
      template: 'postgres',
      name: `${prefix}-nopull`,
      version,
    });
    expect(res.status).toBe(202);
    const failed = await waitForStatus(res.body.instance.id, 'failed', 30_000);
    expect(failed.statusDetail).toMatch(
      /^Getting the image failed: The image .* is not on this machine and pulling it failed/,
    );
    expect(await docker.listNetworks({ filters: { name: [`hl-db-${prefix}-nopull`] } })).toEqual([]);
    const gone = await json('DELETE', `/instances/${failed.id}`, {
      confirm: failed.name,
      removeVolume: true,
    });
    expect(gone.status).toBe(202);
    await waitFor(async () => (await call('GET', `/instances/${failed.id}`)).status === 404, 15_000, 100);
  });

  it('deploys PostgreSQL from the local image and reports each step until it accepts connections', async () => {
    const res = await json<{ instance: DatabaseInstance }>('POST', '/instances', {
      template: 'postgres',
      name: original,
      version: postgres!.version,
      expose: 'none',
      memoryMb: 256,
      cpus: 0.5,
    });
    expect(res.status).toBe(202);
    expect(res.body.instance).toMatchObject({ name: original, status: 'deploying', engine: 'postgres' });
    expect(res.body.instance).not.toHaveProperty('passwordEncrypted');
    id = res.body.instance.id;

    const duplicate = await json<{ error: { code: string } }>('POST', '/instances', {
      template: 'postgres',
      name: original,
    });
    expect(duplicate.status).toBe(409);
    expect((await json<{ error: { code: string } }>('POST', `/instances/${id}/backups`)).status).toBe(409);

    const running = await waitForStatus(id, 'running');
    expect(running.live?.state).toBe('running');
    const listed = await json<{ engine: { status: string }; instances: DatabaseInstance[] }>(
      'GET',
      '/instances',
    );
    expect(listed.body.engine.status).toBe('connected');
    expect(listed.body.instances.find((i) => i.id === id)?.live?.state).toBe('running');
    const steps = progressOf(id).map((e) => e.step);
    expect(steps).toEqual(
      expect.arrayContaining(['image', 'network', 'volume', 'container', 'start', 'ready', 'done']),
    );
    expect(progressOf(id).find((e) => e.step === 'image' && /local image/.test(e.message))).toBeDefined();
    expect(progressOf(id).at(-1)).toMatchObject({ step: 'done', done: true });

    const info = await docker.getContainer(`hl-db-${original}`).inspect();
    expect(info.Config.Labels).toMatchObject({ 'dev.homelab.managed': 'true', 'dev.homelab.database': id });
    expect(info.HostConfig).toMatchObject({ Memory: 256 * 1024 * 1024, NanoCpus: 5e8 });
    // Podman reports NetworkMode "bridge" for a named network; the attached networks tell the truth.
    expect(Object.keys(info.NetworkSettings.Networks)).toEqual([`hl-db-${original}`]);
    expect(
      Object.values(info.HostConfig.PortBindings ?? {})
        .flat()
        .filter(Boolean),
    ).toEqual([]);
    const volume = await docker.getVolume(`hl-db-${original}-data`).inspect();
    expect(volume.Labels).toMatchObject({ 'dev.homelab.database': id });

    const credentials = await json<DatabaseCredentials>('GET', `/instances/${id}/credentials`);
    expect(credentials.body).toMatchObject({
      host: `hl-db-${original}`,
      port: 5432,
      username: 'app',
      database: 'app',
    });
    expect(credentials.body.password).toMatch(/^[\w-]{32}$/);
    expect(credentials.body.internalConnectionString).toBe(
      `postgresql://app:${credentials.body.password}@hl-db-${original}:5432/app`,
    );
    firstPassword = credentials.body.password;
    const stored = await pool.sql`select password_encrypted from database_instances where id = ${id}`;
    expect(stored[0]?.password_encrypted).toMatch(/^v1:/);
    expect(stored[0]?.password_encrypted).not.toContain(firstPassword);
  });

  it('backs up to a private file', async () => {
    const write = await psql(
      `hl-db-${original}`,
      firstPassword,
      "create table notes (t text); insert into notes values ('before backup')",
    );
    expect(write.exitCode).toBe(0);
    const res = await json<{ backup: DatabaseBackup }>('POST', `/instances/${id}/backups`);
    expect(res.status).toBe(202);
    expect(res.body.backup).toMatchObject({ status: 'running', kind: 'manual' });
    const done = await waitFor(
      async () => {
        const list = await json<{ backups: DatabaseBackup[] }>('GET', `/instances/${id}/backups`);
        return list.body.backups.find((b) => b.id === res.body.backup.id && b.status !== 'running');
      },
      30_000,
      100,
    );
    expect(done).toMatchObject({ status: 'done', error: null });
    backup = done as DatabaseBackup;
    const file = path.join(backupDir, original, backup.fileName);
    const { size, mode } = await stat(file);
    expect(size).toBeGreaterThan(0);
    expect(backup.sizeBytes).toBe(size);
    expect(mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);

    const download = await call('GET', `/backups/${backup.id}/download`);
    expect(download.headers.get('content-type')).toBe('application/octet-stream');
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="${original}-${backup.fileName}"`,
    );
    expect((await download.arrayBuffer()).byteLength).toBe(size);
  });

  it('restores the backup into the same instance', async () => {
    const change = await psql(
      `hl-db-${original}`,
      firstPassword,
      "update notes set t = 'changed'; insert into notes values ('extra')",
    );
    expect(change.exitCode).toBe(0);
    const res = await json<{ instance: DatabaseInstance }>('POST', `/instances/${id}/restore`, {
      backupId: backup.id,
      target: 'same',
    });
    expect(res.status).toBe(202);
    expect(res.body.instance.id).toBe(id);
    const finished = await waitFor(
      () => progressOf(id).find((e) => e.step === 'restore' && e.done),
      30_000,
      100,
    );
    expect(finished?.error).toBeUndefined();
    expect((await psql(`hl-db-${original}`, firstPassword, 'select t from notes')).stdout.trim()).toBe(
      'before backup',
    );
  });

  it('restores the backup into a new instance', async () => {
    const res = await json<{ instance: DatabaseInstance }>('POST', `/instances/${id}/restore`, {
      backupId: backup.id,
      target: { newName: copy },
    });
    expect(res.status).toBe(202);
    expect(res.body.instance).toMatchObject({ name: copy, status: 'deploying', version: postgres!.version });
    copyId = res.body.instance.id;
    const busy = await json<{ error: { code: string } }>('POST', `/instances/${copyId}/backups`);
    expect(busy.status).toBe(409);
    await waitForStatus(copyId, 'running');
    const copyPassword = (await json<DatabaseCredentials>('GET', `/instances/${copyId}/credentials`)).body
      .password;
    expect(copyPassword).not.toBe(firstPassword);
    expect((await psql(`hl-db-${copy}`, copyPassword, 'select t from notes')).stdout.trim()).toBe(
      'before backup',
    );
  });

  it('runs queued backup jobs and keeps only the newest backups', async () => {
    const invalid = await json<{ error: { message: string } }>('PUT', `/instances/${id}/schedule`, {
      cron: '* * * * * *',
      retention: 1,
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toMatch(/body.cron/);
    const scheduled = await json<{ instance: DatabaseInstance; nextRun: string }>(
      'PUT',
      `/instances/${id}/schedule`,
      {
        cron: '0 3 * * *',
        retention: 1,
      },
    );
    expect(scheduled.body.instance).toMatchObject({ backupSchedule: '0 3 * * *', backupRetention: 1 });
    expect(new Date(scheduled.body.nextRun).getUTCMinutes()).toBe(0);

    const job = { id: 1, runner: 'databases', kind: 'backup', attempt: 1, maxAttempts: 5, requestId: null };
    const result = (await handle.jobs!.backup!(
      { instanceId: id, kind: 'scheduled' },
      { ...job, signal: new AbortController().signal, log: createLogger({ level: 'error' }) },
    )) as { fileName: string };
    const list = await json<{ backups: DatabaseBackup[] }>('GET', `/instances/${id}/backups`);
    expect(list.body.backups).toMatchObject([
      { fileName: result.fileName, kind: 'scheduled', status: 'done' },
    ]);
    expect(existsSync(path.join(backupDir, original, backup.fileName))).toBe(false);
    const gone = await json<{ skipped: string }>('GET', `/backups/${backup.id}/download`);
    expect(gone.status).toBe(404);
    backup = list.body.backups[0] as DatabaseBackup;
  });

  it('rotates the password: the new one works and the old one does not', async () => {
    const res = await json<{ instance: DatabaseInstance }>('POST', `/instances/${id}/rotate-password`);
    expect(res.status).toBe(200);
    const next = (await json<DatabaseCredentials>('GET', `/instances/${id}/credentials`)).body.password;
    expect(next).not.toBe(firstPassword);
    expect((await psql(`hl-db-${original}`, next, 'select 1')).exitCode).toBe(0);
    const old = await psql(`hl-db-${original}`, firstPassword, 'select 1');
    expect(old.exitCode).not.toBe(0);
    expect(old.stderr).toMatch(/password authentication failed/);
  });

  it('stops and starts an instance', async () => {
    const stopped = await json<{ instance: DatabaseInstance }>('POST', `/instances/${copyId}/stop`);
    expect(stopped.body.instance.status).toBe('stopped');
    expect((await instance(copyId)).live?.state).toBe('exited');
    const refused = await json<{ error: { code: string; message: string } }>(
      'POST',
      `/instances/${copyId}/backups`,
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/is stopped; it can be backed up only when running/);
    expect((await json('POST', `/instances/${copyId}/explode`)).status).toBe(404);
    const started = await json<{ instance: DatabaseInstance }>('POST', `/instances/${copyId}/start`);
    expect(started.body.instance.status).toBe('running');
    await waitForStatus(copyId, 'running');
  });

  it('deletes only with the right confirmation, and removes everything when asked', async () => {
    const wrong = await json<{ error: { code: string; message: string } }>('DELETE', `/instances/${id}`, {
      confirm: 'something else',
      removeVolume: true,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/confirm must be exactly the database's name/);
    expect((await instance(id)).status).toBe('running');

    const res = await json<{ instance: DatabaseInstance }>('DELETE', `/instances/${id}`, {
      confirm: original,
      removeVolume: true,
    });
    expect(res.status).toBe(202);
    expect(res.body.instance.status).toBe('deleting');
    expect(
      await waitFor(async () => (await call('GET', `/instances/${id}`)).status === 404, 45_000, 100),
    ).toBe(true);
    const missing = (error: { statusCode?: number }) => error.statusCode;
    await expect(docker.getContainer(`hl-db-${original}`).inspect().catch(missing)).resolves.toBe(404);
    await expect(docker.getVolume(`hl-db-${original}-data`).inspect().catch(missing)).resolves.toBe(404);
    await expect(docker.getNetwork(`hl-db-${original}`).inspect().catch(missing)).resolves.toBe(404);
    expect(existsSync(path.join(backupDir, original))).toBe(false);
    expect(received.some((e) => e.event === 'deleted' && (e.data as { id: string }).id === id)).toBe(true);
    const rows = await pool.sql`select count(*)::int as n from database_backups where instance_id = ${id}`;
    expect(rows[0]?.n).toBe(0);
  });

  it('keeps the volume when not asked to remove it, and will not deploy over it', async () => {
    const res = await json('DELETE', `/instances/${copyId}`, { confirm: copy, removeVolume: false });
    expect(res.status).toBe(202);
    expect(
      await waitFor(async () => (await call('GET', `/instances/${copyId}`)).status === 404, 45_000, 100),
    ).toBe(true);
    await expect(docker.getVolume(`hl-db-${copy}-data`).inspect()).resolves.toBeDefined();
    const again = await json<{ error: { code: string } }>('POST', '/instances', {
      template: 'postgres',
      name: copy,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('volume_exists');
    expect((await call('GET', `/instances/${copyId}`)).status).toBe(404);
    expect((await call('GET', '/instances/not-a-uuid')).status).toBe(404);
  });
});
