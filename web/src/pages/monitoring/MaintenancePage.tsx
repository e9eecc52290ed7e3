/**
 * /monitoring/maintenance: windows during which outages are recorded but nobody is notified, for
 * all monitors, some tags or some monitors; create and delete (deleting one that is on ends it).
 */
import { createSignal, For, Show } from 'solid-js';
import { createNow } from '../../lib/clock';
import { formatDateTime, plural } from '../../lib/format';
import { usePageTitle } from '../../lib/title';
import { ApiForm, createApiForm } from '../../ui/ApiForm';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { createConfirmation } from '../../ui/confirmation';
import { Dialog } from '../../ui/Dialog';
import { Field } from '../../ui/Field';
import { TableCard } from '../../ui/TableCard';
import { toast } from '../../ui/Toast';
import { createMaintenance, deleteMaintenance, listMaintenance, listMonitors } from './api';
import { createLoaded } from './load';
import { MonitoringHeader } from './MonitoringHeader';
import { isoToLocal, localToIso, windowPhase } from './maintenance';
import type { MaintenanceWindow, Monitor } from './types';

const phaseLook = {
  active: { tone: 'warn', icon: 'i-ph-wrench', text: 'On now' },
  upcoming: { tone: 'info', icon: 'i-ph-calendar', text: 'Upcoming' },
  over: { tone: 'neutral', icon: 'i-ph-check', text: 'Over' },
} as const;

export default function MaintenancePage() {
  usePageTitle('Maintenance');
  const windows = createLoaded(listMaintenance);
  const monitors = createLoaded(listMonitors);
  const now = createNow(30_000);
  const [creating, setCreating] = createSignal(false);
  const nameOf = (id: string) => monitors.value()?.find((m) => m.id === id)?.name ?? id;
  const scope = (w: MaintenanceWindow) => {
    const parts = [
      ...(w.tags.length ? [`tags ${w.tags.join(', ')}`] : []),
      ...(w.monitorIds.length ? [w.monitorIds.map(nameOf).join(', ')] : []),
    ];
    return parts.length ? parts.join('; ') : 'All monitors';
  };
  const removal = createConfirmation(async (w: MaintenanceWindow) => {
    await deleteMaintenance(w.id);
    toast(`Maintenance window ${w.name} deleted`);
    void windows.reload();
  }, 'Could not delete the maintenance window.');

  return (
    <div class="flex flex-col gap-6">
      <MonitoringHeader
        title="Maintenance"
        description="Planned work: outages during a window are recorded, but nobody is woken up."
        actions={
          <Button size="sm" variant="primary" icon="i-ph-plus" onClick={() => setCreating(true)}>
            New window
          </Button>
        }
      />
      <TableCard
        title="Maintenance windows"
        icon="i-ph-wrench"
        load={windows}
        what="maintenance windows"
        empty={{
          title: 'No maintenance planned',
          icon: 'i-ph-calendar-blank',
          body: 'Plan one before upgrading a server or a site.',
        }}
        columns={[
          { label: 'Name' },
          { label: 'When' },
          { label: 'Applies to' },
          { label: 'State' },
          { label: 'Actions', hidden: true },
        ]}
        minWidth="min-w-[48rem]"
        order={(a, b) => b.startsAt.localeCompare(a.startsAt)}
      >
        {(w) => {
          const look = () => phaseLook[windowPhase(w, now())];
          return (
            <tr>
              <th scope="row" class="py-2 pr-4 text-left font-medium text-ink">
                {w.name}
              </th>
              <td class="py-2 pr-4 text-ink-muted">
                {formatDateTime(w.startsAt)} → {formatDateTime(w.endsAt)}
              </td>
              <td class="py-2 pr-4 text-ink-muted">{scope(w)}</td>
              <td class="py-2 pr-4">
                <Badge tone={look().tone} icon={look().icon}>
                  {look().text}
                </Badge>
              </td>
              <td class="py-2 text-right">
                <Button
                  size="sm"
                  icon="i-ph-trash"
                  aria-label={`Delete maintenance window ${w.name}`}
                  onClick={() => removal.open(w)}
                >
                  Delete
                </Button>
              </td>
            </tr>
          );
        }}
      </TableCard>
      <Show when={creating()}>
        <CreateWindowDialog
          open={true}
          monitors={monitors.value() ?? []}
          onClose={() => setCreating(false)}
          onCreated={() => void windows.reload()}
        />
      </Show>
      <ConfirmDialog
        {...removal.dialog}
        title={`Delete maintenance window ${removal.target()?.name ?? ''}?`}
        description="If it is on now, notifications resume at once."
        confirmLabel="Delete window"
      />
    </div>
  );
}

function CreateWindowDialog(props: {
  open: boolean;
  monitors: readonly Monitor[];
  onClose: () => void;
  onCreated: () => void;
}) {
  const form = createApiForm({
    failure: 'Could not create the window.',
    fields: ['name', 'startsAt', 'endsAt', 'tags', 'monitorIds'],
  });
  const start = Date.now() + 5 * 60_000;
  const [name, setName] = createSignal('');
  const [startsAt, setStartsAt] = createSignal(isoToLocal(start));
  const [endsAt, setEndsAt] = createSignal(isoToLocal(start + 3_600_000));
  const [tags, setTags] = createSignal('');
  const [monitorIds, setMonitorIds] = createSignal<string[]>([]);
  const local = () => {
    const from = localToIso(startsAt());
    const to = localToIso(endsAt());
    return {
      name: name().trim() ? null : 'Give the window a name',
      startsAt: from ? null : 'Pick when it starts',
      endsAt: !to
        ? 'Pick when it ends'
        : from && Date.parse(to) <= Date.parse(from)
          ? 'Must end after it starts'
          : null,
    };
  };
  const close = () => {
    form.reset();
    props.onClose();
  };
  const submit = form.handleSubmit(
    async () => {
      const created = await createMaintenance({
        name: name().trim(),
        startsAt: localToIso(startsAt())!,
        endsAt: localToIso(endsAt())!,
        tags: tags()
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
        monitorIds: monitorIds(),
      });
      toast(`Maintenance window ${created.name} planned`);
      props.onCreated();
      close();
    },
    { invalid: () => Object.values(local()).some(Boolean) },
  );
  return (
    <Dialog open={props.open} title="New maintenance window" onClose={close} locked={form.busy()}>
      <ApiForm
        form={form}
        onSubmit={submit}
        failureTitle="Could not create the window"
        submitLabel="Create window"
        submitIcon="i-ph-plus"
        onCancel={close}
      >
        <Field
          label="Name"
          value={name()}
          onInput={(e) => setName(e.currentTarget.value)}
          error={form.fieldError('name', local().name)}
        />
        <div class="grid gap-4 sm:grid-cols-2">
          <Field
            label="Starts"
            type="datetime-local"
            value={startsAt()}
            onInput={(e) => setStartsAt(e.currentTarget.value)}
            error={form.fieldError('startsAt', local().startsAt)}
          />
          <Field
            label="Ends"
            type="datetime-local"
            value={endsAt()}
            onInput={(e) => setEndsAt(e.currentTarget.value)}
            error={form.fieldError('endsAt', local().endsAt)}
          />
        </div>
        <Field
          label="Tags"
          hint="Monitors with any of these tags; leave tags and monitors empty for every monitor."
          value={tags()}
          onInput={(e) => setTags(e.currentTarget.value)}
          error={form.fieldError('tags')}
        />
        <Show when={props.monitors.length}>
          <div class="flex flex-col gap-1.5">
            <label for="maintenance-monitors" class="text-sm font-medium text-ink">
              Monitors
            </label>
            <select
              id="maintenance-monitors"
              multiple
              size={6}
              class="input-field"
              onChange={(e) => setMonitorIds([...e.currentTarget.selectedOptions].map((o) => o.value))}
            >
              <For each={[...props.monitors].sort((a, b) => a.name.localeCompare(b.name))}>
                {(m) => (
                  <option value={m.id} selected={monitorIds().includes(m.id)}>
                    {m.name}
                  </option>
                )}
              </For>
            </select>
            <p class="text-xs text-ink-muted">
              {plural(monitorIds().length, 'monitor')} picked (Ctrl or Shift to pick several).
            </p>
          </div>
        </Show>
      </ApiForm>
    </Dialog>
  );
}
