/**
 * The outbound queue: one FIFO per channel, paced to the platform's limit, sent through the
 * channel's connection. A message is never dropped silently: one the platform refuses, or that
 * cannot go out within `maxAgeMs`, is handed to `onFailed` (a notice for the streamer and a log line).
 */
import { type BackoffOptions, backoffDelay } from '../backoff';
import type { Clock } from './clock';
import { createSendWindow, type SendWindow, sendLimitFor } from './send-window';
import type { JoinedChannel, SendResult } from './types';

export type OutboundMessage = {
  id: number;
  channel: JoinedChannel;
  text: string;
  replyTo?: string;
  enqueuedAt: number;
  attempts: number;
};

export type SendFailure = 'refused' | 'expired' | 'lease_lost' | 'shutdown';

export type SendQueueOptions = {
  send(channel: JoinedChannel, text: string, replyTo?: string): Promise<SendResult>;
  onFailed(message: OutboundMessage, reason: SendFailure, detail?: string): void;
  clock: Clock;
  /** A message still unsent this long after it was queued is reported; 5 minutes by default. */
  maxAgeMs?: number;
  /** Between retries of a rate-limited or failed send without a retry hint; 1 s doubling to 30 s. */
  retry?: BackoffOptions;
};

type ChannelQueue = {
  channel: JoinedChannel;
  items: OutboundMessage[];
  window: SendWindow;
  /** A timer or a send is under way; the pump is not started twice. */
  busy: boolean;
  timer: unknown;
  failures: number;
};

export function createSendQueue(options: SendQueueOptions) {
  const opts = { maxAgeMs: 300_000, retry: { baseMs: 1_000, maxMs: 30_000 }, ...options };
  const { clock } = opts;
  const queues = new Map<string, ChannelQueue>();
  const counts = { sent: 0, failed: 0, retried: 0 };
  let nextId = 1;
  let sending = 0;
  let settleWaiters: (() => void)[] = [];

  function queueFor(channel: JoinedChannel) {
    let queue = queues.get(channel.channelId);
    if (!queue) {
      queue = {
        channel,
        items: [],
        window: createSendWindow(sendLimitFor(channel.platform, channel.botIsModerator)),
        busy: false,
        timer: null,
        failures: 0,
      };
      queues.set(channel.channelId, queue);
    }
    return queue;
  }

  function fail(message: OutboundMessage, reason: SendFailure, detail?: string) {
    counts.failed++;
    opts.onFailed(message, reason, detail);
  }

  function wakeLater(queue: ChannelQueue, ms: number) {
    queue.busy = true;
    queue.timer = clock.setTimeout(() => {
      queue.timer = null;
      queue.busy = false;
      void pump(queue);
    }, ms);
  }

  async function pump(queue: ChannelQueue) {
    if (queue.busy) return;
    queue.busy = true;
    sending++;
    try {
      while (queue.items.length > 0 && queues.get(queue.channel.channelId) === queue) {
        const message = queue.items[0]!;
        const now = clock.now();
        if (now - message.enqueuedAt > opts.maxAgeMs) {
          queue.items.shift();
          fail(message, 'expired', `not sent within ${Math.round(opts.maxAgeMs / 1000)} s`);
          continue;
        }
        const wait = queue.window.waitMs(now);
        if (wait > 0) {
          wakeLater(queue, wait);
          return;
        }
        queue.window.record(now);
        message.attempts++;
        let result: SendResult;
        try {
          result = await opts.send(queue.channel, message.text, message.replyTo);
        } catch (error) {
          result = {
            ok: false,
            reason: 'rate_limited',
            detail: error instanceof Error ? error.message : String(error),
          };
        }
        if (result.ok) {
          queue.items.shift();
          queue.failures = 0;
          counts.sent++;
          continue;
        }
        if (result.reason === 'refused') {
          queue.items.shift();
          fail(message, 'refused', result.detail);
          continue;
        }
        // Rate limited, not joined yet, or a transport error: the same message goes first again.
        queue.failures++;
        counts.retried++;
        const delay = result.retryInMs ?? backoffDelay(queue.failures, opts.retry);
        wakeLater(queue, Math.max(0, Math.min(delay, message.enqueuedAt + opts.maxAgeMs + 1 - now)));
        return;
      }
      queue.busy = false;
    } finally {
      sending--;
      if (sending === 0) {
        const waiters = settleWaiters;
        settleWaiters = [];
        for (const resolve of waiters) resolve();
      }
    }
  }

  function depth() {
    let total = 0;
    for (const queue of queues.values()) total += queue.items.length;
    return total;
  }

  function dropChannel(channelId: string, reason: SendFailure) {
    const queue = queues.get(channelId);
    if (!queue) return;
    queues.delete(channelId);
    if (queue.timer !== null) clock.clearTimeout(queue.timer);
    for (const message of queue.items.splice(0)) fail(message, reason);
  }

  return {
    /** Queues a message for a channel this process holds; returns its id. */
    enqueue(channel: JoinedChannel, text: string, replyTo?: string): number {
      const queue = queueFor(channel);
      const id = nextId++;
      queue.items.push({
        id,
        channel,
        text,
        ...(replyTo ? { replyTo } : {}),
        enqueuedAt: clock.now(),
        attempts: 0,
      });
      void pump(queue);
      return id;
    },
    /** Every message of a channel this process no longer holds is reported with `reason`. */
    dropChannel,
    /** Resolves once no send is under way (only timers wait); tests step the clock between. */
    settled(): Promise<void> {
      if (sending === 0) return Promise.resolve();
      return new Promise((resolve) => settleWaiters.push(resolve));
    },
    depth,
    stats: () => ({ depth: depth(), channels: queues.size, ...counts }),
    stop(reason: SendFailure = 'shutdown') {
      for (const channelId of [...queues.keys()]) dropChannel(channelId, reason);
    },
  };
}
export type SendQueue = ReturnType<typeof createSendQueue>;
