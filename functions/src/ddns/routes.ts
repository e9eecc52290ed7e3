/**
 * `/api/ddns`: dynamic DNS. The ddns runner agrees on the public IP and updates each record at
 * its provider when it changes; these routes show where things stand, let owners and admins add
 * or change records (passwords are sealed by the runner and never come back) and force a check.
 */
import { ddnsRecordInputSchema } from '@homelab/db/monitoring';
import { createRoute, z } from '@hono/zod-openapi';
import { operator, reader } from '../auth/middleware';
import { auditAs } from '../lib/context';
import { createRouter, errors, jsonBody, jsonResponse, readErrors, writeErrors } from '../lib/router';
import { query, relay, relayJson } from '../lib/runners';
import { relayList, relayOne } from '../monitors/relay-helpers';
import { ddnsCheck, ddnsEvent, ddnsRecord, ddnsStatus, type Out } from '../monitors/schemas';

const tags = ['ddns'];
const input = jsonBody(ddnsRecordInputSchema.meta({ id: 'DdnsRecordInput' }));
const idParam = z.object({ id: z.uuid({ error: 'must be a DDNS record id' }) });

const statusRoute = createRoute({
  method: 'get',
  path: '/status',
  tags,
  summary: 'The public IP as the sources agree on it, and each record’s last update',
  middleware: [reader] as const,
  responses: { 200: jsonResponse(ddnsStatus, 'Status'), ...errors(...readErrors) },
});
const checkRoute = createRoute({
  method: 'post',
  path: '/check',
  tags,
  summary: 'Look up the public IP now and update the records that differ',
  middleware: [operator] as const,
  responses: { 200: jsonResponse(ddnsCheck, 'What the check found and did'), ...errors(...writeErrors) },
});
const listRecords = createRoute({
  method: 'get',
  path: '/records',
  tags,
  summary: 'Dynamic DNS records (without their passwords)',
  middleware: [reader] as const,
  responses: {
    200: jsonResponse(z.object({ records: z.array(ddnsRecord) }), 'Records'),
    ...errors(...readErrors),
  },
});
const createRecord = createRoute({
  method: 'post',
  path: '/records',
  tags,
  summary: 'Add a record; its password is stored encrypted',
  middleware: [operator] as const,
  request: { body: input },
  responses: { 201: jsonResponse(ddnsRecord, 'Created'), ...errors(...writeErrors) },
});
const updateRecord = createRoute({
  method: 'put',
  path: '/records/{id}',
  tags,
  summary: 'Replace a record',
  middleware: [operator] as const,
  request: { params: idParam, body: input },
  responses: { 200: jsonResponse(ddnsRecord, 'Updated'), ...errors(...writeErrors) },
});
const deleteRecord = createRoute({
  method: 'delete',
  path: '/records/{id}',
  tags,
  summary: 'Delete a record (the provider keeps its last address)',
  middleware: [operator] as const,
  request: { params: idParam },
  responses: { 204: { description: 'Deleted' }, ...errors(...writeErrors) },
});
const historyRoute = createRoute({
  method: 'get',
  path: '/history',
  tags,
  summary: 'IP changes and provider updates, newest first',
  middleware: [reader] as const,
  request: {
    query: z.object({
      recordId: z.uuid({ error: 'must be a DDNS record id' }).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
  },
  responses: {
    200: jsonResponse(z.object({ history: z.array(ddnsEvent) }), 'History'),
    ...errors(400, ...readErrors),
  },
});

const summary = (body: Out<typeof ddnsRecordInputSchema>) => ({
  provider: body.provider,
  hostname: body.hostname,
  enabled: body.enabled,
});

export const ddnsRoutes = createRouter()
  .openapi(statusRoute, async (c) =>
    c.json(await relayJson<Out<typeof ddnsStatus>>(c, 'ddns', { path: '/status' }), 200),
  )
  .openapi(checkRoute, async (c) => {
    auditAs(c, 'ddns.check');
    // Several IP sources, then one update per record that differs: each bounded by the runner.
    const result = await relayJson<Out<typeof ddnsCheck>>(c, 'ddns', {
      method: 'POST',
      path: '/check',
      timeoutMs: 60_000,
    });
    return c.json(result, 200);
  })
  .openapi(listRecords, async (c) =>
    c.json(await relayList<'records', Out<typeof ddnsRecord>>(c, 'ddns', '/records', 'records'), 200),
  )
  .openapi(createRecord, async (c) => {
    const body = c.req.valid('json');
    auditAs(c, 'ddns.record.create', body.hostname, summary(body));
    const created = await relayOne<Out<typeof ddnsRecord>>(
      c,
      'ddns',
      {
        method: 'POST',
        path: '/records',
        body,
      },
      'record',
    );
    auditAs(c, 'ddns.record.create', created.id, summary(body));
    return c.json(created, 201);
  })
  .openapi(updateRecord, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    auditAs(c, 'ddns.record.update', id, summary(body));
    const updated = await relayOne<Out<typeof ddnsRecord>>(
      c,
      'ddns',
      {
        method: 'PUT',
        path: `/records/${id}`,
        body,
      },
      'record',
    );
    return c.json(updated, 200);
  })
  .openapi(deleteRecord, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'ddns.record.delete', id);
    await relay(c, 'ddns', { method: 'DELETE', path: `/records/${id}` });
    return c.body(null, 204);
  })
  .openapi(historyRoute, async (c) => {
    const path = `/history${query(c.req.valid('query'))}`;
    return c.json(await relayList<'history', Out<typeof ddnsEvent>>(c, 'ddns', path, 'history'), 200);
  });
