/**
 * The automations runner's internal routes, mounted at /automations: hooks (the secret is sealed
 * here and returned in clear only by the create call), a test send, the delivery log and replay.
 */
import { randomBytes } from 'node:crypto';
import { automationDeliveriesQuerySchema, automationHookInputSchema } from '@homelab/db/automations';
import { encryptSecret } from '@homelab/db/crypto';
import type { Context } from 'hono';
import type { Sql } from 'postgres';
import type { z } from 'zod';
import { createRunnerRoutes, HttpError } from '../internal/errors';
import { parseInput, readBody } from '../internal/request-input';
import type { Dispatcher } from './dispatcher';
import {
  deleteHook,
  findDelivery,
  findHook,
  type HookFields,
  insertHook,
  listDeliveries,
  listHooks,
  queueTest,
  readSummary,
  replayDelivery,
  toHook,
  updateHook,
} from './store';

export type AutomationsRoutesDeps = {
  sql: Sql;
  dispatcher: Pick<Dispatcher, 'wake'>;
  encryptionKey: string | undefined;
};

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function hookId(c: Context) {
  const id = c.req.param('id') ?? '';
  if (!uuid.test(id)) throw new HttpError(404, 'not_found', `There is no automation hook ${id}.`);
  return id.toLowerCase();
}

function deliveryId(c: Context) {
  const id = c.req.param('id') ?? '';
  if (!/^\d{1,15}$/.test(id)) throw new HttpError(404, 'not_found', `There is no delivery ${id}.`);
  return Number(id);
}

function requireKey(key: string | undefined): string {
  if (!key)
    throw new HttpError(
      503,
      'no_encryption_key',
      'Hook secrets are stored encrypted and ENCRYPTION_KEY is not set on the runners.',
    );
  return key;
}

const fieldsOf = (input: z.output<typeof automationHookInputSchema>): HookFields => ({
  name: input.name,
  url: input.url,
  events: [...new Set(input.events)],
  enabled: input.enabled,
});

/** A second hook with the same name is a 409, from the unique index. */
async function uniqueName<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if ((error as { code?: string }).code === '23505')
      throw new HttpError(409, 'hook_exists', `There is already a hook named ${name}.`);
    throw error;
  }
}

const notFoundHook = (id: string) => new HttpError(404, 'not_found', `There is no automation hook ${id}.`);

export function createAutomationsRoutes(deps: AutomationsRoutesDeps) {
  const app = createRunnerRoutes();

  app.get('/summary', async (c) => c.json(await readSummary(deps.sql)));

  app.get('/hooks', async (c) => c.json({ hooks: (await listHooks(deps.sql)).map(toHook) }));

  app.post('/hooks', async (c) => {
    const input = await readBody(c, automationHookInputSchema);
    const key = requireKey(deps.encryptionKey);
    const id = crypto.randomUUID();
    const secret = input.secret ?? randomBytes(32).toString('hex');
    const sealed = await encryptSecret(secret, key, id);
    await uniqueName(input.name, () => insertHook(deps.sql, id, fieldsOf(input), sealed));
    return c.json({ hook: toHook((await findHook(deps.sql, id))!), secret }, 201);
  });

  app.put('/hooks/:id', async (c) => {
    const id = hookId(c);
    const input = await readBody(c, automationHookInputSchema);
    const sealed = input.secret
      ? await encryptSecret(input.secret, requireKey(deps.encryptionKey), id)
      : null;
    const found = await uniqueName(input.name, () => updateHook(deps.sql, id, fieldsOf(input), sealed));
    if (!found) throw notFoundHook(id);
    return c.json(toHook((await findHook(deps.sql, id))!));
  });

  app.delete('/hooks/:id', async (c) => {
    const id = hookId(c);
    if (!(await deleteHook(deps.sql, id))) throw notFoundHook(id);
    return c.body(null, 204);
  });

  app.post('/hooks/:id/test', async (c) => {
    const id = hookId(c);
    const hook = await findHook(deps.sql, id);
    if (!hook) throw notFoundHook(id);
    if (!hook.enabled)
      throw new HttpError(409, 'hook_disabled', `${hook.name} is disabled: enable it to send a test event.`);
    const delivery = await queueTest(deps.sql, id);
    deps.dispatcher.wake();
    return c.json((await findDelivery(deps.sql, delivery))!, 202);
  });

  app.get('/deliveries', async (c) => {
    const filter = parseInput(automationDeliveriesQuerySchema, c.req.query(), 'query');
    return c.json(await listDeliveries(deps.sql, filter));
  });

  app.get('/deliveries/:id', async (c) => {
    const id = deliveryId(c);
    const delivery = await findDelivery(deps.sql, id);
    if (!delivery) throw new HttpError(404, 'not_found', `There is no delivery ${id}.`);
    return c.json(delivery);
  });

  app.post('/deliveries/:id/replay', async (c) => {
    const id = deliveryId(c);
    const delivery = await findDelivery(deps.sql, id);
    if (!delivery) throw new HttpError(404, 'not_found', `There is no delivery ${id}.`);
    const hook = await findHook(deps.sql, delivery.hookId);
    if (!hook?.enabled)
      throw new HttpError(409, 'hook_disabled', `${delivery.hookName} is disabled: enable it to replay.`);
    if (delivery.status === 'pending')
      throw new HttpError(409, 'delivery_pending', `Delivery ${id} is still being tried.`);
    await replayDelivery(deps.sql, id);
    deps.dispatcher.wake();
    return c.json((await findDelivery(deps.sql, id))!, 202);
  });

  return app;
}
