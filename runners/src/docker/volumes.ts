/**
 * Volumes: where containers keep their data, so the page says which containers use each one and
 * refuses to remove a volume that is still mounted.
 */
import {
  createVolumeSchema,
  engineNameSchema,
  type pruneResultSchema,
  removeSchema,
  type volumeSchema,
} from '@homelab/db/docker';
import type Dockerode from 'dockerode';
import type { z } from 'zod';
import { createRunnerRoutes, HttpError } from '../internal/errors';
import { parseInput, readBody } from '../internal/request-input';
import type { DockerDeps } from './deps';
import { engineFailure } from './engine-failure';

type Volume = z.infer<typeof volumeSchema>;
type VolumeFacts = Pick<Dockerode.VolumeInspectInfo, 'Name' | 'Driver' | 'Mountpoint' | 'Scope'> & {
  CreatedAt?: string;
  Labels?: Record<string, string> | null;
};

/** Removes unused volumes (only those with `label`, when given) and says which. */
export async function pruneVolumes(
  docker: Dockerode,
  label?: string,
): Promise<z.infer<typeof pruneResultSchema>> {
  const result = (await docker.pruneVolumes(label ? { filters: { label: [label] } } : {})) as {
    VolumesDeleted?: string[] | null;
    SpaceReclaimed?: number;
  };
  return { removed: result.VolumesDeleted ?? [], reclaimedBytes: result.SpaceReclaimed ?? 0 };
}

export function createVolumeRoutes(deps: DockerDeps) {
  const { engine, inventory, log } = deps;
  const app = createRunnerRoutes();

  function usedBy(name: string): Volume['usedBy'] {
    return inventory
      .list()
      .filter((container) => container.mounts.some((mount) => mount.type === 'volume' && mount.name === name))
      .map((container) => ({ id: container.id, name: container.name }));
  }

  function toVolume(facts: VolumeFacts): Volume {
    return {
      name: facts.Name,
      driver: facts.Driver,
      mountpoint: facts.Mountpoint,
      createdAt: facts.CreatedAt || null,
      labels: facts.Labels ?? {},
      scope: facts.Scope,
      usedBy: usedBy(facts.Name),
    };
  }

  async function inspectVolume(name: string): Promise<VolumeFacts> {
    try {
      return (await engine.require().getVolume(name).inspect()) as VolumeFacts;
    } catch (error) {
      throw engineFailure(error, `No volume named "${name}".`);
    }
  }

  app.get('/volumes', async (c) => {
    let volumes: VolumeFacts[];
    try {
      volumes = ((await engine.require().listVolumes()).Volumes ?? []) as VolumeFacts[];
    } catch (error) {
      throw engineFailure(error, 'The engine has no volume list.');
    }
    return c.json(volumes.map(toVolume).sort((a, b) => a.name.localeCompare(b.name)));
  });

  app.post('/volumes/prune', async (c) => {
    await readBody(c, removeSchema);
    try {
      const result = await pruneVolumes(engine.require());
      log.info('pruned volumes', { removed: result.removed.length });
      return c.json(result);
    } catch (error) {
      throw engineFailure(error, 'The engine could not prune volumes.');
    }
  });

  app.get('/volumes/:name', async (c) => {
    const name = parseInput(engineNameSchema, c.req.param('name'), 'volume name');
    const inspect = await inspectVolume(name);
    return c.json({ volume: toVolume(inspect), inspect });
  });

  app.post('/volumes', async (c) => {
    const body = await readBody(c, createVolumeSchema);
    const docker = engine.require();
    // Creating a volume that exists succeeds silently on both engines and hands back the old one.
    const exists = await docker
      .getVolume(body.name)
      .inspect()
      .then(
        () => true,
        (error: { statusCode?: number }) => {
          if (error.statusCode === 404) return false;
          throw engineFailure(error, `No volume named "${body.name}".`);
        },
      );
    if (exists) throw new HttpError(409, 'exists', `A volume named "${body.name}" already exists.`);
    try {
      await docker.createVolume({ Name: body.name, Driver: body.driver, Labels: body.labels });
    } catch (error) {
      throw engineFailure(error, `The volume driver "${body.driver}" is not available.`);
    }
    log.info('created volume', { volume: body.name, driver: body.driver });
    return c.json(toVolume(await inspectVolume(body.name)), 201);
  });

  app.delete('/volumes/:name', async (c) => {
    const name = parseInput(engineNameSchema, c.req.param('name'), 'volume name');
    await readBody(c, removeSchema);
    await inspectVolume(name);
    const users = usedBy(name);
    if (users.length)
      throw new HttpError(
        409,
        'in_use',
        `Volume "${name}" is used by ${users.map((user) => user.name).join(', ')}; remove those containers first.`,
      );
    try {
      await engine.require().getVolume(name).remove();
    } catch (error) {
      throw engineFailure(error, `No volume named "${name}".`);
    }
    log.info('removed volume', { volume: name });
    return c.body(null, 204);
  });

  return app;
}
