import { volumeSchema } from '@homelab/db/docker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { caller, liveInventory } from '../testing/docker-routes';
import { removeTestContainers, testEngine, testImages, testName } from '../testing/engine';
import type { Engine } from './engine';
import type { LiveInventory } from './inventory';
import { createVolumeRoutes, pruneVolumes } from './volumes';

describe('volume routes on the real engine', () => {
  let engine: Engine;
  let inventory: LiveInventory;
  let call: ReturnType<typeof caller>;
  const volume = testName('hlt-vol');
  const user = testName('hlt-vol-user');
  const run = testName('hlt-vol-run');
  const pruneKept = `${run}-kept`;
  const pruneGone = `${run}-gone`;
  const containers = [user, `${run}-user`];
  const volumes = [volume, pruneKept, pruneGone];

  async function mountingContainer(name: string, source: string) {
    const created = await engine.docker.createContainer({
      name,
      Image: testImages().busybox,
      Cmd: ['true'],
      Labels: { 'dev.homelab.test': 'true' },
      HostConfig: { NetworkMode: 'none', Mounts: [{ Type: 'volume', Source: source, Target: '/data' }] },
    });
    await inventory.refresh(created.id);
    return created.id;
  }

  beforeAll(async () => {
    engine = await testEngine();
    inventory = await liveInventory(engine);
    call = caller(createVolumeRoutes({ engine, inventory, log: createLogger({ level: 'error' }) }));
  });

  afterAll(async () => {
    await removeTestContainers(engine.docker, containers);
    for (const name of volumes)
      await engine.docker
        .getVolume(name)
        .remove()
        .catch(() => {});
    inventory.close();
    engine.close();
  });

  it('creates a volume, and refuses a second one of the same name', async () => {
    const res = await call('/volumes', {
      method: 'POST',
      json: { name: volume, labels: { 'dev.homelab.test': 'true' } },
    });
    expect(res.status).toBe(201);
    expect(volumeSchema.parse(res.body)).toMatchObject({
      name: volume,
      driver: 'local',
      labels: { 'dev.homelab.test': 'true' },
      usedBy: [],
    });
    const again = await call('/volumes', { method: 'POST', json: { name: volume } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('exists');
  });

  it('refuses a name with shell metacharacters, creating nothing', async () => {
    const name = 'hlt-x;touch /tmp/pwned';
    const res = await call('/volumes', { method: 'POST', json: { name } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(/body\.name/),
    });
    const list = volumeSchema.array().parse((await call('/volumes')).body);
    expect(list.some((entry) => entry.name.startsWith('hlt-x'))).toBe(false);
  });

  it('lists and inspects it; 404 for an unknown volume', async () => {
    const list = volumeSchema.array().parse((await call('/volumes')).body);
    expect(list.map((entry) => entry.name)).toContain(volume);
    const one = await call(`/volumes/${volume}`);
    expect(one.status).toBe(200);
    expect(volumeSchema.parse(one.body.volume).name).toBe(volume);
    expect(one.body.inspect).toMatchObject({ Name: volume });
    expect((await call('/volumes/hlt-no-such-volume')).status).toBe(404);
  });

  it('names the containers using it and refuses to remove it until they are gone', async () => {
    const userId = await mountingContainer(user, volume);
    const one = await call(`/volumes/${volume}`);
    expect(volumeSchema.parse(one.body.volume).usedBy.map((entry) => entry.name)).toEqual([user]);

    const refused = await call(`/volumes/${volume}`, { method: 'DELETE', json: { confirm: true } });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'in_use', message: expect.stringContaining(user) });
    expect((await call(`/volumes/${volume}`, { method: 'DELETE', json: {} })).status).toBe(400);

    await removeTestContainers(engine.docker, [user]);
    await inventory.refresh(userId);
    expect((await call(`/volumes/${volume}`, { method: 'DELETE', json: { confirm: true } })).status).toBe(
      204,
    );
    expect((await call(`/volumes/${volume}`, { method: 'DELETE', json: { confirm: true } })).status).toBe(
      404,
    );
  });

  it('prunes unused volumes only (here, only this test’s, by label)', async () => {
    const labels = { 'dev.homelab.test.run': run };
    await engine.docker.createVolume({ Name: pruneKept, Labels: labels });
    await engine.docker.createVolume({ Name: pruneGone, Labels: labels });
    await mountingContainer(`${run}-user`, pruneKept);
    const result = await pruneVolumes(engine.docker, `dev.homelab.test.run=${run}`);
    expect(result.removed).toEqual([pruneGone]);
    await engine.docker.getVolume(pruneKept).inspect();
    expect((await call('/volumes/prune', { method: 'POST', json: {} })).status).toBe(400);
  });
});
