/**
 * /desk/:guildId/analytics: how fast the guild's staff answer and resolve, what is waiting, how
 * members rate the help, where tickets come from and when; over the last 7, 30 or 90 days.
 */
import { createEffect, createSignal, For, type JSX, on, Show } from 'solid-js';
import { usePageTitle } from '../../lib/title';
import { Card } from '../../ui/Card';
import { DataTable } from '../../ui/DataTable';
import { Disclosure } from '../../ui/Disclosure';
import { SelectField } from '../../ui/Field';
import { LoadState } from '../../ui/LoadState';
import { Meter } from '../../ui/Meter';
import { PageHeader } from '../../ui/PageHeader';
import { createLoaded } from '../monitoring/load';
import { getAnalytics } from './api';
import { InGuild } from './InGuild';
import { formatMinutes } from './labels';
import type { Analytics, DeskGuild } from './types';

const ranges = [
  { value: '7', label: 'Last 7 days' },
  { value: '30', label: 'Last 30 days' },
  { value: '90', label: 'Last 90 days' },
] as const;

export default function AnalyticsPage() {
  return <InGuild>{(guild) => <GuildAnalytics guild={guild} />}</InGuild>;
}

function GuildAnalytics(props: { guild: DeskGuild }) {
  usePageTitle(() => `Analytics · ${props.guild.name}`);
  const [days, setDays] = createSignal('30');
  const stats = createLoaded(() => getAnalytics(props.guild.guildId, Number(days())));
  createEffect(on(days, () => void stats.reload(), { defer: true }));

  return (
    <div class="flex flex-col gap-4">
      <PageHeader
        title="Analytics"
        description={`How support goes in ${props.guild.name}.`}
        actions={<SelectField label="Range" value={days()} options={ranges} onChange={setDays} />}
      />
      <LoadState load={stats} what="analytics" lines={8}>
        {(data: Analytics) => {
          const a = () => stats.value() ?? data;
          return (
            <div class="flex flex-col gap-4">
              <div class="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
                <Stat title="First response" icon="i-ph-lightning">
                  <Pair label="Median" value={formatMinutes(a().firstResponse.medianMinutes)} />
                  <Pair label="90th percentile" value={formatMinutes(a().firstResponse.p90Minutes)} />
                </Stat>
                <Stat title="Resolution" icon="i-ph-check-circle">
                  <Pair label="Median" value={formatMinutes(a().resolution.medianMinutes)} />
                  <Pair label="90th percentile" value={formatMinutes(a().resolution.p90Minutes)} />
                </Stat>
                <Stat title="Backlog" icon="i-ph-tray">
                  <Pair label="Open" value={String(a().backlog.open)} />
                  <Pair label="Awaiting user" value={String(a().backlog.awaitingUser)} />
                  <Pair label="Unclaimed" value={String(a().backlog.unclaimed)} />
                </Stat>
                <Stat title="SLA breaches" icon="i-ph-alarm">
                  <Pair label="First response" value={String(a().sla.breachedFirstResponse)} />
                  <Pair label="Resolution" value={String(a().sla.breachedResolution)} />
                </Stat>
              </div>
              <div class="grid gap-4 lg:grid-cols-3">
                <Card title="Ratings" icon="i-ph-star">
                  <Show
                    when={a().ratings.count > 0}
                    fallback={<p class="text-sm text-ink-muted">No ratings in this range yet.</p>}
                  >
                    <p class="text-sm text-ink">
                      <span class="text-2xl font-semibold">{a().ratings.average?.toFixed(2) ?? '—'}</span> of
                      5, from {a().ratings.count} {a().ratings.count === 1 ? 'rating' : 'ratings'}
                    </p>
                    <div class="flex flex-col gap-2">
                      <For each={[5, 4, 3, 2, 1]}>
                        {(stars) => {
                          const n = () => a().ratings.distribution[stars - 1] ?? 0;
                          return (
                            <Meter
                              label={`${stars} ${stars === 1 ? 'star' : 'stars'}`}
                              value={(n() / a().ratings.count) * 100}
                              valueText={`${n()} (${Math.round((n() / a().ratings.count) * 100)}%)`}
                            />
                          );
                        }}
                      </For>
                    </div>
                  </Show>
                </Card>
                <Card title="By category" icon="i-ph-folders">
                  <CountTable
                    empty="No tickets in this range."
                    columns={[{ label: 'Category' }, { label: 'Tickets', class: 'text-right' }]}
                    rows={a().byCategory.map((c) => [c.name, c.count])}
                  />
                </Card>
                <Card title="By staff" icon="i-ph-users">
                  <CountTable
                    empty="Nobody claimed a ticket in this range."
                    columns={[
                      { label: 'Staff' },
                      { label: 'Claimed', class: 'text-right' },
                      { label: 'Closed', class: 'text-right' },
                    ]}
                    rows={a().byStaff.map((s) => [s.name, s.claimed, s.closed])}
                  />
                </Card>
              </div>
              <Card title="Busiest hours" icon="i-ph-clock">
                <BusiestHours counts={a().busiestHours} />
              </Card>
            </div>
          );
        }}
      </LoadState>
    </div>
  );
}

function Stat(props: { title: string; icon: string; children: JSX.Element }) {
  return (
    <Card title={props.title} icon={props.icon}>
      <dl class="flex flex-col gap-1">{props.children}</dl>
    </Card>
  );
}

function Pair(props: { label: string; value: string }) {
  return (
    <div class="flex items-baseline justify-between gap-2 text-sm">
      <dt class="text-ink-muted">{props.label}</dt>
      <dd class="text-lg font-semibold tabular-nums text-ink">{props.value}</dd>
    </div>
  );
}

function CountTable(props: {
  columns: { label: string; class?: string }[];
  rows: (string | number)[][];
  empty: string;
}) {
  return (
    <Show when={props.rows.length > 0} fallback={<p class="text-sm text-ink-muted">{props.empty}</p>}>
      <DataTable columns={props.columns} items={props.rows} minWidth="min-w-0">
        {(row) => (
          <tr>
            <For each={row}>
              {(cell, i) => (
                <td
                  class={`py-1.5 ${i() === 0 ? 'pr-4 text-ink' : 'text-right tabular-nums text-ink-muted'}`}
                >
                  {cell}
                </td>
              )}
            </For>
          </tr>
        )}
      </DataTable>
    </Show>
  );
}

const hourLabel = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

/** 24 bars in the guild's time zone; each names its hour and count, and a table says the same. */
function BusiestHours(props: { counts: readonly number[] }) {
  const max = () => Math.max(1, ...props.counts);
  const total = () => props.counts.reduce((sum, n) => sum + n, 0);
  return (
    <Show
      when={total() > 0}
      fallback={<p class="text-sm text-ink-muted">No tickets opened in this range.</p>}
    >
      <ul class="flex h-40 items-end gap-1" aria-label="Tickets opened per hour of day, guild time">
        <For each={props.counts}>
          {(count, hour) => (
            <li
              class="flex h-full flex-1 flex-col items-center justify-end gap-1"
              title={`${hourLabel(hour())}: ${count}`}
            >
              <span class="sr-only">
                {hourLabel(hour())}: {count} {count === 1 ? 'ticket' : 'tickets'}
              </span>
              <span
                class="w-full rounded-t bg-violet-400"
                style={{ height: `${(count / max()) * 100}%`, 'min-height': count > 0 ? '2px' : '0' }}
                aria-hidden="true"
              />
              <span class="text-[0.6rem] tabular-nums text-ink-muted" aria-hidden="true">
                {hour() % 3 === 0 ? String(hour()).padStart(2, '0') : ''}
              </span>
            </li>
          )}
        </For>
      </ul>
      <Disclosure label="Show as a table">
        <DataTable
          columns={[{ label: 'Hour' }, { label: 'Tickets opened', class: 'text-right' }]}
          items={props.counts.map((count, hour) => ({ hour, count }))}
          minWidth="min-w-0"
        >
          {(row) => (
            <tr>
              <td class="py-1 pr-4 tabular-nums text-ink">{hourLabel(row.hour)}</td>
              <td class="py-1 text-right tabular-nums text-ink-muted">{row.count}</td>
            </tr>
          )}
        </DataTable>
      </Disclosure>
    </Show>
  );
}
