/**
 * Confirms removing one or more containers, with the two options Docker has: also remove their
 * anonymous volumes, and force (kill running ones first). Running containers need force.
 */
import { createEffect, createSignal, on, Show } from 'solid-js';
import { plural } from '../../lib/format';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { CheckboxField } from '../../ui/Field';
import { removeContainer } from './api';
import { messageOf } from './errors';
import type { ContainerSummary } from './types';

export interface RemoveContainersDialogProps {
  /** The containers to remove; an empty list closes the dialog. */
  containers: readonly ContainerSummary[];
  onClose: () => void;
  /** Called with the ids that are gone, after every removal has been tried. */
  onRemoved: (ids: string[], failures: { name: string; message: string }[]) => void;
}

export function RemoveContainersDialog(props: RemoveContainersDialogProps) {
  const [volumes, setVolumes] = createSignal(false);
  const [force, setForce] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const running = () =>
    props.containers.filter((c) => c.state !== 'exited' && c.state !== 'created' && c.state !== 'dead');
  const open = () => props.containers.length > 0;

  createEffect(
    on(open, (isOpen) => {
      if (!isOpen) return;
      setVolumes(false);
      setForce(false);
      setError(null);
    }),
  );

  const title = () =>
    props.containers.length === 1
      ? `Remove ${props.containers[0]!.name}?`
      : `Remove ${plural(props.containers.length, 'container')}?`;

  const confirm = async () => {
    if (running().length > 0 && !force()) {
      setError('Some of these are running. Stop them first, or tick "Force" to kill and remove them.');
      return;
    }
    setBusy(true);
    setError(null);
    const targets = [...props.containers];
    const results = await Promise.allSettled(
      targets.map((c) => removeContainer(c.id, { volumes: volumes(), force: force() })),
    );
    setBusy(false);
    const removed: string[] = [];
    const failures: { name: string; message: string }[] = [];
    results.forEach((result, i) => {
      const c = targets[i]!;
      if (result.status === 'fulfilled') removed.push(c.id);
      else failures.push({ name: c.name, message: messageOf(result.reason, 'Could not remove it.') });
    });
    if (failures.length > 0 && removed.length === 0) {
      setError(failures.map((f) => `${f.name}: ${f.message}`).join(' '));
      return;
    }
    props.onRemoved(removed, failures);
  };

  return (
    <ConfirmDialog
      open={open()}
      title={title()}
      description={
        props.containers.length === 1
          ? 'The container and its writable layer are deleted. Named volumes stay unless removed separately.'
          : `${props.containers.map((c) => c.name).join(', ')} and their writable layers are deleted. Named volumes stay.`
      }
      confirmLabel={
        props.containers.length === 1
          ? 'Remove container'
          : `Remove ${plural(props.containers.length, 'container')}`
      }
      busy={busy()}
      error={error()}
      onConfirm={() => void confirm()}
      onCancel={props.onClose}
    >
      <CheckboxField
        label="Also remove anonymous volumes"
        checked={volumes()}
        onChange={setVolumes}
        hint="Data in volumes without a name is lost for good."
      />
      <CheckboxField
        label="Force: kill running containers first"
        checked={force()}
        onChange={setForce}
        hint={
          <Show when={running().length > 0} fallback="None of these is running.">
            {`${running()
              .map((c) => c.name)
              .join(', ')} ${running().length === 1 ? 'is' : 'are'} running.`}
          </Show>
        }
      />
    </ConfirmDialog>
  );
}
