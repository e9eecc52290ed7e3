/** /docker/networks: networks with their subnets and members; create, remove and prune, each destructive step confirmed. */
import { createSignal, Show } from 'solid-js';
import { formatRelative, shortId } from '../../lib/format';
import { usePageTitle } from '../../lib/title';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { createConfirmation } from '../../ui/confirmation';
import { toast } from '../../ui/Toast';
import { listNetworks, pruneNetworks, removeNetwork } from './api';
import { CreateNetworkDialog } from './CreateNetworkDialog';
import { byName } from './containers';
import { DockerHeader } from './DockerHeader';
import { createDockerList } from './docker-list';
import { pruneSummary } from './prune';
import { RemoveButton } from './RemoveButton';
import { ResourceTable } from './ResourceTable';
import type { Network } from './types';
import { UsedBy } from './UsedBy';

/** The engine's own networks cannot be removed; offering the button would only earn an error. */
const builtInNetworks = new Set(['bridge', 'host', 'none', 'podman']);

export default function NetworksPage() {
  usePageTitle('Networks');
  const networks = createDockerList(listNetworks, { refreshOn: ['network', 'container'] });
  const [creating, setCreating] = createSignal(false);
  const removal = createConfirmation(async (network: Network) => {
    await removeNetwork(network.id);
    toast(`Network ${network.name} removed`);
    void networks.reload();
  }, 'Could not remove the network.');
  const pruning = createConfirmation(async () => {
    toast(pruneSummary(await pruneNetworks(), 'network', 'No unused networks', { freed: false }));
    void networks.reload();
  }, 'Could not prune networks.');

  return (
    <>
      <DockerHeader
        title="Networks"
        description="How containers reach each other and the outside world."
        actions={
          <>
            <Button size="sm" icon="i-ph-broom" onClick={() => pruning.open(true)}>
              Prune…
            </Button>
            <Button size="sm" variant="primary" icon="i-ph-plus" onClick={() => setCreating(true)}>
              Create network
            </Button>
          </>
        }
      />
      <ResourceTable
        title="Networks"
        icon="i-ph-share-network"
        list={networks}
        what="networks"
        empty={{ title: 'No networks', icon: 'i-ph-share-network' }}
        minWidth="min-w-[52rem]"
        columns={[
          { label: 'Name' },
          { label: 'Driver' },
          { label: 'Subnets' },
          { label: 'Created' },
          { label: 'Used by' },
          { label: 'Actions', hidden: true },
        ]}
        order={byName}
      >
        {(network) => (
          <tr>
            <th scope="row" class="py-2 pr-4 text-left font-normal">
              <div class="font-mono text-xs text-ink">{network.name}</div>
              <div class="font-mono text-xs text-ink-muted">{shortId(network.id)}</div>
            </th>
            <td class="py-2 pr-4">
              <span class="text-ink-muted">{network.driver}</span>{' '}
              <Show when={network.internal}>
                <Badge tone="info">internal</Badge>
              </Show>
            </td>
            <td class="py-2 pr-4 font-mono text-xs text-ink-muted">
              {network.subnets.length ? network.subnets.join(', ') : '—'}
            </td>
            <td class="whitespace-nowrap py-2 pr-4 text-ink-muted">
              {network.createdAt ? formatRelative(network.createdAt) : '—'}
            </td>
            <td class="py-2 pr-4">
              <UsedBy items={network.usedBy} />
            </td>
            <td class="py-2 text-right">
              <Show
                when={!builtInNetworks.has(network.name)}
                fallback={<span class="text-xs text-ink-muted">built in</span>}
              >
                <RemoveButton
                  label={`Remove network ${network.name}`}
                  onClick={() => removal.open(network)}
                />
              </Show>
            </td>
          </tr>
        )}
      </ResourceTable>

      <CreateNetworkDialog
        open={creating()}
        onClose={() => setCreating(false)}
        onCreated={() => void networks.reload()}
      />
      <ConfirmDialog
        {...removal.dialog}
        title={`Remove network ${removal.target()?.name ?? ''}?`}
        description={
          removal.target()?.usedBy.length
            ? `Containers are still attached (${removal
                .target()!
                .usedBy.map((c) => c.name)
                .join(', ')}); the engine refuses until they leave it.`
            : 'No container uses it. Containers that name it in their configuration will fail to start.'
        }
        confirmLabel="Remove network"
      />
      <ConfirmDialog
        {...pruning.dialog}
        title="Prune unused networks?"
        description="Removes every network no container is attached to (the built-in ones stay)."
        confirmLabel="Prune networks"
      />
    </>
  );
}
