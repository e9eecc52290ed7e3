/** Creates a named volume; the API's field messages appear under the field they are about. */
import { createSignal } from 'solid-js';
import { ApiForm } from '../../ui/ApiForm';
import { Dialog } from '../../ui/Dialog';
import { Field, TextAreaField } from '../../ui/Field';
import { toast } from '../../ui/Toast';
import { createVolume } from './api';
import { createEngineNameForm } from './engine-name-form';
import { parseLabels } from './labels';

export function CreateVolumeDialog(props: { open: boolean; onClose: () => void; onCreated: () => void }) {
  const [driver, setDriver] = createSignal('local');
  const [labels, setLabels] = createSignal('');
  const form = createEngineNameForm({
    failure: 'Could not create the volume.',
    fields: ['name', 'driver', 'labels'],
  });

  const parsed = () => parseLabels(labels());
  const labelsError = () => form.fieldError('labels', parsed().error);

  const close = () => {
    setDriver('local');
    setLabels('');
    form.reset();
    props.onClose();
  };

  const submit = form.handleSubmit(
    async () => {
      await createVolume({
        name: form.name(),
        driver: driver().trim() || 'local',
        labels: parsed().labels,
      });
      toast(`Volume ${form.name()} created`);
      props.onCreated();
      close();
    },
    { invalid: () => form.nameError() || labelsError() },
  );

  return (
    <Dialog open={props.open} onClose={close} locked={form.busy()} title="Create a volume">
      <ApiForm
        form={form}
        onSubmit={submit}
        failureTitle="Could not create the volume"
        submitLabel="Create volume"
        submitIcon="i-ph-plus"
        onCancel={close}
      >
        <form.NameField label="Name" spellcheck={false} />
        <Field
          label="Driver"
          value={driver()}
          spellcheck={false}
          hint="local unless you installed a volume plugin."
          error={form.error()?.fields.driver}
          onInput={(event) => setDriver(event.currentTarget.value)}
        />
        <TextAreaField
          label="Labels (optional)"
          rows={3}
          placeholder={'backup=nightly\nowner=media'}
          value={labels()}
          hint='One "key=value" per line.'
          error={labelsError()}
          onInput={(event) => setLabels(event.currentTarget.value)}
        />
      </ApiForm>
    </Dialog>
  );
}
