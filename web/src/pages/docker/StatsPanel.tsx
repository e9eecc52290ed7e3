/** Live CPU, memory, network and block I/O of one container, drawn from its stats stream (about one sample a second). */
import { createEffect, createSignal, on, Show } from 'solid-js';
import { formatBytes, formatPercent, formatRate } from '../../lib/format';
import { createEventStream } from '../../lib/sse';
import { niceMax } from '../../ui/chart-path';
import { EmptyState } from '../../ui/EmptyState';
import { LineChart } from '../../ui/LineChart';
import { LiveBadge } from '../../ui/LiveBadge';
import { Meter } from '../../ui/Meter';
import { Skeleton } from '../../ui/Skeleton';
import { streamUrls } from './api';
import { pushPoint, type StatsPoint, statsWindow, toPoint } from './stats';
import type { ContainerStats } from './types';

function Panel(props: { title: string; children: import('solid-js').JSX.Element }) {
  return (
    <section class="flex flex-col gap-2 rounded-control border border-space-600/60 bg-space-800/40 p-4">
      <h3 class="text-sm font-semibold text-ink">{props.title}</h3>
      {props.children}
    </section>
  );
}

export function StatsPanel(props: { containerId: string; running: boolean }) {
  const [points, setPoints] = createSignal<StatsPoint[]>([]);
  let previous: ContainerStats | null = null;

  const stream = createEventStream({
    url: () => (props.running ? streamUrls.stats(props.containerId) : null),
    events: {
      stats: (data) => {
        const sample = data as ContainerStats;
        setPoints((list) => pushPoint(list, toPoint(previous, sample)));
        previous = sample;
      },
    },
  });
  createEffect(
    on(
      () => props.containerId,
      () => {
        previous = null;
        setPoints([]);
      },
      { defer: true },
    ),
  );

  const latest = () => points().at(-1);
  const series = (pick: (p: StatsPoint) => number) => points().map(pick);

  return (
    <Show
      when={props.running}
      fallback={
        <EmptyState title="Stats appear while the container runs" icon="i-ph-chart-line">
          Start it to see CPU, memory, network and disk activity live.
        </EmptyState>
      }
    >
      <div class="flex flex-col gap-4">
        <div class="flex items-center justify-between gap-2">
          <p class="text-sm text-ink-muted">
            CPU is measured against one core: 200 % means two cores fully busy.
          </p>
          <LiveBadge state={stream.state()} what="Stats stream" />
        </div>
        <Show when={latest()} fallback={<Skeleton lines={6} label="Waiting for the first sample…" />}>
          {(now) => (
            <div class="grid gap-4 md:grid-cols-2">
              <Panel title="CPU">
                <LineChart
                  label="CPU usage"
                  format={formatPercent}
                  slots={statsWindow}
                  max={niceMax(
                    series((p) => p.cpuPercent),
                    false,
                    100,
                  )}
                  series={[{ name: 'CPU', class: 'text-violet-300', values: series((p) => p.cpuPercent) }]}
                />
              </Panel>
              <Panel title="Memory">
                <Meter
                  label={now().memoryLimitBytes > 0 ? 'Memory of its limit' : 'Memory'}
                  value={now().memoryPercent}
                  valueText={
                    now().memoryLimitBytes > 0
                      ? `${formatBytes(now().memoryBytes)} of ${formatBytes(now().memoryLimitBytes)}`
                      : formatBytes(now().memoryBytes)
                  }
                />
                <LineChart
                  label="Memory used"
                  format={formatBytes}
                  binary
                  slots={statsWindow}
                  series={[{ name: 'Used', class: 'text-cyan-300', values: series((p) => p.memoryBytes) }]}
                />
              </Panel>
              <Panel title="Network">
                <LineChart
                  label="Network"
                  format={formatRate}
                  binary
                  slots={statsWindow}
                  series={[
                    { name: 'Received', class: 'text-cyan-300', values: series((p) => p.rxBps) },
                    { name: 'Sent', class: 'text-magenta-300', values: series((p) => p.txBps) },
                  ]}
                />
              </Panel>
              <Panel title="Block I/O">
                <LineChart
                  label="Block I/O"
                  format={formatRate}
                  binary
                  slots={statsWindow}
                  series={[
                    { name: 'Read', class: 'text-violet-300', values: series((p) => p.readBps) },
                    { name: 'Write', class: 'text-warn-300', values: series((p) => p.writeBps) },
                  ]}
                />
                <p class="text-xs text-ink-muted">{now().pids} processes</p>
              </Panel>
            </div>
          )}
        </Show>
      </div>
    </Show>
  );
}
