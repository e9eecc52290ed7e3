/** The network at a glance for mission control: public IP, traffic now, listening ports, names not pointing here. */
import type { NetworkOverview } from '@homelab/db/network';
import { createResource, Match, Show, Switch } from 'solid-js';
import { formatRate } from '../../lib/format';
import { pollMs, pollWhileVisible } from '../../lib/poll';
import { Card } from '../../ui/Card';
import { CardLink } from '../../ui/CardLink';
import { ErrorState } from '../../ui/ErrorState';
import { Skeleton } from '../../ui/Skeleton';
import { StatTile } from '../../ui/StatTile';
import { messageOf, outageOf } from '../docker/errors';
import { getNetworkOverview } from './api';

type Loaded = { overview: NetworkOverview; error?: undefined } | { overview?: undefined; error: unknown };

// The failure is part of the value, so a failed poll shows the error state instead of throwing.
const load = async (): Promise<Loaded> => {
  try {
    return { overview: await getNetworkOverview() };
  } catch (error) {
    return { error };
  }
};

/** Physical and bridge traffic; loopback and container veths would count the same bytes twice. */
const external = (o: NetworkOverview) => o.interfaces.filter((i) => i.name !== 'lo' && !/^veth/.test(i.name));

export function NetworkCard(props: { class?: string }) {
  const [state, { refetch }] = createResource(load);
  pollWhileVisible(() => refetch(), pollMs);
  return (
    <Card
      title="Network"
      icon="i-ph-network"
      class={props.class}
      actions={
        <CardLink href="/network" tone="cyan">
          Open network
        </CardLink>
      }
    >
      <Switch fallback={<Skeleton lines={3} label="Loading the network…" />}>
        <Match when={state.latest?.error !== undefined && state.latest?.error}>
          {(error) =>
            outageOf(error()) === 'runner' ? (
              <ErrorState
                title="Network runner not connected"
                message="Start the runners with the network runner enabled (it is on by default) and this card fills in by itself."
                icon="i-ph-plugs"
                announce={false}
              />
            ) : (
              <ErrorState
                title="Could not load the network"
                message={messageOf(error(), 'The server did not answer.')}
                onRetry={() => void refetch()}
                retrying={state.loading}
                announce={false}
              />
            )
          }
        </Match>
        <Match when={state.latest?.overview}>
          {(o) => {
            const mismatches = () => o().dns.filter((d) => !d.pointsHere).length;
            return (
              <>
                <dl class="grid grid-cols-2 gap-2">
                  <StatTile label="Public IP" value={o().publicIp?.ip ?? 'unknown'} />
                  <StatTile label="Listening ports" value={o().listening.length} />
                  <StatTile
                    label="Receiving"
                    value={formatRate(external(o()).reduce((s, i) => s + i.rxBytesPerSec, 0))}
                  />
                  <StatTile
                    label="Sending"
                    value={formatRate(external(o()).reduce((s, i) => s + i.txBytesPerSec, 0))}
                  />
                </dl>
                <Show
                  when={mismatches() > 0}
                  fallback={
                    <p class="text-sm text-ink-muted">
                      {o().dns.length > 0 ? 'Every checked name points here.' : 'No names to check yet.'}
                    </p>
                  }
                >
                  <p class="text-sm text-warn-300">
                    <span class="i-ph-warning mr-1 align-[-2px]" aria-hidden="true" />
                    {mismatches()} of {o().dns.length} names do not point at the public IP.
                  </p>
                </Show>
              </>
            );
          }}
        </Match>
      </Switch>
    </Card>
  );
}
