/**
 * Moves the outbox along: NOTIFY 'automations' (sent by the triggers for every new event) wakes it
 * at once, and a periodic sweep catches what a dropped connection missed and retries that are due.
 * Each pass fans new events out to the hooks, then sends every delivery that is due.
 */
import { decryptSecret } from '@homelab/db/crypto';
import type { Sql } from 'postgres';
import type { Logger } from '../log';
import { attemptResult, type RetryPolicy, sendDelivery } from './deliver';
import { type ClaimedDelivery, claimDue, fanOut, pruneEvents, recordAttempt } from './store';

export type DispatcherOptions = {
  sql: Sql;
  log: Logger;
  encryptionKey: string | undefined;
  policy: RetryPolicy;
  timeoutMs: number;
  sweepMs: number;
  /** Deliveries sent at once. */
  concurrency: number;
  /** Days the outbox and the delivery log are kept. */
  retentionDays?: number;
  signal: AbortSignal;
};

export type Dispatcher = {
  /** Runs a pass now (or right after the one running). */
  wake(): void;
  /** Resolves when no pass is running or queued, for callers that want the outcome. */
  idle(): Promise<void>;
  lastPassAt(): string | null;
  stop(): Promise<void>;
};

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { sql, log } = options;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let lastPass: string | null = null;
  let listening: { unlisten(): Promise<void> } | null = null;
  let listenPending = false;
  let lastPrune = 0;

  async function send(delivery: ClaimedDelivery) {
    let secret: string;
    try {
      if (!options.encryptionKey) throw new Error('ENCRYPTION_KEY is not set on the runners.');
      secret = await decryptSecret(delivery.secret_sealed, options.encryptionKey, delivery.hook_id);
    } catch (error) {
      const outcome = { responseStatus: null, durationMs: 0, error: `Not sent: ${(error as Error).message}` };
      await recordAttempt(sql, delivery.id, attemptResult(outcome, delivery.attempts, options.policy));
      return;
    }
    const outcome = await sendDelivery({
      deliveryId: delivery.id,
      url: delivery.url,
      secret,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      envelope: {
        id: String(delivery.event_id),
        event: delivery.type,
        occurredAt: new Date(delivery.occurred_at).toISOString(),
        payload: delivery.payload,
      },
    });
    const result = attemptResult(outcome, delivery.attempts, options.policy);
    await recordAttempt(sql, delivery.id, result);
    if (result.gaveUp)
      log.warn('automation delivery failed for good', { deliveryId: delivery.id, error: outcome.error });
  }

  async function pass() {
    while ((await fanOut(sql)) > 0 && !stopped) {}
    while (!stopped) {
      // The lease outlasts the send timeout, so a claimed delivery is never sent twice at once.
      const due = await claimDue(sql, options.concurrency, options.timeoutMs + 30_000);
      if (due.length === 0) break;
      await Promise.all(due.map((delivery) => send(delivery)));
    }
    lastPass = new Date().toISOString();
    if (Date.now() - lastPrune > 3_600_000) {
      lastPrune = Date.now();
      const pruned = await pruneEvents(sql, options.retentionDays ?? 30);
      if (pruned > 0) log.info('pruned old automation events', { events: pruned });
    }
  }

  function wake() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await pass();
        } catch (error) {
          log.warn('automation pass failed; the next sweep retries', { err: error });
        }
      } while (again && !stopped);
      running = null;
    })();
  }

  async function listen() {
    if (listening || listenPending || stopped) return;
    listenPending = true;
    try {
      // postgres.js re-listens after a dropped connection; onlisten runs each time, and a pass then
      // picks up whatever was notified while the connection was down.
      listening = await sql.listen(
        'automations',
        () => wake(),
        () => wake(),
      );
      if (stopped) await listening.unlisten();
    } catch (error) {
      log.warn('could not LISTEN for automation events; the sweep still delivers them', { err: error });
    } finally {
      listenPending = false;
    }
  }

  void listen();
  const timer = setInterval(() => {
    void listen();
    wake();
  }, options.sweepMs);
  timer.unref();

  return {
    wake,
    async idle() {
      while (running) await running;
    },
    lastPassAt: () => lastPass,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await listening?.unlisten().catch(() => {});
      listening = null;
      await running;
    },
  };
}
