/**
 * The gaming runner's internal routes, mounted at /gaming: Sunshine's status, applications and
 * paired clients, launching and closing, pairing by PIN, and waking the PC.
 */
import { launchInputSchema, pinInputSchema, unpairInputSchema } from '@homelab/db/gaming';
import { z } from 'zod';
import { createRunnerRoutes } from '../internal/errors';
import { parseInput, readBody } from '../internal/request-input';
import type { GamingHost } from './host';

const statusQuery = z.object({ refresh: z.enum(['0', '1', 'true', 'false']).optional() });

export function createGamingRoutes(host: GamingHost) {
  const app = createRunnerRoutes();

  app.get('/status', async (c) => {
    const { refresh } = parseInput(statusQuery, c.req.query(), 'query');
    return c.json({ status: await host.status(refresh === '1' || refresh === 'true') });
  });
  app.get('/apps', async (c) => c.json({ apps: await host.apps() }));
  app.post('/apps/launch', async (c) => {
    const { uuid } = await readBody(c, launchInputSchema);
    return c.json({ currentApp: await host.launch(uuid) });
  });
  app.post('/apps/close', async (c) => {
    await host.close();
    return c.json({ closed: true });
  });
  app.get('/clients', async (c) => c.json({ clients: await host.clients() }));
  app.post('/clients/unpair', async (c) => {
    const { uuid } = await readBody(c, unpairInputSchema);
    await host.unpair(uuid);
    return c.json({ unpaired: true });
  });
  app.post('/pair', async (c) => {
    const { pin, name } = await readBody(c, pinInputSchema);
    return c.json({ client: await host.pair(pin, name) });
  });
  app.post('/wake', async (c) => c.json({ progress: await host.wake() }, 202));

  return app;
}
