/** Scheduled backups of one instance: a cron pattern (with presets) or off, and how many backups to keep. */
import { createEffect, createSignal, on } from 'solid-js';
import { createApiForm, FormError } from '../../ui/ApiForm';
import { Button } from '../../ui/Button';
import { Field, SelectField } from '../../ui/Field';
import { toast } from '../../ui/Toast';
import { setSchedule } from './api';
import { schedulePresets } from './instances';
import type { DatabaseInstance } from './types';

export function ScheduleEditor(props: {
  instance: DatabaseInstance;
  onSaved: (instance: DatabaseInstance) => void;
}) {
  const [cron, setCron] = createSignal('');
  const [retention, setRetention] = createSignal('7');
  const form = createApiForm({ failure: 'Could not save the schedule.', fields: ['cron', 'retention'] });
  createEffect(
    on(
      () => [props.instance.backupSchedule, props.instance.backupRetention] as const,
      ([schedule, keep]) => {
        setCron(schedule ?? '');
        setRetention(String(keep));
      },
    ),
  );

  const preset = () => (schedulePresets.some((p) => p.value === cron()) ? cron() : 'custom');
  const retentionProblem = () => {
    const n = Number(retention());
    return Number.isInteger(n) && n >= 1 && n <= 365 ? null : 'Keep from 1 to 365 backups.';
  };

  const save = form.handleSubmit(
    async () => {
      const saved = await setSchedule(props.instance.id, {
        cron: cron().trim() || null,
        retention: Number(retention()),
      });
      props.onSaved(saved);
      toast(
        saved.backupSchedule
          ? `Backups of ${saved.name} scheduled`
          : `Scheduled backups of ${saved.name} are off`,
      );
    },
    { invalid: retentionProblem },
  );

  return (
    <form class="flex flex-col gap-3" onSubmit={save} noValidate>
      <FormError form={form} title="Could not save the schedule" />
      <div class="grid gap-3 sm:grid-cols-3">
        <SelectField
          label="Schedule"
          value={preset()}
          onChange={(value) => {
            if (value !== 'custom') setCron(value);
          }}
          options={[...schedulePresets, { value: 'custom', label: 'Custom cron…' }]}
        />
        <Field
          label="Cron pattern"
          placeholder="0 3 * * *"
          spellcheck={false}
          value={cron()}
          hint="Minute hour day month weekday, server time. Empty turns scheduled backups off."
          error={form.fieldError('cron')}
          onInput={(event) => setCron(event.currentTarget.value)}
        />
        <Field
          label="Backups to keep"
          type="number"
          inputMode="numeric"
          min={1}
          max={365}
          value={retention()}
          error={form.error()?.fields.retention ?? retentionProblem() ?? undefined}
          onInput={(event) => setRetention(event.currentTarget.value)}
        />
      </div>
      <div>
        <Button type="submit" size="sm" icon="i-ph-floppy-disk" busy={form.busy()}>
          Save schedule
        </Button>
      </div>
    </form>
  );
}
