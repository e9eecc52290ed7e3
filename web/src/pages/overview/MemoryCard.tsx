/** Memory and swap: how much is used of how much, and the recent memory trend. */
import { Show } from 'solid-js';
import { formatBytes, formatPercent } from '../../lib/format';
import { Card } from '../../ui/Card';
import { Meter } from '../../ui/Meter';
import { Sparkline } from '../../ui/Sparkline';
import { FeedPanel } from './FeedPanel';
import type { MetricsFeed } from './metrics-feed';

export function MemoryCard(props: { feed: MetricsFeed }) {
  return (
    <Card title="Memory" icon="i-ph-memory">
      <FeedPanel feed={props.feed}>
        {(sample) => (
          <div class="flex flex-col gap-4">
            <Meter
              label="Memory"
              value={sample().memory.percent}
              valueText={`${formatBytes(sample().memory.used)} of ${formatBytes(sample().memory.total)}`}
            />
            <p class="-mt-2 text-xs text-ink-muted">{formatBytes(sample().memory.available)} available</p>
            <Show
              when={sample().swap.total > 0}
              fallback={<p class="text-sm text-ink-muted">Swap: none configured</p>}
            >
              <Meter
                label="Swap"
                value={sample().swap.percent}
                valueText={`${formatBytes(sample().swap.used)} of ${formatBytes(sample().swap.total)}`}
              />
            </Show>
            <Sparkline
              label="Memory usage trend"
              values={props.feed.points().map((p) => p.mem)}
              max={100}
              format={formatPercent}
              class="text-cyan-300"
            />
          </div>
        )}
      </FeedPanel>
    </Card>
  );
}
