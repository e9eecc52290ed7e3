/**
 * The overview, mission control's home: what needs attention now (with Jarvis), then live system
 * metrics and runner health. Every card has its own error boundary, so one failing widget shows
 * its own error while the rest keep updating.
 */
import { Show } from 'solid-js';
import { formatDuration } from '../../lib/format';
import { usePageTitle } from '../../lib/title';
import { Card } from '../../ui/Card';
import { Boundary } from '../../ui/ErrorBoundary';
import { LiveBadge } from '../../ui/LiveBadge';
import { AutomationsCard } from '../automations/AutomationsCard';
import { FilesCard } from '../files/FilesCard';
import { GamingCard } from '../gaming/GamingCard';
import { GoogleCard } from '../google/GoogleCard';
import { AttentionPanel } from '../jarvis/AttentionPanel';
import { NetworkCard } from '../network/NetworkCard';
import { SmartHomeCard } from '../smarthome/SmartHomeCard';
import { BackupsCard } from '../sysbackup/BackupsCard';
import { CpuCard } from './CpuCard';
import { DiscordCard } from './DiscordCard';
import { DisksCard } from './DisksCard';
import { FeedPanel } from './FeedPanel';
import { MemoryCard } from './MemoryCard';
import { createMetricsFeed } from './metrics-feed';
import { RunnersCard } from './RunnersCard';
import { TemperaturesCard } from './TemperaturesCard';
import { ThroughputCard } from './ThroughputCard';

export default function OverviewPage() {
  usePageTitle('Overview');
  const feed = createMetricsFeed();

  return (
    <>
      <div class="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 class="text-2xl font-semibold text-ink">Overview</h1>
          <p class="text-sm text-ink-muted">
            <Show when={feed.latest()} fallback="Your server at a glance.">
              {(s) => `Up ${formatDuration(s().uptimeSeconds)}`}
            </Show>
          </p>
        </div>
        <LiveBadge state={feed.stream()} what="Metrics stream" />
      </div>
      <Boundary label="The attention panel">
        <AttentionPanel />
      </Boundary>
      <div class="grid gap-4 md:grid-cols-2 lg:grid-cols-3">
        {/* Without any sample yet, one notice says why instead of the same one in every card. */}
        <Show
          when={feed.latest() || feed.state() === 'loading'}
          fallback={
            <Card title="System metrics" icon="i-ph-chart-line" class="md:col-span-2 lg:col-span-3">
              <FeedPanel feed={feed}>{() => null}</FeedPanel>
            </Card>
          }
        >
          <Boundary label="The CPU panel">
            <CpuCard feed={feed} />
          </Boundary>
          <Boundary label="The memory panel">
            <MemoryCard feed={feed} />
          </Boundary>
          <Boundary label="The disks panel">
            <DisksCard feed={feed} />
          </Boundary>
          <Boundary label="The network panel">
            <ThroughputCard
              feed={feed}
              title="Network"
              icon="i-ph-arrows-down-up"
              series={[
                { key: 'rx', name: 'Received', class: 'text-cyan-300' },
                { key: 'tx', name: 'Sent', class: 'text-magenta-300' },
              ]}
            />
          </Boundary>
          <Boundary label="The disk I/O panel">
            <ThroughputCard
              feed={feed}
              title="Disk I/O"
              icon="i-ph-hard-drive"
              series={[
                { key: 'read', name: 'Read', class: 'text-violet-300' },
                { key: 'write', name: 'Write', class: 'text-warn-300' },
              ]}
            />
          </Boundary>
          <Boundary label="The temperatures panel">
            <TemperaturesCard feed={feed} />
          </Boundary>
        </Show>
        <Boundary label="The runners panel">
          <RunnersCard class="md:col-span-2 lg:col-span-3" />
        </Boundary>
        <Boundary label="The Discord bot panel">
          <DiscordCard class="md:col-span-2 lg:col-span-3" />
        </Boundary>
      </div>
      <section aria-labelledby="integrations-heading" class="flex flex-col gap-3">
        <h2 id="integrations-heading" class="text-lg font-semibold text-ink">
          Home and integrations
        </h2>
        {/* Each card says "not connected" on its own; one failing cannot blank the others. */}
        <div class="grid gap-4 md:grid-cols-2 lg:grid-cols-3">
          <Boundary label="The smart home panel">
            <SmartHomeCard />
          </Boundary>
          <Boundary label="The network view panel">
            <NetworkCard />
          </Boundary>
          <Boundary label="The game streaming panel">
            <GamingCard />
          </Boundary>
          <Boundary label="The Google panel">
            <GoogleCard />
          </Boundary>
          <Boundary label="The automations panel">
            <AutomationsCard />
          </Boundary>
          <Boundary label="The files panel">
            <FilesCard />
          </Boundary>
          <Boundary label="The backups panel">
            <BackupsCard />
          </Boundary>
        </div>
      </section>
    </>
  );
}
