/** A ticking "now" for things that age on screen (uptimes, "2 minutes ago"), one timer per owner. */
import { createSignal, onCleanup } from 'solid-js';

export function createNow(intervalMs = 1000) {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), intervalMs);
  onCleanup(() => clearInterval(timer));
  return now;
}
