/** Runs `run` once typing pauses, so a search box does not send a request per key; cancelled with its owner. */
import { onCleanup } from 'solid-js';

export function createDebounced(run: () => unknown, ms = 250) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  return () => {
    clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
}
