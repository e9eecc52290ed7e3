/**
 * The google runner: the owner's Calendar, Gmail and Drive through their linked account (linked by
 * the functions' connect flow). It holds the API calls and the token refreshes, and copies finished
 * database backups to Drive when a folder is chosen.
 */
import path from 'node:path';
import type { Runner, RunnerContext, RunnerHandle } from '../runner';
import type { GoogleSettings } from './accounts';
import { setBackupTarget } from './backup';
import type { RetryPolicy } from './retry';
import { createGoogleRoutes } from './routes';

export type GoogleRunnerOptions = { retry?: RetryPolicy };

export function createGoogleRunner(options: GoogleRunnerOptions = {}): Runner {
  return { name: 'google', start: (ctx) => startGoogle(ctx, options) };
}

export function googleSettings(config: RunnerContext['config']): GoogleSettings {
  return {
    clientId: config.google?.clientId,
    clientSecret: config.google?.clientSecret,
    tokenBaseUrl: config.google?.tokenBaseUrl ?? 'https://oauth2.googleapis.com',
    apiBaseUrl: config.google?.apiBaseUrl,
    encryptionKey: config.encryptionKey,
  };
}

async function startGoogle(ctx: RunnerContext, options: GoogleRunnerOptions): Promise<RunnerHandle> {
  const settings = googleSettings(ctx.config);
  const sql = ctx.pool.sql;
  setBackupTarget({ sql, settings });
  return {
    routes: createGoogleRoutes({
      sql,
      settings,
      retry: options.retry,
      backupDir: path.resolve(ctx.config.backupDir),
    }),
    detail: () => ({
      configured: Boolean(settings.clientId && settings.clientSecret && settings.encryptionKey),
    }),
    stop() {
      setBackupTarget(null);
    },
  };
}
