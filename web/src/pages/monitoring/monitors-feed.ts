/**
 * The monitor list kept live: loaded once, then patched from the `monitor` events of
 * /api/monitoring/events (a whole monitor, or `{id, deleted: true}`), and reloaded after a
 * reconnect since nothing is replayed. Latencies seen since the page opened feed the sparklines,
 * in a store keyed by monitor so an event redraws one row, not a thousand.
 */
import { batch, createSignal } from 'solid-js';
import { createStore } from 'solid-js/store';
import { createEventStream } from '../../lib/sse';
import { createRetryingLoad } from '../docker/retrying-load';
import { listMonitors, streamUrls } from './api';
import { pushLatency } from './monitors';
import type { Monitor } from './types';

export type MonitorEvent = (Partial<Monitor> & { id: string; deleted?: boolean }) | { monitor: Monitor };

export function createMonitorsFeed(options: { retryMs?: number } = {}) {
  const [monitors, setMonitors] = createSignal<Monitor[] | null>(null);
  const [latencies, setLatencies] = createStore<Record<string, number[]>>({});

  const load = createRetryingLoad(listMonitors, {
    apply: (list) =>
      batch(() => {
        setMonitors(list);
        for (const monitor of list)
          if (!latencies[monitor.id] && monitor.lastLatencyMs !== null)
            setLatencies(monitor.id, [monitor.lastLatencyMs]);
      }),
    retryMs: options.retryMs,
  });

  const apply = (data: unknown) => {
    const event = (data && typeof data === 'object' && 'monitor' in data ? data.monitor : data) as
      | (Partial<Monitor> & { id?: string; deleted?: boolean })
      | null;
    if (!event?.id) return;
    const id = event.id;
    const list = monitors();
    if (!list) return;
    if (event.deleted) {
      setMonitors(list.filter((m) => m.id !== id));
      return;
    }
    const index = list.findIndex((m) => m.id === id);
    // A monitor the page has never seen arrives whole (just created elsewhere); a partial one waits for a reload.
    if (index === -1) {
      if (typeof event.name === 'string' && typeof event.state === 'string')
        setMonitors([...list, event as Monitor]);
      return;
    }
    const next = list.slice();
    const merged = { ...list[index]!, ...event } as Monitor;
    next[index] = merged;
    batch(() => {
      setMonitors(next);
      if (event.lastCheckAt && event.lastCheckAt !== list[index]!.lastCheckAt)
        setLatencies(id, (values) => pushLatency(values ?? [], merged.lastLatencyMs));
    });
  };

  const stream = createEventStream({
    url: () => streamUrls.events,
    events: { monitor: apply },
    onReconnect: () => void load.reload(),
  });

  void load.reload();

  return {
    ...load,
    monitors,
    latencies,
    /** Puts a monitor the page changed itself (pause, resume) in place without waiting for the event. */
    patch: apply,
    stream: stream.state,
  };
}

export type MonitorsFeed = ReturnType<typeof createMonitorsFeed>;
