/** Loading placeholders: a spinner for actions in flight, shimmering blocks for content on its way. */
import { For, type JSX, Show } from 'solid-js';

export function Spinner(props: { label?: string; class?: string }) {
  return (
    <span
      role={props.label ? 'status' : undefined}
      class={`inline-flex items-center gap-2 ${props.class ?? ''}`}
    >
      <span class="i-ph-circle-notch spinner" aria-hidden="true" />
      <Show when={props.label}>
        <span>{props.label}</span>
      </Show>
    </span>
  );
}

/** Grey blocks standing in for `lines` rows of content; the region says "Loading" once to screen readers. */
export function Skeleton(props: { lines?: number; class?: string; label?: string; children?: JSX.Element }) {
  return (
    <div aria-busy="true" class={`flex flex-col gap-2 ${props.class ?? ''}`}>
      <span class="sr-only" role="status">
        {props.label ?? 'Loading…'}
      </span>
      <Show
        when={props.children}
        fallback={
          <For each={Array.from({ length: props.lines ?? 3 })}>
            {(_, i) => <div class="skeleton h-4 rounded" style={{ width: `${90 - ((i() * 17) % 40)}%` }} />}
          </For>
        }
      >
        {props.children}
      </Show>
    </div>
  );
}

/** Whole-screen wait while the app works out who you are or fetches a page's code. */
export function PageLoading(props: { label?: string }) {
  return (
    <div class="grid min-h-[60vh] place-items-center text-ink-muted">
      <Spinner label={props.label ?? 'Loading…'} class="text-lg" />
    </div>
  );
}
