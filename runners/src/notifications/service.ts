/**
 * The notifications runner: sends what notify() queued to Discord, webhooks (n8n), email and ntfy,
 * with retries, and serves the channel settings and the delivery log.
 */
import { encryptSecret } from '@homelab/db/crypto';
import type { Runner, RunnerContext, RunnerHandle } from '../runner';
import { createNotificationRoutes } from './routes';
import { createSender } from './sender';

export type NotificationsRunnerOptions = {
  pollMs?: number;
  sendTimeoutMs?: number;
  concurrency?: number;
  /** Tests shorten the retry schedule; production uses 5 s, 30 s, 2 min, 10 min, 30 min. */
  retryDelaysMs?: readonly number[];
  testWaitMs?: number;
};

export function createNotificationsRunner(options: NotificationsRunnerOptions = {}): Runner {
  return {
    name: 'notifications',
    start: (ctx) => startNotifications(ctx, options),
  };
}

async function startNotifications(
  ctx: RunnerContext,
  options: NotificationsRunnerOptions,
): Promise<RunnerHandle> {
  const encryptionKey = await checkedKey(ctx.config.encryptionKey);
  const { sql } = ctx.pool;
  const sender = createSender({ sql, log: ctx.log, encryptionKey, ...options });
  sender.start();
  return {
    routes: createNotificationRoutes({
      sql,
      encryptionKey,
      sender,
      ...(options.testWaitMs ? { testWaitMs: options.testWaitMs } : {}),
    }),
    detail: () => ({ sending: sender.inFlight() }),
    stop: () => sender.stop(),
  };
}

async function checkedKey(key: string | undefined): Promise<string> {
  if (!key)
    throw new Error(
      'ENCRYPTION_KEY is not set: notification channels (webhook URLs, SMTP passwords) are stored encrypted with it. Set ENCRYPTION_KEY to the output of `openssl rand -base64 32`.',
    );
  try {
    await encryptSecret('check', key);
  } catch (error) {
    throw new Error(
      `ENCRYPTION_KEY cannot be used: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return key;
}
