/** The last streams side by side, oldest to newest: average viewers and messages of each. */
import { Show } from 'solid-js';
import { LineChart } from '../../ui/LineChart';
import type { StreamSession } from './api';

/** Enough streams to see a trend, few enough that each stays a visible step. */
const compared = 20;
const number = (n: number) => Math.round(n).toLocaleString('en-US');

export function StreamComparison(props: { sessions: readonly StreamSession[] }) {
  // Sessions come newest first; charts read left to right in time.
  const streams = () => props.sessions.slice(0, compared).reverse();
  const span = () => `the last ${streams().length} streams`;
  return (
    <Show when={streams().length > 1}>
      <div class="grid gap-6 md:grid-cols-2">
        <LineChart
          label={`Average viewers of ${span()}`}
          format={number}
          series={[
            { name: 'Avg viewers', values: streams().map((s) => s.avgViewers ?? 0), class: 'text-cyan-300' },
          ]}
        />
        <LineChart
          label={`Messages of ${span()}`}
          format={number}
          series={[{ name: 'Messages', values: streams().map((s) => s.messages), class: 'text-violet-300' }]}
        />
      </div>
    </Show>
  );
}
