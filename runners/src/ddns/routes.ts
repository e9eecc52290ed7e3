/**
 * The ddns runner's internal routes, mounted at /ddns: the public IP and its sources, a check on
 * demand, and the records (never their passwords) with their history.
 */
import { encryptSecret } from '@homelab/db/crypto';
import { ddnsRecordInputSchema } from '@homelab/db/monitoring';
import type { Context } from 'hono';
import type { Sql } from 'postgres';
import { z } from 'zod';
import { createRunnerRoutes, HttpError } from '../internal/errors';
import { parseInput, readBody } from '../internal/request-input';
import { zoneEditServer } from './providers';
import {
  deleteRecord,
  findRecord,
  insertRecord,
  listHistory,
  listRecords,
  type RecordFields,
  readPublicIp,
  replaceRecord,
  toRecord,
} from './store';
import type { Updater } from './updater';

export type DdnsRoutesDeps = {
  sql: Sql;
  updater: Updater;
  sources: string[];
  encryptionKey: string | undefined;
};

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function idParam(c: Context) {
  const id = c.req.param('id') ?? '';
  if (!uuid.test(id)) throw new HttpError(404, 'not_found', `There is no dynamic DNS record ${id}.`);
  return id.toLowerCase();
}

const historyQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  recordId: z.uuid('must be a dynamic DNS record id').optional(),
});

/** The stored fields of an input; dyndns2 has no default server, so it must name one. */
function fieldsOf(input: z.output<typeof ddnsRecordInputSchema>): RecordFields {
  if (input.provider === 'dyndns2' && !input.serverUrl)
    throw new HttpError(
      400,
      'invalid_request',
      "Check the request: body.serverUrl is required for dyndns2, e.g. https://members.dyndns.org (the provider's update server).",
    );
  return {
    provider: input.provider,
    hostname: input.hostname.replace(/\.$/, '').toLowerCase(),
    serverUrl: input.serverUrl ?? zoneEditServer,
    username: input.username,
    enabled: input.enabled,
  };
}

function requireKey(key: string | undefined): string {
  if (!key)
    throw new HttpError(
      503,
      'no_encryption_key',
      'Dynamic DNS passwords are stored encrypted and ENCRYPTION_KEY is not set on the runners.',
    );
  return key;
}

/** A second record for the same provider and host is a 409, from the unique index. */
async function unique<T>(hostname: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if ((error as { code?: string }).code === '23505')
      throw new HttpError(
        409,
        'record_exists',
        `There is already a record for ${hostname} with this provider.`,
      );
    throw error;
  }
}

export function createDdnsRoutes(deps: DdnsRoutesDeps) {
  const app = createRunnerRoutes();

  app.get('/status', async (c) => {
    const last = deps.updater.lastPass();
    return c.json({
      publicIp: await readPublicIp(deps.sql),
      sources: deps.sources,
      lastCheck: last
        ? { at: last.detection.at, ip: last.detection.ip, answers: last.detection.answers }
        : null,
    });
  });

  app.post('/check', async (c) => {
    const result = await deps.updater.check();
    return c.json({
      ip: result.detection.ip,
      at: result.detection.at,
      answers: result.detection.answers,
      ipChanged: result.ipChanged,
      attempted: result.attempted,
    });
  });

  app.get('/records', async (c) => c.json({ records: (await listRecords(deps.sql)).map(toRecord) }));

  app.post('/records', async (c) => {
    const input = await readBody(c, ddnsRecordInputSchema);
    const fields = fieldsOf(input);
    const key = requireKey(deps.encryptionKey);
    const id = crypto.randomUUID();
    const sealed = await encryptSecret(input.password, key, id);
    const row = await unique(fields.hostname, () => insertRecord(deps.sql, id, fields, sealed));
    return c.json({ record: toRecord(row) }, 201);
  });

  app.put('/records/:id', async (c) => {
    const id = idParam(c);
    const input = await readBody(c, ddnsRecordInputSchema);
    const fields = fieldsOf(input);
    const key = requireKey(deps.encryptionKey);
    if (!(await findRecord(deps.sql, id)))
      throw new HttpError(404, 'not_found', `There is no dynamic DNS record ${id}.`);
    const sealed = await encryptSecret(input.password, key, id);
    const row = await unique(fields.hostname, () => replaceRecord(deps.sql, id, fields, sealed));
    if (!row) throw new HttpError(404, 'not_found', `There is no dynamic DNS record ${id}.`);
    return c.json({ record: toRecord(row) });
  });

  app.delete('/records/:id', async (c) => {
    const id = idParam(c);
    if (!(await deleteRecord(deps.sql, id)))
      throw new HttpError(404, 'not_found', `There is no dynamic DNS record ${id}.`);
    return c.body(null, 204);
  });

  app.get('/history', async (c) => {
    const { limit, recordId } = parseInput(historyQuery, c.req.query(), 'query');
    return c.json({ history: await listHistory(deps.sql, limit, recordId) });
  });

  return app;
}
