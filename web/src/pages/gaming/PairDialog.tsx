/**
 * "Pair a device": Moonlight shows a 4-digit PIN while it waits; the PIN and a name for the
 * device go to Sunshine, which finishes the pairing with the waiting client.
 */
import type { PairedClient } from '@homelab/db/gaming';
import { createSignal } from 'solid-js';
import { ApiForm, createApiForm } from '../../ui/ApiForm';
import { Dialog } from '../../ui/Dialog';
import { Field } from '../../ui/Field';
import { pairDevice } from './api';

export const pinProblem = (pin: string) =>
  /^\d{4}$/.test(pin) ? null : 'Enter the 4 digits Moonlight shows.';
export const nameProblem = (name: string) =>
  name.trim().length === 0
    ? 'Name the device, e.g. Living room TV.'
    : name.trim().length > 64
      ? 'Use at most 64 characters.'
      : null;

export function PairDialog(props: { onClose: () => void; onPaired: (client: PairedClient) => void }) {
  const form = createApiForm({ failure: 'Could not pair the device.', fields: ['pin', 'name'] });
  const [pin, setPin] = createSignal('');
  const [name, setName] = createSignal('');
  const submit = form.handleSubmit(
    async () => {
      const client = await pairDevice(pin(), name().trim());
      props.onPaired(client);
      props.onClose();
    },
    { invalid: () => Boolean(pinProblem(pin()) || nameProblem(name())) },
  );

  return (
    <Dialog
      open
      title="Pair a device"
      description="In Moonlight, add the gaming PC and choose it: Moonlight shows a PIN and waits. Enter it here within a minute."
      onClose={props.onClose}
      locked={form.busy()}
    >
      <ApiForm
        form={form}
        onSubmit={submit}
        failureTitle="Could not pair the device"
        submitLabel="Pair device"
        submitIcon="i-ph-link"
        onCancel={props.onClose}
      >
        <Field
          label="PIN"
          inputmode="numeric"
          autocomplete="one-time-code"
          maxLength={4}
          pattern="[0-9]{4}"
          value={pin()}
          onInput={(event) => setPin(event.currentTarget.value.replace(/\D/g, '').slice(0, 4))}
          error={form.fieldError('pin', pinProblem(pin()))}
          hint="4 digits"
        />
        <Field
          label="Device name"
          maxLength={64}
          value={name()}
          onInput={(event) => setName(event.currentTarget.value)}
          error={form.fieldError('name', nameProblem(name()))}
        />
      </ApiForm>
    </Dialog>
  );
}
