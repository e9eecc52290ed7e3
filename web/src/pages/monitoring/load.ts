/** One value loaded on page open and kept for `LoadState`, retrying by itself while a runner is down (503). */
import { createSignal } from 'solid-js';
import { createRetryingLoad } from '../docker/retrying-load';

export function createLoaded<T>(fetchValue: () => Promise<T>, options: { retryMs?: number } = {}) {
  const [value, setValue] = createSignal<T | null>(null);
  const load = createRetryingLoad(fetchValue, {
    apply: (answer) => setValue(() => answer),
    retryMs: options.retryMs,
  });
  void load.reload();
  return { ...load, value, setValue };
}

export type Loaded<T> = ReturnType<typeof createLoaded<T>>;
