/** The currency's name and how viewers earn it: per minute watched, per message, subscriber bonus. */
import { createSignal, Show } from 'solid-js';
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

function CurrencyForm(props: { initial: CurrencySettings; settings: BotSettingsState }) {
  const form = createApiForm({ failure: 'Could not save the currency settings.', fields: [] });
  const i = props.initial;
  const [enabled, setEnabled] = createSignal(i.enabled);
  const [name, setName] = createSignal(i.name);
  const [perMinute, setPerMinute] = createSignal(String(i.perMinute));
  const [perMessage, setPerMessage] = createSignal(String(i.perMessage));
  const [cooldown, setCooldown] = createSignal(String(i.messageCooldownS));
  const [multiplier, setMultiplier] = createSignal(String(i.subscriberMultiplier));
  const [minTransfer, setMinTransfer] = createSignal(String(i.minTransfer));

  const local = () => ({
    name: name().trim() && name().trim().length <= 30 ? null : 'Name it in 1 to 30 characters',
    perMinute: wholeIn(perMinute(), 0, 1_000) === null ? 'A whole number from 0 to 1000' : null,
    perMessage: wholeIn(perMessage(), 0, 1_000) === null ? 'A whole number from 0 to 1000' : null,
    cooldown: wholeIn(cooldown(), 0, 3_600) === null ? 'From 0 to 3600 seconds' : null,
    multiplier: numberIn(multiplier(), 1, 10) === null ? 'From 1 to 10, e.g. 1.5' : null,
    minTransfer: wholeIn(minTransfer(), 1) === null ? 'A whole number, at least 1' : null,
  });
  const submit = form.handleSubmit(
    async () => {
      await props.settings.save('currency', {
        enabled: enabled(),
        name: name().trim(),
        perMinute: Number(perMinute()),
        perMessage: Number(perMessage()),
        messageCooldownS: Number(cooldown()),
        subscriberMultiplier: Number(multiplier()),
        minTransfer: Number(minTransfer()),
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
          <Field
            label="Per minute watched"
            hint="Everyone who chatted in the last 10 minutes while you are live; 0 turns it off"
            type="number"
            min="0"
            max="1000"
            value={perMinute()}
            onInput={(e) => setPerMinute(e.currentTarget.value)}
            error={form.fieldError('perMinute', local().perMinute)}
          />
          <Field
            label="Per message"
            hint="0 turns it off"
            type="number"
            min="0"
            max="1000"
            value={perMessage()}
            onInput={(e) => setPerMessage(e.currentTarget.value)}
            error={form.fieldError('perMessage', local().perMessage)}
          />
          <Field
            label="Message cooldown (seconds)"
            hint="A viewer earns for a message at most this often, so spamming pays nothing"
            type="number"
            min="0"
            max="3600"
            value={cooldown()}
            onInput={(e) => setCooldown(e.currentTarget.value)}
            error={form.fieldError('cooldown', local().cooldown)}
          />
          <Field
            label="Subscriber multiplier"
            hint="Subscribers earn this many times as much (1 = the same)"
            type="number"
            min="1"
            max="10"
            step="0.1"
            value={multiplier()}
            onInput={(e) => setMultiplier(e.currentTarget.value)}
            error={form.fieldError('multiplier', local().multiplier)}
          />
          <Field
            label="Smallest !give"
            type="number"
            min="1"
            value={minTransfer()}
            onInput={(e) => setMinTransfer(e.currentTarget.value)}
            error={form.fieldError('minTransfer', local().minTransfer)}
          />
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
