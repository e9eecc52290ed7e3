/** The currency's name and how viewers earn it: per minute watched, per message, subscriber bonus. */
import { createSignal, For, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { createApiForm, FormError } from '../../../ui/ApiForm';
import { Button } from '../../../ui/Button';
import { Card } from '../../../ui/Card';
import { CheckboxField, Field } from '../../../ui/Field';
import { LoadState } from '../../../ui/LoadState';
import { toast } from '../../../ui/Toast';
import type { CurrencySettings } from '../api';
import { type BotSettingsState, numberIn, wholeIn } from './settings';

export function CurrencySettingsCard(props: { settings: BotSettingsState }) {
  return (
    <Card title="Earning" icon="i-ph-coins">
      <LoadState load={props.settings.load} what="currency settings" lines={5}>
        {(loaded) => <CurrencyForm initial={loaded.currency} settings={props.settings} />}
      </LoadState>
    </Card>
  );
}

type NumberSetting = 'perMinute' | 'perMessage' | 'cooldown' | 'multiplier' | 'minTransfer';

/** The number fields, each typed as text and checked before saving. */
const numberFields: {
  key: NumberSetting;
  label: string;
  hint?: string;
  min: string;
  max?: string;
  step?: string;
}[] = [
  {
    key: 'perMinute',
    label: 'Per minute watched',
    hint: 'Everyone who chatted in the last 10 minutes while you are live; 0 turns it off',
    min: '0',
    max: '1000',
  },
  { key: 'perMessage', label: 'Per message', hint: '0 turns it off', min: '0', max: '1000' },
  {
    key: 'cooldown',
    label: 'Message cooldown (seconds)',
    hint: 'A viewer earns for a message at most this often, so spamming pays nothing',
    min: '0',
    max: '3600',
  },
  {
    key: 'multiplier',
    label: 'Subscriber multiplier',
    hint: 'Subscribers earn this many times as much (1 = the same)',
    min: '1',
    max: '10',
    step: '0.1',
  },
  { key: 'minTransfer', label: 'Smallest !give', min: '1' },
];

function CurrencyForm(props: { initial: CurrencySettings; settings: BotSettingsState }) {
  const form = createApiForm({ failure: 'Could not save the currency settings.', fields: [] });
  const i = props.initial;
  const [enabled, setEnabled] = createSignal(i.enabled);
  const [name, setName] = createSignal(i.name);
  const [text, setText] = createStore<Record<NumberSetting, string>>({
    perMinute: String(i.perMinute),
    perMessage: String(i.perMessage),
    cooldown: String(i.messageCooldownS),
    multiplier: String(i.subscriberMultiplier),
    minTransfer: String(i.minTransfer),
  });

  const local = (): Record<NumberSetting | 'name', string | null> => ({
    name: name().trim() && name().trim().length <= 30 ? null : 'Name it in 1 to 30 characters',
    perMinute: wholeIn(text.perMinute, 0, 1_000) === null ? 'A whole number from 0 to 1000' : null,
    perMessage: wholeIn(text.perMessage, 0, 1_000) === null ? 'A whole number from 0 to 1000' : null,
    cooldown: wholeIn(text.cooldown, 0, 3_600) === null ? 'From 0 to 3600 seconds' : null,
    multiplier: numberIn(text.multiplier, 1, 10) === null ? 'From 1 to 10, e.g. 1.5' : null,
    minTransfer: wholeIn(text.minTransfer, 1) === null ? 'A whole number, at least 1' : null,
  });
  const submit = form.handleSubmit(
    async () => {
      await props.settings.save('currency', {
        enabled: enabled(),
        name: name().trim(),
        perMinute: Number(text.perMinute),
        perMessage: Number(text.perMessage),
        messageCooldownS: Number(text.cooldown),
        subscriberMultiplier: Number(text.multiplier),
        minTransfer: Number(text.minTransfer),
      });
      toast('Currency settings saved');
    },
    { invalid: () => Object.values(local()).some(Boolean) },
  );

  return (
    <form class="flex flex-col gap-4" onSubmit={submit} noValidate>
      <FormError form={form} title="Could not save the currency settings" />
      <CheckboxField
        label="Currency on"
        hint="Off: nobody earns, and !points, !give, !top and the games stay quiet."
        checked={enabled()}
        onChange={setEnabled}
      />
      <Show when={enabled()}>
        <div class="grid gap-4 sm:grid-cols-2">
          <Field
            label="Name"
            hint='Shown in chat, e.g. "500 candies"'
            value={name()}
            maxLength={30}
            onInput={(e) => setName(e.currentTarget.value)}
            error={form.fieldError('name', local().name)}
          />
          <For each={numberFields}>
            {(f) => (
              <Field
                label={f.label}
                hint={f.hint}
                type="number"
                min={f.min}
                max={f.max}
                step={f.step}
                value={text[f.key]}
                onInput={(e) => setText(f.key, e.currentTarget.value)}
                error={form.fieldError(f.key, local()[f.key])}
              />
            )}
          </For>
        </div>
      </Show>
      <div class="flex justify-end">
        <Button type="submit" variant="primary" icon="i-ph-check" busy={form.busy()}>
          Save currency settings
        </Button>
      </div>
    </form>
  );
}
