/**
 * A list of engine objects (stacks, images, volumes, networks) that keeps itself current: loaded
 * once, reloaded when the engine reports a change of that kind, and retried while the engine or
 * the docker runner is down.
 */
import { createSignal, onCleanup } from 'solid-js';
import { createEventStream } from '../../lib/sse';
import { streamUrls } from './api';
import { createRetryingLoad } from './retrying-load';
import type { DockerEvent } from './types';

export interface DockerListOptions {
  /** Engine event types that can change this list. */
  refreshOn: readonly DockerEvent['type'][];
  retryMs?: number;
}

export function createDockerList<T>(fetchList: () => Promise<T[]>, options: DockerListOptions) {
  const [items, setItems] = createSignal<T[] | null>(null);
  const load = createRetryingLoad(fetchList, { apply: setItems, retryMs: options.retryMs });
  let debounce: ReturnType<typeof setTimeout> | undefined;

  // Several events arrive together (a stack starting is one per container): reload once.
  const reloadSoon = () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => void load.reload(), 400);
  };

  const stream = createEventStream({
    url: () => streamUrls.events,
    events: {
      event: (data) => {
        const event = data as DockerEvent;
        if (options.refreshOn.includes(event.type)) reloadSoon();
        else if (event.type === 'engine' && event.engine?.status === 'connected') reloadSoon();
      },
    },
    onReconnect: reloadSoon,
  });

  void load.reload();
  onCleanup(() => clearTimeout(debounce));

  return { ...load, items, setItems, stream: stream.state };
}

export type DockerList<T> = ReturnType<typeof createDockerList<T>>;
