/**
 * Server-Sent Events from the API: `createEventStream` keeps an EventSource open (reconnecting
 * with backoff when the server refuses it), `postEventStream` reads an SSE body answered to a POST,
 * which EventSource cannot send.
 */
import { createEffect, createSignal, on, onCleanup } from 'solid-js';
import { unwrap } from '../api/client';

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'closed';

/** Handlers per SSE event name; each gets the event's data parsed as JSON. */
export type EventHandlers = Record<string, (data: unknown) => void>;

export interface EventStreamOptions {
  /** The stream's URL; when it changes the stream reconnects, `null` closes it. */
  url: () => string | null;
  events: EventHandlers;
  /** Runs on every (re)open, the first one included. */
  onOpen?: () => void;
  /** Runs on every open but the first: nothing is replayed, so what changed meanwhile must be refetched. */
  onReconnect?: () => void;
}

const firstDelay = 2000;
const maxDelay = 30_000;

export function createEventStream(options: EventStreamOptions) {
  const [state, setState] = createSignal<StreamState>('connecting');
  let source: EventSource | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryDelay = firstDelay;
  let currentUrl: string | null = null;
  let openedBefore = false;

  const stop = () => {
    clearTimeout(retryTimer);
    source?.close();
    source = undefined;
  };

  const connect = () => {
    stop();
    if (!currentUrl) {
      setState('closed');
      return;
    }
    const opened = new EventSource(currentUrl, { withCredentials: true });
    source = opened;
    opened.addEventListener('open', () => {
      retryDelay = firstDelay;
      setState('live');
      options.onOpen?.();
      if (openedBefore) options.onReconnect?.();
      openedBefore = true;
    });
    for (const [name, handle] of Object.entries(options.events)) {
      opened.addEventListener(name, (event) => {
        // The browser's own `error` event (connection trouble) carries no data; only server events do.
        const data = (event as MessageEvent<string>).data;
        if (typeof data !== 'string') return;
        let parsed: unknown;
        try {
          parsed = JSON.parse(data);
        } catch {
          return; // A malformed event is skipped; the next one follows.
        }
        handle(parsed);
      });
    }
    opened.addEventListener('error', () => {
      if (source !== opened) return;
      setState('reconnecting');
      // EventSource retries by itself after a dropped connection, but gives up for good on an
      // HTTP error (503 while a runner is down), so that case is retried here with backoff.
      if (opened.readyState === EventSource.CLOSED) {
        clearTimeout(retryTimer);
        retryTimer = setTimeout(connect, retryDelay);
        retryDelay = Math.min(retryDelay * 2, maxDelay);
      }
    });
  };

  createEffect(
    on(options.url, (url) => {
      currentUrl = url;
      retryDelay = firstDelay;
      setState(url ? 'connecting' : 'closed');
      connect();
    }),
  );
  onCleanup(stop);

  return {
    state,
    /** Reconnect now (after a retry button), resetting the backoff. */
    reconnect: () => {
      retryDelay = firstDelay;
      connect();
    },
    /** Stop for good, e.g. after an `end` event: EventSource would otherwise reconnect and replay. */
    close: () => {
      stop();
      setState('closed');
    },
  };
}

export type EventStream = ReturnType<typeof createEventStream>;

export interface SseMessage {
  event: string;
  data: string;
}

/**
 * An incremental parser of the SSE wire format: feed it text as it arrives (in chunks that may
 * split lines anywhere) and it calls `onMessage` per complete event. Comments and ids are ignored.
 */
export function createSseParser(onMessage: (message: SseMessage) => void) {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  const dispatch = () => {
    if (data.length > 0) onMessage({ event: event || 'message', data: data.join('\n') });
    event = '';
    data = [];
  };
  const line = (text: string) => {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  };
  return {
    push(chunk: string) {
      buffer += chunk;
      // A trailing "\r" may be the first half of a "\r\n" split across chunks: hold it back.
      const held = buffer.endsWith('\r') ? '\r' : '';
      const lines = (held ? buffer.slice(0, -1) : buffer).split(/\r\n|\r|\n/);
      buffer = (lines.pop() ?? '') + held;
      for (const text of lines) line(text);
    },
    /** The stream ended: a last event without its blank line still counts. */
    end() {
      if (buffer) line(buffer.replace(/\r$/, ''));
      buffer = '';
      dispatch();
    },
  };
}

/**
 * POSTs a JSON body and reads the answer as SSE, calling `onMessage` per event until the stream
 * ends. A non-2xx answer throws the API's error (fields and all) before any event is read.
 */
export async function postEventStream(
  url: string,
  body: unknown,
  onMessage: (message: SseMessage) => void,
  signal?: AbortSignal,
): Promise<void> {
  const res = await unwrapStream(
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
      signal: signal ?? null,
    }),
  );
  if (!res.body) return;
  const parser = createSseParser(onMessage);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.push(value);
  }
  parser.end();
}

/** The response when it is ok; otherwise the one `ApiError` every other call throws. */
async function unwrapStream(call: Promise<Response>): Promise<Response> {
  let res: Response;
  try {
    res = await call;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    return unwrap(Promise.reject(error)) as never;
  }
  if (res.ok) return res;
  return unwrap(Promise.resolve(res)) as never;
}
