/** One instance's backups, newest first, with download links and a restore button each; live via `backup` events. */
import { createSignal, For, Match, onMount, Show, Switch } from 'solid-js';
import { formatBytes, formatDateTime, formatRelative } from '../../lib/format';
import { Badge, type Tone } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { Skeleton } from '../../ui/Skeleton';
import { messageOf } from '../docker/errors';
import { databaseUrls } from './api';
import type { DatabasesFeed } from './databases-feed';
import type { DatabaseBackup, DatabaseInstance } from './types';

const statusLook: Record<DatabaseBackup['status'], { tone: Tone; text: string }> = {
  running: { tone: 'info', text: 'Running' },
  done: { tone: 'ok', text: 'Done' },
  failed: { tone: 'danger', text: 'Failed' },
};

export function BackupsPanel(props: {
  instance: DatabaseInstance;
  feed: DatabasesFeed;
  canRestore: boolean;
  onRestore: (backup: DatabaseBackup) => void;
}) {
  const [error, setError] = createSignal<unknown>(null);
  const [loading, setLoading] = createSignal(false);
  const load = async () => {
    setLoading(true);
    setError(null);
    try {
      await props.feed.loadBackups(props.instance.id);
    } catch (caught) {
      setError(caught);
    } finally {
      setLoading(false);
    }
  };
  onMount(() => void load());
  const backups = () =>
    [...(props.feed.backupsOf(props.instance.id) ?? [])].sort((a, b) =>
      b.createdAt.localeCompare(a.createdAt),
    );

  return (
    <Switch>
      <Match when={error()}>
        <ErrorState
          title="Could not load the backups"
          message={messageOf(error(), '')}
          onRetry={() => void load()}
          retrying={loading()}
        />
      </Match>
      <Match when={props.feed.backupsOf(props.instance.id) === undefined}>
        <Skeleton lines={2} label="Loading backups…" />
      </Match>
      <Match when={backups().length === 0}>
        <EmptyState title="No backups yet" icon="i-ph-archive">
          Back up now, or set a schedule below.
        </EmptyState>
      </Match>
      <Match when={true}>
        <ul class="flex flex-col divide-y divide-space-600/60 text-sm">
          <For each={backups()}>
            {(backup) => (
              <li class="flex flex-wrap items-center justify-between gap-2 py-2">
                <div class="flex min-w-0 flex-col">
                  <span class="truncate font-mono text-xs text-ink" title={backup.fileName}>
                    {backup.fileName}
                  </span>
                  <span class="text-xs text-ink-muted">
                    <time datetime={backup.createdAt} title={formatDateTime(backup.createdAt)}>
                      {formatRelative(backup.createdAt)}
                    </time>
                    {' · '}
                    {backup.kind}
                    <Show when={backup.sizeBytes !== null}> · {formatBytes(backup.sizeBytes!)}</Show>
                  </span>
                  <Show when={backup.error}>
                    <span class="text-xs text-danger-300">{backup.error}</span>
                  </Show>
                </div>
                <div class="flex items-center gap-2">
                  <Badge tone={statusLook[backup.status].tone}>{statusLook[backup.status].text}</Badge>
                  <Show when={backup.status === 'done'}>
                    <a
                      href={databaseUrls.download(backup.id)}
                      download={backup.fileName}
                      class="btn-ghost btn-sm"
                      aria-label={`Download ${backup.fileName}`}
                    >
                      <span class="i-ph-download-simple" aria-hidden="true" />
                      Download
                    </a>
                    <Show when={props.canRestore}>
                      <Button
                        size="sm"
                        icon="i-ph-clock-counter-clockwise"
                        aria-label={`Restore ${backup.fileName}`}
                        onClick={() => props.onRestore(backup)}
                      >
                        Restore
                      </Button>
                    </Show>
                  </Show>
                </div>
              </li>
            )}
          </For>
        </ul>
      </Match>
    </Switch>
  );
}
