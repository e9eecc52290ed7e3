/**
 * A loaded value whose request depends on a choice (the folder open, the days ahead, a filter):
 * only the answer to the latest request is shown, so a slow answer to an earlier choice cannot
 * replace the one the user is looking at. Retries by itself while a runner is down, like createLoaded.
 */
import { createSignal } from 'solid-js';
import { createRetryingLoad } from '../docker/retrying-load';

export function createLatestLoad<T>(fetchValue: () => Promise<T>) {
  const [value, setValue] = createSignal<T | null>(null);
  let asks = 0;
  const load = createRetryingLoad(
    async () => {
      const asked = ++asks;
      return { asked, answer: await fetchValue() };
    },
    {
      apply: ({ answer }) => setValue(() => answer),
      stale: ({ asked }) => asked !== asks,
    },
  );
  void load.reload();
  return { ...load, value, setValue };
}
