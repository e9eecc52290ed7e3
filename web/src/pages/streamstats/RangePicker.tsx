/** The 7 / 30 / 90 day switch of the stats overview: toggle buttons, so Tab and Enter/Space work as anywhere. */
import { For } from 'solid-js';

/** The ranges the overview offers, in days. */
export const statsRanges = [7, 30, 90] as const;
export type StatsRange = (typeof statsRanges)[number];

export function RangePicker(props: { selected: StatsRange; onSelect: (days: StatsRange) => void }) {
  return (
    <fieldset class="flex gap-1">
      <legend class="sr-only">Show the last</legend>
      <For each={statsRanges}>
        {(days) => (
          <button
            type="button"
            aria-pressed={props.selected === days}
            class={`rounded-control px-2 py-1 text-xs ${props.selected === days ? 'bg-space-700 text-ink shadow-glow' : 'text-ink-muted hover:bg-space-700 hover:text-ink'}`}
            onClick={() => props.onSelect(days)}
          >
            {days} days
          </button>
        )}
      </For>
    </fieldset>
  );
}
