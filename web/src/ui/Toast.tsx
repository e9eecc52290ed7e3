/** Short confirmations ("Key revoked") in one polite live region; `toast()` can be called from anywhere. */
import { createSignal, For } from 'solid-js';

type ToastTone = 'ok' | 'danger' | 'info';
interface ToastItem {
  id: number;
  message: string;
  tone: ToastTone;
}

const [toasts, setToasts] = createSignal<ToastItem[]>([]);
let nextId = 1;

const dismiss = (id: number) => setToasts((list) => list.filter((t) => t.id !== id));

export function toast(message: string, tone: ToastTone = 'ok', timeoutMs = 5000) {
  const id = nextId++;
  setToasts((list) => [...list.slice(-3), { id, message, tone }]);
  setTimeout(() => dismiss(id), timeoutMs);
}

const icons: Record<ToastTone, string> = {
  ok: 'i-ph-check-circle text-ok-300',
  danger: 'i-ph-warning-octagon text-danger-300',
  info: 'i-ph-info text-cyan-300',
};

/** Mounted once by the app root; always present so screen readers register the live region before it speaks. */
export function ToastRegion() {
  return (
    <section
      aria-label="Notifications"
      aria-live="polite"
      class="pointer-events-none fixed bottom-4 right-4 z-60 flex w-80 max-w-[calc(100vw-2rem)] flex-col gap-2"
    >
      <For each={toasts()}>
        {(t) => (
          <div class="glass-panel pointer-events-auto flex items-start gap-3 bg-space-800 px-4 py-3 text-sm">
            <span class={`${icons[t.tone]} mt-0.5 shrink-0`} aria-hidden="true" />
            <p class="flex-1 text-ink">{t.message}</p>
            <button
              type="button"
              class="text-ink-muted hover:text-ink"
              aria-label="Dismiss notification"
              onClick={() => dismiss(t.id)}
            >
              <span class="i-ph-x" aria-hidden="true" />
            </button>
          </div>
        )}
      </For>
    </section>
  );
}
