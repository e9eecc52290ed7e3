/**
 * Jarvis's settings: the master autonomy switch, investigating incidents on its own, the token
 * budgets and step limit, prices for the cost figures, and the Discord channel and people whose
 * button presses approve a call; with today's use against the daily budget.
 */
import type { JarvisSettings } from '@homelab/db/jarvis/settings';
import { createEffect, createSignal, on, Show } from 'solid-js';
import { createApiForm, FormError } from '../../ui/ApiForm';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { CheckboxField, Field, TextAreaField } from '../../ui/Field';
import { LoadState } from '../../ui/LoadState';
import { ProgressBar } from '../../ui/ProgressBar';
import { toast } from '../../ui/Toast';
import { createLoaded, type Loaded } from '../monitoring/load';
import { getSettings, saveSettings, type Usage } from './api';
import { formatCost, formatTokens } from './labels';

const fields = [
  'autonomyEnabled',
  'autoInvestigate',
  'dailyTokenBudget',
  'conversationTokenBudget',
  'maxStepsPerTurn',
  'pricePerMillionInput',
  'pricePerMillionOutput',
  'discordChannelId',
  'discordApproverIds',
] as const;

export function SettingsForm(props: { usage: Loaded<Usage> }) {
  const settings = createLoaded(getSettings);
  return (
    <Card title="Settings and budgets" icon="i-ph-sliders-horizontal">
      <LoadState load={settings} what="Jarvis settings">
        {(value) => (
          <Editor value={value} usage={props.usage} onSaved={(saved) => settings.setValue(saved)} />
        )}
      </LoadState>
    </Card>
  );
}

function Editor(props: {
  value: JarvisSettings;
  usage: Loaded<Usage>;
  onSaved: (value: JarvisSettings) => void;
}) {
  const [draft, setDraft] = createSignal<JarvisSettings>(props.value);
  const [approvers, setApprovers] = createSignal(props.value.discordApproverIds.join('\n'));
  createEffect(
    on(
      () => props.value,
      (value) => {
        setDraft(value);
        setApprovers(value.discordApproverIds.join('\n'));
      },
      { defer: true },
    ),
  );
  const form = createApiForm({ failure: 'The settings could not be saved.', fields });
  const set = <K extends keyof JarvisSettings>(key: K, value: JarvisSettings[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));
  const number = (key: keyof JarvisSettings) => (event: { currentTarget: HTMLInputElement }) =>
    set(key, event.currentTarget.valueAsNumber as never);

  const submit = form.handleSubmit(async () => {
    const saved = await saveSettings({
      ...draft(),
      discordApproverIds: approvers()
        .split(/[\s,]+/)
        .map((id) => id.trim())
        .filter(Boolean),
    });
    props.onSaved(saved);
    toast('Jarvis settings saved');
  });

  return (
    <form class="flex flex-col gap-4" onSubmit={submit} noValidate>
      <FormError form={form} title="Could not save the settings" />
      <Show when={props.usage.value()}>
        {(usage) => (
          <div class="flex flex-col gap-1">
            <p class="text-sm text-ink">
              Today: {formatTokens(usage().today.promptTokens + usage().today.completionTokens)} of{' '}
              {formatTokens(usage().dailyTokenBudget)} tokens · {formatCost(usage().today.costMicros)}; last
              30 days {formatCost(usage().total30Days.costMicros)}
            </p>
            <ProgressBar
              label="Today's tokens against the daily budget"
              value={usage().today.promptTokens + usage().today.completionTokens}
              max={Math.max(usage().dailyTokenBudget, 1)}
            />
          </div>
        )}
      </Show>
      <div class="grid gap-4 md:grid-cols-2">
        <CheckboxField
          label="Autonomy on"
          checked={draft().autonomyEnabled}
          onChange={(checked) => set('autonomyEnabled', checked)}
          hint="Off: every reversible call waits for a person, whatever is allowed below. Destructive calls always wait."
          error={form.fieldError('autonomyEnabled')}
        />
        <CheckboxField
          label="Investigate incidents on their own"
          checked={draft().autoInvestigate}
          onChange={(checked) => set('autoInvestigate', checked)}
          hint="When a monitor opens an incident, Jarvis reads logs and stats and writes a diagnosis."
          error={form.fieldError('autoInvestigate')}
        />
        <Field
          label="Daily token budget"
          type="number"
          min={0}
          value={draft().dailyTokenBudget}
          onInput={number('dailyTokenBudget')}
          error={form.fieldError('dailyTokenBudget')}
        />
        <Field
          label="Token budget per conversation"
          type="number"
          min={0}
          value={draft().conversationTokenBudget}
          onInput={number('conversationTokenBudget')}
          error={form.fieldError('conversationTokenBudget')}
        />
        <Field
          label="Model calls per answer"
          type="number"
          min={1}
          max={50}
          value={draft().maxStepsPerTurn}
          onInput={number('maxStepsPerTurn')}
          hint="A runaway tool loop stops here."
          error={form.fieldError('maxStepsPerTurn')}
        />
        <div class="grid grid-cols-2 gap-2">
          <Field
            label="Input price ($ per million)"
            type="number"
            min={0}
            step="0.01"
            value={draft().pricePerMillionInput}
            onInput={number('pricePerMillionInput')}
            error={form.fieldError('pricePerMillionInput')}
          />
          <Field
            label="Output price ($ per million)"
            type="number"
            min={0}
            step="0.01"
            value={draft().pricePerMillionOutput}
            onInput={number('pricePerMillionOutput')}
            error={form.fieldError('pricePerMillionOutput')}
          />
        </div>
        <Field
          label="Discord approval channel"
          inputMode="numeric"
          placeholder="Channel id"
          value={draft().discordChannelId ?? ''}
          onInput={(event) => set('discordChannelId', event.currentTarget.value.trim() || null)}
          hint="Approval requests are posted there with buttons. Empty: approve on the web only."
          error={form.fieldError('discordChannelId')}
        />
        <TextAreaField
          label="Discord approvers"
          rows={3}
          value={approvers()}
          onInput={(event) => setApprovers(event.currentTarget.value)}
          hint="Discord user ids, one per line, whose button presses count as your approval."
          error={form.fieldError('discordApproverIds')}
        />
      </div>
      <div class="flex justify-end">
        <Button type="submit" variant="primary" icon="i-ph-floppy-disk" busy={form.busy()}>
          Save settings
        </Button>
      </div>
    </form>
  );
}
