/**
 * Backups: the homelab's own PostgreSQL (and chosen volumes) backed up on a schedule with
 * daily/weekly/monthly retention, and the restore drills that prove each backup restores. The last
 * backup and drill sit on top; "Back up now" and "Run restore drill" follow their rows until done.
 */
import { createSignal, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { formatBytes, formatDateTime, formatRelative } from '../../lib/format';
import { pollMs, pollWhileVisible } from '../../lib/poll';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { LoadState } from '../../ui/LoadState';
import { PageHeader } from '../../ui/PageHeader';
import { TableCard } from '../../ui/TableCard';
import { toast } from '../../ui/Toast';
import { createLoaded } from '../monitoring/load';
import { backUpNow, drillNow, listBackups, listDrills, readSettings, type SystemBackup } from './api';
import { Facts } from './Facts';
import { LastRun } from './LastRun';
import { backupLook, drillLook, lastBackup, lastDrill, targetLabels, tierLabels } from './look';
import { RestoreDialog } from './RestoreDialog';

/** While a backup or drill runs, its row is re-read this often. */
export const progressPollMs = 3_000;

export default function BackupsPage() {
  const backups = createLoaded(listBackups);
  const drills = createLoaded(listDrills);
  const settings = createLoaded(readSettings);
  const [starting, setStarting] = createSignal<'backup' | 'drill' | null>(null);
  const [restoring, setRestoring] = createSignal<SystemBackup | null>(null);

  const backupRunning = () => (backups.value() ?? []).some((b) => b.status === 'running');
  const drillRunning = () => (drills.value() ?? []).some((d) => d.status === 'running');
  const reloadAll = () => {
    void backups.reload();
    void drills.reload();
  };
  pollWhileVisible(() => {
    if (backupRunning() || drillRunning()) reloadAll();
  }, progressPollMs);
  pollWhileVisible(reloadAll, pollMs);

  const start = async (what: 'backup' | 'drill') => {
    setStarting(what);
    try {
      if (what === 'backup') {
        await backUpNow();
        toast('Backup started; this page follows it until it is done.');
      } else {
        await drillNow();
        toast('Restore drill started; this page follows it until it is done.');
      }
      reloadAll();
    } catch (error) {
      toast(error instanceof ApiError ? error.message : `Could not start the ${what}.`, 'danger');
    } finally {
      setStarting(null);
    }
  };

  const drillReason = () => {
    const s = settings.value();
    return s && !s.drill.possible ? s.drill.reason : null;
  };

  return (
    <div class="flex flex-col gap-6">
      <PageHeader
        title="Backups"
        description="The homelab's own database and volumes, kept daily, weekly and monthly, and proven by restore drills."
        actions={
          <>
            <Button
              variant="primary"
              icon="i-ph-cloud-arrow-up"
              busy={starting() === 'backup' || backupRunning()}
              onClick={() => void start('backup')}
            >
              {backupRunning() ? 'Backing up…' : 'Back up now'}
            </Button>
            <Button
              icon="i-ph-flask"
              busy={starting() === 'drill' || drillRunning()}
              aria-describedby={drillReason() ? 'drill-reason' : undefined}
              onClick={() => void start('drill')}
            >
              {drillRunning() ? 'Drilling…' : 'Run restore drill'}
            </Button>
          </>
        }
      />
      <Show when={drillReason()}>
        <p id="drill-reason" class="-mt-4 text-sm text-warn-300">
          Restore drills are {drillReason()}
        </p>
      </Show>

      <Card title="Status" icon="i-ph-shield-check">
        <div class="flex flex-col gap-4">
          <LoadState
            load={{ ...backups, value: () => (backups.value() && drills.value() ? true : null) }}
            what="backup status"
            lines={2}
          >
            {() => {
              const backup = () => lastBackup(backups.value() ?? []);
              const drill = () => lastDrill(drills.value() ?? []);
              return (
                <dl class="grid gap-3 sm:grid-cols-2">
                  <LastRun
                    label="Last backup"
                    look={backup() ? backupLook[backup()!.status] : null}
                    at={backup() ? (backup()!.finishedAt ?? backup()!.startedAt) : null}
                    detail={backup()?.error}
                    none="No backup yet"
                  />
                  <LastRun
                    label="Last restore drill"
                    look={drill() ? drillLook[drill()!.status] : null}
                    at={drill() ? (drill()!.finishedAt ?? drill()!.startedAt) : null}
                    detail={drill()?.error}
                    none="No drill yet"
                  />
                </dl>
              );
            }}
          </LoadState>
          <LoadState load={settings} what="backup settings" lines={3}>
            {(s) => <Facts settings={s} />}
          </LoadState>
        </div>
      </Card>

      <TableCard
        title="Backups"
        icon="i-ph-archive"
        load={backups}
        what="backups"
        empty={{
          title: 'No backups yet',
          icon: 'i-ph-archive',
          body: 'The first one runs on the schedule, or press "Back up now".',
        }}
        columns={[
          { label: 'When' },
          { label: 'Tier' },
          { label: 'Target' },
          { label: 'Size' },
          { label: 'Encrypted' },
          { label: 'Status' },
          { label: 'Actions', hidden: true },
        ]}
        minWidth="min-w-[52rem]"
        caption="Newest first"
      >
        {(backup) => (
          <tr>
            <th scope="row" class="py-2 pr-4 text-left font-normal text-ink">
              <time datetime={backup.startedAt} title={formatDateTime(backup.startedAt)}>
                {formatRelative(backup.startedAt)}
              </time>
            </th>
            <td class="py-2 pr-4 text-ink-muted">{tierLabels[backup.tier]}</td>
            <td class="py-2 pr-4 text-ink-muted">{targetLabels[backup.target]}</td>
            <td class="py-2 pr-4 text-ink-muted">
              {backup.sizeBytes === null ? '—' : formatBytes(backup.sizeBytes)}
            </td>
            <td class="py-2 pr-4 text-ink-muted">{backup.encrypted ? 'Yes' : 'No'}</td>
            <td class="py-2 pr-4">
              <Badge tone={backupLook[backup.status].tone} icon={backupLook[backup.status].icon}>
                {backupLook[backup.status].text}
              </Badge>
              <Show when={backup.error}>
                <div class="max-w-80 text-xs text-danger-300">{backup.error}</div>
              </Show>
            </td>
            <td class="py-2 text-right">
              <Show when={backup.status === 'done' && backup.target !== 'drive'}>
                <Button
                  size="sm"
                  variant="ghost"
                  icon="i-ph-arrow-counter-clockwise"
                  aria-label={`Restore the backup of ${formatDateTime(backup.startedAt)}`}
                  onClick={() => setRestoring(backup)}
                >
                  Restore
                </Button>
              </Show>
            </td>
          </tr>
        )}
      </TableCard>

      <TableCard
        title="Restore drills"
        icon="i-ph-flask"
        load={drills}
        what="restore drills"
        empty={{
          title: 'No restore drills yet',
          icon: 'i-ph-flask',
          body: 'A drill restores the newest backup into a throwaway database and compares every table.',
        }}
        columns={[
          { label: 'When' },
          { label: 'Result' },
          { label: 'Tables checked' },
          { label: 'Rows checked' },
          { label: 'Error' },
        ]}
        minWidth="min-w-[48rem]"
        caption="Newest first"
      >
        {(drill) => (
          <tr>
            <th scope="row" class="py-2 pr-4 text-left font-normal text-ink">
              <time datetime={drill.startedAt} title={formatDateTime(drill.startedAt)}>
                {formatRelative(drill.startedAt)}
              </time>
            </th>
            <td class="py-2 pr-4">
              <Badge tone={drillLook[drill.status].tone} icon={drillLook[drill.status].icon}>
                {drillLook[drill.status].text}
              </Badge>
            </td>
            <td class="py-2 pr-4 text-ink-muted">
              {drill.tablesChecked}
              <Show when={drill.detail.tablesHashed !== undefined}>
                <span class="text-xs"> ({drill.detail.tablesHashed} compared row by row)</span>
              </Show>
            </td>
            <td class="py-2 pr-4 text-ink-muted">{drill.rowsChecked.toLocaleString()}</td>
            <td class="max-w-96 py-2 text-xs text-danger-300">{drill.error ?? ''}</td>
          </tr>
        )}
      </TableCard>

      <RestoreDialog backup={restoring()} onClose={() => setRestoring(null)} />
    </div>
  );
}
