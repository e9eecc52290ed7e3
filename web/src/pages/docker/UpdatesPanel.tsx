/**
 * The Updates tab of a container: every update of it, newest first, with its outcome, the images it
 * went between, the snapshots it left and its steps. While one runs, the list is read again until
 * it is done.
 */
import { createEffect, createSignal, For, on, onCleanup, Show } from 'solid-js';
import { formatDateTime, shortId } from '../../lib/format';
import { Badge } from '../../ui/Badge';
import { Disclosure } from '../../ui/Disclosure';
import { LoadState } from '../../ui/LoadState';
import { createRetryingLoad } from './retrying-load';
import { UpdateSteps } from './UpdateSteps';
import { type ContainerUpdate, listUpdates, updateStatusLook } from './updates';

export interface UpdatesPanelProps {
  /** The container's name: updates replace the container, so its id changes and its name stays. */
  container: string;
  /** Changes when an update was started here, to read the list again at once. */
  refresh?: unknown;
  /** Called when an update this panel saw running has finished. */
  onSettled?: (update: ContainerUpdate) => void;
  pollMs?: number;
}

export function UpdatesPanel(props: UpdatesPanelProps) {
  const [updates, setUpdates] = createSignal<ContainerUpdate[] | null>(null);
  let running = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const load = createRetryingLoad(() => listUpdates(props.container), {
    apply: (list) => {
      for (const update of list)
        if (running.has(update.id) && update.status !== 'updating') props.onSettled?.(update);
      running = new Set(list.filter((u) => u.status === 'updating').map((u) => u.id));
      setUpdates(list);
      clearTimeout(timer);
      if (running.size) timer = setTimeout(() => void load.reload(), props.pollMs ?? 2_000);
    },
  });
  createEffect(on([() => props.container, () => props.refresh], () => void load.reload()));
  onCleanup(() => clearTimeout(timer));

  return (
    <LoadState
      load={{ value: updates, error: load.error, loading: load.loading, reload: load.reload }}
      what="update history"
      empty={{
        title: 'No updates yet',
        icon: 'i-ph-arrow-circle-up',
        body: 'Updates started with the Update button are listed here, with their snapshots.',
      }}
    >
      {(list) => (
        <ul aria-label={`Updates of ${props.container}`} class="flex flex-col divide-y divide-space-700">
          <For each={list}>
            {(update) => (
              <li class="flex flex-col gap-2 py-3">
                <div class="flex flex-wrap items-center gap-2 text-sm">
                  <Badge
                    tone={updateStatusLook[update.status].tone}
                    icon={updateStatusLook[update.status].icon}
                  >
                    {updateStatusLook[update.status].text}
                  </Badge>
                  <time datetime={update.startedAt} class="text-ink">
                    {formatDateTime(update.startedAt)}
                  </time>
                  <Show when={update.startedBy}>
                    <span class="text-ink-muted">by {update.startedBy}</span>
                  </Show>
                </div>
                <p class="font-mono text-xs text-ink-muted">
                  {update.image}: {update.fromImageId ? shortId(update.fromImageId) : '—'} →{' '}
                  {update.toImageId ? shortId(update.toImageId) : '—'}
                </p>
                <Show when={update.error}>
                  <p class="text-sm text-ink-muted">{update.error}</p>
                </Show>
                <Show when={update.snapshots.length > 0}>
                  <p class="flex flex-wrap items-center gap-2 text-xs text-ink-muted">
                    Snapshots:
                    <For each={update.snapshots}>
                      {(snapshot) => <Badge icon="i-ph-hard-drives">{snapshot.snapshot}</Badge>}
                    </For>
                  </p>
                </Show>
                <Show when={update.progress.length > 0}>
                  <Disclosure
                    label="Steps"
                    icon="i-ph-list-checks"
                    defaultOpen={update.status === 'updating'}
                  >
                    <UpdateSteps
                      update={update}
                      label={`Steps of the update at ${formatDateTime(update.startedAt)}`}
                    />
                  </Disclosure>
                </Show>
              </li>
            )}
          </For>
        </ul>
      )}
    </LoadState>
  );
}
