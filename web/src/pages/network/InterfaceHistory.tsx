/** One interface's throughput over the last hour, day or week, averaged by the API into buckets. */
import type { NetworkHistory, NetworkRange } from '@homelab/db/network';
import { createResource, createSignal, Match, Switch } from 'solid-js';
import { formatRate } from '../../lib/format';
import { pollWhileVisible } from '../../lib/poll';
import { ErrorState } from '../../ui/ErrorState';
import { LineChart } from '../../ui/LineChart';
import { Skeleton } from '../../ui/Skeleton';
import { Tabs } from '../../ui/Tabs';
import { messageOf } from '../docker/errors';
import { getNetworkHistory } from './api';

const ranges = [
  { id: '1h', label: '1 hour' },
  { id: '24h', label: '24 hours' },
  { id: '7d', label: '7 days' },
] as const satisfies readonly { id: NetworkRange; label: string }[];

export function InterfaceHistory(props: { iface: string }) {
  const [range, setRange] = createSignal<NetworkRange>('1h');
  const [history, { refetch }] = createResource(range, (r) => getNetworkHistory(props.iface, r));
  // A new point lands every 30 s on the hour view; longer views change too slowly to poll.
  pollWhileVisible(() => range() === '1h' && refetch(), 30_000);
  const points = (h: NetworkHistory) => h.points;

  return (
    <Tabs label={`${props.iface} history range`} tabs={ranges} selected={range()} onSelect={setRange}>
      {() => (
        <Switch>
          <Match when={history.error && !history.latest}>
            <ErrorState
              title="Could not load the history"
              message={messageOf(history.error, 'The server did not answer.')}
              onRetry={() => void refetch()}
              retrying={history.loading}
            />
          </Match>
          <Match when={history.latest}>
            {(h) =>
              points(h()).length === 0 ? (
                <p class="text-sm text-ink-muted">
                  No samples in this range yet; the network runner stores one every 10 seconds.
                </p>
              ) : (
                <LineChart
                  label={`${props.iface} throughput, ${ranges.find((r) => r.id === h().range)?.label}`}
                  binary
                  format={formatRate}
                  slots={Math.max(points(h()).length, 2)}
                  series={[
                    { name: 'Received', values: points(h()).map((p) => p.rx), class: 'text-cyan-300' },
                    { name: 'Sent', values: points(h()).map((p) => p.tx), class: 'text-violet-300' },
                  ]}
                />
              )
            }
          </Match>
          <Match when={true}>
            <Skeleton lines={3} label={`Loading ${props.iface} history…`} />
          </Match>
        </Switch>
      )}
    </Tabs>
  );
}
