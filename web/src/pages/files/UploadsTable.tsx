/**
 * Every upload kept (clean, quarantined or rejected), newest first, filtered by status, with a
 * signed download link for clean files and delete behind a confirmation. While a file is still
 * being scanned the list refreshes itself.
 */
import { createSignal, Show } from 'solid-js';
import { formatBytes, formatDateTime, formatRelative } from '../../lib/format';
import { pollWhileVisible } from '../../lib/poll';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { ChoiceButtons } from '../../ui/ChoiceButtons';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { createConfirmation } from '../../ui/confirmation';
import { EditDeleteCell } from '../../ui/EditDeleteCell';
import type { Loadable } from '../../ui/LoadState';
import { TableCard } from '../../ui/TableCard';
import { toast } from '../../ui/Toast';
import { deleteUpload } from './api';
import { LinkDialog } from './LinkDialog';
import { statusLook } from './outcomes';
import type { FilesConfig, UploadStatus, UploadView } from './types';

export const statusFilters: readonly { id: UploadStatus | 'all'; label: string }[] = [
  { id: 'all', label: 'All' },
  { id: 'clean', label: 'Clean' },
  { id: 'scanning', label: 'Scanning' },
  { id: 'infected', label: 'Infected' },
  { id: 'rejected', label: 'Rejected' },
];

const columns = [
  { label: 'Name' },
  { label: 'Type' },
  { label: 'Size', class: 'text-right' },
  { label: 'Status' },
  { label: 'Uploaded' },
  { label: 'By' },
  { label: 'Actions', hidden: true },
];

export interface UploadsTableProps {
  uploads: Loadable<UploadView[]>;
  config: FilesConfig | null;
  filter: UploadStatus | 'all';
  onFilter: (filter: UploadStatus | 'all') => void;
}

export function UploadsTable(props: UploadsTableProps) {
  const [linking, setLinking] = createSignal<UploadView | null>(null);
  const removal = createConfirmation(async (upload: UploadView) => {
    await deleteUpload(upload.id);
    toast(`Deleted ${upload.name}`);
    void props.uploads.reload();
  }, 'Could not delete the file.');
  pollWhileVisible(() => {
    if (props.uploads.value()?.some((u) => u.status === 'scanning')) void props.uploads.reload();
  }, 5000);

  const typeLabel = (mediaType: string) =>
    props.config?.allowedTypes.find((t) => t.mediaType === mediaType)?.label ?? mediaType;
  const emptyTitle = () => (props.filter === 'all' ? 'No uploads yet' : `No ${props.filter} uploads`);

  return (
    <>
      <TableCard
        title="Uploads"
        icon="i-ph-files"
        actions={
          <ChoiceButtons
            legend="Show uploads by status"
            choices={statusFilters}
            selected={props.filter}
            onSelect={props.onFilter}
          />
        }
        load={props.uploads}
        what="uploads"
        empty={{
          title: emptyTitle(),
          icon: 'i-ph-files',
          body: props.filter === 'all' ? 'Files you upload above are listed here once scanned.' : undefined,
        }}
        columns={columns}
        minWidth="min-w-[56rem]"
        caption="Uploads, newest first"
        order={(a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt)}
      >
        {(upload) => (
          <tr>
            <td class="max-w-[16rem] py-2 pr-4">
              <span class="block truncate font-medium text-ink" title={upload.name}>
                {upload.name}
              </span>
              <span class="font-mono text-[11px] text-ink-muted" title={`SHA-256 ${upload.sha256}`}>
                {upload.sha256.slice(0, 12)}
              </span>
            </td>
            <td class="py-2 pr-4 text-ink-muted">{typeLabel(upload.mediaType)}</td>
            <td class="py-2 pr-4 text-right tabular-nums text-ink-muted">{formatBytes(upload.sizeBytes)}</td>
            <td class="py-2 pr-4">
              <Badge tone={statusLook[upload.status].tone} icon={statusLook[upload.status].icon}>
                {statusLook[upload.status].text}
              </Badge>
              <Show when={upload.verdict && upload.status !== 'clean'}>
                <span class="mt-0.5 block text-xs text-ink-muted">{upload.verdict}</span>
              </Show>
            </td>
            <td class="py-2 pr-4 text-ink-muted" title={formatDateTime(upload.createdAt)}>
              {formatRelative(upload.createdAt)}
            </td>
            <td class="py-2 pr-4 text-ink-muted">{upload.uploadedBy?.name ?? '—'}</td>
            <EditDeleteCell name={upload.name} onDelete={() => removal.open(upload)}>
              <Show when={upload.status === 'clean'}>
                <Button
                  size="sm"
                  icon="i-ph-link"
                  aria-label={`Copy a download link for ${upload.name}`}
                  onClick={() => setLinking(upload)}
                >
                  Link
                </Button>
              </Show>
            </EditDeleteCell>
          </tr>
        )}
      </TableCard>
      <Show when={linking()}>
        {(upload) => <LinkDialog upload={upload()} onClose={() => setLinking(null)} />}
      </Show>
      <ConfirmDialog
        {...removal.dialog}
        title={`Delete ${removal.target()?.name ?? ''}?`}
        description="The file and its download links stop working at once. The audit log keeps a record of the upload."
        confirmLabel="Delete file"
      />
    </>
  );
}
