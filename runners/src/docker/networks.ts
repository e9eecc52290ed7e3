/**
 * Networks: which containers can reach each other. The page shows who is attached to each network
 * and refuses to remove one that is in use or that the engine itself depends on.
 */
import {
  createNetworkSchema,
  engineRefSchema,
  type networkSchema,
  type pruneResultSchema,
  removeSchema,
} from '@homelab/db/docker';
import type Dockerode from 'dockerode';
import type { z } from 'zod';
import { createRunnerRoutes, HttpError } from '../internal/errors';
import { parseInput, readBody } from '../internal/request-input';
import type { DockerDeps } from './deps';
import { engineFailure } from './engine-failure';

type Network = z.infer<typeof networkSchema>;
type NetworkFacts = Pick<Dockerode.NetworkInspectInfo, 'Id' | 'Name' | 'Driver' | 'Scope' | 'Internal'> & {
  Created?: string;
  IPAM?: { Config?: { Subnet?: string }[] | null } | null;
  Containers?: Record<string, { Name?: string }> | null;
};

/** Podman calls its default network "podman" and answers to "bridge" for it too. */
const builtinNetworks = new Set(['bridge', 'host', 'none', 'podman']);

/** Removes networks no container uses (only those with `label`, when given) and says which. */
export async function pruneNetworks(
  docker: Dockerode,
  label?: string,
): Promise<z.infer<typeof pruneResultSchema>> {
  const result = (await docker.pruneNetworks(label ? { filters: { label: [label] } } : {})) as {
    NetworksDeleted?: string[] | null;
  };
  return { removed: result.NetworksDeleted ?? [], reclaimedBytes: 0 };
}

export function createNetworkRoutes(deps: DockerDeps) {
  const { engine, inventory, log } = deps;
  const app = createRunnerRoutes();

  function usedBy(facts: NetworkFacts): Network['usedBy'] {
    const users = new Map<string, string>();
    for (const container of inventory.list())
      if (container.networks.includes(facts.Name) || container.networks.includes(facts.Id))
        users.set(container.id, container.name);
    // The engine's own list (in inspect documents) also names containers the inventory has not seen yet.
    for (const [id, attached] of Object.entries(facts.Containers ?? {}))
      if (!users.has(id)) users.set(id, attached.Name ?? id.slice(0, 12));
    return [...users].map(([id, name]) => ({ id, name }));
  }

  function toNetwork(facts: NetworkFacts): Network {
    return {
      id: facts.Id,
      name: facts.Name,
      driver: facts.Driver,
      scope: facts.Scope,
      internal: facts.Internal ?? false,
      subnets: (facts.IPAM?.Config ?? []).flatMap((config) => (config.Subnet ? [config.Subnet] : [])),
      createdAt: facts.Created || null,
      usedBy: usedBy(facts),
    };
  }

  async function inspectNetwork(ref: string): Promise<NetworkFacts> {
    try {
      return (await engine.require().getNetwork(ref).inspect()) as NetworkFacts;
    } catch (error) {
      throw engineFailure(error, `No network "${ref}".`);
    }
  }

  async function listNetworks(filters?: Record<string, string[]>): Promise<NetworkFacts[]> {
    try {
      return (await engine.require().listNetworks(filters ? { filters } : {})) as NetworkFacts[];
    } catch (error) {
      throw engineFailure(error, 'The engine has no network list.');
    }
  }

  app.get('/networks', async (c) => {
    const networks = await listNetworks();
    return c.json(networks.map(toNetwork).sort((a, b) => a.name.localeCompare(b.name)));
  });

  app.post('/networks/prune', async (c) => {
    await readBody(c, removeSchema);
    try {
      const result = await pruneNetworks(engine.require());
      log.info('pruned networks', { removed: result.removed.length });
      return c.json(result);
    } catch (error) {
      throw engineFailure(error, 'The engine could not prune networks.');
    }
  });

  app.get('/networks/:id', async (c) => {
    const ref = parseInput(engineRefSchema, c.req.param('id'), 'network');
    const inspect = await inspectNetwork(ref);
    return c.json({ network: toNetwork(inspect), inspect });
  });

  app.post('/networks', async (c) => {
    const body = await readBody(c, createNetworkSchema);
    // The engine's name filter matches parts of names, so only an exact match counts.
    const existing = await listNetworks({ name: [body.name] });
    if (existing.some((network) => network.Name === body.name))
      throw new HttpError(409, 'exists', `A network named "${body.name}" already exists.`);
    let id: string;
    try {
      const created = await engine.require().createNetwork({
        Name: body.name,
        Driver: body.driver,
        Internal: body.internal,
        CheckDuplicate: true,
        ...(body.subnet ? { IPAM: { Driver: 'default', Config: [{ Subnet: body.subnet }] } } : {}),
      });
      id = created.id;
    } catch (error) {
      throw engineFailure(error, `The network driver "${body.driver}" is not available.`);
    }
    log.info('created network', { network: body.name, driver: body.driver });
    return c.json(toNetwork(await inspectNetwork(id)), 201);
  });

  app.delete('/networks/:id', async (c) => {
    const ref = parseInput(engineRefSchema, c.req.param('id'), 'network');
    await readBody(c, removeSchema);
    const builtin = (name: string) =>
      new HttpError(409, 'builtin', `"${name}" is one of the engine's own networks and cannot be removed.`);
    if (builtinNetworks.has(ref)) throw builtin(ref);
    const facts = await inspectNetwork(ref);
    if (builtinNetworks.has(facts.Name)) throw builtin(facts.Name);
    const users = usedBy(facts);
    if (users.length)
      throw new HttpError(
        409,
        'in_use',
        `Network "${facts.Name}" has ${users.map((user) => user.name).join(', ')} attached; disconnect or remove them first.`,
      );
    try {
      await engine.require().getNetwork(facts.Id).remove();
    } catch (error) {
      throw engineFailure(error, `No network "${ref}".`);
    }
    log.info('removed network', { network: facts.Name });
    return c.body(null, 204);
  });

  return app;
}
