/**
 * Service calls made while Home Assistant is unreachable wait here, in the order they were made,
 * until the connection comes back; each expires (a light switched on an hour late is a surprise,
 * not a help) and the queue is bounded, the oldest call giving way when it is full.
 */
import type { ServiceCallInput } from '@homelab/db/smarthome';

export type QueuedCall = { seq: number; input: ServiceCallInput; queuedAt: number; expiresAt: number };

export type CommandQueueOptions = {
  /** 100 by default. */
  max?: number;
  /** How long a call may wait; five minutes by default. */
  ttlMs?: number;
  now?: () => number;
};

export type CommandQueue = {
  /** Queues a call; returns it and the oldest call it displaced when the queue was full. */
  push(input: ServiceCallInput): { queued: QueuedCall; displaced: QueuedCall | null };
  /** The next call to replay, after dropping (and returning) the ones that expired before it. */
  next(): { call: QueuedCall | null; expired: QueuedCall[] };
  /** Calls still waiting (expired ones included until `next` or `prune` drops them). */
  size(): number;
  /** Drops expired calls now, returning them. */
  prune(): QueuedCall[];
};

export function createCommandQueue(options: CommandQueueOptions = {}): CommandQueue {
  const max = options.max ?? 100;
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const calls: QueuedCall[] = [];
  let seq = 0;

  const prune = () => {
    const at = now();
    const expired = calls.filter((call) => call.expiresAt <= at);
    if (expired.length) {
      const live = calls.filter((call) => call.expiresAt > at);
      calls.splice(0, calls.length, ...live);
    }
    return expired;
  };

  return {
    push(input) {
      prune();
      let displaced: QueuedCall | null = null;
      if (calls.length >= max) displaced = calls.shift() ?? null;
      const at = now();
      const queued = { seq: ++seq, input, queuedAt: at, expiresAt: at + ttlMs };
      calls.push(queued);
      return { queued, displaced };
    },
    next() {
      const expired: QueuedCall[] = [];
      const at = now();
      while (calls.length) {
        const call = calls.shift() as QueuedCall;
        if (call.expiresAt <= at) expired.push(call);
        else return { call, expired };
      }
      return { call: null, expired };
    },
    size: () => calls.length,
    prune,
  };
}
