/**
 * Listening ports: protocol, address and port, and who holds it (the container, linked to its
 * page, and the process). A filter box narrows the list; a select orders it.
 */
import type { ListeningPort } from '@homelab/db/network';
import { A } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { plural } from '../../lib/format';
import { Banner } from '../../ui/Banner';
import { Card } from '../../ui/Card';
import { DataTable } from '../../ui/DataTable';
import { SearchBox } from '../../ui/SearchBox';
import { endpoint, filterPorts, type PortOrder, sortPorts } from './ports';

const orders: { id: PortOrder; label: string }[] = [
  { id: 'port', label: 'Port' },
  { id: 'owner', label: 'Process or container' },
  { id: 'protocol', label: 'Protocol' },
];

function Owner(props: { port: ListeningPort }) {
  return (
    <div class="flex flex-col gap-0.5">
      <Show when={props.port.container}>
        {(c) => (
          <A href={`/docker/containers/${c().id}`} class="text-cyan-300 underline-offset-2 hover:underline">
            <span class="i-ph-cube mr-1 align-[-2px]" aria-hidden="true" />
            {c().name}
            <span class="sr-only"> (container)</span>
          </A>
        )}
      </Show>
      <Show
        when={props.port.process}
        fallback={
          <Show when={!props.port.container}>
            <span class="text-ink-muted">unknown</span>
          </Show>
        }
      >
        {(p) => (
          <span class="text-ink">
            {p().name} <span class="text-ink-muted">(pid {p().pid})</span>
          </span>
        )}
      </Show>
    </div>
  );
}

export function PortsPanel(props: { ports: readonly ListeningPort[]; complete: boolean; engine: string }) {
  const [filter, setFilter] = createSignal('');
  const [order, setOrder] = createSignal<PortOrder>('port');
  const shown = () => sortPorts(filterPorts(props.ports, filter()), order());
  return (
    <Card
      title="Listening ports"
      icon="i-ph-plugs"
      actions={
        <>
          <SearchBox label="Filter ports" value={filter()} onInput={setFilter} />
          <label class="flex items-center gap-2 text-sm text-ink-muted">
            Sort by
            <select
              class="input-field text-sm"
              value={order()}
              onChange={(e) => setOrder(e.currentTarget.value as PortOrder)}
            >
              {orders.map((o) => (
                <option value={o.id}>{o.label}</option>
              ))}
            </select>
          </label>
        </>
      }
    >
      <Show when={!props.complete}>
        <Banner tone="info" title="Some processes are hidden">
          The runners process may not look into other users' processes, so those ports say "unknown". Run the
          runners with the host's PID namespace and CAP_SYS_PTRACE to see them all.
        </Banner>
      </Show>
      <Show when={props.engine !== 'connected'}>
        <p class="text-sm text-ink-muted">
          The container engine is not reachable, so ports are matched to processes only.
        </p>
      </Show>
      <p class="text-sm text-ink-muted" aria-live="polite">
        {shown().length === props.ports.length
          ? plural(props.ports.length, 'port')
          : `${shown().length} of ${plural(props.ports.length, 'port')}`}
      </p>
      <Show
        when={shown().length > 0}
        fallback={
          <p class="text-sm text-ink-muted">
            {props.ports.length === 0 ? 'Nothing listens on this host.' : 'No port matches the filter.'}
          </p>
        }
      >
        <DataTable
          columns={[{ label: 'Protocol' }, { label: 'Address' }, { label: 'Held by' }, { label: 'Command' }]}
          items={shown()}
          minWidth="min-w-[44rem]"
        >
          {(port) => (
            <tr>
              <td class="px-3 py-2 uppercase text-ink-muted">{port.protocol}</td>
              <td class="px-3 py-2 font-mono text-ink">{endpoint(port)}</td>
              <td class="px-3 py-2">
                <Owner port={port} />
              </td>
              <td
                class="max-w-[24rem] truncate px-3 py-2 font-mono text-xs text-ink-muted"
                title={port.process?.command}
              >
                {port.process?.command || '—'}
              </td>
            </tr>
          )}
        </DataTable>
      </Show>
    </Card>
  );
}
