/** Renames a container; the name rule is checked here as a hint, the API's answer is the word that counts. */
import { createEffect, on } from 'solid-js';
import { ApiForm } from '../../ui/ApiForm';
import { Dialog } from '../../ui/Dialog';
import { renameContainer } from './api';
import { createEngineNameForm } from './engine-name-form';
import type { ContainerSummary } from './types';

export function RenameDialog(props: {
  container: ContainerSummary | null;
  onClose: () => void;
  onRenamed: (container: ContainerSummary) => void;
}) {
  const form = createEngineNameForm({ failure: 'Could not rename it.', fields: ['name'] });
  createEffect(
    on(
      () => props.container,
      (c) => {
        form.reset();
        form.setName(c?.name ?? '');
      },
    ),
  );

  const submit = form.handleSubmit(
    async () => {
      const c = props.container;
      if (c) props.onRenamed(await renameContainer(c.id, form.name()));
    },
    { invalid: form.nameError },
  );

  return (
    <Dialog
      open={props.container !== null}
      onClose={props.onClose}
      locked={form.busy()}
      title="Rename container"
    >
      <ApiForm
        form={form}
        onSubmit={submit}
        failureTitle="Could not rename it"
        submitLabel="Rename"
        submitIcon="i-ph-pencil-simple"
        onCancel={props.onClose}
      >
        <form.NameField label="New name" />
      </ApiForm>
    </Dialog>
  );
}
