/**
 * The bot's gateway connection. @discordjs/ws does the protocol (heartbeats, resume, reconnect);
 * this adds what it leaves out: a backoff between failed connects, a fresh start after a fatal
 * close, the status shown in detail() and /status, and a clean shutdown on the runner's signal.
 */
import { REST } from '@discordjs/rest';
import { type SessionInfo, WebSocketManager, WebSocketShardEvents } from '@discordjs/ws';
import { type GatewayDispatchPayload, GatewayIntentBits } from 'discord-api-types/v10';
import { type BackoffOptions, backoffDelay } from '../backoff';
import type { Logger } from '../log';

export const gatewayIntents =
  GatewayIntentBits.Guilds |
  GatewayIntentBits.GuildMembers |
  GatewayIntentBits.GuildPresences |
  GatewayIntentBits.GuildMessages;

/** Close codes after which retrying the same way cannot work (bad token, intents not enabled). */
const fatalCloseCodes = new Set([4004, 4010, 4011, 4012, 4013, 4014]);

export type GatewayStatus = {
  connected: boolean;
  sessionId: string | null;
  lastEventAt: string | null;
  guilds: number;
  reconnects: number;
  resumes: number;
  failedConnects: number;
  lastError: string | null;
};

export type GatewayOptions = {
  token: string;
  baseUrl: string;
  log: Logger;
  signal: AbortSignal;
  onDispatch(payload: GatewayDispatchPayload): void;
  backoff?: BackoffOptions;
  /** Closes in a row without a READY or RESUMED before the manager is rebuilt after a backoff. */
  maxClosesWithoutReady?: number;
};

export function startGateway(options: GatewayOptions) {
  const { log, signal } = options;
  const backoff = options.backoff ?? { baseMs: 1_000, maxMs: 60_000 };
  const maxCloses = options.maxClosesWithoutReady ?? 3;
  const guildIds = new Set<string>();
  let session: SessionInfo | null = null;
  const status = {
    connected: false,
    lastEventAt: null as string | null,
    reconnects: 0,
    resumes: 0,
    failedConnects: 0,
    lastError: null as string | null,
  };

  const rest = new REST({ api: `${options.baseUrl}/api`, version: '10' }).setToken(options.token);

  /** One manager's life: resolves when it must be torn down (fatal close, too many failures, shutdown). */
  async function runManager(): Promise<'ready' | 'failed'> {
    let everReady = false;
    let closesWithoutReady = 0;
    let finish!: (reason: string) => void;
    const finished = new Promise<string>((resolve) => {
      finish = resolve;
    });
    const manager = new WebSocketManager({
      token: options.token,
      intents: gatewayIntents,
      rest,
      // Kept here rather than in the library's process-wide store, so a rebuilt manager can still resume.
      retrieveSessionInfo: () => session,
      updateSessionInfo: (_shardId, info) => {
        session = info;
      },
    });
    manager.on(WebSocketShardEvents.Ready, () => {
      everReady = true;
      closesWithoutReady = 0;
      status.connected = true;
      status.failedConnects = 0;
      log.info('gateway ready', { sessionId: session?.sessionId });
    });
    manager.on(WebSocketShardEvents.Resumed, () => {
      everReady = true;
      closesWithoutReady = 0;
      status.connected = true;
      status.resumes++;
      log.info('gateway session resumed', { sessionId: session?.sessionId });
    });
    manager.on(WebSocketShardEvents.Closed, (code) => {
      if (signal.aborted) return;
      status.connected = false;
      status.reconnects++;
      closesWithoutReady++;
      log.warn('gateway connection closed', { code });
      if (fatalCloseCodes.has(code)) {
        status.lastError = `The gateway closed with ${code} (bad token or intents not enabled in the developer portal).`;
        finish('fatal');
      } else if (closesWithoutReady >= maxCloses) {
        status.lastError = `The gateway closed ${closesWithoutReady} times without a session.`;
        finish('unstable');
      }
    });
    manager.on(WebSocketShardEvents.Error, (error) => {
      status.lastError = error.message;
      log.warn('gateway error', { err: error });
    });
    manager.on(WebSocketShardEvents.Dispatch, (payload) => {
      status.lastEventAt = new Date().toISOString();
      if (payload.t === 'GUILD_CREATE') guildIds.add(payload.d.id);
      else if (payload.t === 'GUILD_DELETE' && !payload.d.unavailable) guildIds.delete(payload.d.id);
      try {
        options.onDispatch(payload);
      } catch (error) {
        log.error('gateway event handler failed', { err: error, event: payload.t });
      }
    });
    const onAbort = () => finish('shutdown');
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      manager.connect().catch((error: unknown) => {
        status.lastError = error instanceof Error ? error.message : String(error);
        log.warn('gateway connect failed', { err: error });
        finish('connect failed');
      });
      await finished;
    } finally {
      signal.removeEventListener('abort', onAbort);
      status.connected = false;
      await Promise.resolve(manager.destroy({ reason: 'shutting down', code: 1000 })).catch(() => {});
    }
    return everReady ? 'ready' : 'failed';
  }

  const loop = (async () => {
    while (!signal.aborted) {
      const outcome = await runManager();
      if (signal.aborted) break;
      status.failedConnects = outcome === 'ready' ? 1 : status.failedConnects + 1;
      const delay = backoffDelay(status.failedConnects, backoff);
      log.warn('gateway reconnecting after a backoff', {
        inMs: delay,
        failedConnects: status.failedConnects,
      });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        signal.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
      });
    }
  })();

  return {
    status(): GatewayStatus {
      return {
        connected: status.connected,
        sessionId: session?.sessionId ?? null,
        lastEventAt: status.lastEventAt,
        guilds: guildIds.size,
        reconnects: status.reconnects,
        resumes: status.resumes,
        failedConnects: status.failedConnects,
        lastError: status.lastError,
      };
    },
    /** Resolves once the connection is closed after the signal aborted. */
    stopped: loop,
  };
}
export type Gateway = ReturnType<typeof startGateway>;
