/**
 * The sysbackup runner's internal routes, mounted at /sysbackup: backups and drills with "run now",
 * the settings (read from the environment), and a restore into a new database.
 */
import { systemBackupListQuerySchema, systemRestoreInputSchema } from '@homelab/db/sysbackup';
import type { Context } from 'hono';
import type { Sql } from 'postgres';
import { createRunnerRoutes, HttpError } from '../internal/errors';
import { parseInput, readBody } from '../internal/request-input';
import type { Logger } from '../log';
import type { Operations } from './operations';
import { listBackups, listDrills, toBackup, toDrill } from './store';

export type SysbackupRoutesDeps = {
  sql: Sql;
  log: Logger;
  operations: Operations;
  schedule: string;
  nextRun: () => Date | null;
  /** Runs work after the response, logging a failure (the rows say how it ended). */
  background: (what: string, work: () => Promise<unknown>) => void;
};

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function idParam(c: Context) {
  const id = c.req.param('id') ?? '';
  if (!uuid.test(id)) throw new HttpError(404, 'not_found', `There is no system backup ${id}.`);
  return id.toLowerCase();
}

export function createSysbackupRoutes(deps: SysbackupRoutesDeps) {
  const app = createRunnerRoutes();

  app.get('/backups', async (c) => {
    const { limit } = parseInput(systemBackupListQuerySchema, c.req.query(), 'query');
    return c.json({ backups: (await listBackups(deps.sql, limit)).map(toBackup) });
  });

  app.post('/backups', async (c) => {
    const { rows, perform } = await deps.operations.prepareBackup('manual');
    deps.background('system backup', perform);
    return c.json({ backups: rows.map(toBackup) }, 202);
  });

  app.get('/drills', async (c) => {
    const { limit } = parseInput(systemBackupListQuerySchema, c.req.query(), 'query');
    return c.json({ drills: (await listDrills(deps.sql, limit)).map(toDrill) });
  });

  app.post('/drills', async (c) => {
    const { drill, perform } = await deps.operations.prepareDrill();
    deps.background('restore drill', perform);
    return c.json({ drill: toDrill(drill) }, 202);
  });

  app.get('/settings', (c) => c.json(deps.operations.settings(deps.schedule, deps.nextRun())));

  app.post('/backups/:id/restore', async (c) => {
    const id = idParam(c);
    const input = await readBody(c, systemRestoreInputSchema);
    if (input.confirm.toLowerCase() !== id)
      throw new HttpError(400, 'not_confirmed', 'Type the backup id in "confirm" to restore it.');
    return c.json(await deps.operations.restoreInto(id, input.database), 201);
  });

  return app;
}
