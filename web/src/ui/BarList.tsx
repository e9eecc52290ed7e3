/**
 * A ranked list of labelled amounts drawn as bars against the largest (top commands, top chatters).
 * The number is always text; the bar only repeats it, so it is hidden from assistive technology.
 */
import { createUniqueId, For, Show } from 'solid-js';

export interface BarListItem {
  label: string;
  value: number;
}

export interface BarListProps {
  title: string;
  /** Highest first; the order is the ranking. */
  items: readonly BarListItem[];
  format: (value: number) => string;
  /** Shown instead of the list when there is nothing to rank. */
  empty: string;
  /** Fill colour class of the bars. */
  barClass?: string;
}

export function BarList(props: BarListProps) {
  const headingId = createUniqueId();
  const top = () => Math.max(1, ...props.items.map((i) => i.value));
  return (
    <div class="flex flex-col gap-2">
      <h3 id={headingId} class="text-sm font-medium text-ink">
        {props.title}
      </h3>
      <Show when={props.items.length > 0} fallback={<p class="text-sm text-ink-muted">{props.empty}</p>}>
        <ol class="flex flex-col gap-2" aria-labelledby={headingId}>
          <For each={props.items}>
            {(item, i) => (
              <li class="flex flex-col gap-1">
                <div class="flex items-baseline justify-between gap-3 text-sm">
                  <span class="truncate text-ink">
                    <span class="text-ink-muted" aria-hidden="true">
                      {i() + 1}.{' '}
                    </span>
                    {item.label}
                  </span>
                  <span class="tabular-nums text-ink-muted">{props.format(item.value)}</span>
                </div>
                <div class="h-1.5 overflow-hidden rounded-pill bg-space-600/70" aria-hidden="true">
                  <div
                    class={`h-full rounded-pill ${props.barClass ?? 'bg-violet-400'}`}
                    style={{ width: `${Math.max(0, (item.value / top()) * 100)}%` }}
                  />
                </div>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </div>
  );
}
