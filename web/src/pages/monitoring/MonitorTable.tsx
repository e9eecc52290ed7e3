/**
 * All monitors in one table, a `<tbody>` per group: state, uptime over 24 h and 30 days, the
 * last latency with a tiny sparkline of the latencies seen since the page opened, and the age of
 * the last check, ticking. Everything comes from the one list the page holds: no row fetches
 * anything, so a thousand monitors cost one request.
 */
import { A } from '@solidjs/router';
import { type Accessor, createMemo, For, Show } from 'solid-js';
import type { Selection } from '../../lib/selection';
import { Sparkline } from '../../ui/Sparkline';
import { TableHead } from '../../ui/TableHead';
import { formatAgo, formatLatency, formatUptimeRatio, type MonitorGroup } from './monitors';
import { StateBadge } from './StateBadge';
import type { Monitor } from './types';

export interface MonitorTableProps {
  groups: readonly MonitorGroup[];
  latencies: Readonly<Record<string, number[] | undefined>>;
  selection: Selection;
  now: Accessor<number>;
}

const columns = [
  { label: 'Monitor' },
  { label: 'State' },
  { label: 'Uptime 24 h' },
  { label: 'Uptime 30 d' },
  { label: 'Latency' },
  { label: 'Last check' },
];

function MonitorRow(props: {
  monitor: Monitor;
  latencies: readonly number[] | undefined;
  selected: boolean;
  onSelect: (on: boolean) => void;
  now: Accessor<number>;
}) {
  const m = () => props.monitor;
  return (
    <tr>
      <td class="w-8 py-2 pr-2">
        <input
          type="checkbox"
          class="h-4 w-4 accent-violet-500"
          aria-label={`Select ${m().name}`}
          checked={props.selected}
          onChange={(event) => props.onSelect(event.currentTarget.checked)}
        />
      </td>
      <th scope="row" class="py-2 pr-4 text-left font-normal">
        <A href={`/monitoring/${encodeURIComponent(m().id)}`} class="font-medium text-ink hover:underline">
          {m().name}
        </A>
        <div class="text-xs text-ink-muted">
          {m().type}
          <Show when={m().tags.length}> · {m().tags.join(', ')}</Show>
        </div>
      </th>
      <td class="py-2 pr-4" title={m().lastMessage ?? undefined}>
        <StateBadge state={m().state} />
      </td>
      <td class="py-2 pr-4 tabular-nums text-ink">{formatUptimeRatio(m().uptime.day)}</td>
      <td class="py-2 pr-4 tabular-nums text-ink">{formatUptimeRatio(m().uptime.month)}</td>
      <td class="py-2 pr-4">
        <div class="flex items-center gap-2">
          <span class="w-16 tabular-nums text-ink">{formatLatency(m().lastLatencyMs)}</span>
          <Show when={(props.latencies?.length ?? 0) > 1}>
            <div class="w-16">
              <Sparkline
                values={props.latencies!}
                label={`${m().name} latency`}
                format={formatLatency}
                class="text-cyan-300"
              />
            </div>
          </Show>
        </div>
      </td>
      <td class="whitespace-nowrap py-2 tabular-nums text-ink-muted">
        {formatAgo(m().lastCheckAt, props.now())}
      </td>
    </tr>
  );
}

export function MonitorTable(props: MonitorTableProps) {
  // A set, so each of a thousand rows asks "am I selected?" in constant time.
  const selected = createMemo(() => new Set(props.selection.selected()));
  const byKey = createMemo(() => new Map(props.groups.map((g) => [g.key, g])));
  const keys = createMemo(() => props.groups.map((g) => g.key), undefined, {
    equals: (a, b) => a.length === b.length && a.every((k, i) => k === b[i]),
  });
  return (
    <div class="overflow-x-auto">
      <table class="w-full min-w-[52rem] text-left text-sm">
        <caption class="sr-only">
          Monitors, grouped; each row a monitor with its state, uptime and latency
        </caption>
        <TableHead
          columns={columns}
          leading={
            <input
              type="checkbox"
              class="h-4 w-4 accent-violet-500"
              aria-label="Select all shown monitors"
              checked={props.selection.all()}
              onChange={(event) => props.selection.setAll(event.currentTarget.checked)}
            />
          }
        />
        {/* Keyed by the group's name, so a live update redraws its one row, not every group. */}
        <For each={keys()}>
          {(key) => {
            const group = () => byKey().get(key)!;
            const down = () => group().monitors.filter((m) => m.state === 'down').length;
            return (
              <tbody class="divide-y divide-space-600/60">
                <tr>
                  <th
                    scope="colgroup"
                    colSpan={columns.length + 1}
                    class="pt-4 pb-1 text-left text-xs font-semibold uppercase tracking-wide text-violet-300"
                  >
                    {group().label}{' '}
                    <span class="font-normal normal-case text-ink-muted">
                      ({group().monitors.length}
                      <Show when={down()}>, {down()} down</Show>)
                    </span>
                  </th>
                </tr>
                <For each={group().monitors}>
                  {(monitor) => (
                    <MonitorRow
                      monitor={monitor}
                      latencies={props.latencies[monitor.id]}
                      selected={selected().has(monitor.id)}
                      onSelect={(on) => props.selection.toggle(monitor.id, on)}
                      now={props.now}
                    />
                  )}
                </For>
              </tbody>
            );
          }}
        </For>
      </table>
    </div>
  );
}
