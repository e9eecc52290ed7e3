/**
 * `/api/network`: the host's network as the network runner reads it (interfaces, listening ports and
 * who holds them, connections, public IP and DNS, Twingate), and one interface's throughput history.
 */
import {
  type NetworkHistory,
  type NetworkOverview,
  networkHistoryQuerySchema,
  networkHistorySchema,
  networkOverviewSchema,
} from '@homelab/db/network';
import { createRoute } from '@hono/zod-openapi';
import { reader } from '../auth/middleware';
import { createRouter, errors, jsonResponse, readErrors } from '../lib/router';
import { query, relayJson } from '../lib/runners';

const tags = ['network'];

const overviewRoute = createRoute({
  method: 'get',
  path: '/overview',
  tags,
  summary:
    'Interfaces, listening ports with their process or container, connections, public IP, DNS, Twingate',
  middleware: [reader] as const,
  responses: {
    200: jsonResponse(networkOverviewSchema.meta({ id: 'NetworkOverview' }), 'Overview'),
    ...errors(...readErrors),
  },
});

const historyRoute = createRoute({
  method: 'get',
  path: '/history',
  tags,
  summary: "An interface's throughput, averaged into buckets sized for the range (1h, 24h, 7d)",
  middleware: [reader] as const,
  request: { query: networkHistoryQuerySchema },
  responses: {
    200: jsonResponse(networkHistorySchema.meta({ id: 'NetworkHistory' }), 'History'),
    ...errors(400, ...readErrors),
  },
});

export const networkRoutes = createRouter()
  .openapi(overviewRoute, async (c) =>
    // Walking every process's open files and resolving names can take a few seconds on a busy host.
    c.json(await relayJson<NetworkOverview>(c, 'network', { path: '/overview', timeoutMs: 20_000 }), 200),
  )
  .openapi(historyRoute, async (c) => {
    const path = `/history${query(c.req.valid('query'))}`;
    return c.json(await relayJson<NetworkHistory>(c, 'network', { path }), 200);
  });
