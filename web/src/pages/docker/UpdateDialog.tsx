/**
 * Updating one container: first what will happen (snapshot, pull, recreate, health check, rollback),
 * then the steps live until it is done or rolled back. Closing the dialog does not stop the update;
 * the Updates tab keeps following it.
 */
import { createEffect, createSignal, For, on, onCleanup, Show } from 'solid-js';
import { Badge } from '../../ui/Badge';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { messageOf } from './errors';
import type { ContainerSummary } from './types';
import { UpdateSteps } from './UpdateSteps';
import { type ContainerUpdate, getUpdate, startUpdate, updateStatusLook } from './updates';

export interface UpdateDialogProps {
  container: ContainerSummary | null;
  onClose: () => void;
  /** Called once when the update has finished, whatever its outcome. */
  onSettled: (update: ContainerUpdate) => void;
  /** How often the running update is read again. */
  pollMs?: number;
}

export function UpdateDialog(props: UpdateDialogProps) {
  const [update, setUpdate] = createSignal<ContainerUpdate | null>(null);
  const [starting, setStarting] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [pollError, setPollError] = createSignal(false);
  let timer: ReturnType<typeof setTimeout> | undefined;

  createEffect(
    on(
      () => props.container,
      () => {
        clearTimeout(timer);
        setUpdate(null);
        setError(null);
        setPollError(false);
      },
    ),
  );
  onCleanup(() => clearTimeout(timer));

  const volumes = () =>
    (props.container?.mounts ?? []).filter((m) => m.type === 'volume' && m.name).map((m) => m.name as string);

  const follow = (current: ContainerUpdate) => {
    setUpdate(current);
    if (current.status !== 'updating') {
      props.onSettled(current);
      return;
    }
    timer = setTimeout(async () => {
      try {
        const next = await getUpdate(current.id);
        setPollError(false);
        follow(next);
      } catch {
        // A missed read (the runner restarting) is retried; the update goes on without us.
        setPollError(true);
        follow(current);
      }
    }, props.pollMs ?? 1_000);
  };

  const start = async () => {
    const c = props.container;
    if (!c || starting()) return;
    setStarting(true);
    setError(null);
    try {
      follow(await startUpdate(c.id));
    } catch (caught) {
      setError(messageOf(caught, 'The server did not answer.'));
    } finally {
      setStarting(false);
    }
  };

  const close = () => {
    clearTimeout(timer);
    props.onClose();
  };

  return (
    <Dialog
      open={props.container !== null}
      onClose={close}
      locked={starting()}
      size="lg"
      title={`Update ${props.container?.name ?? 'container'}`}
      description={
        <>
          Pulls the newest image for <span class="font-mono text-ink">{props.container?.image}</span> and
          recreates the container on it with the same settings.
        </>
      }
    >
      <Show
        when={update()}
        fallback={
          <>
            <ul class="flex list-disc flex-col gap-1 pl-5 text-sm text-ink-muted">
              <li>The image is pulled first; if that fails, nothing changes.</li>
              <li>
                The container stops for the rest of the update.{' '}
                <Show when={volumes().length > 0} fallback="It has no named volumes to snapshot.">
                  Then a snapshot is taken of {volumes().length === 1 ? 'its volume' : 'its volumes'}:
                </Show>
              </li>
              <Show when={volumes().length > 0}>
                <li class="list-none">
                  <ul class="flex flex-wrap gap-2">
                    <For each={volumes()}>
                      {(volume) => (
                        <li>
                          <Badge icon="i-ph-hard-drives">{volume}</Badge>
                        </li>
                      )}
                    </For>
                  </ul>
                </li>
              </Show>
              <li>
                The new container must become healthy (or keep running, without a healthcheck). If it does
                not, it is removed, the volumes are restored from the snapshot and the old container starts
                again.
              </li>
              <li>
                Snapshots stay for a while (a week by default) as volumes named “…-snap-…”; remove them on the
                Volumes page when you no longer need them.
              </li>
            </ul>
            <Show when={error()}>
              {(message) => (
                <Banner tone="danger" title="Could not start the update">
                  {message()}
                </Banner>
              )}
            </Show>
            <div class="flex justify-end gap-2">
              <Button onClick={close}>Cancel</Button>
              <Button
                variant="primary"
                icon="i-ph-arrow-circle-up"
                busy={starting()}
                data-autofocus
                onClick={() => void start()}
              >
                Update now
              </Button>
            </div>
          </>
        }
      >
        {(current) => (
          <>
            <div role="status" aria-live="polite" class="flex items-center gap-2 text-sm">
              <Badge
                tone={updateStatusLook[current().status].tone}
                icon={updateStatusLook[current().status].icon}
              >
                {updateStatusLook[current().status].text}
              </Badge>
              <Show when={current().status === 'updating'}>
                <span class="text-ink-muted">You can close this; the update carries on.</span>
              </Show>
            </div>
            <UpdateSteps update={current()} label="Update progress" />
            <Show when={pollError()}>
              <p class="text-xs text-warn-300">Lost touch with the runner for a moment; retrying.</p>
            </Show>
            <Show when={current().status === 'rolled_back'}>
              <Banner tone="warn" title="The update was rolled back">
                {current().error} The old container runs again
                {current().snapshots.length ? ' with its volumes as they were before' : ''}.
              </Banner>
            </Show>
            <Show when={current().status === 'failed'}>
              <Banner tone="danger" title="The update failed">
                {current().error}
              </Banner>
            </Show>
            <div class="flex justify-end">
              <Button variant={current().status === 'updating' ? 'ghost' : 'primary'} onClick={close}>
                Close
              </Button>
            </div>
          </>
        )}
      </Show>
    </Dialog>
  );
}
