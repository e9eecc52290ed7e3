/**
 * The ddns runner: every five minutes it finds the public IP (several sources must agree), keeps it
 * in settings for the rest of the system, and updates the dynamic DNS records that point elsewhere.
 */
import { Cron } from 'croner';
import type { Runner, RunnerContext, RunnerHandle } from '../runner';
import { parseIpSources } from './public-ip';
import { createDdnsRoutes } from './routes';
import { createUpdater } from './updater';

export type DdnsRunnerOptions = {
  /** "What is my IP" URLs; defaults to PUBLIC_IP_SOURCES, then the built-in list. */
  sources?: string[];
  /** Cron expression of the automatic check; every five minutes by default. */
  schedule?: string;
  sourceTimeoutMs?: number;
  providerTimeoutMs?: number;
};

export function createDdnsRunner(options: DdnsRunnerOptions = {}): Runner {
  return { name: 'ddns', start: (ctx) => startDdns(ctx, options) };
}

async function startDdns(ctx: RunnerContext, options: DdnsRunnerOptions): Promise<RunnerHandle> {
  const sources = options.sources ?? parseIpSources(process.env.PUBLIC_IP_SOURCES);
  const updater = createUpdater({
    sql: ctx.pool.sql,
    log: ctx.log,
    sources,
    encryptionKey: ctx.config.encryptionKey,
    sourceTimeoutMs: options.sourceTimeoutMs ?? 5_000,
    providerTimeoutMs: options.providerTimeoutMs ?? 15_000,
    signal: ctx.signal,
  });
  const cron = new Cron(options.schedule ?? '*/5 * * * *', { protect: true, unref: true }, async () => {
    try {
      await updater.check();
    } catch (error) {
      ctx.log.warn('dynamic DNS check failed; next one in five minutes', { err: error });
    }
  });

  return {
    routes: createDdnsRoutes({
      sql: ctx.pool.sql,
      updater,
      sources,
      encryptionKey: ctx.config.encryptionKey,
    }),
    jobs: { check: () => updater.check().then((result) => ({ ip: result.detection.ip })) },
    detail: () => ({ sources: sources.length, lastCheckAt: updater.lastPass()?.detection.at ?? null }),
    stop() {
      cron.stop();
    },
  };
}
