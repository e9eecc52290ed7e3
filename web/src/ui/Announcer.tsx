/**
 * A page's polite live region for changes that happen without the user's doing (a container
 * stopped, a deploy finished): screen readers hear the latest message once, nothing is shown.
 */
import { createSignal } from 'solid-js';

export function createAnnouncer() {
  const [message, setMessage] = createSignal('');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const announce = (text: string) => {
    // Emptying first makes a repeated identical message count as a change.
    setMessage('');
    clearTimeout(timer);
    timer = setTimeout(() => setMessage(text), 50);
  };
  const Region = () => (
    <div class="sr-only" role="status" aria-live="polite" aria-atomic="true">
      {message()}
    </div>
  );
  return { announce, message, Region };
}
