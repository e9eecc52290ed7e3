/** Moonlight devices paired with the host: unpair one (confirmed), or pair a new one by its PIN. */
import { createSignal, Show } from 'solid-js';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { createConfirmation } from '../../ui/confirmation';
import { TableCard } from '../../ui/TableCard';
import { toast } from '../../ui/Toast';
import { createLoaded } from '../monitoring/load';
import { listClients, unpairClient } from './api';
import { PairDialog } from './PairDialog';

export function ClientsPanel() {
  const clients = createLoaded(listClients);
  const [pairing, setPairing] = createSignal(false);
  const unpairing = createConfirmation(async (client: { uuid: string; name: string }) => {
    await unpairClient(client.uuid);
    toast(`${client.name} unpaired`);
    void clients.reload();
  }, 'Could not unpair the device.');

  return (
    <>
      <TableCard
        title="Paired devices"
        icon="i-ph-device-mobile"
        actions={
          <Button size="sm" variant="primary" icon="i-ph-plus" onClick={() => setPairing(true)}>
            Pair a device
          </Button>
        }
        load={clients}
        what="paired devices"
        empty={{
          title: 'No paired devices',
          icon: 'i-ph-device-mobile',
          body: 'Add this PC in Moonlight; it shows a 4-digit PIN to enter here with “Pair a device”.',
        }}
        columns={[{ label: 'Device' }, { label: 'Id' }, { label: 'Actions', hidden: true }]}
        minWidth="min-w-[32rem]"
        order={(a, b) => a.name.localeCompare(b.name)}
      >
        {(client) => (
          <tr>
            <th scope="row" class="py-2 pr-4 text-left font-normal text-ink">
              {client.name}
            </th>
            <td class="py-2 pr-4 font-mono text-xs text-ink-muted">{client.uuid}</td>
            <td class="py-2 text-right">
              <Button
                size="sm"
                variant="ghost"
                icon="i-ph-link-break"
                aria-label={`Unpair ${client.name}`}
                onClick={() => unpairing.open(client)}
              >
                Unpair
              </Button>
            </td>
          </tr>
        )}
      </TableCard>
      <ConfirmDialog
        {...unpairing.dialog}
        title={`Unpair ${unpairing.target()?.name ?? 'the device'}?`}
        description="It can no longer stream from the gaming PC until it is paired again with a new PIN."
        confirmLabel="Unpair device"
      />
      <Show when={pairing()}>
        <PairDialog
          onClose={() => setPairing(false)}
          onPaired={(client) => {
            toast(`${client.name} paired`);
            void clients.reload();
          }}
        />
      </Show>
    </>
  );
}
