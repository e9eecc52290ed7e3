/**
 * The alerts runner's internal routes, mounted at /alerts: the system alert rules and an evaluation
 * on demand (the settings page's "test" button, and tests).
 */
import { alertRuleInputSchema } from '@homelab/db/monitoring';
import type { Context } from 'hono';
import type { Sql } from 'postgres';
import { createRunnerRoutes, HttpError } from '../internal/errors';
import { readBody } from '../internal/request-input';
import type { Evaluator } from './evaluator';
import { deleteRule, insertRule, listRules, updateRule } from './store';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function idParam(c: Context) {
  const id = c.req.param('id') ?? '';
  if (!uuid.test(id)) throw new HttpError(404, 'not_found', `There is no alert rule ${id}.`);
  return id.toLowerCase();
}

export function createAlertsRoutes(deps: { sql: Sql; evaluator: Evaluator }) {
  const app = createRunnerRoutes();

  app.get('/rules', async (c) => c.json({ rules: await listRules(deps.sql) }));

  app.post('/rules', async (c) => {
    const input = await readBody(c, alertRuleInputSchema);
    return c.json({ rule: await insertRule(deps.sql, input) }, 201);
  });

  app.put('/rules/:id', async (c) => {
    const id = idParam(c);
    const input = await readBody(c, alertRuleInputSchema);
    const rule = await updateRule(deps.sql, id, input);
    if (!rule) throw new HttpError(404, 'not_found', `There is no alert rule ${id}.`);
    return c.json({ rule });
  });

  app.delete('/rules/:id', async (c) => {
    const id = idParam(c);
    if (!(await deleteRule(deps.sql, id)))
      throw new HttpError(404, 'not_found', `There is no alert rule ${id}.`);
    return c.body(null, 204);
  });

  app.post('/evaluate', async (c) => c.json({ rules: await deps.evaluator.evaluate() }));

  return app;
}
