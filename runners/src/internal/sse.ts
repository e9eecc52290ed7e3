/**
 * The runners' one way to serve Server-Sent Events: something is written at once (so every
 * proxy on the way sends the headers now), a comment every `heartbeatMs` keeps idle streams from
 * being cut and shows a dead client, and the feed is told through an AbortSignal when the client goes.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Logger } from '../log';

export type SseChannel = {
  /** One event; writes are queued in call order, awaiting one waits for the client to read. */
  send(event: string, data: unknown): Promise<void>;
  /** Text already in SSE form (several events at once, for bursts). */
  raw(text: string): Promise<void>;
};

export type SseOptions = {
  heartbeatMs: number;
  /** The comment written at once; null when `run` writes an event at once itself. */
  first: string | null;
  log?: Logger;
};

/** Serves `run` as an SSE response; the stream ends when `run` resolves or the client leaves. */
export function openSse(
  c: Context,
  run: (channel: SseChannel, signal: AbortSignal) => Promise<void>,
  options: SseOptions,
) {
  return streamSSE(c, async (stream) => {
    const abort = new AbortController();
    stream.onAbort(() => abort.abort());
    if (stream.aborted) abort.abort();
    const channel: SseChannel = {
      send: async (event, data) => {
        await stream.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      },
      raw: async (text) => {
        await stream.write(text);
      },
    };
    if (options.first !== null) void stream.write(`: ${options.first}\n\n`);
    const heartbeat = setInterval(() => void stream.write(': heartbeat\n\n'), options.heartbeatMs);
    try {
      await run(channel, abort.signal);
    } catch (error) {
      // The engine stream failed mid-way; ending the response tells the client to reconnect.
      options.log?.warn('event stream ended by an error', { err: error });
    } finally {
      clearInterval(heartbeat);
    }
  });
}

/** Resolves when `signal` aborts, for feeds that run until the client leaves. */
export function untilAborted(signal: AbortSignal, also?: (end: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
    also?.(resolve);
  });
}

type Subscribable<T> = { subscribe(listener: (value: T) => void, onClose?: () => void): () => void };

/**
 * Streams a feed's values as events until the client leaves or the feed closes. Subscribed before
 * anything is written, so a value published while the first write waits is not missed.
 */
export function streamFeed<T>(
  c: Context,
  feed: Subscribable<T>,
  toEvent: (value: T) => { event: string; data: unknown },
  options: SseOptions & { initial?: () => T | undefined },
) {
  const initial = options.initial?.();
  return openSse(
    c,
    (channel, signal) =>
      untilAborted(signal, (end) => {
        const send = (value: T) => {
          const { event, data } = toEvent(value);
          void channel.send(event, data);
        };
        const off = feed.subscribe(send, end);
        signal.addEventListener('abort', off, { once: true });
        if (initial !== undefined) send(initial);
      }),
    { ...options, first: initial === undefined ? options.first : null },
  );
}
