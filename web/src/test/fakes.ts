/**
 * Test doubles for the browser's network: an EventSource the test drives event by event, and a
 * fetch that answers by method and path. Imported only by tests.
 */
import { vi } from 'vitest';

type Listener = (event: Event) => void;

export class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static instances: FakeEventSource[] = [];

  readyState = FakeEventSource.CONNECTING;
  private listeners = new Map<string, Set<Listener>>();

  constructor(
    readonly url: string,
    readonly init?: EventSourceInit,
  ) {
    FakeEventSource.instances.push(this);
  }

  /** The newest open stream whose URL contains `part`. */
  static find(part: string): FakeEventSource {
    const found = [...FakeEventSource.instances]
      .reverse()
      .find((s) => s.url.includes(part) && s.readyState !== FakeEventSource.CLOSED);
    if (!found) throw new Error(`no open EventSource for ${part}`);
    return found;
  }

  static install() {
    FakeEventSource.instances = [];
    vi.stubGlobal('EventSource', FakeEventSource);
  }

  addEventListener(type: string, listener: Listener) {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener);
    this.listeners.set(type, set);
  }

  removeEventListener(type: string, listener: Listener) {
    this.listeners.get(type)?.delete(listener);
  }

  close() {
    this.readyState = FakeEventSource.CLOSED;
  }

  open() {
    this.readyState = FakeEventSource.OPEN;
    this.dispatch('open', new Event('open'));
  }

  emit(type: string, data: unknown) {
    this.dispatch(type, new MessageEvent(type, { data: JSON.stringify(data) }));
  }

  private dispatch(type: string, event: Event) {
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}

export interface FetchCall {
  method: string;
  path: string;
  body: unknown;
}

export type Handler = (call: FetchCall) => Response | Promise<Response>;

export const json = (status: number, body: unknown) =>
  new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

/** Answers `"METHOD /path"` keys (query ignored); anything else is a 404 in the API's error shape. */
export function stubFetch(routes: Record<string, Handler>) {
  const calls: FetchCall[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : null;
    const url = new URL(String(request?.url ?? input), 'http://localhost');
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    const text = typeof init?.body === 'string' ? init.body : request ? await request.clone().text() : '';
    const call = { method, path: url.pathname, body: text ? JSON.parse(text) : undefined };
    calls.push(call);
    const handler = routes[`${method} ${url.pathname}`];
    return handler
      ? handler(call)
      : json(404, { error: { code: 'not_found', message: `No stub for ${method} ${url.pathname}` } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return calls;
}
