/**
 * Stream stats: what is on air now (polled while the tab is visible), totals and charts of the last
 * 7, 30 or 90 days, past streams compared, and one stream's viewers and chat over time with its top
 * chatters and commands.
 */
import { createResource, createSignal, For, Show } from 'solid-js';
import { pollWhileVisible } from '../../lib/poll';
import { Card } from '../../ui/Card';
import { LineChart } from '../../ui/LineChart';
import { LoadState } from '../../ui/LoadState';
import { PageHeader } from '../../ui/PageHeader';
import { getLive, getOverview, getSession, listSessions, type StreamSummary } from './api';
import { RangeCharts } from './RangeCharts';
import { RangePicker, type StatsRange } from './RangePicker';
import { StreamComparison } from './StreamComparison';

const livePollMs = 30_000;
const number = (n: number | null) => (n === null ? '—' : n.toLocaleString('en-US'));
const when = (iso: string) =>
  new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
const duration = (from: string, to: string | null) => {
  const minutes = Math.round(((to ? Date.parse(to) : Date.now()) - Date.parse(from)) / 60_000);
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
};

function loadable<T>(resource: ReturnType<typeof createResource<T>>) {
  const [value, { refetch }] = resource;
  return {
    value: () => (value.error ? undefined : value.latest),
    error: () => value.error,
    loading: () => value.loading,
    reload: () => refetch(),
  };
}

function TopTables(props: { summary: StreamSummary }) {
  return (
    <div class="grid gap-4 md:grid-cols-2">
      <table class="w-full text-sm">
        <caption class="text-left font-medium text-ink">Top chatters</caption>
        <thead>
          <tr class="text-left text-ink-muted">
            <th scope="col">Chatter</th>
            <th scope="col" class="text-right">
              Messages
            </th>
          </tr>
        </thead>
        <tbody>
          <For
            each={props.summary.topChatters}
            fallback={
              <tr>
                <td colSpan={2}>No chat yet.</td>
              </tr>
            }
          >
            {(c) => (
              <tr>
                <td>{c.userName}</td>
                <td class="text-right">{number(c.messages)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <table class="w-full text-sm">
        <caption class="text-left font-medium text-ink">Commands</caption>
        <thead>
          <tr class="text-left text-ink-muted">
            <th scope="col">Command</th>
            <th scope="col" class="text-right">
              Uses
            </th>
          </tr>
        </thead>
        <tbody>
          <For
            each={props.summary.commands}
            fallback={
              <tr>
                <td colSpan={2}>No commands used.</td>
              </tr>
            }
          >
            {(c) => (
              <tr>
                <td>!{c.command}</td>
                <td class="text-right">{number(c.uses)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

function SessionDetail(props: { id: string }) {
  const load = loadable(createResource(() => props.id, getSession));
  return (
    <LoadState load={load} what="this stream" isEmpty={() => false}>
      {(detail) => (
        <div class="flex flex-col gap-4">
          <LineChart
            label="Viewers"
            series={[
              { name: 'Viewers', values: detail.samples.map((s) => s.viewers ?? 0), class: 'text-cyan-300' },
            ]}
            format={(v) => number(Math.round(v))}
          />
          <LineChart
            label="Messages per minute"
            series={[
              {
                name: 'Messages/min',
                values: detail.samples.map((s) => s.messages),
                class: 'text-violet-300',
              },
            ]}
            format={(v) => number(Math.round(v))}
          />
          <TopTables summary={detail.summary} />
        </div>
      )}
    </LoadState>
  );
}

export default function StatsPage() {
  const live = loadable(createResource(getLive));
  const [days, setDays] = createSignal<StatsRange>(30);
  const overview = loadable(createResource(days, getOverview));
  const sessions = loadable(createResource(() => listSessions()));
  const [selected, setSelected] = createSignal<string | null>(null);
  pollWhileVisible(live.reload, livePollMs);

  const totals = () => {
    const days = overview.value()?.days ?? [];
    return {
      streams: days.reduce((n, d) => n + d.streams, 0),
      hours: days.reduce((n, d) => n + d.hours, 0),
      peak: days.reduce((n, d) => Math.max(n, d.peakViewers), 0),
      messages: days.reduce((n, d) => n + d.messages, 0),
      followers: days.reduce((n, d) => n + d.followers, 0),
      subs: days.reduce((n, d) => n + d.subs, 0),
    };
  };

  return (
    <div class="flex flex-col gap-4">
      <PageHeader title="Stream stats" description="Viewers, chat and new followers for every stream." />
      <Card title="Live now" icon="i-ph-broadcast">
        <LoadState
          load={live}
          what="live streams"
          empty={{ title: 'Not live', icon: 'i-ph-moon', body: 'Numbers show here while you stream.' }}
        >
          {(list) => (
            <ul class="grid gap-3 md:grid-cols-3">
              <For each={list}>
                {(s) => (
                  <li class="rounded-lg bg-white/5 p-3" aria-label={`Live on ${s.platform}`}>
                    <p class="font-medium text-ink">{s.title ?? 'Untitled stream'}</p>
                    <p class="text-sm text-ink-muted">
                      {s.platform} · {duration(s.startedAt, null)}
                    </p>
                    <dl class="mt-2 grid grid-cols-3 gap-2 text-sm">
                      <div>
                        <dt class="text-ink-muted">Viewers</dt>
                        <dd>{number(s.latest?.viewers ?? null)}</dd>
                      </div>
                      <div>
                        <dt class="text-ink-muted">Messages/min</dt>
                        <dd>{number(s.latest?.messages ?? 0)}</dd>
                      </div>
                      <div>
                        <dt class="text-ink-muted">Chatters</dt>
                        <dd>{number(s.chatters)}</dd>
                      </div>
                    </dl>
                  </li>
                )}
              </For>
            </ul>
          )}
        </LoadState>
      </Card>
      <Card
        title={`Last ${days()} days`}
        icon="i-ph-chart-line"
        actions={<RangePicker selected={days()} onSelect={setDays} />}
      >
        <LoadState
          load={overview}
          what="overview"
          isEmpty={(o) => o.days.every((d) => d.streams === 0)}
          empty={{
            // The days shown, not the range picked: the old range stays on screen while the new one loads.
            title: `No streams in the last ${overview.value()?.days.length ?? days()} days`,
            icon: 'i-ph-chart-line',
            body: 'Pick a longer range, or go live: each day you stream shows here.',
          }}
        >
          {(o) => (
            <div class="flex flex-col gap-4">
              <dl class="grid grid-cols-2 gap-3 md:grid-cols-6 text-sm">
                <div>
                  <dt class="text-ink-muted">Streams</dt>
                  <dd>{number(totals().streams)}</dd>
                </div>
                <div>
                  <dt class="text-ink-muted">Hours</dt>
                  <dd>{totals().hours.toFixed(1)}</dd>
                </div>
                <div>
                  <dt class="text-ink-muted">Peak viewers</dt>
                  <dd>{number(totals().peak)}</dd>
                </div>
                <div>
                  <dt class="text-ink-muted">Messages</dt>
                  <dd>{number(totals().messages)}</dd>
                </div>
                <div>
                  <dt class="text-ink-muted">Followers</dt>
                  <dd>{number(totals().followers)}</dd>
                </div>
                <div>
                  <dt class="text-ink-muted">Subs</dt>
                  <dd>{number(totals().subs)}</dd>
                </div>
              </dl>
              <RangeCharts overview={o} />
            </div>
          )}
        </LoadState>
      </Card>
      <Card title="Streams" icon="i-ph-list">
        <LoadState
          load={sessions}
          what="streams"
          isEmpty={(v) => v.sessions.length === 0}
          empty={{
            title: 'No streams yet',
            icon: 'i-ph-video-camera',
            body: 'Your first stream shows here once it starts.',
          }}
        >
          {(page) => (
            <div class="flex flex-col gap-4">
              <StreamComparison sessions={page.sessions} />
              <ul class="flex flex-col gap-1">
                <For each={page.sessions}>
                  {(s) => (
                    <li>
                      <button
                        type="button"
                        class="w-full rounded px-2 py-1 text-left hover:bg-white/5 focus-visible:outline-2"
                        aria-expanded={selected() === s.id}
                        onClick={() => setSelected(selected() === s.id ? null : s.id)}
                      >
                        {when(s.startedAt)} · {s.title ?? 'Untitled'} · {duration(s.startedAt, s.endedAt)} ·
                        peak {number(s.peakViewers)} · {number(s.messages)} messages
                      </button>
                      <Show when={selected() === s.id}>
                        <div class="p-2">
                          <SessionDetail id={s.id} />
                        </div>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
            </div>
          )}
        </LoadState>
      </Card>
    </div>
  );
}
