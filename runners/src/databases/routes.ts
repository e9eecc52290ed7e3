/**
 * The databases runner's internal routes, mounted at /databases: thin handlers that validate with
 * the shared schemas (@homelab/db/databases), call one operation and shape its answer. Slow work
 * (deploy, backup, restore, delete) answers 202 and reports through GET /events.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import {
  deleteRequestSchema,
  deployRequestSchema,
  instanceActions,
  restoreRequestSchema,
  scheduleRequestSchema,
} from '@homelab/db/databases';
import type { Context } from 'hono';
import { createRunnerRoutes, HttpError } from '../internal/errors';
import { readBody } from '../internal/request-input';
import { streamFeed } from '../internal/sse';
import { backupOnDisk, startBackup } from './backups';
import { credentialsFor, openPassword } from './credentials';
import { deployInstance } from './deploy';
import type { DatabasesDeps } from './deps';
import type { DatabaseEvent } from './events';
import { liveOf, liveStates } from './live';
import { deleteInstance, instanceAction, rotatePassword } from './manage';
import { startRestore } from './restore';
import { type BackupScheduler, setSchedule } from './schedule';
import { getBackup, getInstance, listBackups, listInstances, toBackup, toInstance } from './store';
import { listTemplates } from './templates';

export type DatabasesRoutesOptions = { heartbeatMs?: number };

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id names no instance: 404, like an unknown one, and never reaches SQL. */
function idParam(c: Context, what = 'database instance') {
  const id = c.req.param('id') ?? '';
  if (!uuid.test(id)) throw new HttpError(404, 'not_found', `There is no ${what} ${id}.`);
  return id.toLowerCase();
}

export function createDatabasesRoutes(
  deps: DatabasesDeps,
  scheduler: BackupScheduler,
  options: DatabasesRoutesOptions = {},
) {
  const { heartbeatMs = 15_000 } = options;
  const app = createRunnerRoutes();

  app.get('/templates', (c) => c.json({ templates: listTemplates() }));

  app.get('/instances', async (c) => {
    const rows = await listInstances(deps.db);
    const live = await liveStates(deps.engine, deps.log, rows);
    return c.json({
      engine: deps.engine.state(),
      instances: rows.map((row) => toInstance(row, live.get(row.id) ?? null)),
    });
  });

  app.post('/instances', async (c) => {
    const request = await readBody(c, deployRequestSchema);
    const row = await deployInstance(deps, request);
    return c.json({ instance: toInstance(row) }, 202);
  });

  app.get('/instances/:id', async (c) => {
    const row = await getInstance(deps.db, idParam(c));
    return c.json({ instance: toInstance(row, await liveOf(deps.engine, row)) });
  });

  app.get('/instances/:id/credentials', async (c) => {
    const row = await getInstance(deps.db, idParam(c));
    const password = await openPassword(row, deps.key);
    c.header('cache-control', 'no-store');
    return c.json(credentialsFor(row, password, deps.publicHost));
  });

  app.get('/instances/:id/backups', async (c) => {
    const row = await getInstance(deps.db, idParam(c));
    return c.json({
      backups: (await listBackups(deps.db, row.id)).map(toBackup),
      nextRun: scheduler.nextRun(row.id),
    });
  });

  app.post('/instances/:id/backups', async (c) => {
    const backup = await startBackup(deps, idParam(c), 'manual');
    return c.json({ backup: toBackup(backup) }, 202);
  });

  app.post('/instances/:id/restore', async (c) => {
    const id = idParam(c);
    const request = await readBody(c, restoreRequestSchema);
    const target = await startRestore(deps, id, request);
    return c.json({ instance: toInstance(target) }, 202);
  });

  app.post('/instances/:id/rotate-password', async (c) => {
    const row = await rotatePassword(deps, idParam(c));
    return c.json({ instance: toInstance(row) });
  });

  app.put('/instances/:id/schedule', async (c) => {
    const id = idParam(c);
    const request = await readBody(c, scheduleRequestSchema);
    const row = await setSchedule(deps, scheduler, id, request);
    return c.json({ instance: toInstance(row), nextRun: scheduler.nextRun(row.id) });
  });

  app.post('/instances/:id/:action', async (c) => {
    const id = idParam(c);
    const action = c.req.param('action');
    if (!(instanceActions as readonly string[]).includes(action))
      throw new HttpError(
        404,
        'not_found',
        `There is no action "${action}"; use ${instanceActions.join(', ')}.`,
      );
    const row = await instanceAction(deps, id, action as (typeof instanceActions)[number]);
    return c.json({ instance: toInstance(row) });
  });

  app.delete('/instances/:id', async (c) => {
    const id = idParam(c);
    const request = await readBody(c, deleteRequestSchema);
    const row = await deleteInstance(deps, scheduler, id, request);
    return c.json({ instance: toInstance(row) }, 202);
  });

  app.get('/backups/:id/download', async (c) => {
    const backup = await getBackup(deps.db, idParam(c, 'backup'));
    const instance = await getInstance(deps.db, backup.instanceId);
    const { file, size } = await backupOnDisk(deps, instance, backup);
    const body = Readable.toWeb(createReadStream(file)) as unknown as ReadableStream<Uint8Array>;
    return new Response(body, {
      headers: {
        'content-type': 'application/octet-stream',
        'content-length': String(size),
        'content-disposition': `attachment; filename="${instance.name}-${backup.fileName}"`,
        'cache-control': 'no-store',
      },
    });
  });

  app.get('/events', (c) =>
    streamFeed(c, deps.events, (event: DatabaseEvent) => ({ event: event.type, data: event.data }), {
      heartbeatMs,
      first: 'connected',
    }),
  );

  return app;
}
