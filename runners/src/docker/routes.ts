/**
 * The docker runner's internal routes, mounted at /docker: containers, their logs, stats, events
 * and console here; stacks, images, volumes and networks from their own modules. Each route
 * validates its input, calls one function and answers with a shape from db/src/docker.ts.
 */
import {
  type ContainerAction,
  containerActions,
  engineRefSchema,
  removeContainerSchema,
  renameContainerSchema,
} from '@homelab/db/docker';
import type { Context } from 'hono';
import { z } from 'zod';
import { createRunnerRoutes } from '../internal/errors';
import { parseInput, readBody } from '../internal/request-input';
import { inspectContainer, removeContainer, renameContainer, runContainerAction } from './containers';
import type { DockerDeps } from './deps';
import { streamEvents } from './events';
import { createImageRoutes } from './images';
import type { LiveInventory } from './inventory';
import { downloadLogs, streamLogs } from './logs';
import { createNetworkRoutes } from './networks';
import { createStackRoutes } from './stacks';
import type { StatsHub } from './stats';
import { streamAllStats, streamContainerStats } from './stats-stream';
import type { Updater } from './updates/executor';
import { createUpdateRoutes } from './updates/routes';
import { createVolumeRoutes } from './volumes';

export type DockerRoutesOptions = {
  heartbeatMs?: number;
  /** How often the all-containers stats stream sends a batch. */
  statsBatchMs?: number;
  /** How long a list waits for the first sync after the engine (re)connects. */
  readyTimeoutMs?: number;
};

const actionSchema = z.enum(containerActions);

export function createDockerRoutes(
  deps: DockerDeps & { inventory: LiveInventory; updater?: Updater },
  stats: StatsHub,
  options: DockerRoutesOptions = {},
) {
  const { heartbeatMs = 15_000, statsBatchMs = 1_000, readyTimeoutMs = 5_000 } = options;
  const { engine, inventory } = deps;
  const app = createRunnerRoutes();
  const ref = (c: Context) => parseInput(engineRefSchema, c.req.param('id'), 'id');

  app.get('/status', (c) => c.json(engine.state()));

  app.get('/containers', async (c) => {
    engine.require();
    await inventory.ready(readyTimeoutMs);
    return c.json({ engine: engine.state(), containers: inventory.list() });
  });

  app.get('/containers/:id', async (c) => {
    const { inspect, summary } = await inspectContainer(deps, ref(c));
    return c.json({ container: summary, inspect });
  });

  app.post('/containers/:id/rename', async (c) => {
    const id = ref(c);
    const { name } = await readBody(c, renameContainerSchema);
    return c.json({ container: await renameContainer(deps, id, name) });
  });

  // Before the generic action route, which would take "update" for an unknown action.
  if (deps.updater) app.route('/', createUpdateRoutes(deps.updater));

  app.post('/containers/:id/:action', async (c) => {
    const id = ref(c);
    const action: ContainerAction = parseInput(actionSchema, c.req.param('action'), 'action');
    return c.json({ container: await runContainerAction(deps, id, action) });
  });

  app.delete('/containers/:id', async (c) => {
    const id = ref(c);
    const body = await readBody(c, removeContainerSchema);
    await removeContainer(deps, id, body);
    return c.body(null, 204);
  });

  app.get('/containers/:id/logs', (c) => streamLogs(c, deps, ref(c), heartbeatMs));
  app.get('/containers/:id/logs/download', (c) => downloadLogs(c, deps, ref(c)));

  const statsOptions = { heartbeatMs, batchMs: statsBatchMs };
  app.get('/containers/:id/stats', (c) => streamContainerStats(c, deps, stats, ref(c), statsOptions));
  app.get('/stats', (c) => streamAllStats(c, deps, stats, statsOptions));

  app.get('/events', (c) => streamEvents(c, deps, heartbeatMs));

  app.route('/', createStackRoutes(deps));
  app.route('/', createImageRoutes(deps));
  app.route('/', createVolumeRoutes(deps));
  app.route('/', createNetworkRoutes(deps));
  return app;
}
