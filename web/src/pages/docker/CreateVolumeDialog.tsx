/** Creates a named volume; the API's field messages appear under the field they are about. */
import { createSignal, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Field, TextAreaField } from '../../ui/Field';
import { toast } from '../../ui/Toast';
import { createVolume } from './api';
import { parseLabels } from './labels';
import { engineNameHint, engineNameProblem } from './names';

export function CreateVolumeDialog(props: { open: boolean; onClose: () => void; onCreated: () => void }) {
  const [name, setName] = createSignal('');
  const [driver, setDriver] = createSignal('local');
  const [labels, setLabels] = createSignal('');
  const [submitted, setSubmitted] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<ApiError | null>(null);

  const parsed = () => parseLabels(labels());
  const nameError = () =>
    error()?.fields.name ?? (submitted() ? (engineNameProblem(name().trim()) ?? undefined) : undefined);
  const labelsError = () =>
    error()?.fields.labels ?? (submitted() ? (parsed().error ?? undefined) : undefined);
  const fieldKeys = ['name', 'driver', 'labels'];
  const otherError = () => {
    const e = error();
    return e && !fieldKeys.some((k) => e.fields[k]) ? e.message : null;
  };

  const close = () => {
    setName('');
    setDriver('local');
    setLabels('');
    setSubmitted(false);
    setError(null);
    props.onClose();
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    setSubmitted(true);
    setError(null);
    if (nameError() || labelsError()) return;
    setBusy(true);
    try {
      await createVolume({
        name: name().trim(),
        driver: driver().trim() || 'local',
        labels: parsed().labels,
      });
      toast(`Volume ${name().trim()} created`);
      props.onCreated();
      close();
    } catch (caught) {
      setError(
        caught instanceof ApiError ? caught : new ApiError(0, 'unknown', 'Could not create the volume.'),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={props.open} onClose={close} locked={busy()} title="Create a volume">
      <form class="flex flex-col gap-4" onSubmit={submit} noValidate>
        <Show when={otherError()}>
          <Banner tone="danger" title="Could not create the volume">
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
        <Field
          label="Driver"
          value={driver()}
          spellcheck={false}
          hint="local unless you installed a volume plugin."
          error={error()?.fields.driver}
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
        <div class="flex justify-end gap-2">
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="primary" icon="i-ph-plus" busy={busy()}>
            Create volume
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
