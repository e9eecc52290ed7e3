/**
 * The hooks: each with an enabled switch, "Send test", edit and delete, and the create dialog
 * that shows a new hook's secret once.
 */
import { createSignal, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { formatRelative } from '../../lib/format';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { createConfirmation } from '../../ui/confirmation';
import { TableCard } from '../../ui/TableCard';
import { toast } from '../../ui/Toast';
import type { Loaded } from '../monitoring/load';
import { deleteHook, testHook, updateHook } from './api';
import { HookDialog } from './HookDialog';
import { deliveryLook, eventLabel } from './look';
import type { Hook } from './types';

export function HooksPanel(props: { hooks: Loaded<Hook[]>; eventTypes: string[]; onChanged: () => void }) {
  const [editing, setEditing] = createSignal<Hook | null | 'new'>(null);
  const [busy, setBusy] = createSignal<string | null>(null);

  const act = async (hook: Hook, what: string, work: () => Promise<unknown>, done: string) => {
    setBusy(`${what}:${hook.id}`);
    try {
      await work();
      toast(done);
      props.onChanged();
    } catch (error) {
      toast(error instanceof ApiError ? error.message : `Could not ${what} ${hook.name}.`, 'danger');
    } finally {
      setBusy(null);
    }
  };

  const setEnabled = (hook: Hook, enabled: boolean) =>
    act(
      hook,
      enabled ? 'enable' : 'disable',
      () => updateHook(hook.id, { name: hook.name, url: hook.url, events: hook.events, enabled }),
      `${hook.name} ${enabled ? 'enabled' : 'disabled'}`,
    );

  const removal = createConfirmation(async (hook: Hook) => {
    await deleteHook(hook.id);
    toast(`Hook ${hook.name} deleted`);
    props.onChanged();
  }, 'Could not delete the hook.');

  return (
    <>
      <TableCard
        title="Hooks"
        icon="i-ph-plugs-connected"
        actions={
          <Button size="sm" variant="primary" icon="i-ph-plus" onClick={() => setEditing('new')}>
            New hook
          </Button>
        }
        load={props.hooks}
        what="hooks"
        empty={{
          title: 'No hooks yet',
          icon: 'i-ph-plugs',
          body: 'Add an n8n Webhook node URL to receive incidents, container deaths, backups and more as signed JSON.',
        }}
        columns={[
          { label: 'Name' },
          { label: 'Events' },
          { label: 'Last delivery' },
          { label: 'Enabled' },
          { label: 'Actions', hidden: true },
        ]}
        minWidth="min-w-[48rem]"
        order={(a, b) => a.name.localeCompare(b.name)}
      >
        {(hook) => (
          <tr>
            <th scope="row" class="py-2 pr-4 text-left font-medium text-ink">
              {hook.name}
              <div class="max-w-72 truncate text-xs font-normal text-ink-muted">{hook.url}</div>
            </th>
            <td class="py-2 pr-4 text-ink-muted">
              {hook.events.length === 0 ? 'All events' : hook.events.map(eventLabel).join(', ')}
            </td>
            <td class="py-2 pr-4">
              <Show when={hook.lastDelivery} fallback={<span class="text-ink-muted">Never</span>}>
                {(last) => (
                  <span class="flex items-center gap-2">
                    <Badge tone={deliveryLook[last().status].tone} icon={deliveryLook[last().status].icon}>
                      {deliveryLook[last().status].text}
                    </Badge>
                    <span class="text-xs text-ink-muted">{formatRelative(last().at)}</span>
                  </span>
                )}
              </Show>
              <Show when={hook.failures24h > 0}>
                <div class="text-xs text-danger-300">{hook.failures24h} failed in 24 h</div>
              </Show>
            </td>
            <td class="py-2 pr-4">
              <input
                type="checkbox"
                role="switch"
                class="h-4 w-4 accent-violet-500"
                checked={hook.enabled}
                aria-checked={hook.enabled}
                disabled={busy() !== null}
                aria-label={`${hook.name} enabled`}
                onChange={(e) => void setEnabled(hook, e.currentTarget.checked)}
              />
            </td>
            <td class="py-2">
              <div class="flex justify-end gap-1">
                <Button
                  size="sm"
                  variant="ghost"
                  icon="i-ph-paper-plane-tilt"
                  aria-label={`Send test to ${hook.name}`}
                  disabled={!hook.enabled || busy() !== null}
                  busy={busy() === `test:${hook.id}`}
                  onClick={() =>
                    act(hook, 'test', () => testHook(hook.id), `Test event queued for ${hook.name}`)
                  }
                >
                  Test
                </Button>
                <Button
                  size="sm"
                  variant="ghost"
                  icon="i-ph-pencil-simple"
                  aria-label={`Edit ${hook.name}`}
                  onClick={() => setEditing(hook)}
                />
                <Button
                  size="sm"
                  variant="ghost"
                  icon="i-ph-trash"
                  aria-label={`Delete ${hook.name}`}
                  onClick={() => removal.open(hook)}
                />
              </div>
            </td>
          </tr>
        )}
      </TableCard>
      <Show when={editing()}>
        {(current) => (
          <HookDialog
            hook={current() === 'new' ? null : (current() as Hook)}
            eventTypes={props.eventTypes}
            onSaved={props.onChanged}
            onClose={() => setEditing(null)}
          />
        )}
      </Show>
      <ConfirmDialog
        {...removal.dialog}
        title={`Delete hook ${removal.target()?.name ?? ''}?`}
        description="Its delivery log goes with it. Workflows stop receiving events."
        confirmLabel="Delete hook"
      />
    </>
  );
}
