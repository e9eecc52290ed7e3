/**
 * A Drive folder browser: breadcrumbs back up the path, folders open in place, files open in
 * Drive; the folder on screen can be chosen as where backups are copied to.
 */
import { createSignal, For, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { formatBytes, formatDateTime, formatRelative, plural } from '../../lib/format';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { toast } from '../../ui/Toast';
import { listDriveFolder, setBackupFolder } from './api';
import { createLatestLoad } from './latest-load';
import { SectionState } from './SectionState';
import type { DriveFile } from './types';

interface Crumb {
  id: string;
  name: string;
}

const root: Crumb = { id: 'root', name: 'My Drive' };
const byFolderThenName = (a: DriveFile, b: DriveFile) =>
  Number(b.isFolder) - Number(a.isFolder) || a.name.localeCompare(b.name);

export function DrivePanel(props: {
  backupFolderId: string | null;
  onBackupChanged: () => void;
  onAccountLost: () => void;
}) {
  const [path, setPath] = createSignal<Crumb[]>([root]);
  const current = () => path().at(-1)!;
  const folder = createLatestLoad(() => listDriveFolder(current().id));
  const [saving, setSaving] = createSignal(false);
  // The API keeps only the id; the name is known once the folder has been seen here.
  const [backupName, setBackupName] = createSignal<string | null>(null);

  const go = (crumbs: Crumb[]) => {
    setPath(crumbs);
    folder.setValue(null);
    void folder.reload();
  };
  const isBackup = (id: string) => props.backupFolderId === id;

  const chooseBackup = async (target: Crumb | null) => {
    setSaving(true);
    try {
      await setBackupFolder(target?.id ?? null);
      setBackupName(target?.name ?? null);
      toast(target ? `Backups now go to ${target.name}` : 'Backups no longer go to Drive');
      props.onBackupChanged();
    } catch (error) {
      toast(error instanceof ApiError ? error.message : 'Could not save the backup folder.', 'danger');
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card title="Drive" icon="i-ph-google-drive-logo">
      <div class="flex flex-wrap items-center justify-between gap-3">
        <nav aria-label="Folder path">
          <ol class="flex flex-wrap items-center gap-1 text-sm">
            <For each={path()}>
              {(crumb, i) => (
                <li class="flex items-center gap-1">
                  <Show when={i() > 0}>
                    <span class="i-ph-caret-right text-ink-muted" aria-hidden="true" />
                  </Show>
                  <Show
                    when={i() < path().length - 1}
                    fallback={
                      <span aria-current="location" class="font-medium text-ink">
                        {crumb.name}
                      </span>
                    }
                  >
                    <button
                      type="button"
                      class="text-violet-200 underline-offset-2 hover:underline"
                      onClick={() => go(path().slice(0, i() + 1))}
                    >
                      {crumb.name}
                    </button>
                  </Show>
                </li>
              )}
            </For>
          </ol>
        </nav>
        <Show
          when={isBackup(current().id)}
          fallback={
            <Button
              size="sm"
              icon="i-ph-cloud-arrow-up"
              busy={saving()}
              onClick={() => void chooseBackup(current())}
            >
              Use this folder for backups
            </Button>
          }
        >
          <div class="flex items-center gap-2">
            <Badge tone="ok" icon="i-ph-check">
              Backup folder
            </Badge>
            <Button size="sm" busy={saving()} onClick={() => void chooseBackup(null)}>
              Stop backing up here
            </Button>
          </div>
        </Show>
      </div>
      <p class="text-xs text-ink-muted">
        <Show
          when={props.backupFolderId}
          fallback="No backup folder chosen: backups stay on this server only."
        >
          Backups are copied to{' '}
          {backupName() ??
            (props.backupFolderId === 'root' ? 'My Drive' : `the folder with id ${props.backupFolderId}`)}
          .
        </Show>
      </p>
      <SectionState
        load={folder}
        what="folder"
        onAccountLost={props.onAccountLost}
        isEmpty={(f) => f.files.length === 0}
        empty={{ title: 'This folder is empty', icon: 'i-ph-folder-open' }}
      >
        {(f) => (
          <div class="overflow-x-auto">
            <table class="w-full min-w-[32rem] text-left text-sm">
              <caption class="sr-only">
                {`${current().name}: ${plural(f.files.length, 'item')}, folders first`}
              </caption>
              <thead class="text-xs text-ink-muted">
                <tr>
                  <th scope="col" class="py-2 pr-4 font-medium">
                    Name
                  </th>
                  <th scope="col" class="py-2 pr-4 font-medium">
                    Size
                  </th>
                  <th scope="col" class="py-2 font-medium">
                    Modified
                  </th>
                </tr>
              </thead>
              <tbody class="divide-y divide-space-600/60">
                <For each={[...f.files].sort(byFolderThenName)}>
                  {(file) => (
                    <tr>
                      <td class="py-2 pr-4">
                        <Show
                          when={file.isFolder}
                          fallback={
                            <span class="flex items-center gap-2">
                              <span class="i-ph-file text-ink-muted" aria-hidden="true" />
                              <Show
                                when={file.webViewLink}
                                fallback={<span class="text-ink">{file.name}</span>}
                              >
                                {(link) => (
                                  <a
                                    href={link()}
                                    target="_blank"
                                    rel="noopener noreferrer"
                                    class="text-ink underline-offset-2 hover:underline"
                                  >
                                    {file.name}
                                    <span class="sr-only"> (opens in Google Drive)</span>
                                  </a>
                                )}
                              </Show>
                            </span>
                          }
                        >
                          <span class="flex items-center gap-2">
                            <span class="i-ph-folder-simple text-violet-300" aria-hidden="true" />
                            <button
                              type="button"
                              class="font-medium text-violet-200 underline-offset-2 hover:underline"
                              aria-label={`Open folder ${file.name}`}
                              onClick={() => go([...path(), { id: file.id, name: file.name }])}
                            >
                              {file.name}
                            </button>
                            <Show when={isBackup(file.id)}>
                              <Badge tone="ok">Backup folder</Badge>
                            </Show>
                          </span>
                        </Show>
                      </td>
                      <td class="py-2 pr-4 tabular-nums text-ink-muted">
                        {file.isFolder || file.size === null ? '—' : formatBytes(file.size)}
                      </td>
                      <td class="py-2 text-ink-muted" title={formatDateTime(file.modifiedAt)}>
                        {file.modifiedAt ? formatRelative(file.modifiedAt) : '—'}
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        )}
      </SectionState>
    </Card>
  );
}
