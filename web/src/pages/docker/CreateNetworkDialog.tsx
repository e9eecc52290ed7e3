/** Creates a network; the API's field messages appear under the field they are about. */
import { createSignal, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { CheckboxField, Field, SelectField } from '../../ui/Field';
import { toast } from '../../ui/Toast';
import { createNetwork } from './api';
import { engineNameHint, engineNameProblem } from './names';

type Driver = 'bridge' | 'macvlan' | 'ipvlan';
const drivers = [
  { value: 'bridge', label: 'bridge: a private network on this host' },
  { value: 'macvlan', label: 'macvlan: containers appear on the LAN with their own MAC' },
  { value: 'ipvlan', label: 'ipvlan: containers share the host MAC on the LAN' },
] as const;

/** The client's own check of a CIDR; the API's is the one that counts. */
export const cidrPattern = /^[0-9a-fA-F.:]+\/\d{1,3}$/;

export function CreateNetworkDialog(props: { open: boolean; onClose: () => void; onCreated: () => void }) {
  const [name, setName] = createSignal('');
  const [driver, setDriver] = createSignal<Driver>('bridge');
  const [internal, setInternal] = createSignal(false);
  const [subnet, setSubnet] = createSignal('');
  const [submitted, setSubmitted] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<ApiError | null>(null);

  const nameError = () =>
    error()?.fields.name ?? (submitted() ? (engineNameProblem(name().trim()) ?? undefined) : undefined);
  const subnetError = () =>
    error()?.fields.subnet ??
    (submitted() && subnet().trim() && !cidrPattern.test(subnet().trim())
      ? 'Write it as a CIDR, e.g. 10.42.0.0/24.'
      : undefined);
  const otherError = () => {
    const e = error();
    return e && !['name', 'driver', 'internal', 'subnet'].some((k) => e.fields[k]) ? e.message : null;
  };

  const close = () => {
    setName('');
    setDriver('bridge');
    setInternal(false);
    setSubnet('');
    setSubmitted(false);
    setError(null);
    props.onClose();
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    setSubmitted(true);
    setError(null);
    if (nameError() || subnetError()) return;
    setBusy(true);
    try {
      await createNetwork({
        name: name().trim(),
        driver: driver(),
        internal: internal(),
        ...(subnet().trim() ? { subnet: subnet().trim() } : {}),
      });
      toast(`Network ${name().trim()} created`);
      props.onCreated();
      close();
    } catch (caught) {
      setError(
        caught instanceof ApiError ? caught : new ApiError(0, 'unknown', 'Could not create the network.'),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={props.open} onClose={close} locked={busy()} title="Create a network">
      <form class="flex flex-col gap-4" onSubmit={submit} noValidate>
        <Show when={otherError()}>
          <Banner tone="danger" title="Could not create the network">
            {otherError()}
          </Banner>
        </Show>
        <Field
          label="Name"
          data-autofocus
          required
          maxLength={128}
          spellcheck={false}
          value={name()}
          hint={engineNameHint}
          error={nameError()}
          onInput={(event) => setName(event.currentTarget.value)}
        />
        <SelectField
          label="Driver"
          value={driver()}
          onChange={(value) => setDriver(value as Driver)}
          options={drivers}
          error={error()?.fields.driver}
        />
        <Field
          label="Subnet (optional)"
          placeholder="10.42.0.0/24"
          spellcheck={false}
          value={subnet()}
          hint="Leave empty and the engine picks a free range."
          error={subnetError()}
          onInput={(event) => setSubnet(event.currentTarget.value)}
        />
        <CheckboxField
          label="Internal: no route to the outside world"
          checked={internal()}
          onChange={setInternal}
          error={error()?.fields.internal}
        />
        <div class="flex justify-end gap-2">
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="primary" icon="i-ph-plus" busy={busy()}>
            Create network
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
