/**
 * The overview's charts over its range, one point per UTC day (days off air are zeros): viewers,
 * chat, cumulative growth, and the top commands and chatters as ranked bars.
 */
import { BarList } from '../../ui/BarList';
import { LineChart } from '../../ui/LineChart';
import type { StatsOverview } from './api';

const number = (n: number) => Math.round(n).toLocaleString('en-US');
const dayLabel = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
const runningTotal = (values: readonly number[]) => {
  let sum = 0;
  return values.map((v) => {
    sum += v;
    return sum;
  });
};

export function RangeCharts(props: { overview: StatsOverview }) {
  const days = () => props.overview.days;
  const span = () => `${days().length} days`;
  const total = (pick: (d: StatsOverview['days'][number]) => number) =>
    days().reduce((n, d) => n + pick(d), 0);
  return (
    <div class="flex flex-col gap-4">
      <p class="text-xs text-ink-muted">
        {dayLabel(days()[0]?.day ?? '')} – {dayLabel(days().at(-1)?.day ?? '')}, per day in UTC
      </p>
      <div class="grid gap-6 md:grid-cols-2">
        <LineChart
          label={`Viewers per day over the last ${span()} (peak ${number(Math.max(0, ...days().map((d) => d.peakViewers)))})`}
          format={number}
          series={[
            { name: 'Average', values: days().map((d) => d.avgViewers ?? 0), class: 'text-cyan-300' },
            { name: 'Peak', values: days().map((d) => d.peakViewers), class: 'text-magenta-300' },
          ]}
        />
        <LineChart
          label={`Chat messages per day over the last ${span()} (${number(total((d) => d.messages))} in total)`}
          format={number}
          series={[{ name: 'Messages', values: days().map((d) => d.messages), class: 'text-violet-300' }]}
        />
        <LineChart
          label={`Chatters per day over the last ${span()}, counted in the busiest stream of the day`}
          format={number}
          series={[{ name: 'Chatters', values: days().map((d) => d.chatters), class: 'text-cyan-300' }]}
        />
        <LineChart
          label={`Growth over the last ${span()} (${number(total((d) => d.followers))} new followers, ${number(total((d) => d.subs))} new subs)`}
          format={number}
          series={[
            {
              name: 'Followers',
              values: runningTotal(days().map((d) => d.followers)),
              class: 'text-ok-300',
            },
            { name: 'Subs', values: runningTotal(days().map((d) => d.subs)), class: 'text-warn-300' },
          ]}
        />
      </div>
      <div class="grid gap-6 md:grid-cols-2">
        <BarList
          title="Top commands"
          items={props.overview.commands.map((c) => ({ label: `!${c.command}`, value: c.uses }))}
          format={(n) => `${number(n)} uses`}
          empty="No commands used."
        />
        <BarList
          title="Top chatters"
          items={props.overview.topChatters.map((c) => ({ label: c.userName, value: c.messages }))}
          format={(n) => `${number(n)} messages`}
          empty="No chat yet."
          barClass="bg-cyan-400"
        />
      </div>
    </div>
  );
}
