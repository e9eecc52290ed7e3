/**
 * Re-runs a load every `ms` while the tab is visible, and once as soon as it becomes visible
 * again: a hidden page costs the server nothing, a returning one is fresh at once.
 */
import { onCleanup } from 'solid-js';

/** How often pages refresh records that change without a live stream (tickets, bot status). */
export const pollMs = 15_000;

export function pollWhileVisible(run: () => unknown, ms: number) {
  const visible = () => document.visibilityState !== 'hidden';
  const timer = setInterval(() => {
    if (visible()) void run();
  }, ms);
  const onVisibility = () => {
    if (visible()) void run();
  };
  document.addEventListener('visibilitychange', onVisibility);
  onCleanup(() => {
    clearInterval(timer);
    document.removeEventListener('visibilitychange', onVisibility);
  });
}

/** Calls `run` with the latest value once `ms` passed without another. */
export function debounced<T>(run: (value: T) => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  return (value: T) => {
    clearTimeout(timer);
    timer = setTimeout(() => run(value), ms);
  };
}
