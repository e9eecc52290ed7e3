/**
 * /files: secure uploads. Files are dropped or picked, checked for size and type, scanned by
 * ClamAV and kept on this server's disk or S3 storage; clean ones are shared through expiring
 * signed links, infected ones stay quarantined. Without a scanner, uploads are refused outright.
 */
import { createSignal, Match, Show, Switch } from 'solid-js';
import { formatBytes } from '../../lib/format';
import { usePageTitle } from '../../lib/title';
import { createAnnouncer } from '../../ui/Announcer';
import { Banner } from '../../ui/Banner';
import { Card } from '../../ui/Card';
import { ErrorState } from '../../ui/ErrorState';
import { PageHeader } from '../../ui/PageHeader';
import { Skeleton } from '../../ui/Skeleton';
import { messageOf } from '../docker/errors';
import { createLatestLoad } from '../google/latest-load';
import { createLoaded } from '../monitoring/load';
import { getFilesConfig, listUploads } from './api';
import type { FilesConfig, ScannerKind, UploadStatus } from './types';
import { UploadsTable } from './UploadsTable';
import { UploadZone } from './UploadZone';

const scannerText: Record<ScannerKind, string> = {
  clamd: 'ClamAV daemon (clamd)',
  clamscan: 'ClamAV command line (clamscan)',
  unavailable: 'Unavailable',
};

export const noScannerText =
  'Uploads are refused until ClamAV is available: install clamav-daemon and set CLAMD_SOCKET, or install clamav so clamscan is found (CLAMSCAN_PATH).';

function Facts(props: { config: FilesConfig }) {
  return (
    <dl class="grid grid-cols-2 gap-2 lg:grid-cols-4">
      <div class="flex flex-col rounded-control bg-space-800/60 px-3 py-2">
        <dt class="text-xs text-ink-muted">Scanner</dt>
        <dd
          class={`text-sm font-semibold ${props.config.scanner === 'unavailable' ? 'text-danger-300' : 'text-ink'}`}
        >
          {scannerText[props.config.scanner]}
        </dd>
      </div>
      <div class="flex flex-col rounded-control bg-space-800/60 px-3 py-2">
        <dt class="text-xs text-ink-muted">Stored on</dt>
        <dd class="text-sm font-semibold text-ink">
          {props.config.storage === 's3' ? 'S3-compatible storage' : 'This server’s disk'}
        </dd>
      </div>
      <div class="flex flex-col rounded-control bg-space-800/60 px-3 py-2">
        <dt class="text-xs text-ink-muted">Largest file</dt>
        <dd class="text-sm font-semibold tabular-nums text-ink">{formatBytes(props.config.maxBytes)}</dd>
      </div>
      <div class="flex flex-col rounded-control bg-space-800/60 px-3 py-2">
        <dt class="text-xs text-ink-muted">Allowed types</dt>
        <dd class="text-sm font-semibold text-ink">
          {props.config.allowedTypes.flatMap((t) => t.extensions.slice(0, 1)).join(', ')}
        </dd>
      </div>
    </dl>
  );
}

export default function FilesPage() {
  usePageTitle('Files');
  const announcer = createAnnouncer();
  const config = createLoaded(getFilesConfig);
  const [filter, setFilter] = createSignal<UploadStatus | 'all'>('all');
  const uploads = createLatestLoad(() =>
    listUploads(filter() === 'all' ? undefined : (filter() as UploadStatus)),
  );
  const noScanner = () => config.value()?.scanner === 'unavailable';

  return (
    <div class="flex flex-col gap-6">
      <PageHeader
        title="Files"
        description="Upload files safely: type-checked, virus-scanned, and shared through links that expire."
      />
      <announcer.Region />
      <Show when={noScanner()}>
        <Banner tone="danger" title="ClamAV is not available">
          {noScannerText}
        </Banner>
      </Show>
      <Card title="Upload" icon="i-ph-upload-simple">
        <Switch>
          <Match when={config.value()}>{(current) => <Facts config={current()} />}</Match>
          <Match when={config.error()}>
            <ErrorState
              title="Could not load the upload settings"
              message={messageOf(config.error(), 'The files runner did not answer.')}
              onRetry={() => void config.reload()}
              retrying={config.loading()}
            />
          </Match>
          <Match when={true}>
            <Skeleton lines={1} label="Loading the upload settings…" />
          </Match>
        </Switch>
        <UploadZone
          config={config.value()}
          blocked={noScanner() ? noScannerText : null}
          onStored={() => void uploads.reload()}
          announce={announcer.announce}
        />
      </Card>
      <UploadsTable
        uploads={uploads}
        config={config.value()}
        filter={filter()}
        onFilter={(next) => {
          setFilter(next);
          void uploads.reload();
        }}
      />
    </div>
  );
}
