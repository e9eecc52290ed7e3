/** The Alerts tab: system alert rules (CPU, memory, disk, temperature, containers) with their thresholds, durations and channels. */
import { createSignal, For, Show } from 'solid-js';
import { formatDuration, formatRelative } from '../../lib/format';
import { ApiForm, createApiForm } from '../../ui/ApiForm';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { createConfirmation } from '../../ui/confirmation';
import { Dialog } from '../../ui/Dialog';
import { EditDeleteCell } from '../../ui/EditDeleteCell';
import { CheckboxField, Field, SelectField } from '../../ui/Field';
import { TableCard } from '../../ui/TableCard';
import { toast } from '../../ui/Toast';
import { createLoaded, type Loaded } from '../monitoring/load';
import { alertMetricLabels, alertMetricList, describeRule } from './alert-rules';
import { createAlertRule, deleteAlertRule, listAlertRules, updateAlertRule } from './api';
import type { AlertMetric, AlertRule, Channel } from './types';

export function AlertsPanel(props: { channels: Loaded<Channel[]> }) {
  const rules = createLoaded(listAlertRules);
  const [editing, setEditing] = createSignal<AlertRule | 'new' | null>(null);
  const channelNames = (ids: readonly string[]) =>
    ids.map((id) => props.channels.value()?.find((c) => c.id === id)?.name ?? 'deleted channel').join(', ') ||
    'none';
  const removal = createConfirmation(async (rule: AlertRule) => {
    await deleteAlertRule(rule.id);
    toast(`Alert rule ${rule.name} deleted`);
    void rules.reload();
  }, 'Could not delete the rule.');

  return (
    <>
      <TableCard
        title="Alert rules"
        icon="i-ph-warning-diamond"
        actions={
          <Button size="sm" variant="primary" icon="i-ph-plus" onClick={() => setEditing('new')}>
            New rule
          </Button>
        }
        load={rules}
        what="alert rules"
        empty={{
          title: 'No alert rules',
          icon: 'i-ph-warning-diamond',
          body: 'Hear about a full disk or a hot CPU before it becomes an outage.',
        }}
        columns={[
          { label: 'Name' },
          { label: 'Condition' },
          { label: 'For' },
          { label: 'Channels' },
          { label: 'State' },
          { label: 'Actions', hidden: true },
        ]}
        minWidth="min-w-[52rem]"
        order={(a, b) => a.name.localeCompare(b.name)}
      >
        {(rule) => (
          <tr>
            <th scope="row" class="py-2 pr-4 text-left font-medium text-ink">
              {rule.name}
            </th>
            <td class="py-2 pr-4 text-ink">{describeRule(rule)}</td>
            <td class="py-2 pr-4 text-ink-muted">{formatDuration(rule.durationSeconds)}</td>
            <td class="py-2 pr-4 text-ink-muted">{channelNames(rule.channelIds)}</td>
            <td class="py-2 pr-4">
              {!rule.enabled ? (
                <Badge tone="neutral" icon="i-ph-pause">
                  Disabled
                </Badge>
              ) : rule.firing ? (
                <Badge tone="danger" icon="i-ph-siren">
                  Firing {rule.firingSince ? formatRelative(rule.firingSince) : ''}
                </Badge>
              ) : (
                <Badge tone="ok" icon="i-ph-check">
                  Quiet
                </Badge>
              )}
            </td>
            <EditDeleteCell
              name={rule.name}
              onEdit={() => setEditing(rule)}
              onDelete={() => removal.open(rule)}
            />
          </tr>
        )}
      </TableCard>
      <Show when={editing()}>
        {(target) => (
          <RuleDialog
            rule={target() === 'new' ? null : (target() as AlertRule)}
            channels={props.channels.value() ?? []}
            onClose={() => setEditing(null)}
            onSaved={() => void rules.reload()}
          />
        )}
      </Show>
      <ConfirmDialog
        {...removal.dialog}
        title={`Delete alert rule ${removal.target()?.name ?? ''}?`}
        description="It stops watching at once; an alert it raised is resolved."
        confirmLabel="Delete rule"
      />
    </>
  );
}

function RuleDialog(props: {
  rule: AlertRule | null;
  channels: readonly Channel[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const form = createApiForm({
    failure: 'Could not save the rule.',
    fields: ['name', 'metric', 'threshold', 'durationSeconds', 'channelIds'],
  });
  const [name, setName] = createSignal(props.rule?.name ?? '');
  const [metric, setMetric] = createSignal<AlertMetric>((props.rule?.metric as AlertMetric) ?? 'disk');
  const [threshold, setThreshold] = createSignal(String(props.rule?.threshold ?? 90));
  const [minutes, setMinutes] = createSignal(String((props.rule?.durationSeconds ?? 300) / 60));
  const [enabled, setEnabled] = createSignal(props.rule?.enabled ?? true);
  const [channelIds, setChannelIds] = createSignal<string[]>(props.rule?.channelIds ?? []);
  const local = () => ({
    name: name().trim() ? null : 'Give the rule a name',
    threshold:
      threshold().trim() !== '' && Number(threshold()) >= 0 && Number.isFinite(Number(threshold()))
        ? null
        : 'Enter a number, 0 or more',
    durationSeconds:
      Number.isFinite(Number(minutes())) && Number(minutes()) >= 0 && Number(minutes()) <= 1440
        ? null
        : 'Between 0 and 1440 minutes',
  });
  const submit = form.handleSubmit(
    async () => {
      const body = {
        name: name().trim(),
        metric: metric(),
        threshold: Number(threshold()),
        durationSeconds: Math.round(Number(minutes()) * 60),
        enabled: enabled(),
        channelIds: channelIds(),
      };
      if (props.rule) await updateAlertRule(props.rule.id, body);
      else await createAlertRule(body);
      toast(`Alert rule ${body.name} saved`);
      props.onSaved();
      props.onClose();
    },
    { invalid: () => Object.values(local()).some(Boolean) },
  );
  const unit = () => alertMetricLabels[metric()].unit;
  return (
    <Dialog
      open={true}
      title={props.rule ? `Edit rule ${props.rule.name}` : 'New alert rule'}
      onClose={props.onClose}
      locked={form.busy()}
    >
      <ApiForm
        form={form}
        onSubmit={submit}
        failureTitle="Could not save the rule"
        submitLabel={props.rule ? 'Save rule' : 'Create rule'}
        submitIcon="i-ph-floppy-disk"
        onCancel={props.onClose}
      >
        <Field
          label="Name"
          value={name()}
          onInput={(e) => setName(e.currentTarget.value)}
          error={form.fieldError('name', local().name)}
        />
        <SelectField
          label="Metric"
          value={metric()}
          onChange={(value) => setMetric(value as AlertMetric)}
          options={alertMetricList.map((m) => ({ value: m, label: alertMetricLabels[m].label }))}
          error={form.fieldError('metric')}
        />
        <div class="grid gap-4 sm:grid-cols-2">
          <Field
            label={`Above${unit() ? ` (${unit()})` : ''}`}
            type="number"
            min="0"
            value={threshold()}
            onInput={(e) => setThreshold(e.currentTarget.value)}
            error={form.fieldError('threshold', local().threshold)}
          />
          <Field
            label="For at least (minutes)"
            type="number"
            min="0"
            value={minutes()}
            onInput={(e) => setMinutes(e.currentTarget.value)}
            error={form.fieldError('durationSeconds', local().durationSeconds)}
          />
        </div>
        <fieldset class="flex flex-col gap-2">
          <legend class="mb-1 text-sm font-medium text-ink">Notify</legend>
          <Show
            when={props.channels.length}
            fallback={<p class="text-sm text-ink-muted">No channels yet: add one on the Channels tab.</p>}
          >
            <For each={props.channels}>
              {(channel) => (
                <CheckboxField
                  label={channel.name}
                  checked={channelIds().includes(channel.id)}
                  onChange={(on) =>
                    setChannelIds((ids) =>
                      on ? [...ids, channel.id] : ids.filter((id) => id !== channel.id),
                    )
                  }
                />
              )}
            </For>
          </Show>
        </fieldset>
        <CheckboxField label="Enabled" checked={enabled()} onChange={setEnabled} />
      </ApiForm>
    </Dialog>
  );
}
