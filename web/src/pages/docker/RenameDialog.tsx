/** Renames a container; the name rule is checked here as a hint, the API's answer is the word that counts. */
import { createEffect, createSignal, on, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Field } from '../../ui/Field';
import { renameContainer } from './api';
import { engineNameHint, engineNameProblem } from './names';
import type { ContainerSummary } from './types';

export function RenameDialog(props: {
  container: ContainerSummary | null;
  onClose: () => void;
  onRenamed: (container: ContainerSummary) => void;
}) {
  const [name, setName] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [submitted, setSubmitted] = createSignal(false);
  const [error, setError] = createSignal<ApiError | null>(null);
  createEffect(
    on(
      () => props.container,
      (c) => {
        setName(c?.name ?? '');
        setSubmitted(false);
        setError(null);
      },
    ),
  );

  const nameError = () =>
    error()?.fields.name ?? (submitted() ? (engineNameProblem(name().trim()) ?? undefined) : undefined);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const c = props.container;
    if (!c || busy()) return;
    setSubmitted(true);
    setError(null);
    if (nameError()) return;
    setBusy(true);
    try {
      props.onRenamed(await renameContainer(c.id, name().trim()));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'unknown', 'Could not rename it.'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={props.container !== null} onClose={props.onClose} locked={busy()} title="Rename container">
      <form class="flex flex-col gap-4" onSubmit={submit} noValidate>
        <Show when={error() && !error()?.fields.name}>
          <Banner tone="danger" title="Could not rename it">
            {error()?.message}
          </Banner>
        </Show>
        <Field
          label="New name"
          value={name()}
          data-autofocus
          required
          maxLength={128}
          hint={engineNameHint}
          error={nameError()}
          onInput={(event) => setName(event.currentTarget.value)}
        />
        <div class="flex justify-end gap-2">
          <Button onClick={props.onClose}>Cancel</Button>
          <Button type="submit" variant="primary" icon="i-ph-pencil-simple" busy={busy()}>
            Rename
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
