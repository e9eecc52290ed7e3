/**
 * `/api/databases`: one-click databases. The databases runner deploys, backs up, restores and
 * deletes; these routes check the caller, validate against the shared schemas, name each action
 * for the audit log and hand the runner's answer (or refusal) on. Credentials are returned only by
 * their own route, which is audited like a change.
 */
import {
  credentialsSchema,
  databaseBackupSchema,
  databaseInstanceSchema,
  databaseTemplateSchema,
  deleteRequestSchema,
  deployRequestSchema,
  instanceActions,
  instanceListSchema,
  restoreRequestSchema,
  scheduleRequestSchema,
} from '@homelab/db/databases';
import { createRoute, z } from '@hono/zod-openapi';
import { writeAudit } from '../audit/record';
import { operator } from '../auth/middleware';
import { auditAs } from '../lib/context';
import {
  createRouter,
  errors,
  jsonBody,
  jsonResponse,
  readErrors,
  sseResponse,
  writeErrors,
} from '../lib/router';
import { relay, relayJson, relayStream } from '../lib/runners';

const tags = ['databases'];
const instance = databaseInstanceSchema.meta({ id: 'DatabaseInstance' });
const backup = databaseBackupSchema.meta({ id: 'DatabaseBackup' });
const idParam = z.object({ id: z.uuid({ error: 'must be a database instance id' }) });
const backupParam = z.object({ id: z.uuid({ error: 'must be a backup id' }) });
const instanceResult = z.object({ instance });
type Out<T extends z.ZodType> = z.infer<T>;

const templatesRoute = createRoute({
  method: 'get',
  path: '/templates',
  tags,
  summary: 'The catalogue: engines, versions with their pinned images, defaults',
  middleware: [operator] as const,
  responses: {
    200: jsonResponse(
      z.object({ templates: z.array(databaseTemplateSchema.meta({ id: 'DatabaseTemplate' })) }),
      'Templates',
    ),
    ...errors(...readErrors),
  },
});
const listRoute = createRoute({
  method: 'get',
  path: '/instances',
  tags,
  summary: 'Deployed databases with their live container state',
  middleware: [operator] as const,
  responses: { 200: jsonResponse(instanceListSchema, 'Instances'), ...errors(...readErrors) },
});
const deployRoute = createRoute({
  method: 'post',
  path: '/instances',
  tags,
  summary: 'Deploy a database; progress follows on /events',
  middleware: [operator] as const,
  request: { body: jsonBody(deployRequestSchema) },
  responses: { 202: jsonResponse(instanceResult, 'Deploying'), ...errors(...writeErrors) },
});
const getRoute = createRoute({
  method: 'get',
  path: '/instances/{id}',
  tags,
  summary: 'One instance',
  middleware: [operator] as const,
  request: { params: idParam },
  responses: { 200: jsonResponse(instanceResult, 'Instance'), ...errors(400, 404, ...readErrors) },
});
const credentialsRoute = createRoute({
  method: 'get',
  path: '/instances/{id}/credentials',
  tags,
  summary: 'Connection string and password (each reveal is audited)',
  middleware: [operator] as const,
  request: { params: idParam },
  responses: { 200: jsonResponse(credentialsSchema, 'Credentials'), ...errors(400, 404, ...readErrors) },
});
const eventsRoute = createRoute({
  method: 'get',
  path: '/events',
  tags,
  summary: 'Progress of deploys, backups and restores, and instance changes, as Server-Sent Events',
  middleware: [operator] as const,
  responses: {
    200: sseResponse('text/event-stream'),
    ...errors(...readErrors),
  },
});
const actionRoute = createRoute({
  method: 'post',
  path: '/instances/{id}/{action}',
  tags,
  summary: 'Start, stop or restart an instance',
  middleware: [operator] as const,
  request: { params: idParam.extend({ action: z.enum(instanceActions) }) },
  responses: {
    200: jsonResponse(instanceResult, 'The instance after the action'),
    ...errors(...writeErrors),
  },
});
const backupRoute = createRoute({
  method: 'post',
  path: '/instances/{id}/backups',
  tags,
  summary: 'Back up now; the dump is written on the server and can be downloaded',
  middleware: [operator] as const,
  request: { params: idParam },
  responses: { 202: jsonResponse(z.object({ backup }), 'Backing up'), ...errors(...writeErrors) },
});
const backupsRoute = createRoute({
  method: 'get',
  path: '/instances/{id}/backups',
  tags,
  summary: 'Backups of an instance, newest first',
  middleware: [operator] as const,
  request: { params: idParam },
  responses: {
    200: jsonResponse(
      z.object({ backups: z.array(backup), nextRun: z.string().nullable() }),
      'Backups, and when the next scheduled one runs',
    ),
    ...errors(400, 404, ...readErrors),
  },
});
const downloadRoute = createRoute({
  method: 'get',
  path: '/backups/{id}/download',
  tags,
  summary: 'Download a backup file',
  middleware: [operator] as const,
  request: { params: backupParam },
  responses: {
    200: { description: 'The dump as an application/octet-stream attachment' },
    ...errors(400, 404, ...readErrors),
  },
});
const restoreRoute = createRoute({
  method: 'post',
  path: '/instances/{id}/restore',
  tags,
  summary: 'Restore a backup into this instance or into a new one',
  middleware: [operator] as const,
  request: { params: idParam, body: jsonBody(restoreRequestSchema) },
  responses: { 202: jsonResponse(instanceResult, 'Restoring into this instance'), ...errors(...writeErrors) },
});
const rotateRoute = createRoute({
  method: 'post',
  path: '/instances/{id}/rotate-password',
  tags,
  summary: 'Set a new generated password; the old one stops working',
  middleware: [operator] as const,
  request: { params: idParam },
  responses: { 200: jsonResponse(instanceResult, 'Rotated'), ...errors(...writeErrors) },
});
const scheduleRoute = createRoute({
  method: 'put',
  path: '/instances/{id}/schedule',
  tags,
  summary: 'Scheduled backups: a cron pattern (or null for none) and how many to keep',
  middleware: [operator] as const,
  request: { params: idParam, body: jsonBody(scheduleRequestSchema) },
  responses: {
    200: jsonResponse(instanceResult.extend({ nextRun: z.string().nullable() }), 'Scheduled'),
    ...errors(...writeErrors),
  },
});
const deleteRoute = createRoute({
  method: 'delete',
  path: '/instances/{id}',
  tags,
  summary:
    'Delete an instance (`confirm` must be its name; `removeVolume` also deletes its data and backups)',
  middleware: [operator] as const,
  request: { params: idParam, body: jsonBody(deleteRequestSchema) },
  responses: {
    202: jsonResponse(instanceResult, 'Deleting; `deleted` follows on /events'),
    ...errors(...writeErrors),
  },
});

const post = { method: 'POST' } as const;
const long = { timeoutMs: 120_000 };

export const databaseRoutes = createRouter()
  .openapi(templatesRoute, async (c) =>
    c.json(
      await relayJson<{ templates: Out<typeof databaseTemplateSchema>[] }>(c, 'databases', {
        path: '/templates',
      }),
      200,
    ),
  )
  .openapi(listRoute, async (c) =>
    c.json(await relayJson<Out<typeof instanceListSchema>>(c, 'databases', { path: '/instances' }), 200),
  )
  .openapi(deployRoute, async (c) => {
    const body = c.req.valid('json');
    auditAs(c, 'databases.deploy', body.name, {
      template: body.template,
      version: body.version,
      expose: body.expose,
    });
    const result = await relayJson<Out<typeof instanceResult>>(c, 'databases', {
      ...post,
      path: '/instances',
      body,
    });
    return c.json(result, 202);
  })
  .openapi(eventsRoute, async (c) => relayStream(c, 'databases', { path: '/events' }))
  .openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(
      await relayJson<Out<typeof instanceResult>>(c, 'databases', { path: `/instances/${id}` }),
      200,
    );
  })
  .openapi(credentialsRoute, async (c) => {
    const { id } = c.req.valid('param');
    const result = await relayJson<Out<typeof credentialsSchema>>(c, 'databases', {
      path: `/instances/${id}/credentials`,
    });
    // Reading a password is not a change, but who saw it and when belongs in the audit log.
    auditAs(c, 'databases.credentials.reveal', id);
    await writeAudit(c).catch(() => {});
    c.header('cache-control', 'no-store');
    return c.json(result, 200);
  })
  .openapi(backupsRoute, async (c) => {
    const { id } = c.req.valid('param');
    const path = `/instances/${id}/backups`;
    return c.json(
      await relayJson<{ backups: Out<typeof backup>[]; nextRun: string | null }>(c, 'databases', { path }),
      200,
    );
  })
  .openapi(backupRoute, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'databases.backup', id);
    const result = await relayJson<{ backup: Out<typeof backup> }>(c, 'databases', {
      ...post,
      path: `/instances/${id}/backups`,
    });
    return c.json(result, 202);
  })
  .openapi(restoreRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    auditAs(c, 'databases.restore', id, { backupId: body.backupId, target: body.target });
    const result = await relayJson<Out<typeof instanceResult>>(c, 'databases', {
      ...post,
      path: `/instances/${id}/restore`,
      body,
    });
    return c.json(result, 202);
  })
  .openapi(rotateRoute, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'databases.rotate-password', id);
    const result = await relayJson<Out<typeof instanceResult>>(c, 'databases', {
      ...post,
      path: `/instances/${id}/rotate-password`,
      ...long,
    });
    return c.json(result, 200);
  })
  .openapi(scheduleRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    auditAs(c, 'databases.schedule', id, body);
    const result = await relayJson<Out<typeof instanceResult> & { nextRun: string | null }>(c, 'databases', {
      method: 'PUT',
      path: `/instances/${id}/schedule`,
      body,
    });
    return c.json(result, 200);
  })
  .openapi(actionRoute, async (c) => {
    const { id, action } = c.req.valid('param');
    auditAs(c, `databases.${action}`, id);
    const result = await relayJson<Out<typeof instanceResult>>(c, 'databases', {
      ...post,
      path: `/instances/${id}/${action}`,
      ...long,
    });
    return c.json(result, 200);
  })
  .openapi(deleteRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    auditAs(c, 'databases.delete', id, { removeVolume: body.removeVolume });
    const result = await relayJson<Out<typeof instanceResult>>(c, 'databases', {
      method: 'DELETE',
      path: `/instances/${id}`,
      body,
      ...long,
    });
    return c.json(result, 202);
  })
  .openapi(downloadRoute, async (c) => {
    const { id } = c.req.valid('param');
    const res = await relay(c, 'databases', { path: `/backups/${id}/download`, timeoutMs: 30_000 });
    auditAs(c, 'databases.backup.download', id);
    await writeAudit(c).catch(() => {});
    return new Response(res.body, {
      status: 200,
      headers: {
        'content-type': 'application/octet-stream',
        'content-disposition':
          res.headers.get('content-disposition') ?? `attachment; filename="backup-${id}"`,
        ...(res.headers.get('content-length')
          ? { 'content-length': res.headers.get('content-length')! }
          : {}),
        'cache-control': 'no-store',
      },
    });
  });
