/**
 * Ninety days at a glance: one thin bar per day, coloured and sized by how much of it was up. The
 * picture is summarised in words (uptime and the days with trouble) for screen readers and for
 * anyone who cannot tell the colours apart; each bar's tooltip names its day.
 */
import { For } from 'solid-js';
import { barsUptime, formatUptimeRatio, type UptimeBar } from './monitors';

const barClass: Record<UptimeBar['look'], string> = {
  up: 'bg-ok-400 h-full',
  partial: 'bg-warn-400 h-3/4',
  down: 'bg-danger-400 h-1/2',
  none: 'bg-space-600 h-1/4',
};

const barText = (bar: UptimeBar) =>
  bar.ratio === null
    ? `${bar.day}: no checks`
    : `${bar.day}: ${formatUptimeRatio(bar.ratio)} up${bar.checks ? ` (${bar.upChecks} of ${bar.checks} checks)` : ''}`;

export function UptimeBars(props: { bars: readonly UptimeBar[]; label: string }) {
  const summary = () => {
    const uptime = barsUptime(props.bars);
    if (uptime === null) return `${props.label}: no checks in the last ${props.bars.length} days`;
    const bad = props.bars.filter((bar) => bar.look === 'down' || bar.look === 'partial').length;
    return `${props.label}: ${formatUptimeRatio(uptime)} up over ${props.bars.length} days, ${
      bad === 0 ? 'no days' : bad === 1 ? '1 day' : `${bad} days`
    } with downtime`;
  };
  return (
    <div class="flex flex-col gap-1">
      <div role="img" aria-label={summary()} class="flex h-8 items-end gap-px">
        <For each={props.bars}>
          {(bar) => <span title={barText(bar)} class={`min-w-0.5 flex-1 rounded-sm ${barClass[bar.look]}`} />}
        </For>
      </div>
      <div class="flex justify-between text-xs text-ink-muted" aria-hidden="true">
        <span>{props.bars.length} days ago</span>
        <span>Today</span>
      </div>
      <p class="text-xs text-ink-muted">{summary().replace(`${props.label}: `, '')}</p>
    </div>
  );
}
