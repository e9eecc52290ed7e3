/**
 * Sends queued deliveries. NOTIFY 'notifications' (sent by notify()) makes pickup immediate; a poll
 * catches retries coming due and notifications lost while disconnected. At most `concurrency` sends
 * run at once and each has its own timeout, so one slow target cannot hold up the other channels.
 */
import type { ChannelConfig, ChannelType } from '@homelab/db/monitoring';
import type { Sql } from 'postgres';
import { createOutageReporter, type Logger } from '../log';
import { openConfig } from './channels';
import { type ClaimedDelivery, claimDue, markFailedTry, markSent } from './deliveries';
import { sendDiscord } from './discord';
import { type OutgoingMessage, reason, type Send, SendError } from './message';
import { sendNtfy } from './ntfy';
import { decideAfterFailure, defaultRetryDelaysMs } from './policy';
import { sendSmtp } from './smtp';
import { sendWebhook } from './webhook';

export type SenderOptions = {
  sql: Sql;
  log: Logger;
  encryptionKey: string;
  pollMs?: number;
  /** Each send is abandoned (and counted as a failed try) after this long. */
  sendTimeoutMs?: number;
  concurrency?: number;
  retryDelaysMs?: readonly number[];
};

type AnySend = Send<ChannelConfig>;
const senders: Record<ChannelType, AnySend> = {
  discord: sendDiscord as AnySend,
  webhook: sendWebhook as AnySend,
  smtp: sendSmtp as AnySend,
  ntfy: sendNtfy as AnySend,
};

const disabledMeanwhile = (d: ClaimedDelivery) => !d.channelEnabled && d.event !== 'test';

export function createSender(options: SenderOptions) {
  const opts = {
    pollMs: 5_000,
    sendTimeoutMs: 10_000,
    concurrency: 4,
    retryDelaysMs: defaultRetryDelaysMs,
    ...options,
  };
  const { sql } = opts;
  const log = opts.log.child({ component: 'sender' });
  const outage = createOutageReporter(log, 'the notification queue');
  // A claim outlives the send's timeout, so a row is only taken again once its sender is surely done.
  const leaseMs = opts.sendTimeoutMs + 30_000;
  const inFlight = new Set<Promise<void>>();
  const settledWaiters = new Map<number, (() => void)[]>();
  let claiming = false;
  let again = false;
  let stopped = true;
  let pollTimer: NodeJS.Timeout | undefined;
  let listening: { unlisten(): Promise<void> } | null = null;

  /** Fills the free send slots with due deliveries; calls while a claim runs are folded into one more. */
  async function pump() {
    if (stopped) return;
    if (claiming) {
      again = true;
      return;
    }
    claiming = true;
    try {
      do {
        again = false;
        const free = opts.concurrency - inFlight.size;
        if (free <= 0) break;
        const claimed = await claimDue(sql, free, leaseMs);
        for (const delivery of claimed) track(deliver(delivery));
        if (claimed.length === free) again = true;
      } while (again && !stopped);
      outage.ok();
    } catch (error) {
      outage.failed(error);
    } finally {
      claiming = false;
    }
  }

  function track(run: Promise<void>) {
    inFlight.add(run);
    void run.finally(() => {
      inFlight.delete(run);
      void pump();
    });
  }

  async function deliver(delivery: ClaimedDelivery) {
    const deliveryLog = log.child({ deliveryId: delivery.id, channelId: delivery.channelId });
    try {
      try {
        await sendOnce(delivery);
      } catch (error) {
        const text = reason(error);
        // A channel switched off while its message waited is not going to come back by retrying.
        const next = disabledMeanwhile(delivery)
          ? ({ status: 'failed' } as const)
          : decideAfterFailure(
              delivery,
              error instanceof SendError ? error.retryAfterMs : undefined,
              opts.retryDelaysMs,
            );
        await markFailedTry(sql, delivery.id, text, next);
        if (next.status === 'failed')
          deliveryLog.error('notification not delivered', { error: text, attempts: delivery.attempts });
        else deliveryLog.warn('notification failed; will retry', { error: text, retryInMs: next.retryInMs });
        return;
      }
      // A row merged during the send comes due at once; the pump after this send picks it up.
      await markSent(sql, delivery);
    } catch (error) {
      // The outcome could not be stored; the lease brings the delivery back, possibly sent twice.
      outage.failed(error);
    } finally {
      for (const resolve of settledWaiters.get(delivery.id) ?? []) resolve();
      settledWaiters.delete(delivery.id);
    }
  }

  async function sendOnce(delivery: ClaimedDelivery) {
    if (disabledMeanwhile(delivery))
      throw new SendError('The channel was disabled before this could be sent.');
    let config: ChannelConfig;
    try {
      config = await openConfig(opts.encryptionKey, delivery.channelId, delivery.configSealed);
    } catch (error) {
      throw new SendError(`The channel's settings cannot be read: ${reason(error)}`);
    }
    const message: OutgoingMessage = {
      id: delivery.id,
      event: delivery.event,
      title: delivery.title,
      body: delivery.body,
      payload: delivery.payload,
    };
    const signal = AbortSignal.timeout(opts.sendTimeoutMs);
    const send = senders[config.type];
    // A sender that ignores its signal still cannot hold the slot past the timeout.
    await Promise.race([
      send(config, message, signal),
      new Promise<never>((_, reject) => {
        signal.addEventListener(
          'abort',
          () => reject(new SendError(`No answer within ${Math.round(opts.sendTimeoutMs / 1000)} s`)),
          { once: true },
        );
      }),
    ]);
  }

  async function listen() {
    if (listening || stopped) return;
    try {
      // postgres.js re-listens after a dropped connection; onlisten runs each time, and whatever was
      // notified meanwhile is lost, so each (re)subscription drains the queue.
      const subscription = await sql.listen(
        'notifications',
        () => void pump(),
        () => void pump(),
      );
      if (stopped) await subscription.unlisten();
      else listening = subscription;
    } catch (error) {
      outage.failed(error);
    }
  }

  function tick() {
    void listen();
    void pump();
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      tick();
      pollTimer = setInterval(tick, opts.pollMs);
    },
    /** Looks for due deliveries now, e.g. right after one was queued in this process. */
    wake: () => void pump(),
    /** Resolves when this process has recorded an outcome of `id` (or after `timeoutMs`). */
    settled(id: number, timeoutMs: number): Promise<void> {
      return new Promise((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        const list = settledWaiters.get(id) ?? [];
        list.push(() => {
          clearTimeout(timer);
          resolve();
        });
        settledWaiters.set(id, list);
      });
    },
    inFlight: () => inFlight.size,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(pollTimer);
      // Sends end within their timeout; whatever is cut short comes back after its lease.
      await Promise.allSettled([...inFlight]);
      await listening?.unlisten().catch(() => {});
      listening = null;
    },
  };
}
export type Sender = ReturnType<typeof createSender>;
