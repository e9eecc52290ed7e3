/**
 * Restoring a backup into a NEW database (the live one is never overwritten from here): the owner
 * names the database and types the backup id to confirm.
 */
import { createEffect, createSignal, on } from 'solid-js';
import { ApiError } from '../../api/client';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Field } from '../../ui/Field';
import { toast } from '../../ui/Toast';
import { restoreInto, type SystemBackup } from './api';

const databaseName = /^[a-z_][a-z0-9_]{0,62}$/;

export function RestoreDialog(props: { backup: SystemBackup | null; onClose: () => void }) {
  const [name, setName] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  createEffect(
    on(
      () => props.backup?.id,
      () => {
        setName(`restored_${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`);
        setError(null);
      },
    ),
  );
  const nameError = () =>
    databaseName.test(name()) ? null : 'Lowercase letters, digits and _, starting with a letter (up to 63).';

  const confirm = async () => {
    const backup = props.backup;
    if (!backup || nameError()) return;
    setBusy(true);
    setError(null);
    try {
      const result = await restoreInto(backup.id, name());
      toast(`Restored into ${result.database}: ${result.tables} tables, ${result.rows} rows`);
      props.onClose();
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : 'The restore failed.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <ConfirmDialog
      open={props.backup !== null}
      title="Restore into a new database"
      description="The backup is restored into a new database on the same server, to inspect or switch to by hand. The live database is not touched."
      confirmLabel="Restore"
      variant="primary"
      busy={busy()}
      error={error()}
      confirmText={props.backup?.id}
      onConfirm={() => void confirm()}
      onCancel={props.onClose}
    >
      <Field
        label="New database name"
        value={name()}
        onInput={(event) => setName(event.currentTarget.value)}
        error={nameError()}
        autocomplete="off"
        spellcheck={false}
      />
    </ConfirmDialog>
  );
}
