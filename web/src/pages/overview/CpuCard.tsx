/** CPU at a glance: total usage gauge, load averages, one bar per core and the recent trend. */
import { For } from 'solid-js';
import { formatPercent } from '../../lib/format';
import { Card } from '../../ui/Card';
import { clamp, Gauge, level } from '../../ui/Meter';
import { Sparkline } from '../../ui/Sparkline';
import { FeedPanel } from './FeedPanel';
import type { MetricsFeed } from './metrics-feed';

const coreFill = { ok: 'bg-violet-400', warn: 'bg-warn-400', danger: 'bg-danger-400' } as const;

export function CpuCard(props: { feed: MetricsFeed }) {
  return (
    <Card title="CPU" icon="i-ph-cpu">
      <FeedPanel feed={props.feed}>
        {(sample) => (
          <div class="flex flex-col gap-4">
            <div class="flex flex-wrap items-center gap-6">
              <Gauge label="CPU usage" value={sample().cpu.percent} />
              <div class="flex flex-col gap-1 text-sm">
                <p class="text-ink-muted">Load average</p>
                <dl class="grid grid-cols-3 gap-x-4">
                  <For each={['1 min', '5 min', '15 min']}>
                    {(label, i) => (
                      // Value above its label visually; dt stays first for assistive technology.
                      <div class="flex flex-col-reverse">
                        <dt class="text-xs text-ink-muted">{label}</dt>
                        <dd class="text-lg font-semibold tabular-nums text-ink">
                          {(sample().load[i()] ?? 0).toFixed(2)}
                        </dd>
                      </div>
                    )}
                  </For>
                </dl>
              </div>
            </div>
            <div>
              <p class="mb-1 text-xs text-ink-muted">
                Per core ({sample().cpu.perCore.length} {sample().cpu.perCore.length === 1 ? 'core' : 'cores'}
                )
              </p>
              <div class="grid h-14 grid-cols-[repeat(auto-fit,minmax(6px,1fr))] items-end gap-1">
                <For each={sample().cpu.perCore}>
                  {(percent, i) => (
                    // biome-ignore lint/a11y/useSemanticElements: vertical bars; <meter> only draws horizontally without per-engine hacks
                    <div
                      role="meter"
                      aria-label={`Core ${i() + 1}`}
                      aria-valuemin={0}
                      aria-valuemax={100}
                      aria-valuenow={Math.round(clamp(percent))}
                      aria-valuetext={formatPercent(percent)}
                      title={`Core ${i() + 1}: ${formatPercent(percent)}`}
                      class="flex h-full items-end overflow-hidden rounded-sm bg-space-600/60"
                    >
                      <div
                        class={`w-full transition-[height] duration-700 ${coreFill[level(percent)]}`}
                        style={{ height: `${clamp(percent)}%` }}
                      />
                    </div>
                  )}
                </For>
              </div>
            </div>
            <Sparkline
              label="CPU usage trend"
              values={props.feed.points().map((p) => p.cpu)}
              max={100}
              format={formatPercent}
              class="text-violet-300"
            />
          </div>
        )}
      </FeedPanel>
    </Card>
  );
}
