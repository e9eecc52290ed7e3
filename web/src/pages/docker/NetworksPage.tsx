/** /docker/networks: networks with their subnets and members; create, remove and prune, each destructive step confirmed. */
import { createSignal, For, Show } from 'solid-js';
import { formatRelative, plural, shortId } from '../../lib/format';
import { usePageTitle } from '../../lib/title';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { TableHead } from '../../ui/TableHead';
import { toast } from '../../ui/Toast';
import { listNetworks, pruneNetworks, removeNetwork } from './api';
import { CreateNetworkDialog } from './CreateNetworkDialog';
import { byName } from './containers';
import { DockerHeader } from './DockerHeader';
import { createDockerList } from './docker-list';
import { messageOf } from './errors';
import { ListPanel } from './ListPanel';
import type { Network } from './types';
import { UsedBy } from './UsedBy';

/** The engine's own networks cannot be removed; offering the button would only earn an error. */
const builtInNetworks = new Set(['bridge', 'host', 'none', 'podman']);

export default function NetworksPage() {
  usePageTitle('Networks');
  const networks = createDockerList(listNetworks, { refreshOn: ['network', 'container'] });
  const [creating, setCreating] = createSignal(false);
  const [removing, setRemoving] = createSignal<Network | null>(null);
  const [pruning, setPruning] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  const remove = async () => {
    const network = removing();
    if (!network) return;
    setBusy(true);
    setError(null);
    try {
      await removeNetwork(network.id);
      toast(`Network ${network.name} removed`);
      setRemoving(null);
      void networks.reload();
    } catch (caught) {
      setError(messageOf(caught, 'Could not remove the network.'));
    } finally {
      setBusy(false);
    }
  };

  const prune = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await pruneNetworks();
      toast(
        result.removed.length ? `Removed ${plural(result.removed.length, 'network')}` : 'No unused networks',
      );
      setPruning(false);
      void networks.reload();
    } catch (caught) {
      setError(messageOf(caught, 'Could not prune networks.'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <DockerHeader
        title="Networks"
        description="How containers reach each other and the outside world."
        actions={
          <>
            <Button
              size="sm"
              icon="i-ph-broom"
              onClick={() => {
                setError(null);
                setPruning(true);
              }}
            >
              Prune…
            </Button>
            <Button size="sm" variant="primary" icon="i-ph-plus" onClick={() => setCreating(true)}>
              Create network
            </Button>
          </>
        }
      />
      <Card title="Networks" icon="i-ph-share-network">
        <ListPanel
          list={networks}
          what="networks"
          empty={{ title: 'No networks', icon: 'i-ph-share-network' }}
        >
          {(items) => (
            <div class="overflow-x-auto">
              <table class="w-full min-w-[52rem] text-left text-sm">
                <TableHead
                  columns={[
                    { label: 'Name' },
                    { label: 'Driver' },
                    { label: 'Subnets' },
                    { label: 'Created' },
                    { label: 'Used by' },
                    { label: 'Actions', hidden: true },
                  ]}
                />
                <tbody class="divide-y divide-space-600/60">
                  <For each={[...items].sort(byName)}>
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
                            <Button
                              size="sm"
                              variant="danger"
                              icon="i-ph-trash"
                              aria-label={`Remove network ${network.name}`}
                              onClick={() => {
                                setError(null);
                                setRemoving(network);
                              }}
                            >
                              Remove
                            </Button>
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          )}
        </ListPanel>
      </Card>

      <CreateNetworkDialog
        open={creating()}
        onClose={() => setCreating(false)}
        onCreated={() => void networks.reload()}
      />
      <ConfirmDialog
        open={removing() !== null}
        title={`Remove network ${removing()?.name ?? ''}?`}
        description={
          removing()?.usedBy.length
            ? `Containers are still attached (${removing()!
                .usedBy.map((c) => c.name)
                .join(', ')}); the engine refuses until they leave it.`
            : 'No container uses it. Containers that name it in their configuration will fail to start.'
        }
        confirmLabel="Remove network"
        busy={busy()}
        error={error()}
        onConfirm={() => void remove()}
        onCancel={() => setRemoving(null)}
      />
      <ConfirmDialog
        open={pruning()}
        title="Prune unused networks?"
        description="Removes every network no container is attached to (the built-in ones stay)."
        confirmLabel="Prune networks"
        busy={busy()}
        error={error()}
        onConfirm={() => void prune()}
        onCancel={() => setPruning(false)}
      />
    </>
  );
}
