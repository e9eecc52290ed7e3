/** The latest sample and its live subscribers (the SSE streams), in memory: live data never waits on PostgreSQL. */

export type Feed<T> = {
  latest(): T | undefined;
  publish(value: T): void;
  /** Returns the unsubscribe function; `onClose` runs if the feed closes first (the runner stops). */
  subscribe(listener: (value: T) => void, onClose?: () => void): () => void;
  close(): void;
  readonly subscribers: number;
};

export function createFeed<T>(): Feed<T> {
  let latest: T | undefined;
  const listeners = new Map<(value: T) => void, (() => void) | undefined>();
  return {
    latest: () => latest,
    publish(value) {
      latest = value;
      for (const listener of listeners.keys()) listener(value);
    },
    subscribe(listener, onClose) {
      listeners.set(listener, onClose);
      return () => void listeners.delete(listener);
    },
    close() {
      const closers = [...listeners.values()];
      listeners.clear();
      for (const onClose of closers) onClose?.();
    },
    get subscribers() {
      return listeners.size;
    },
  };
}
