/**
 * The google runner's internal routes, which the functions relay to. `userId` (query) names whose
 * linked account is used; without it, the owner's. Google failures answer as errors.ts maps them:
 * 409 auth_revoked, 429 rate_limited / quota with Retry-After, 502 network.
 */
import path from 'node:path';
import {
  calendarEventInputSchema,
  calendarEventsQuerySchema,
  driveFilesQuerySchema,
  googleSettingsInputSchema,
  sendEmailInputSchema,
} from '@homelab/db/google';
import type { Context } from 'hono';
import { z } from 'zod';
import { createRunnerRoutes, HttpError } from '../internal/errors';
import { parseInput, readBody } from '../internal/request-input';
import { type AccountRow, findAccount, isConfigured, statusOf } from './accounts';
import {
  createEvent,
  type GoogleDeps,
  gmailSummary,
  listFolder,
  sendEmail,
  upcomingEvents,
  uploadFile,
} from './api';
import { GoogleError, retryAfterSeconds, toHttpError } from './errors';

const userQuery = z.object({ userId: z.uuid().optional() });
const uploadInput = z.object({
  backupPath: z.string().min(1).max(1000),
  folderId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/)
    .optional(),
});

export function createGoogleRoutes(deps: GoogleDeps & { backupDir: string }) {
  const app = createRunnerRoutes();

  async function account(c: Context): Promise<AccountRow> {
    if (!isConfigured(deps.settings))
      throw new HttpError(
        503,
        'google_not_configured',
        'Google is not configured: set GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET and ENCRYPTION_KEY.',
      );
    const { userId } = parseInput(userQuery, c.req.query(), 'query');
    const row = await findAccount(deps.sql, userId);
    if (!row)
      throw new HttpError(409, 'not_connected', 'No Google account is connected. Connect Google first.');
    return row;
  }

  async function google<T>(c: Context, work: () => Promise<T>, status: 200 | 201 = 200) {
    try {
      return c.json((await work()) as object, status);
    } catch (error) {
      if (!(error instanceof GoogleError)) throw error;
      const http = toHttpError(error);
      const wait = retryAfterSeconds(error);
      return c.json(
        { error: { code: http.code, message: http.message } },
        http.status,
        wait === null ? {} : { 'retry-after': String(wait) },
      );
    }
  }

  app.get('/status', async (c) => {
    const { userId } = parseInput(userQuery, c.req.query(), 'query');
    return c.json(statusOf(deps.settings, await findAccount(deps.sql, userId)));
  });

  app.get('/calendar/events', async (c) => {
    const { days } = parseInput(calendarEventsQuerySchema, { days: c.req.query('days') }, 'query');
    const row = await account(c);
    return google(c, async () => ({ events: await upcomingEvents(deps, row, days) }));
  });

  app.post('/calendar/events', async (c) => {
    const input = await readBody(c, calendarEventInputSchema);
    const row = await account(c);
    return google(c, () => createEvent(deps, row, input), 201);
  });

  app.get('/gmail/summary', async (c) => {
    const row = await account(c);
    return google(c, () => gmailSummary(deps, row));
  });

  app.post('/gmail/send', async (c) => {
    const input = await readBody(c, sendEmailInputSchema);
    const row = await account(c);
    return google(c, () => sendEmail(deps, row, input));
  });

  app.get('/drive/files', async (c) => {
    const { folderId } = parseInput(driveFilesQuerySchema, { folderId: c.req.query('folderId') }, 'query');
    const row = await account(c);
    return google(c, async () => ({ folderId, files: await listFolder(deps, row, folderId) }));
  });

  // A backup file (by its path under BACKUP_DIR) to a Drive folder: the backup folder by default.
  app.post('/drive/upload', async (c) => {
    const input = await readBody(c, uploadInput);
    const row = await account(c);
    const root = path.resolve(deps.backupDir);
    const file = path.resolve(root, input.backupPath);
    if (!file.startsWith(`${root}${path.sep}`))
      throw new HttpError(400, 'invalid_request', 'backupPath must be a file under the backup directory.');
    const folderId = input.folderId ?? row.backupFolderId;
    if (!folderId)
      throw new HttpError(
        409,
        'no_backup_folder',
        'Choose a Drive backup folder in the Google settings first.',
      );
    return google(c, () => uploadFile(deps, row, file, folderId), 201);
  });

  app.put('/settings', async (c) => {
    const input = await readBody(c, googleSettingsInputSchema);
    const row = await account(c);
    await deps.sql`
      update google_accounts set backup_folder_id = ${input.backupFolderId}, updated_at = now()
      where id = ${row.id}`;
    return c.json(statusOf(deps.settings, { ...row, backupFolderId: input.backupFolderId }));
  });

  return app;
}
