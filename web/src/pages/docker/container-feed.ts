/**
 * One container, live: its summary and inspect document, kept current by the engine's events (a
 * state change reloads the inspect document too), and marked removed when it disappears.
 */
import { createEffect, createSignal, on, onCleanup } from 'solid-js';
import { createEventStream } from '../../lib/sse';
import { getContainer, streamUrls } from './api';
import { describeChange } from './containers';
import { outageOf } from './errors';
import type { ContainerSummary, DockerEvent } from './types';

export function createContainerFeed(id: () => string, announce?: (message: string) => void) {
  const [container, setContainer] = createSignal<ContainerSummary | null>(null);
  const [inspect, setInspect] = createSignal<Record<string, unknown> | null>(null);
  const [error, setError] = createSignal<unknown>(null);
  const [loading, setLoading] = createSignal(false);
  const [removed, setRemoved] = createSignal(false);
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let debounce: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  const load = async () => {
    clearTimeout(retryTimer);
    setLoading(true);
    const wanted = id();
    try {
      const detail = await getContainer(wanted);
      if (disposed || wanted !== id()) return;
      setContainer(detail.container);
      setInspect(detail.inspect);
      setRemoved(false);
      setError(null);
    } catch (caught) {
      if (disposed) return;
      setError(caught);
      if (outageOf(caught)) retryTimer = setTimeout(() => void load(), 5000);
    } finally {
      setLoading(false);
    }
  };

  const matches = (event: DockerEvent) => {
    const current = container();
    if (event.type !== 'container' || !current) return false;
    return event.id === current.id || event.container?.id === current.id;
  };

  let opened = false;
  const stream = createEventStream({
    url: () => streamUrls.events,
    events: {
      event: (data) => {
        const event = data as DockerEvent;
        if (event.type === 'engine' && event.engine?.status === 'connected') void load();
        if (!matches(event) || event.container === undefined) return;
        const message = describeChange(container() ?? undefined, event);
        if (event.container === null) {
          setRemoved(true);
        } else {
          setContainer(event.container);
          // The inspect document (state, pid, restart count) changed too; fetch it once the burst settles.
          clearTimeout(debounce);
          debounce = setTimeout(() => void load(), 500);
        }
        if (message) announce?.(message);
      },
    },
    onOpen: () => {
      if (opened) void load();
      opened = true;
    },
  });

  createEffect(
    on(id, () => {
      setContainer(null);
      setInspect(null);
      void load();
    }),
  );
  onCleanup(() => {
    disposed = true;
    clearTimeout(retryTimer);
    clearTimeout(debounce);
  });

  return {
    container,
    inspect,
    error,
    loading,
    removed,
    outage: () => outageOf(error()),
    stream: stream.state,
    reload: load,
    /** Puts the container as an action returned it. */
    put: (next: ContainerSummary) => setContainer(next),
  };
}

export type ContainerFeed = ReturnType<typeof createContainerFeed>;
