/** The network runner's internal routes: the whole overview, and one interface's throughput history. */
import { networkHistoryQuerySchema } from '@homelab/db/network';
import type { Sql } from 'postgres';
import { createRunnerRoutes } from '../internal/errors';
import { parseInput } from '../internal/request-input';
import { buildOverview, type OverviewDeps } from './overview';
import { readHistory } from './store';

export function createNetworkRoutes(deps: OverviewDeps & { sql: Sql }) {
  const app = createRunnerRoutes();
  app.get('/overview', async (c) => c.json(await buildOverview(deps)));
  app.get('/history', async (c) => {
    const query = parseInput(networkHistoryQuerySchema, c.req.query(), 'query');
    return c.json(await readHistory(deps.sql, query.iface, query.range));
  });
  return app;
}
