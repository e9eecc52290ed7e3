/**
 * The chat runner: joins the channels this process leases on every configured platform, writes
 * and streams their events, and sends replies through the paced queue. A platform without its
 * configuration is left out (its channels stay free for a process that has it) and the status
 * says what is missing.
 */
import { Cron } from 'croner';
import { createBotEngine } from '../bot/engine';
import { createBotFeatures } from '../bot/features';
import type { FeatureFactory } from '../bot/types';
import type { Config } from '../config';
import { createOverlayHub } from '../overlays/hub';
import type { Runner, RunnerContext, RunnerHandle } from '../runner';
import { type Clock, systemClock } from './clock';
import { defaultHolder } from './leases';
import { type ChatManagerOptions, createChatManager } from './manager';
import { platformFactories } from './platforms';
import { createChatRoutes } from './routes';
import { deleteOldChatEvents } from './store';
import type { ConnectionDeps, PlatformConnection } from './types';

export type ChatRunnerOptions = {
  /** Replaces the connections built from the configuration (tests pass fakes). */
  connect?: (deps: ConnectionDeps, config: Config) => PlatformConnection[];
  /** Lease 30 s, renewed every 10 s, 1,000 channels per process, 100 taken per cycle. */
  lease?: ChatManagerOptions['lease'];
  /** A batch every 100 ms or 500 events. */
  pipeline?: ChatManagerOptions['pipeline'];
  /** Unsent messages reported after 5 minutes; retries 1 s doubling to 30 s. */
  queue?: ChatManagerOptions['queue'];
  clock?: Clock;
  /** Cron of the retention sweep (hourly); false turns it off. */
  retentionSchedule?: string | false;
  /** Events are kept this many days; 7 by default. */
  retentionDays?: number;
  /** SSE heartbeat; 15 s by default. */
  heartbeatMs?: number;
  /** The chat features run on held channels; all of them by default. */
  features?: FeatureFactory[];
  /** Between chat feature ticks (timers, watch time, stats); 5 s by default. */
  botTickMs?: number;
};

export type ChatRunnerHandle = RunnerHandle & {
  manager: ReturnType<typeof createChatManager>;
  bot: ReturnType<typeof createBotEngine>;
  /** Stops without giving the leases back: what a crashed process leaves behind. */
  abandon(): Promise<void>;
};

export function createChatRunner(options: ChatRunnerOptions = {}): Runner {
  return { name: 'chat', start: (ctx) => startChat(ctx, options) };
}

export async function startChat(
  ctx: RunnerContext,
  options: ChatRunnerOptions = {},
): Promise<ChatRunnerHandle> {
  const { sql } = ctx.pool;
  const unconfigured: Record<string, string[]> = {};
  const connect =
    options.connect ??
    ((deps: ConnectionDeps, config: Config) =>
      platformFactories.flatMap((factory) => {
        const missing = factory.missing(config);
        if (missing.length > 0) {
          unconfigured[factory.platform] = missing;
          return [];
        }
        return [factory.create(deps, config, ctx.pool)];
      }));

  const manager = createChatManager({
    sql,
    log: ctx.log,
    holder: ctx.config.chatHolder ?? defaultHolder(),
    signal: ctx.signal,
    connect: (deps) => connect(deps, ctx.config),
    lease: options.lease,
    pipeline: options.pipeline,
    queue: options.queue,
    clock: options.clock,
  });
  for (const [platform, missing] of Object.entries(unconfigured))
    ctx.log.info(`${platform} chat is not configured; its channels are left to other processes`, { missing });
  await manager.start();
  const bot = createBotEngine({
    pool: ctx.pool,
    log: ctx.log.child({ component: 'bot' }),
    clock: options.clock ?? systemClock,
    manager,
    features: options.features ?? createBotFeatures(ctx.config),
    tickMs: options.botTickMs,
  });
  await bot.start();
  // Overlay pages may connect to any process: the hub streams the tenant's events from every one.
  const overlays = createOverlayHub({
    sql,
    log: ctx.log.child({ component: 'overlays' }),
    chatEvents: (tenantId) => manager.pipeline.feed(tenantId),
  });
  await overlays.start();

  const retentionDays = options.retentionDays ?? 7;
  const retention =
    options.retentionSchedule === false
      ? null
      : new Cron(options.retentionSchedule ?? '17 * * * *', { protect: true, unref: true }, async () => {
          try {
            const deleted = await deleteOldChatEvents(sql, retentionDays);
            if (deleted > 0) ctx.log.info('old chat events deleted', { deleted, retentionDays });
          } catch (error) {
            ctx.log.warn('chat event retention failed; next try in an hour', { err: error });
          }
        });

  let stopped = false;
  const stop = async (release: boolean) => {
    if (stopped) return;
    stopped = true;
    retention?.stop();
    await overlays.stop();
    await bot.stop();
    await manager.stop({ release });
  };

  return {
    manager,
    bot,
    routes: createChatRoutes({
      sql,
      log: ctx.log,
      manager,
      unconfigured,
      heartbeatMs: options.heartbeatMs,
      overlays,
    }),
    detail: () => {
      const ingest = manager.pipeline.stats();
      return {
        holder: manager.holder,
        platforms: [...manager.connections.keys()],
        ...(Object.keys(unconfigured).length > 0 ? { unconfigured } : {}),
        channelsHeld: manager.leases.held().length,
        eventsPerSecond: ingest.eventsPerSecond,
        queueDepth: manager.queue.depth(),
      };
    },
    stop: () => stop(true),
    abandon: () => stop(false),
  };
}
