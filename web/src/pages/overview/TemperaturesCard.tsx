/** Sensor temperatures, shown only on hosts that report any (many VMs report none). */
import { For, Show } from 'solid-js';
import { Card } from '../../ui/Card';
import type { MetricsFeed } from './metrics-feed';

const tone = (c: number) => (c >= 85 ? 'text-danger-300' : c >= 70 ? 'text-warn-300' : 'text-ok-300');

export function TemperaturesCard(props: { feed: MetricsFeed }) {
  const sensors = () => props.feed.latest()?.temperatures ?? [];
  return (
    <Show when={sensors().length > 0}>
      <Card title="Temperatures" icon="i-ph-thermometer">
        <ul class="grid grid-cols-[repeat(auto-fill,minmax(9rem,1fr))] gap-3">
          <For each={sensors()}>
            {(sensor) => (
              <li class="flex flex-col rounded-control bg-space-800/60 px-3 py-2">
                <span class="truncate text-xs text-ink-muted">{sensor.label}</span>
                <span class={`text-lg font-semibold tabular-nums ${tone(sensor.celsius)}`}>
                  {sensor.celsius.toFixed(0)} °C
                </span>
              </li>
            )}
          </For>
        </ul>
      </Card>
    </Show>
  );
}
