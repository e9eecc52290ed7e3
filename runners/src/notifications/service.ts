/**
 * The notifications runner: sends what notify() queued to Discord, webhooks (n8n), email and ntfy,
 * with retries, and serves the channel settings and the delivery log.
 */
import { usableEncryptionKey } from '../encryption-key';
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
  const encryptionKey = await usableEncryptionKey(
    ctx.config.encryptionKey,
    'notification channels (webhook URLs, SMTP passwords) are stored',
  );
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
