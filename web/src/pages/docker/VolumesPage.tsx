/** /docker/volumes: named volumes and who uses them; create, remove and prune, each destructive step confirmed. */
import { createSignal, Show } from 'solid-js';
import { formatRelative } from '../../lib/format';
import { usePageTitle } from '../../lib/title';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { createConfirmation } from '../../ui/confirmation';
import { toast } from '../../ui/Toast';
import { listVolumes, pruneVolumes, removeVolume } from './api';
import { CreateVolumeDialog } from './CreateVolumeDialog';
import { byName } from './containers';
import { DockerHeader } from './DockerHeader';
import { createDockerList } from './docker-list';
import { pruneSummary } from './prune';
import { RemoveButton } from './RemoveButton';
import { ResourceTable } from './ResourceTable';
import type { Volume } from './types';
import { UsedBy } from './UsedBy';

export default function VolumesPage() {
  usePageTitle('Volumes');
  const volumes = createDockerList(listVolumes, { refreshOn: ['volume', 'container'] });
  const [creating, setCreating] = createSignal(false);
  const removal = createConfirmation(async (volume: Volume) => {
    await removeVolume(volume.name);
    toast(`Volume ${volume.name} removed`);
    void volumes.reload();
  }, 'Could not remove the volume.');
  const pruning = createConfirmation(async () => {
    toast(pruneSummary(await pruneVolumes(), 'volume', 'No unused volumes to remove'));
    void volumes.reload();
  }, 'Could not prune volumes.');

  return (
    <>
      <DockerHeader
        title="Volumes"
        description="Where containers keep data that outlives them."
        actions={
          <>
            <Button size="sm" icon="i-ph-broom" onClick={() => pruning.open(true)}>
              Prune…
            </Button>
            <Button size="sm" variant="primary" icon="i-ph-plus" onClick={() => setCreating(true)}>
              Create volume
            </Button>
          </>
        }
      />
      <ResourceTable
        title="Volumes"
        icon="i-ph-database"
        list={volumes}
        what="volumes"
        empty={{ title: 'No volumes', icon: 'i-ph-database' }}
        minWidth="min-w-[52rem]"
        columns={[
          { label: 'Name' },
          { label: 'Driver' },
          { label: 'Mount point' },
          { label: 'Created' },
          { label: 'Used by' },
          { label: 'Actions', hidden: true },
        ]}
        order={byName}
      >
        {(volume) => (
          <tr>
            <th
              scope="row"
              class="max-w-64 break-all py-2 pr-4 text-left font-mono text-xs font-normal text-ink"
            >
              {volume.name}
            </th>
            <td class="py-2 pr-4 text-ink-muted">{volume.driver}</td>
            <td class="max-w-72 break-all py-2 pr-4 font-mono text-xs text-ink-muted">{volume.mountpoint}</td>
            <td class="whitespace-nowrap py-2 pr-4 text-ink-muted">
              {volume.createdAt ? formatRelative(volume.createdAt) : '—'}
            </td>
            <td class="py-2 pr-4">
              <UsedBy items={volume.usedBy} />
            </td>
            <td class="py-2 text-right">
              <RemoveButton label={`Remove volume ${volume.name}`} onClick={() => removal.open(volume)} />
            </td>
          </tr>
        )}
      </ResourceTable>

      <CreateVolumeDialog
        open={creating()}
        onClose={() => setCreating(false)}
        onCreated={() => void volumes.reload()}
      />
      <ConfirmDialog
        {...removal.dialog}
        title={`Remove volume ${removal.target()?.name ?? ''}?`}
        description={
          <>
            Everything stored in it is deleted for good.
            <Show when={removal.target()?.usedBy.length}>
              {' '}
              It is still used by{' '}
              {removal
                .target()!
                .usedBy.map((c) => c.name)
                .join(', ')}
              : the engine refuses until those containers are removed.
            </Show>
          </>
        }
        confirmLabel="Remove volume"
      />
      <ConfirmDialog
        {...pruning.dialog}
        title="Prune unused volumes?"
        description="Deletes every volume no container uses, with its data. This cannot be undone."
        confirmLabel="Prune volumes"
      />
    </>
  );
}
