/**
 * The internal routes of container updates: start one (answered at once, 202, with the row), and the
 * history with each update's steps, which the page polls while one runs.
 */
import { engineRefSchema } from '@homelab/db/docker';
import { listUpdatesQuerySchema, startUpdateSchema } from '@homelab/db/docker-updates';
import { z } from 'zod';
import { createRunnerRoutes, HttpError } from '../../internal/errors';
import { parseInput, readBody } from '../../internal/request-input';
import type { Updater } from './executor';

export function createUpdateRoutes(updater: Updater) {
  const app = createRunnerRoutes();

  app.post('/containers/:id/update', async (c) => {
    const id = parseInput(engineRefSchema, c.req.param('id'), 'id');
    const { startedBy } = await readBody(c, startUpdateSchema);
    const { update } = await updater.start(id, startedBy ?? null);
    return c.json({ update }, 202);
  });

  app.get('/updates', async (c) => {
    const { container, limit } = parseInput(listUpdatesQuerySchema, c.req.query(), 'query');
    return c.json({ updates: await updater.list(container, limit) });
  });

  app.get('/updates/:id', async (c) => {
    const id = parseInput(z.string().uuid(), c.req.param('id'), 'id');
    const update = await updater.get(id);
    if (!update) throw new HttpError(404, 'not_found', 'No such update.');
    return c.json({ update });
  });

  return app;
}
