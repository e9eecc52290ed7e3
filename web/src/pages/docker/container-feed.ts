/**
 * One container, live: its summary and inspect document, kept current by the engine's events (a
 * state change reloads the inspect document too), and marked removed when it disappears.
 */
import { createEffect, createSignal, on, onCleanup } from 'solid-js';
import { createEventStream } from '../../lib/sse';
import { getContainer, streamUrls } from './api';
import { describeChange } from './containers';
import { createRetryingLoad } from './retrying-load';
import type { ContainerSummary, DockerEvent } from './types';

export function createContainerFeed(id: () => string, announce?: (message: string) => void) {
  const [container, setContainer] = createSignal<ContainerSummary | null>(null);
  const [inspect, setInspect] = createSignal<Record<string, unknown> | null>(null);
  const [removed, setRemoved] = createSignal(false);
  const load = createRetryingLoad(
    async () => {
      const wanted = id();
      return { wanted, detail: await getContainer(wanted) };
    },
    {
      apply: ({ detail }) => {
        setContainer(detail.container);
        setInspect(detail.inspect);
        setRemoved(false);
      },
      stale: ({ wanted }) => wanted !== id(),
    },
  );
  let debounce: ReturnType<typeof setTimeout> | undefined;

  const matches = (event: DockerEvent) => {
    const current = container();
    if (event.type !== 'container' || !current) return false;
    return event.id === current.id || event.container?.id === current.id;
  };

  const stream = createEventStream({
    url: () => streamUrls.events,
    events: {
      event: (data) => {
        const event = data as DockerEvent;
        if (event.type === 'engine' && event.engine?.status === 'connected') void load.reload();
        if (!matches(event) || event.container === undefined) return;
        const message = describeChange(container() ?? undefined, event);
        if (event.container === null) {
          setRemoved(true);
        } else {
          setContainer(event.container);
          // The inspect document (state, pid, restart count) changed too; fetch it once the burst settles.
          clearTimeout(debounce);
          debounce = setTimeout(() => void load.reload(), 500);
        }
        if (message) announce?.(message);
      },
    },
    onReconnect: () => void load.reload(),
  });

  createEffect(
    on(id, () => {
      setContainer(null);
      setInspect(null);
      void load.reload();
    }),
  );
  onCleanup(() => clearTimeout(debounce));

  return {
    ...load,
    container,
    inspect,
    removed,
    stream: stream.state,
    /** Puts the container as an action returned it. */
    put: (next: ContainerSummary) => setContainer(next),
  };
}

export type ContainerFeed = ReturnType<typeof createContainerFeed>;
