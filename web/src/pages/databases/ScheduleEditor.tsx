/** Scheduled backups of one instance: a cron pattern (with presets) or off, and how many backups to keep. */
import { createEffect, createSignal, on, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { Banner } from '../../ui/Banner';
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
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<ApiError | null>(null);
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

  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    setError(null);
    if (retentionProblem()) return;
    setBusy(true);
    try {
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
    } catch (caught) {
      setError(
        caught instanceof ApiError ? caught : new ApiError(0, 'unknown', 'Could not save the schedule.'),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="flex flex-col gap-3" onSubmit={save} noValidate>
      <Show when={error() && !error()?.fields.cron && !error()?.fields.retention}>
        <Banner tone="danger" title="Could not save the schedule">
          {error()?.message}
        </Banner>
      </Show>
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
          error={error()?.fields.cron}
          onInput={(event) => setCron(event.currentTarget.value)}
        />
        <Field
          label="Backups to keep"
          type="number"
          inputMode="numeric"
          min={1}
          max={365}
          value={retention()}
          error={error()?.fields.retention ?? retentionProblem() ?? undefined}
          onInput={(event) => setRetention(event.currentTarget.value)}
        />
      </div>
      <div>
        <Button type="submit" size="sm" icon="i-ph-floppy-disk" busy={busy()}>
          Save schedule
        </Button>
      </div>
    </form>
  );
}
