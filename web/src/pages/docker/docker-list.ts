/**
 * A list of engine objects (stacks, images, volumes, networks) that keeps itself current: loaded
 * once, reloaded when the engine reports a change of that kind, and retried while the engine or
 * the docker runner is down.
 */
import { createSignal, onCleanup } from 'solid-js';
import { createEventStream } from '../../lib/sse';
import { streamUrls } from './api';
import { outageOf } from './errors';
import type { DockerEvent } from './types';

export interface DockerListOptions {
  /** Engine event types that can change this list. */
  refreshOn: readonly DockerEvent['type'][];
  retryMs?: number;
}

export function createDockerList<T>(fetchList: () => Promise<T[]>, options: DockerListOptions) {
  const [items, setItems] = createSignal<T[] | null>(null);
  const [error, setError] = createSignal<unknown>(null);
  const [loading, setLoading] = createSignal(false);
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let debounce: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  const load = async () => {
    clearTimeout(retryTimer);
    setLoading(true);
    try {
      const list = await fetchList();
      if (disposed) return;
      setItems(list);
      setError(null);
    } catch (caught) {
      if (disposed) return;
      setError(caught);
      if (outageOf(caught)) retryTimer = setTimeout(() => void load(), options.retryMs ?? 5000);
    } finally {
      setLoading(false);
    }
  };

  // Several events arrive together (a stack starting is one per container): reload once.
  const reloadSoon = () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => void load(), 400);
  };

  let opened = false;
  const stream = createEventStream({
    url: () => streamUrls.events,
    events: {
      event: (data) => {
        const event = data as DockerEvent;
        if (options.refreshOn.includes(event.type)) reloadSoon();
        else if (event.type === 'engine' && event.engine?.status === 'connected') reloadSoon();
      },
    },
    // After a reconnect, changes made while disconnected were missed: reload.
    onOpen: () => {
      if (opened) reloadSoon();
      opened = true;
    },
  });

  void load();
  onCleanup(() => {
    disposed = true;
    clearTimeout(retryTimer);
    clearTimeout(debounce);
  });

  return {
    items,
    setItems,
    error,
    loading,
    reload: load,
    stream: stream.state,
    outage: () => outageOf(error()),
  };
}

export type DockerList<T> = ReturnType<typeof createDockerList<T>>;
