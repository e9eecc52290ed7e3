/**
 * One-click databases through the whole stack: deploy PostgreSQL (the locally built stand-in for
 * the official image), watch it become ready, read its credentials, back it up, download the dump,
 * restore it into a new instance and delete both, with every step in the audit log.
 */
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { collectEvents } from '../support/docker';
import { startTestStack } from '../support/stack';
import { signedInAs } from '../support/users';

type Api = Awaited<ReturnType<typeof signedInAs>>;
let stack: Awaited<ReturnType<typeof startTestStack>>;
let api: Api;
const postgres = inject('testImages').postgres;
const docker = new Dockerode({ socketPath: inject('dockerHost').replace(/^unix:\/\//, '') });
const suffix = Date.now().toString(36);
const names = { shop: `e2e-shop-${suffix}`, copy: `e2e-copy-${suffix}` };

async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!ok(value)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 500));
    value = await read();
  }
  return value;
}

const instanceNamed = async (name: string) => {
  const list = await api.call('GET', '/api/databases/instances');
  return list.json.instances.find((i: { name: string }) => i.name === name) ?? null;
};

beforeAll(async () => {
  stack = await startTestStack({ adminUrl: inject('e2eAdminUrl'), label: 'databases' });
  api = await signedInAs(stack, 'owner', 'db-owner');
});
afterAll(async () => {
  for (const name of Object.values(names)) {
    const instance = await instanceNamed(name).catch(() => null);
    if (instance) {
      await api.call('DELETE', `/api/databases/instances/${instance.id}`, {
        confirm: name,
        removeVolume: true,
      });
    }
  }
  await stack?.stop();
});

describe('one-click databases through the stack', () => {
  if (!postgres)
    throw new Error('the PostgreSQL test image was not built: install a PostgreSQL server (.ci/run does)');
  let shop: { id: string };

  it('refuses a deploy it cannot do, saying which field to fix', async () => {
    const res = await api.call('POST', '/api/databases/instances', {
      template: 'postgres',
      name: 'Shop; drop',
      version: '8',
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.json.error.fields).sort()).toEqual(['name', 'version']);
  });

  it('deploys PostgreSQL, reports each step live and shows the connection string', async () => {
    const events = await fetch(`${stack.url}/api/databases/events`, { headers: { cookie: api.cookie! } });
    expect(events.status).toBe(200);
    const deploy = await api.call('POST', '/api/databases/instances', {
      template: 'postgres',
      name: names.shop,
      version: postgres!.version,
    });
    expect(deploy.status).toBe(202);
    shop = deploy.json.instance;
    const seen = await collectEvents(
      events,
      (list) => list.some((e) => e.event === 'instance' && JSON.parse(e.data).instance.status === 'running'),
      90_000,
    );
    const steps = seen.filter((e) => e.event === 'progress').map((e) => JSON.parse(e.data).step);
    expect(steps).toContain('ready');

    const credentials = await api.call('GET', `/api/databases/instances/${shop.id}/credentials`);
    expect(credentials.status).toBe(200);
    expect(credentials.headers.get('cache-control')).toBe('no-store');
    expect(credentials.json.password.length).toBeGreaterThanOrEqual(32);
    expect(credentials.json.internalConnectionString).toContain(`@hl-db-${names.shop}:5432/`);
    // The password is sealed at rest, never stored as given.
    const row = await api.call('GET', `/api/databases/instances/${shop.id}`);
    expect(JSON.stringify(row.json)).not.toContain(credentials.json.password);

    const container = await docker.getContainer(`hl-db-${names.shop}`).inspect();
    expect(container.Config.Labels['dev.homelab.managed']).toBe('true');
  });

  it('backs up, serves the dump for download, and restores it into a new instance', async () => {
    const started = await api.call('POST', `/api/databases/instances/${shop.id}/backups`);
    expect(started.status).toBe(202);
    const done = await until(
      'the backup',
      () => api.call('GET', `/api/databases/instances/${shop.id}/backups`),
      (r) => r.json.backups.some((b: { status: string }) => b.status !== 'running'),
    );
    const backup = done.json.backups[0];
    expect(backup.status).toBe('done');
    expect(backup.sizeBytes).toBeGreaterThan(0);

    const file = await fetch(`${stack.url}/api/databases/backups/${backup.id}/download`, {
      headers: { cookie: api.cookie! },
    });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment/);
    const bytes = new Uint8Array(await file.arrayBuffer());
    expect(bytes.byteLength).toBe(backup.sizeBytes);
    // pg_dump's custom format starts with "PGDMP".
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('PGDMP');

    const restore = await api.call('POST', `/api/databases/instances/${shop.id}/restore`, {
      backupId: backup.id,
      target: { newName: names.copy },
    });
    expect(restore.status).toBe(202);
    const copy = await until(
      'the restored copy',
      () => instanceNamed(names.copy),
      (i) => i?.status === 'running' || i?.status === 'failed',
    );
    expect(copy.status).toBe('running');
  });

  it('deletes only with the name typed back, and leaves nothing behind', async () => {
    const wrong = await api.call('DELETE', `/api/databases/instances/${shop.id}`, {
      confirm: 'something else',
      removeVolume: true,
    });
    expect(wrong.status).toBe(400);
    const copy = await instanceNamed(names.copy);
    for (const [name, id] of [
      [names.shop, shop.id],
      [names.copy, copy.id],
    ] as const) {
      const res = await api.call('DELETE', `/api/databases/instances/${id}`, {
        confirm: name,
        removeVolume: true,
      });
      expect(res.status).toBe(202);
      await until(
        'the delete',
        () => instanceNamed(name),
        (i) => i === null,
      );
      await expect(docker.getContainer(`hl-db-${name}`).inspect()).rejects.toThrow(/no such container/i);
      await expect(docker.getVolume(`hl-db-${name}-data`).inspect()).rejects.toThrow(/no such volume/i);
    }
    const audit = await api.call('GET', '/api/audit?limit=100');
    const actions = audit.json.entries.map((e: { action: string }) => e.action);
    for (const action of [
      'databases.deploy',
      'databases.credentials.reveal',
      'databases.backup',
      'databases.restore',
      'databases.delete',
    ]) {
      expect(actions).toContain(action);
    }
  });
});
