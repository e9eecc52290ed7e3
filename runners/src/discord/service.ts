/**
 * The discord runner: the bot's gateway connection (presences, guilds, ticket channel messages),
 * the go-live machine with its one-second tick, Kick polling, and the go-live delivery jobs.
 * Without a bot token it idles and says so in its detail.
 */
import { createDiscordRest } from '@homelab/db/discord/rest';
import type { BackoffOptions } from '../backoff';
import type { Runner, RunnerContext, RunnerHandle } from '../runner';
import { createDispatcher } from './dispatch';
import { type Gateway, startGateway } from './gateway';
import { createGoLiveDelivery, goLiveRetry } from './golive/delivery';
import { createKickApi } from './golive/kick';
import type { MachineOptions } from './golive/machine';
import { kickStreamers } from './golive/store';
import { createGoLiveTracker } from './golive/tracker';
import { createYoutubeVerifier } from './golive/youtube';
import { createDiscordRoutes } from './routes';

export type DiscordRunnerOptions = {
  /** Debounce 30 s, grace 5 min, cooldown 10 min, edit throttle 1 min unless set. */
  machine?: Partial<MachineOptions>;
  /** How often timers are advanced; every second by default. */
  tickMs?: number;
  /** How often Kick channels are polled; every minute by default. */
  kickPollMs?: number;
  /** Go-live delivery retries; 1 s doubling to 60 s by default. */
  deliveryRetry?: BackoffOptions;
  /** Between failed gateway connects; 1 s doubling to 60 s by default. */
  gatewayBackoff?: BackoffOptions;
  /** A refused YouTube presence is asked about again this often (and answers kept this long); 1 min by default. */
  youtubeRecheckMs?: number;
};

export function createDiscordRunner(options: DiscordRunnerOptions = {}): Runner {
  return { name: 'discord', start: (ctx) => startDiscord(ctx, options) };
}

async function startDiscord(ctx: RunnerContext, options: DiscordRunnerOptions): Promise<RunnerHandle> {
  const { sql } = ctx.pool;
  const token = ctx.config.discord?.botToken;
  const baseUrl = ctx.config.discord?.baseUrl ?? 'https://discord.com';
  const youtube = ctx.config.youtube;
  const kickConfig = ctx.config.kick;
  const rest = token ? createDiscordRest({ token, baseUrl }) : null;

  const tracker = createGoLiveTracker({
    sql,
    log: ctx.log,
    machine: options.machine,
    youtubeRecheckMs: options.youtubeRecheckMs,
    ...(youtube?.apiKey
      ? {
          verifyYoutube: createYoutubeVerifier({
            apiKey: youtube.apiKey,
            baseUrl: youtube.baseUrl,
            cacheMs: options.youtubeRecheckMs,
          }),
        }
      : {}),
  });
  const jobs = createGoLiveDelivery({ sql, rest: () => rest, retry: options.deliveryRetry ?? goLiveRetry });

  const kick =
    kickConfig?.clientId && kickConfig.clientSecret
      ? createKickApi({
          clientId: kickConfig.clientId,
          clientSecret: kickConfig.clientSecret,
          apiBaseUrl: kickConfig.apiBaseUrl,
          authBaseUrl: kickConfig.authBaseUrl,
        })
      : null;
  const kickStatus = { lastPollAt: null as string | null, lastError: null as string | null };

  let gateway: Gateway | null = null;
  const timers: NodeJS.Timeout[] = [];
  if (token) {
    const dispatch = createDispatcher({ sql, log: ctx.log, tracker });
    gateway = startGateway({
      token,
      baseUrl,
      log: ctx.log.child({ component: 'gateway' }),
      signal: ctx.signal,
      onDispatch: (payload) => void dispatch(payload),
      ...(options.gatewayBackoff ? { backoff: options.gatewayBackoff } : {}),
    });

    let ticking = false;
    timers.push(
      setInterval(async () => {
        if (ticking) return;
        ticking = true;
        try {
          await tracker.tickAll();
        } catch (error) {
          ctx.log.warn('go-live tick failed', { err: error });
        } finally {
          ticking = false;
        }
      }, options.tickMs ?? 1_000),
    );

    if (kick) {
      let polling = false;
      const poll = async () => {
        if (polling) return;
        polling = true;
        try {
          // One failing channel must not be hidden by the next one succeeding in the same poll.
          let lastError: string | null = null;
          for (const row of await kickStreamers(sql)) {
            if (ctx.signal.aborted || !row.kick_slug) break;
            try {
              await tracker.kick(row.id, await kick.channel(row.kick_slug));
            } catch (error) {
              lastError = error instanceof Error ? error.message : String(error);
              ctx.log.warn('Kick poll failed', { slug: row.kick_slug, err: error });
            }
          }
          kickStatus.lastError = lastError;
          kickStatus.lastPollAt = new Date().toISOString();
        } catch (error) {
          ctx.log.warn('Kick poll failed', { err: error });
        } finally {
          polling = false;
        }
      };
      void poll();
      timers.push(setInterval(poll, options.kickPollMs ?? 60_000));
    }
  } else {
    ctx.log.info('DISCORD_BOT_TOKEN is not set; the discord runner idles');
  }

  const kickDetail = () => ({
    configured: kick !== null,
    ...(kick
      ? {}
      : { reason: 'KICK_CLIENT_ID and KICK_CLIENT_SECRET are not set; Kick streamers are skipped' }),
    lastPollAt: kickStatus.lastPollAt,
    lastError: kickStatus.lastError,
  });

  return {
    routes: createDiscordRoutes({
      sql,
      configured: token !== undefined,
      gateway: () => gateway?.status() ?? null,
      tracker,
      kick: kickDetail,
      youtubeVerification: !!youtube?.apiKey,
    }),
    jobs,
    detail: () => {
      if (!gateway) return { configured: false };
      const s = gateway.status();
      return {
        configured: true,
        connected: s.connected,
        sessionId: s.sessionId,
        lastEventAt: s.lastEventAt,
        guilds: s.guilds,
        reconnects: s.reconnects,
        resumes: s.resumes,
        kick: kick !== null,
        youtubeVerification: !!youtube?.apiKey,
      };
    },
    async stop() {
      for (const timer of timers) clearInterval(timer);
      await gateway?.stopped;
    },
  };
}
