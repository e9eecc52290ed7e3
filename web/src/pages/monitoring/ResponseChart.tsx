/** The response-time chart of one monitor with its range picker (1 h … 1 y); the average and the worst per bucket. */
import { createSignal, For } from 'solid-js';
import { Card } from '../../ui/Card';
import { LineChart } from '../../ui/LineChart';
import { LoadState } from '../../ui/LoadState';
import { getHistory } from './api';
import { createLoaded } from './load';
import { formatLatency } from './monitors';
import { type HistoryRange, historyRanges } from './types';

const rangeLabels: Record<HistoryRange, string> = {
  '1h': '1 h',
  '24h': '24 h',
  '7d': '7 d',
  '30d': '30 d',
  '1y': '1 y',
};

export function ResponseChart(props: { monitorId: string }) {
  const [range, setRange] = createSignal<HistoryRange>('24h');
  let current = range();
  const history = createLoaded(() => getHistory(props.monitorId, current));
  const pick = (next: HistoryRange) => {
    current = next;
    setRange(next);
    void history.reload();
  };
  return (
    <Card
      title="Response time"
      icon="i-ph-chart-line"
      actions={
        <fieldset class="flex gap-1">
          <legend class="sr-only">Time range</legend>
          <For each={historyRanges}>
            {(r) => (
              <button
                type="button"
                aria-pressed={range() === r}
                class={`rounded-control px-2 py-1 text-xs ${range() === r ? 'bg-space-700 text-ink shadow-glow' : 'text-ink-muted hover:bg-space-700 hover:text-ink'}`}
                onClick={() => pick(r)}
              >
                {rangeLabels[r]}
              </button>
            )}
          </For>
        </fieldset>
      }
    >
      <LoadState
        load={history}
        what="response times"
        isEmpty={(h) => h.points.length === 0}
        empty={{ title: 'No checks in this range', icon: 'i-ph-chart-line' }}
      >
        {(h) => {
          const points = () => h.points.filter((p) => p.latencyAvgMs !== null);
          return (
            <LineChart
              label={`Response time over ${rangeLabels[range()]}`}
              format={formatLatency}
              series={[
                { name: 'Average', values: points().map((p) => p.latencyAvgMs ?? 0), class: 'text-cyan-300' },
                {
                  name: 'Slowest',
                  values: points().map((p) => p.latencyMaxMs ?? p.latencyAvgMs ?? 0),
                  class: 'text-magenta-300',
                },
              ]}
            />
          );
        }}
      </LoadState>
    </Card>
  );
}
