/**
 * `/api/sysbackup`: the homelab's own backups and restore drills. Members read; owners and admins
 * back up now, drill now and restore a backup into a new database (never over the live one). The
 * sysbackup runner does the work; these routes validate, audit and relay.
 */
import {
  restoreDrillListSchema,
  restoreDrillSchema,
  systemBackupListQuerySchema,
  systemBackupListSchema,
  systemBackupSettingsSchema,
  systemRestoreInputSchema,
  systemRestoreResultSchema,
} from '@homelab/db/sysbackup';
import { createRoute, z } from '@hono/zod-openapi';
import { operator, reader } from '../auth/middleware';
import { auditAs } from '../lib/context';
import { createRouter, errors, jsonBody, jsonResponse, readErrors, writeErrors } from '../lib/router';
import { query, relayJson } from '../lib/runners';

type Out<T extends z.ZodType> = z.output<T>;

const tags = ['backups'];
const backups = systemBackupListSchema.meta({ id: 'SystemBackupList' });
const drills = restoreDrillListSchema.meta({ id: 'RestoreDrillList' });
const backupParam = z.object({ id: z.uuid({ error: 'must be a system backup id' }) });

const listBackups = createRoute({
  method: 'get',
  path: '/backups',
  tags,
  summary: 'System backups (one row per stored copy), newest first',
  middleware: [reader] as const,
  request: { query: systemBackupListQuerySchema },
  responses: { 200: jsonResponse(backups, 'Backups'), ...errors(400, ...readErrors) },
});
const backupNow = createRoute({
  method: 'post',
  path: '/backups',
  tags,
  summary: 'Back up now: answers the running rows at once; poll the list for the outcome',
  middleware: [operator] as const,
  responses: { 202: jsonResponse(backups, 'Started'), ...errors(...writeErrors) },
});
const listDrills = createRoute({
  method: 'get',
  path: '/drills',
  tags,
  summary: 'Restore drills, newest first',
  middleware: [reader] as const,
  request: { query: systemBackupListQuerySchema },
  responses: { 200: jsonResponse(drills, 'Drills'), ...errors(400, ...readErrors) },
});
const drillNow = createRoute({
  method: 'post',
  path: '/drills',
  tags,
  summary: 'Restore the newest backup into a throwaway database and compare it (409 when not possible)',
  middleware: [operator] as const,
  responses: {
    202: jsonResponse(z.object({ drill: restoreDrillSchema }), 'Started'),
    ...errors(...writeErrors),
  },
});
const settings = createRoute({
  method: 'get',
  path: '/settings',
  tags,
  summary: 'Schedule, retention, targets, volumes and encryption (set in the environment)',
  middleware: [reader] as const,
  responses: { 200: jsonResponse(systemBackupSettingsSchema, 'Settings'), ...errors(...readErrors) },
});
const restore = createRoute({
  method: 'post',
  path: '/backups/{id}/restore',
  tags,
  summary: 'Restore a backup into a NEW database; `confirm` must repeat the backup id',
  middleware: [operator] as const,
  request: { params: backupParam, body: jsonBody(systemRestoreInputSchema) },
  responses: { 201: jsonResponse(systemRestoreResultSchema, 'Restored'), ...errors(...writeErrors) },
});

export const sysbackupRoutes = createRouter()
  .openapi(listBackups, async (c) => {
    const path = `/backups${query(c.req.valid('query'))}`;
    return c.json(await relayJson<Out<typeof backups>>(c, 'sysbackup', { path }), 200);
  })
  .openapi(backupNow, async (c) => {
    auditAs(c, 'sysbackup.backup', 'system');
    return c.json(
      await relayJson<Out<typeof backups>>(c, 'sysbackup', { method: 'POST', path: '/backups' }),
      202,
    );
  })
  .openapi(listDrills, async (c) => {
    const path = `/drills${query(c.req.valid('query'))}`;
    return c.json(await relayJson<Out<typeof drills>>(c, 'sysbackup', { path }), 200);
  })
  .openapi(drillNow, async (c) => {
    auditAs(c, 'sysbackup.drill', 'system');
    const started = await relayJson<{ drill: Out<typeof restoreDrillSchema> }>(c, 'sysbackup', {
      method: 'POST',
      path: '/drills',
    });
    return c.json(started, 202);
  })
  .openapi(settings, async (c) =>
    c.json(
      await relayJson<Out<typeof systemBackupSettingsSchema>>(c, 'sysbackup', { path: '/settings' }),
      200,
    ),
  )
  .openapi(restore, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    auditAs(c, 'sysbackup.restore', id, { database: body.database });
    const restored = await relayJson<Out<typeof systemRestoreResultSchema>>(c, 'sysbackup', {
      method: 'POST',
      path: `/backups/${id}/restore`,
      body,
      // A restore of a large database takes minutes.
      timeoutMs: 30 * 60_000,
    });
    return c.json(restored, 201);
  });
