/** /docker/volumes: named volumes and who uses them; create, remove and prune, each destructive step confirmed. */
import { createSignal, For, Show } from 'solid-js';
import { formatBytes, formatRelative, plural } from '../../lib/format';
import { usePageTitle } from '../../lib/title';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { TableHead } from '../../ui/TableHead';
import { toast } from '../../ui/Toast';
import { listVolumes, pruneVolumes, removeVolume } from './api';
import { CreateVolumeDialog } from './CreateVolumeDialog';
import { byName } from './containers';
import { DockerHeader } from './DockerHeader';
import { createDockerList } from './docker-list';
import { messageOf } from './errors';
import { ListPanel } from './ListPanel';
import type { Volume } from './types';
import { UsedBy } from './UsedBy';

export default function VolumesPage() {
  usePageTitle('Volumes');
  const volumes = createDockerList(listVolumes, { refreshOn: ['volume', 'container'] });
  const [creating, setCreating] = createSignal(false);
  const [removing, setRemoving] = createSignal<Volume | null>(null);
  const [pruning, setPruning] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  const remove = async () => {
    const volume = removing();
    if (!volume) return;
    setBusy(true);
    setError(null);
    try {
      await removeVolume(volume.name);
      toast(`Volume ${volume.name} removed`);
      setRemoving(null);
      void volumes.reload();
    } catch (caught) {
      setError(messageOf(caught, 'Could not remove the volume.'));
    } finally {
      setBusy(false);
    }
  };

  const prune = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await pruneVolumes();
      toast(
        result.removed.length
          ? `Removed ${plural(result.removed.length, 'volume')}, ${formatBytes(result.reclaimedBytes)} freed`
          : 'No unused volumes to remove',
      );
      setPruning(false);
      void volumes.reload();
    } catch (caught) {
      setError(messageOf(caught, 'Could not prune volumes.'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <DockerHeader
        title="Volumes"
        description="Where containers keep data that outlives them."
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
              Create volume
            </Button>
          </>
        }
      />
      <Card title="Volumes" icon="i-ph-database">
        <ListPanel list={volumes} what="volumes" empty={{ title: 'No volumes', icon: 'i-ph-database' }}>
          {(items) => (
            <div class="overflow-x-auto">
              <table class="w-full min-w-[52rem] text-left text-sm">
                <TableHead
                  columns={[
                    { label: 'Name' },
                    { label: 'Driver' },
                    { label: 'Mount point' },
                    { label: 'Created' },
                    { label: 'Used by' },
                    { label: 'Actions', hidden: true },
                  ]}
                />
                <tbody class="divide-y divide-space-600/60">
                  <For each={[...items].sort(byName)}>
                    {(volume) => (
                      <tr>
                        <th
                          scope="row"
                          class="max-w-64 break-all py-2 pr-4 text-left font-mono text-xs font-normal text-ink"
                        >
                          {volume.name}
                        </th>
                        <td class="py-2 pr-4 text-ink-muted">{volume.driver}</td>
                        <td class="max-w-72 break-all py-2 pr-4 font-mono text-xs text-ink-muted">
                          {volume.mountpoint}
                        </td>
                        <td class="whitespace-nowrap py-2 pr-4 text-ink-muted">
                          {volume.createdAt ? formatRelative(volume.createdAt) : '—'}
                        </td>
                        <td class="py-2 pr-4">
                          <UsedBy items={volume.usedBy} />
                        </td>
                        <td class="py-2 text-right">
                          <Button
                            size="sm"
                            variant="danger"
                            icon="i-ph-trash"
                            aria-label={`Remove volume ${volume.name}`}
                            onClick={() => {
                              setError(null);
                              setRemoving(volume);
                            }}
                          >
                            Remove
                          </Button>
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

      <CreateVolumeDialog
        open={creating()}
        onClose={() => setCreating(false)}
        onCreated={() => void volumes.reload()}
      />
      <ConfirmDialog
        open={removing() !== null}
        title={`Remove volume ${removing()?.name ?? ''}?`}
        description={
          <>
            Everything stored in it is deleted for good.
            <Show when={removing()?.usedBy.length}>
              {' '}
              It is still used by{' '}
              {removing()!
                .usedBy.map((c) => c.name)
                .join(', ')}
              : the engine refuses until those containers are removed.
            </Show>
          </>
        }
        confirmLabel="Remove volume"
        busy={busy()}
        error={error()}
        onConfirm={() => void remove()}
        onCancel={() => setRemoving(null)}
      />
      <ConfirmDialog
        open={pruning()}
        title="Prune unused volumes?"
        description="Deletes every volume no container uses, with its data. This cannot be undone."
        confirmLabel="Prune volumes"
        busy={busy()}
        error={error()}
        onConfirm={() => void prune()}
        onCancel={() => setPruning(false)}
      />
    </>
  );
}
