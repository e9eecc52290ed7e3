/**
 * The containers table's live data: the list from the API, patched in place by engine events,
 * plus the latest CPU/memory per container from the all-stats stream. While the engine or the
 * docker runner is down it keeps the last rows and retries.
 */
import { createSignal } from 'solid-js';
import { ApiError } from '../../api/client';
import { createEventStream } from '../../lib/sse';
import { listContainers, streamUrls } from './api';
import { applyEvent, describeChange } from './containers';
import { outageOf } from './errors';
import { createRetryingLoad } from './retrying-load';
import { indexStats } from './stats';
import type { ContainerStats, ContainerSummary, DockerEvent, EngineStatus } from './types';

export interface ContainersFeedOptions {
  /** Hears state changes made elsewhere ("web is now exited"), for the page's live region. */
  announce?: (message: string, containerId: string | null) => void;
  retryMs?: number;
}

export function createContainersFeed(options: ContainersFeedOptions = {}) {
  const [containers, setContainers] = createSignal<readonly ContainerSummary[] | null>(null);
  const [engine, setEngine] = createSignal<EngineStatus | null>(null);
  const [stats, setStats] = createSignal<ReadonlyMap<string, ContainerStats>>(new Map());
  const load = createRetryingLoad(listContainers, {
    apply: (answer) => {
      setContainers(answer.containers);
      setEngine(answer.engine);
    },
    onError: (caught) => {
      if (outageOf(caught) !== 'engine') return;
      setEngine({
        status: 'unreachable',
        since: new Date().toISOString(),
        error: caught instanceof ApiError ? caught.message : 'The engine did not answer.',
      });
    },
    retryMs: options.retryMs,
  });

  /** Puts a container as an action returned it, without waiting for the event. */
  const put = (container: ContainerSummary) =>
    setContainers((list) =>
      list
        ? applyEvent(list, {
            type: 'container',
            action: 'update',
            id: container.id,
            name: container.name,
            at: '',
            container,
          })
        : list,
    );
  const drop = (id: string) => setContainers((list) => list?.filter((c) => c.id !== id) ?? null);

  const onEvent = (event: DockerEvent) => {
    if (event.type === 'engine' && event.engine) {
      const was = engine()?.status;
      setEngine(event.engine);
      if (event.engine.status === 'connected' && was !== 'connected') void load.reload();
      if (event.engine.status !== was && was !== undefined) {
        options.announce?.(
          event.engine.status === 'connected'
            ? 'The container engine is connected again'
            : event.engine.status === 'unreachable'
              ? 'The container engine is unreachable'
              : 'Connecting to the container engine',
          null,
        );
      }
      return;
    }
    const list = containers();
    if (!list) return;
    const before = list.find((c) => c.id === event.id);
    const message = describeChange(before, event);
    setContainers(applyEvent(list, event));
    if (message) options.announce?.(message, event.id);
  };

  const events = createEventStream({
    url: () => streamUrls.events,
    events: { event: (data) => onEvent(data as DockerEvent) },
    onReconnect: () => void load.reload(),
  });
  const statsStream = createEventStream({
    url: () => streamUrls.allStats,
    events: { stats: (data) => setStats(indexStats(data as { containers: ContainerStats[] })) },
  });

  void load.reload();

  return {
    ...load,
    containers,
    engine,
    stats,
    /** The event stream's state, for the Live badge. */
    stream: events.state,
    statsStream: statsStream.state,
    put,
    drop,
  };
}

export type ContainersFeed = ReturnType<typeof createContainersFeed>;
