/**
 * The chat core of one runner process: the channels its leases give it are joined on their
 * platform's connection, what the connections read goes through the pipeline (vouched for: a
 * connection cannot put events into a channel or tenant it was not given), and replies go out
 * through the paced queue.
 */
import type { ChatPlatform } from '@homelab/db/schema';
import type { ChatEvent } from '@homelab/db/stream/events';
import type { Sql } from 'postgres';
import type { Logger } from '../log';
import { type Clock, systemClock } from './clock';
import { createLeaseLoop, type LeaseOptions } from './leases';
import { type ChatPipeline, type ChatPipelineOptions, createChatPipeline } from './pipeline';
import { createSendQueue, type OutboundMessage, type SendFailure, type SendQueueOptions } from './queue';
import { insertSendFailedNotice } from './store';
import type { ConnectionDeps, JoinedChannel, PlatformConnection } from './types';

export type ChannelState = 'joining' | 'joined' | 'error';

export type ChatManagerOptions = {
  sql: Sql;
  log: Logger;
  holder: string;
  signal: AbortSignal;
  /** Builds this process's connections from their deps (one per configured platform). */
  connect(deps: ConnectionDeps): PlatformConnection[];
  lease?: Pick<LeaseOptions, 'leaseMs' | 'renewMs' | 'capacity' | 'acquirePerCycle'>;
  pipeline?: Pick<ChatPipelineOptions, 'flushMs' | 'batchSize' | 'maxBuffered'>;
  queue?: Pick<SendQueueOptions, 'maxAgeMs' | 'retry'>;
  clock?: Clock;
};

const platformNames: Record<ChatPlatform, string> = { twitch: 'Twitch', youtube: 'YouTube', kick: 'Kick' };

const failureText: Record<SendFailure, string> = {
  refused: 'the platform refused it',
  expired: 'it could not be sent in time',
  lease_lost: 'the channel moved to another bot process before it went out',
  shutdown: 'the bot process stopped before it went out',
};

export function createChatManager(options: ChatManagerOptions) {
  const { sql, log, holder } = options;
  const pipeline: ChatPipeline = createChatPipeline({ sql, log, ...options.pipeline });
  const states = new Map<
    string,
    { state: ChannelState; lastEventAt: string | null; lastError: string | null }
  >();

  const connections = new Map<ChatPlatform, PlatformConnection>();
  for (const connection of options.connect({
    emit: (event) => accept(event),
    log: log.child({ component: 'connection' }),
    signal: options.signal,
  })) {
    connections.set(connection.platform, connection);
  }

  const leases = createLeaseLoop({
    sql,
    log,
    holder,
    platforms: [...connections.keys()],
    ...options.lease,
    onAcquire: (channel) => join(channel),
    onLose: async (channelId) => {
      states.delete(channelId);
      queue.dropChannel(channelId, 'lease_lost');
      const platform = platformOf.get(channelId);
      platformOf.delete(channelId);
      if (platform) await connections.get(platform)?.leave(channelId);
    },
    // Queued replies stay: only the reading changes, the lease and the channel are still ours.
    onChange: async (channel) => {
      const connection = connections.get(channel.platform);
      if (!connection) return;
      if (connection.update) {
        await connection.update(channel);
        return;
      }
      await connection.leave(channel.channelId);
      await join(channel);
    },
  });
  // The lease loop forgets a channel before onLose runs; its platform is kept here for leave().
  const platformOf = new Map<string, ChatPlatform>();

  const queue = createSendQueue({
    clock: options.clock ?? systemClock,
    ...options.queue,
    send: async (channel, text, replyTo) => {
      const connection = connections.get(channel.platform);
      if (!connection)
        return { ok: false, reason: 'refused', detail: `${channel.platform} is not connected` };
      return connection.send(channel.channelId, text, replyTo);
    },
    onFailed: (message, reason, detail) => void reportFailure(message, reason, detail),
  });

  let rejoinTimer: NodeJS.Timeout | null = null;

  async function join(channel: JoinedChannel) {
    platformOf.set(channel.channelId, channel.platform);
    const entry = states.get(channel.channelId) ?? {
      state: 'joining' as ChannelState,
      lastEventAt: null,
      lastError: null,
    };
    states.set(channel.channelId, entry);
    try {
      await connections.get(channel.platform)?.join(channel);
      entry.state = 'joined';
      entry.lastError = null;
    } catch (error) {
      entry.state = 'error';
      entry.lastError = error instanceof Error ? error.message : String(error);
      throw error;
    }
  }

  function accept(event: ChatEvent) {
    const channel = leases.get(event.channelId);
    if (!channel) {
      log.debug('chat event for a channel this process does not hold', { channelId: event.channelId });
      return;
    }
    const entry = states.get(channel.channelId);
    if (entry) entry.lastEventAt = event.at;
    pipeline.emit({ ...event, tenantId: channel.tenantId, platform: channel.platform });
  }

  async function reportFailure(message: OutboundMessage, reason: SendFailure, detail?: string) {
    const { channel } = message;
    const fields = {
      channelId: channel.channelId,
      tenantId: channel.tenantId,
      reason,
      detail,
      attempts: message.attempts,
    };
    log.warn('chat message not sent', fields);
    try {
      await insertSendFailedNotice(sql, {
        tenantId: channel.tenantId,
        message: `A message to ${channel.login} on ${platformNames[channel.platform]} was not sent: ${failureText[reason]}.`,
        detail: { channelId: channel.channelId, text: message.text, reason, ...(detail ? { detail } : {}) },
      });
    } catch (error) {
      log.error('recording a failed chat message failed', { ...fields, text: message.text, err: error });
    }
  }

  return {
    holder,
    pipeline,
    queue,
    leases,
    connections,
    async start() {
      await pipeline.listen();
      await leases.start();
      // A join that failed (platform down, token refused) is tried again while the lease is held.
      rejoinTimer = setInterval(() => {
        for (const channel of leases.held()) {
          if (states.get(channel.channelId)?.state === 'error')
            join(channel).catch((error) =>
              log.debug('rejoining a chat channel failed', { channelId: channel.channelId, err: error }),
            );
        }
      }, options.lease?.leaseMs ?? 30_000);
    },
    /** Queues `text` for a channel this process holds; null when it does not hold it. */
    send(channelId: string, text: string, replyTo?: string): number | null {
      const channel = leases.get(channelId);
      if (!channel) return null;
      return queue.enqueue(channel, text, replyTo);
    },
    channels: () =>
      leases.held().map((channel) => ({
        channelId: channel.channelId,
        tenantId: channel.tenantId,
        platform: channel.platform,
        login: channel.login,
        state: states.get(channel.channelId)?.state ?? 'joining',
        lastEventAt: states.get(channel.channelId)?.lastEventAt ?? null,
        lastError: states.get(channel.channelId)?.lastError ?? null,
      })),
    connectionStatus: () =>
      Object.fromEntries([...connections].map(([platform, connection]) => [platform, connection.status()])),
    /**
     * Stops everything; `release` gives the leases back for another process to take at once,
     * without it they run out as a crashed process's would.
     */
    async stop({ release = true }: { release?: boolean } = {}) {
      if (rejoinTimer) clearInterval(rejoinTimer);
      queue.stop('shutdown');
      await leases.stop({ release });
      await pipeline.stop();
      await Promise.all(
        [...connections.values()].map((c) =>
          c
            .stop()
            .catch((error) =>
              log.warn('stopping a chat connection failed', { platform: c.platform, err: error }),
            ),
        ),
      );
    },
  };
}
export type ChatManager = ReturnType<typeof createChatManager>;
