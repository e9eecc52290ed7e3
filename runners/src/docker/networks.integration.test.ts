import { networkSchema } from '@homelab/db/docker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { caller, liveInventory } from '../testing/docker-routes';
import { removeTestContainers, testEngine, testImages, testName } from '../testing/engine';
import type { Engine } from './engine';
import type { LiveInventory } from './inventory';
import { createNetworkRoutes, pruneNetworks } from './networks';

describe('network routes on the real engine', () => {
  let engine: Engine;
  let inventory: LiveInventory;
  let call: ReturnType<typeof caller>;
  const network = testName('hlt-net');
  const user = testName('hlt-net-user');
  const run = testName('hlt-net-run');
  const networks = [network, `${run}-gone`];

  beforeAll(async () => {
    engine = await testEngine();
    inventory = await liveInventory(engine);
    call = caller(createNetworkRoutes({ engine, inventory, log: createLogger({ level: 'error' }) }));
  });

  afterAll(async () => {
    await removeTestContainers(engine.docker, [user]);
    for (const name of networks)
      await engine.docker
        .getNetwork(name)
        .remove()
        .catch(() => {});
    inventory.close();
    engine.close();
  });

  it('creates an internal network with a subnet, and refuses a second of the same name', async () => {
    const res = await call('/networks', {
      method: 'POST',
      json: { name: network, internal: true, subnet: '10.231.77.0/24' },
    });
    expect(res.status).toBe(201);
    expect(networkSchema.parse(res.body)).toMatchObject({
      name: network,
      driver: 'bridge',
      internal: true,
      subnets: ['10.231.77.0/24'],
      usedBy: [],
    });
    const again = await call('/networks', { method: 'POST', json: { name: network } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('exists');
  });

  it('refuses bad names and subnets, creating nothing', async () => {
    const attempts = [
      { name: 'hlt-n$(reboot)' },
      { name: testName('hlt-net'), subnet: '10.0.0.0/24; reboot' },
    ];
    for (const json of attempts) {
      const res = await call('/networks', { method: 'POST', json });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    const names = networkSchema
      .array()
      .parse((await call('/networks')).body)
      .map((entry) => entry.name);
    expect(names).not.toContain(attempts[1]!.name);
    expect(names.filter((name) => name.includes('reboot') || name.startsWith('hlt-n$'))).toEqual([]);
  });

  it('lists and inspects it; 404 for an unknown network', async () => {
    const list = networkSchema.array().parse((await call('/networks')).body);
    const mine = list.find((entry) => entry.name === network)!;
    const one = await call(`/networks/${mine.id}`);
    expect(one.status).toBe(200);
    expect(networkSchema.parse(one.body.network).name).toBe(network);
    expect(one.body.inspect).toMatchObject({ Name: network });
    expect((await call('/networks/hlt-no-such-network')).status).toBe(404);
  });

  it('names attached containers and refuses to remove the network until they are gone', async () => {
    const created = await engine.docker.createContainer({
      name: user,
      Image: testImages().busybox,
      Cmd: ['true'],
      Labels: { 'dev.homelab.test': 'true' },
      HostConfig: { NetworkMode: network },
    });
    await inventory.refresh(created.id);
    const one = await call(`/networks/${network}`);
    expect(networkSchema.parse(one.body.network).usedBy.map((entry) => entry.name)).toEqual([user]);
    const refused = await call(`/networks/${network}`, { method: 'DELETE', json: { confirm: true } });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'in_use', message: expect.stringContaining(user) });

    await removeTestContainers(engine.docker, [user]);
    await inventory.refresh(created.id);
    expect((await call(`/networks/${network}`, { method: 'DELETE', json: {} })).status).toBe(400);
    expect((await call(`/networks/${network}`, { method: 'DELETE', json: { confirm: true } })).status).toBe(
      204,
    );
    expect((await call(`/networks/${network}`, { method: 'DELETE', json: { confirm: true } })).status).toBe(
      404,
    );
  });

  it("refuses to remove the engine's own networks, by name or by id", async () => {
    for (const name of ['bridge', 'none', 'host', 'podman']) {
      const res = await call(`/networks/${name}`, { method: 'DELETE', json: { confirm: true } });
      expect([res.status, res.body.error.code]).toEqual([409, 'builtin']);
    }
    const bridge = networkSchema.parse((await call('/networks/bridge')).body.network).id;
    const byId = await call(`/networks/${bridge}`, { method: 'DELETE', json: { confirm: true } });
    expect([byId.status, byId.body.error.code]).toEqual([409, 'builtin']);
  });

  it('prunes unused networks (here, only this test’s, by label)', async () => {
    await engine.docker.createNetwork({ Name: `${run}-gone`, Labels: { 'dev.homelab.test.run': run } });
    const result = await pruneNetworks(engine.docker, `dev.homelab.test.run=${run}`);
    expect(result).toEqual({ removed: [`${run}-gone`], reclaimedBytes: 0 });
    expect((await call('/networks/prune', { method: 'POST', json: {} })).status).toBe(400);
  });
});
