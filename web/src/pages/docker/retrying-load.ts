/**
 * How the Docker and Databases pages load their data: the last error is kept for the page to
 * show, and while the engine or a runner is down (the 503s `outageOf` names) the load retries by
 * itself until it answers. Answers arriving after the page has gone are dropped.
 */
import { batch, createSignal, onCleanup } from 'solid-js';
import { outageOf } from './errors';

export interface RetryingLoadOptions<T> {
  /** Puts an answer in place; the error clears in the same batch, so no state shows both. */
  apply: (answer: T) => void;
  /** An answer no longer wanted (the page has moved on to another item) is dropped. */
  stale?: (answer: T) => boolean;
  /** Hears every failure, before the retry is planned. */
  onError?: (error: unknown) => void;
  retryMs?: number;
}

export function createRetryingLoad<T>(fetchAnswer: () => Promise<T>, options: RetryingLoadOptions<T>) {
  const [error, setError] = createSignal<unknown>(null);
  const [loading, setLoading] = createSignal(false);
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  const reload = async () => {
    clearTimeout(retryTimer);
    setLoading(true);
    try {
      const answer = await fetchAnswer();
      if (disposed || options.stale?.(answer)) return;
      batch(() => {
        options.apply(answer);
        setError(null);
      });
    } catch (caught) {
      if (disposed) return;
      setError(caught);
      options.onError?.(caught);
      if (outageOf(caught)) retryTimer = setTimeout(() => void reload(), options.retryMs ?? 5000);
    } finally {
      setLoading(false);
    }
  };

  onCleanup(() => {
    disposed = true;
    clearTimeout(retryTimer);
  });

  return { reload, error, loading, outage: () => outageOf(error()) };
}
