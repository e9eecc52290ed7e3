/**
 * Scheduled backups: one croner job per instance with a schedule. protect: a backup still running
 * when the next is due is skipped rather than doubled. A due backup that cannot run (the instance
 * is stopped or busy) is reported as a progress event and logged, not retried: the next run comes.
 */
import { findTemplate, type ScheduleRequest } from '@homelab/db/databases';
import { Cron } from 'croner';
import { HttpError } from '../internal/errors';
import { runBackup } from './backups';
import { announce, type DatabasesDeps, errorText } from './deps';
import { assertAllowed } from './policy';
import { getInstance, type InstanceRow, listInstances, updateInstance } from './store';

export type BackupScheduler = ReturnType<typeof createBackupScheduler>;

export function createBackupScheduler(deps: DatabasesDeps) {
  const jobs = new Map<string, Cron>();

  function remove(instanceId: string) {
    jobs.get(instanceId)?.stop();
    jobs.delete(instanceId);
  }

  function set(instance: Pick<InstanceRow, 'id' | 'name' | 'backupSchedule'>) {
    remove(instance.id);
    if (!instance.backupSchedule) return;
    const job = new Cron(
      instance.backupSchedule,
      { protect: true, unref: true, mode: '5-part' },
      async () => {
        try {
          await runBackup(deps, instance.id, 'scheduled');
        } catch (error) {
          const reason = errorText(error);
          deps.log.warn('scheduled backup skipped', { instance: instance.name, reason });
          deps.events.progress(instance.id, 'backup', `Scheduled backup skipped: ${reason}`, {
            done: true,
            error: reason,
          });
        }
      },
    );
    jobs.set(instance.id, job);
  }

  return {
    set,
    remove,
    async load() {
      for (const instance of await listInstances(deps.db)) {
        try {
          set(instance);
        } catch (error) {
          deps.log.warn('backup schedule not loaded', { instance: instance.name, err: error });
        }
      }
    },
    nextRun(instanceId: string) {
      return jobs.get(instanceId)?.nextRun()?.toISOString() ?? null;
    },
    stop() {
      for (const job of jobs.values()) job.stop();
      jobs.clear();
    },
    get size() {
      return jobs.size;
    },
  };
}

export async function setSchedule(
  deps: DatabasesDeps,
  scheduler: BackupScheduler,
  instanceId: string,
  request: ScheduleRequest,
) {
  const instance = await getInstance(deps.db, instanceId);
  const template = findTemplate(instance.engine);
  if (!template) throw new Error(`no template for engine ${instance.engine}`);
  assertAllowed('schedule', instance, template);
  if (request.cron !== null && !template.supports.backup)
    throw new HttpError(
      409,
      'unsupported',
      `${template.name} databases cannot be backed up by HomeLabHub yet.`,
    );
  const updated = await updateInstance(deps.db, instance.id, {
    backupSchedule: request.cron,
    // A lower retention applies at the next backup, not now: shortening it never deletes at once.
    backupRetention: request.retention ?? instance.backupRetention,
  });
  if (!updated) throw new Error('the instance vanished while its schedule was saved');
  scheduler.set(updated);
  announce(deps, updated);
  return updated;
}
