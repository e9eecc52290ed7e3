/** Mission control's backups card: the last system backup and the last restore drill, with a link to the page. */
import { Card } from '../../ui/Card';
import { CardLink } from '../../ui/CardLink';
import { LoadState } from '../../ui/LoadState';
import { createLoaded } from '../monitoring/load';
import { listBackups, listDrills } from './api';
import { LastRun } from './LastRun';
import { backupLook, drillLook, lastBackup, lastDrill } from './look';

export function BackupsCard() {
  const runs = createLoaded(async () => {
    const [backups, drills] = await Promise.all([listBackups(), listDrills()]);
    return { backup: lastBackup(backups), drill: lastDrill(drills) };
  });
  return (
    <Card
      title="Backups"
      icon="i-ph-cloud-arrow-up"
      actions={<CardLink href="/backups">Open backups</CardLink>}
    >
      <LoadState load={runs} what="backups" lines={2}>
        {(r) => (
          <dl class="grid gap-3 sm:grid-cols-2">
            <LastRun
              label="Last backup"
              look={r.backup ? backupLook[r.backup.status] : null}
              at={r.backup ? (r.backup.finishedAt ?? r.backup.startedAt) : null}
              detail={r.backup?.error}
              none="None yet"
            />
            <LastRun
              label="Last restore drill"
              look={r.drill ? drillLook[r.drill.status] : null}
              at={r.drill ? (r.drill.finishedAt ?? r.drill.startedAt) : null}
              detail={r.drill?.error}
              none="None yet"
            />
          </dl>
        )}
      </LoadState>
    </Card>
  );
}
