/** Creates a network; the API's field messages appear under the field they are about. */
import { createSignal } from 'solid-js';
import { ApiForm } from '../../ui/ApiForm';
import { Dialog } from '../../ui/Dialog';
import { CheckboxField, Field, SelectField } from '../../ui/Field';
import { toast } from '../../ui/Toast';
import { createNetwork } from './api';
import { createEngineNameForm } from './engine-name-form';

type Driver = 'bridge' | 'macvlan' | 'ipvlan';
const drivers = [
  { value: 'bridge', label: 'bridge: a private network on this host' },
  { value: 'macvlan', label: 'macvlan: containers appear on the LAN with their own MAC' },
  { value: 'ipvlan', label: 'ipvlan: containers share the host MAC on the LAN' },
] as const;

/** The client's own check of a CIDR; the API's is the one that counts. */
export const cidrPattern = /^[0-9a-fA-F.:]+\/\d{1,3}$/;

export function CreateNetworkDialog(props: { open: boolean; onClose: () => void; onCreated: () => void }) {
  const [driver, setDriver] = createSignal<Driver>('bridge');
  const [internal, setInternal] = createSignal(false);
  const [subnet, setSubnet] = createSignal('');
  const form = createEngineNameForm({
    failure: 'Could not create the network.',
    fields: ['name', 'driver', 'internal', 'subnet'],
  });

  const subnetError = () =>
    form.fieldError(
      'subnet',
      subnet().trim() && !cidrPattern.test(subnet().trim()) ? 'Write it as a CIDR, e.g. 10.42.0.0/24.' : null,
    );

  const close = () => {
    setDriver('bridge');
    setInternal(false);
    setSubnet('');
    form.reset();
    props.onClose();
  };

  const submit = form.handleSubmit(
    async () => {
      await createNetwork({
        name: form.name(),
        driver: driver(),
        internal: internal(),
        ...(subnet().trim() ? { subnet: subnet().trim() } : {}),
      });
      toast(`Network ${form.name()} created`);
      props.onCreated();
      close();
    },
    { invalid: () => form.nameError() || subnetError() },
  );

  return (
    <Dialog open={props.open} onClose={close} locked={form.busy()} title="Create a network">
      <ApiForm
        form={form}
        onSubmit={submit}
        failureTitle="Could not create the network"
        submitLabel="Create network"
        submitIcon="i-ph-plus"
        onCancel={close}
      >
        <form.NameField label="Name" spellcheck={false} />
        <SelectField
          label="Driver"
          value={driver()}
          onChange={(value) => setDriver(value as Driver)}
          options={drivers}
          error={form.error()?.fields.driver}
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
          error={form.error()?.fields.internal}
        />
      </ApiForm>
    </Dialog>
  );
}
