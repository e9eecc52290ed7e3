/** Uploads on the mission-control home: whether uploads are accepted (ClamAV), the latest files and any quarantined. */
import { A } from '@solidjs/router';
import { createResource, For, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { formatBytes, formatRelative } from '../../lib/format';
import { pollMs, pollWhileVisible } from '../../lib/poll';
import { Badge } from '../../ui/Badge';
import { Card } from '../../ui/Card';
import { CardLink } from '../../ui/CardLink';
import { GlanceState } from '../../ui/GlanceState';
import { getFilesConfig, listUploads } from './api';
import { statusLook } from './outcomes';
import type { FilesConfig, UploadView } from './types';

interface Glance {
  config: FilesConfig;
  recent: UploadView[];
  quarantined: number;
}

// The failure is part of the value, so a failed poll shows the error state instead of throwing.
async function loadGlance(): Promise<Glance | { error: string }> {
  try {
    const [config, recent, infected] = await Promise.all([
      getFilesConfig(),
      listUploads(undefined, 4),
      listUploads('infected', 500),
    ]);
    return { config, recent, quarantined: infected.length };
  } catch (error) {
    return { error: error instanceof ApiError ? error.message : 'The server did not answer.' };
  }
}

export function FilesCard(props: { class?: string }) {
  const [glance, { refetch }] = createResource(loadGlance);
  pollWhileVisible(() => refetch(), pollMs);
  const loaded = () => {
    const value = glance.latest;
    return value && 'config' in value ? value : null;
  };

  return (
    <Card
      class={props.class}
      title="Files"
      icon="i-ph-upload-simple"
      actions={
        <>
          <Show when={loaded()}>
            {(g) => (
              <Badge tone={g().config.scanner === 'unavailable' ? 'danger' : 'ok'}>
                {g().config.scanner === 'unavailable' ? 'Uploads refused' : 'Scanning on'}
              </Badge>
            )}
          </Show>
          <CardLink href="/files">Open files</CardLink>
        </>
      }
    >
      <GlanceState
        value={loaded()}
        error={glance.latest && 'error' in glance.latest ? glance.latest.error : null}
        errorTitle="Uploads are unavailable"
        onRetry={() => void refetch()}
        retrying={glance.loading}
        loadingLabel="Loading uploads…"
        lines={3}
      >
        {(g) => (
          <div class="flex flex-col gap-3">
            <Show when={g().config.scanner === 'unavailable'}>
              <p class="text-sm text-danger-300">
                ClamAV is not available, so uploads are refused. Install clamav-daemon (CLAMD_SOCKET) or
                clamav (CLAMSCAN_PATH).
              </p>
            </Show>
            <Show when={g().quarantined > 0}>
              <A
                href="/files"
                class="flex items-center gap-2 rounded-control border border-danger-400/50 bg-danger-500/15 px-3 py-2 text-sm text-ink"
              >
                <span class="i-ph-shield-warning text-danger-300" aria-hidden="true" />
                {g().quarantined} quarantined {g().quarantined === 1 ? 'file' : 'files'}: infected uploads
                kept aside
              </A>
            </Show>
            <ul class="flex flex-col gap-1.5" aria-label="Recent uploads">
              <For each={g().recent} fallback={<li class="text-sm text-ink-muted">No uploads yet.</li>}>
                {(upload) => (
                  <li class="flex items-center gap-2 text-sm">
                    <span class="min-w-0 flex-1 truncate text-ink" title={upload.name}>
                      {upload.name}
                    </span>
                    <span class="text-xs text-ink-muted">{formatBytes(upload.sizeBytes)}</span>
                    <span class="text-xs text-ink-muted">{formatRelative(upload.createdAt)}</span>
                    <Badge tone={statusLook[upload.status].tone}>{statusLook[upload.status].text}</Badge>
                  </li>
                )}
              </For>
            </ul>
          </div>
        )}
      </GlanceState>
    </Card>
  );
}
