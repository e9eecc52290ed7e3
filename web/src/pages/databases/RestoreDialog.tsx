/**
 * Restores a backup either over the instance it came from (its current data is replaced: typed
 * confirmation) or into a new instance deployed next to it.
 */
import { createEffect, createSignal, on, Show } from 'solid-js';
import { formatDateTime } from '../../lib/format';
import { createApiForm } from '../../ui/ApiForm';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Field } from '../../ui/Field';
import { toast } from '../../ui/Toast';
import { restoreBackup } from './api';
import { nameProblem, suggestName } from './instances';
import type { DatabaseBackup, DatabaseInstance } from './types';

export interface RestoreDialogProps {
  target: { instance: DatabaseInstance; backup: DatabaseBackup } | null;
  takenNames: readonly string[];
  onClose: () => void;
  onStarted: (instance: DatabaseInstance) => void;
}

export function RestoreDialog(props: RestoreDialogProps) {
  const [mode, setMode] = createSignal<'new' | 'same'>('new');
  const [newName, setNewName] = createSignal('');
  const [typed, setTyped] = createSignal('');
  const form = createApiForm({
    failure: 'Could not start the restore.',
    fields: ['target.newName', 'target'],
  });

  createEffect(
    on(
      () => props.target,
      (target) => {
        if (!target) return;
        setMode('new');
        setNewName(suggestName({ id: `${target.instance.name}-restored` }, props.takenNames));
        setTyped('');
        form.reset();
      },
    ),
  );

  const nameError = () =>
    form.error()?.fields['target.newName'] ??
    form.fieldError('target', mode() === 'new' ? nameProblem(newName().trim()) : null);
  const sameConfirmed = () => typed() === props.target?.instance.name;

  const submit = form.handleSubmit(
    async () => {
      const target = props.target;
      if (!target) return;
      const instance = await restoreBackup(target.instance.id, {
        backupId: target.backup.id,
        target: mode() === 'same' ? 'same' : { newName: newName().trim() },
      });
      toast(
        mode() === 'same'
          ? `Restoring ${target.backup.fileName} into ${target.instance.name}`
          : `Deploying ${newName().trim()} from ${target.backup.fileName}`,
        'info',
      );
      props.onStarted(instance);
    },
    { invalid: () => (mode() === 'new' ? nameError() : !sameConfirmed()) },
  );

  return (
    <Dialog
      open={props.target !== null}
      onClose={props.onClose}
      locked={form.busy()}
      title="Restore a backup"
      description={
        props.target
          ? `${props.target.backup.fileName}, taken ${formatDateTime(props.target.backup.createdAt)}.`
          : undefined
      }
    >
      <form class="flex flex-col gap-4" onSubmit={submit} noValidate>
        <Show when={form.error() && !nameError()}>
          <Banner tone="danger" title="Could not restore">
            {form.error()?.message}
          </Banner>
        </Show>
        <fieldset class="flex flex-col gap-2">
          <legend class="mb-1 text-sm font-medium text-ink">Restore into</legend>
          <label class="flex items-start gap-2 text-sm text-ink">
            <input
              type="radio"
              name="restore-target"
              class="mt-1 accent-violet-500"
              checked={mode() === 'new'}
              onChange={() => setMode('new')}
            />
            <span>
              A new instance <span class="text-ink-muted">(the original keeps running untouched)</span>
            </span>
          </label>
          <label class="flex items-start gap-2 text-sm text-ink">
            <input
              type="radio"
              name="restore-target"
              class="mt-1 accent-violet-500"
              checked={mode() === 'same'}
              onChange={() => setMode('same')}
            />
            <span>
              {props.target?.instance.name} itself{' '}
              <span class="text-danger-300">(its current data is replaced)</span>
            </span>
          </label>
        </fieldset>
        <Show
          when={mode() === 'new'}
          fallback={
            <Field
              label={`Type ${props.target?.instance.name ?? ''} to replace its data`}
              autocomplete="off"
              spellcheck={false}
              value={typed()}
              error={form.submitted() && !sameConfirmed() ? 'The name does not match.' : undefined}
              onInput={(event) => setTyped(event.currentTarget.value)}
            />
          }
        >
          <Field
            label="Name of the new instance"
            spellcheck={false}
            autocomplete="off"
            value={newName()}
            error={nameError()}
            onInput={(event) => setNewName(event.currentTarget.value)}
          />
        </Show>
        <div class="flex justify-end gap-2">
          <Button onClick={props.onClose} data-autofocus>
            Cancel
          </Button>
          <Button
            type="submit"
            variant={mode() === 'same' ? 'danger' : 'primary'}
            icon="i-ph-clock-counter-clockwise"
            busy={form.busy()}
            disabled={mode() === 'same' && !sameConfirmed()}
          >
            {mode() === 'same' ? 'Replace data and restore' : 'Restore into new instance'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
