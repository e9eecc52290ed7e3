/**
 * The deploy runner's internal routes, mounted at /deploy: its status, the deploy history with each
 * deploy's log, and a trigger (a person's "Deploy now", or a verified webhook relayed by functions).
 */
import { deploymentsQuerySchema, deployTriggerInputSchema } from '@homelab/db/deploy';
import type { Sql } from 'postgres';
import { createRunnerRoutes, HttpError } from '../internal/errors';
import { parseInput, readBody } from '../internal/request-input';
import type { DeployService } from './service';
import { findDeployment, listDeployments } from './store';

export type DeployRoutesDeps = { sql: Sql; service: DeployService };

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createDeployRoutes(deps: DeployRoutesDeps) {
  const app = createRunnerRoutes();

  app.get('/status', async (c) => c.json(await deps.service.status()));

  app.get('/deployments', async (c) => {
    const { limit } = parseInput(deploymentsQuerySchema, c.req.query(), 'query');
    return c.json({ deployments: await listDeployments(deps.sql, limit) });
  });

  app.get('/deployments/:id', async (c) => {
    const id = c.req.param('id') ?? '';
    const found = uuid.test(id) ? await findDeployment(deps.sql, id.toLowerCase()) : null;
    if (!found) throw new HttpError(404, 'not_found', `There is no deployment ${id}.`);
    return c.json(found);
  });

  app.post('/deployments', async (c) => {
    const input = await readBody(c, deployTriggerInputSchema);
    const { queue } = deps.service;
    if (!queue)
      throw new HttpError(
        503,
        'not_configured',
        'Deploys from git are off: set DEPLOY_REPO_DIR on the runners to the checkout on the host.',
      );
    const { queued, started } = queue.trigger({
      source: input.source,
      triggeredBy: input.triggeredBy ?? null,
    });
    // A deploy that starts now answers with its row once it exists (after the fetch); a queued one at once.
    const id = queued || !input.wait ? null : await started;
    const found = id ? await findDeployment(deps.sql, id) : null;
    const deployment = found ? (({ log: _log, ...summary }) => summary)(found) : null;
    return c.json({ queued, deployment }, 202);
  });

  return app;
}
