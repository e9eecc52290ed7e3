/**
 * One card per interface: state, addresses and link facts, the throughput right now (the page
 * polls), totals and errors, and its history. Container veths are folded away by default: there
 * is one per running container and they repeat traffic the bridge already shows.
 */
import type { NetworkInterface } from '@homelab/db/network';
import { createSignal, For, Show } from 'solid-js';
import { formatBytes, formatRate } from '../../lib/format';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { InterfaceHistory } from './InterfaceHistory';

const isContainerLink = (i: NetworkInterface) => /^veth/.test(i.name);

const stateTone = { up: 'ok', down: 'danger', unknown: 'neutral' } as const;

function Fact(props: { label: string; value: string }) {
  return (
    <div class="flex flex-col">
      <dt class="text-xs text-ink-muted">{props.label}</dt>
      <dd class="tabular-nums text-ink">{props.value}</dd>
    </div>
  );
}

function InterfaceCard(props: { iface: NetworkInterface }) {
  const i = () => props.iface;
  return (
    <Card
      title={i().name}
      icon="i-ph-network"
      actions={
        <Badge tone={stateTone[i().state]} icon={i().state === 'up' ? 'i-ph-arrow-circle-up' : undefined}>
          {i().state}
        </Badge>
      }
    >
      <dl class="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
        <Fact label="Receiving" value={formatRate(i().rxBytesPerSec)} />
        <Fact label="Sending" value={formatRate(i().txBytesPerSec)} />
        <Fact label="Received in total" value={formatBytes(i().rxTotal)} />
        <Fact label="Sent in total" value={formatBytes(i().txTotal)} />
        <Fact label="Addresses" value={i().addresses.join(', ') || 'none'} />
        <Fact label="MAC" value={i().mac ?? 'none'} />
        <Fact
          label="MTU · speed"
          value={`${i().mtu ?? '?'} · ${i().speedMbps === null ? 'unknown' : `${i().speedMbps} Mb/s`}`}
        />
        <Fact label="Errors (rx / tx)" value={`${i().errors.rx} / ${i().errors.tx}`} />
      </dl>
      <Show when={i().errors.rx + i().errors.tx > 0}>
        <p class="text-sm text-warn-300">
          This interface has counted errors since it came up; a bad cable or duplex mismatch is the usual
          cause.
        </p>
      </Show>
      <InterfaceHistory iface={i().name} />
    </Card>
  );
}

export function InterfacesPanel(props: { interfaces: readonly NetworkInterface[] }) {
  const [showLinks, setShowLinks] = createSignal(false);
  const links = () => props.interfaces.filter(isContainerLink);
  const shown = () => props.interfaces.filter((i) => showLinks() || !isContainerLink(i));
  return (
    <div class="flex flex-col gap-4">
      <Show when={props.interfaces.length === 0}>
        <p class="text-sm text-ink-muted">No network interfaces could be read from this host.</p>
      </Show>
      <div class="grid gap-4 xl:grid-cols-2">
        <For each={shown()}>{(iface) => <InterfaceCard iface={iface} />}</For>
      </div>
      <Show when={links().length > 0}>
        <div>
          <Button variant="ghost" onClick={() => setShowLinks(!showLinks())} aria-expanded={showLinks()}>
            {showLinks() ? 'Hide' : 'Show'} {links().length} container links
          </Button>
        </div>
      </Show>
    </div>
  );
}
