/** Disk usage per mounted filesystem, fullest first, because that is the one about to cause trouble. */
import { For, Show } from 'solid-js';
import { formatBytes } from '../../lib/format';
import { Card } from '../../ui/Card';
import { EmptyState } from '../../ui/EmptyState';
import { Meter } from '../../ui/Meter';
import { FeedPanel } from './FeedPanel';
import type { MetricsFeed } from './metrics-feed';

export function DisksCard(props: { feed: MetricsFeed }) {
  return (
    <Card title="Disks" icon="i-ph-hard-drives">
      <FeedPanel feed={props.feed} skeletonLines={4}>
        {(sample) => {
          const disks = () => [...sample().disks].sort((a, b) => b.percent - a.percent);
          return (
            <Show
              when={disks().length > 0}
              fallback={<EmptyState title="No filesystems reported" icon="i-ph-hard-drives" />}
            >
              <ul class="flex flex-col gap-3">
                <For each={disks()}>
                  {(disk) => (
                    <li>
                      <Meter
                        label={`${disk.mount} (${disk.fs})`}
                        value={disk.percent}
                        valueText={`${formatBytes(disk.used)} of ${formatBytes(disk.total)}`}
                      />
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          );
        }}
      </FeedPanel>
    </Card>
  );
}
