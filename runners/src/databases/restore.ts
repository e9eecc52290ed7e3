/**
 * Restoring a backup, into the instance it came from or into a new instance deployed with the same
 * engine and version (the safe way to look at old data without touching the live database). The
 * file is fed to the engine's restore command on stdin.
 */
import { createReadStream } from 'node:fs';
import { type DeployRequest, findTemplate, type RestoreRequest } from '@homelab/db/databases';
import type Dockerode from 'dockerode';
import { HttpError } from '../internal/errors';
import { backupOnDisk } from './backups';
import { loginOf, openPassword } from './credentials';
import { deployInstance } from './deploy';
import { announce, type DatabasesDeps, errorText } from './deps';
import { execFailure, execIn, succeeded } from './exec';
import { assertAllowed } from './policy';
import { backupOf, getInstance, type InstanceRow, updateInstance } from './store';
import { type Login, recipeFor } from './templates';

async function restoreFile(
  deps: DatabasesDeps,
  docker: Dockerode,
  target: InstanceRow,
  login: Login,
  file: string,
) {
  const recipe = recipeFor(target.engine);
  if (!recipe.restore) throw new Error(`${target.engine} has no restore command`);
  const command = recipe.restore(login);
  const result = await execIn(docker, target.containerName, command, {
    stdin: createReadStream(file),
    signal: deps.signal,
  });
  if (!succeeded(command, result)) throw new Error(execFailure('The restore', result));
}

/** Answers with the target instance; the restore (and, for a new target, the deploy) runs in the background. */
export async function startRestore(
  deps: DatabasesDeps,
  sourceId: string,
  request: RestoreRequest,
): Promise<InstanceRow> {
  const source = await getInstance(deps.db, sourceId);
  const template = findTemplate(source.engine);
  if (!template) throw new Error(`no template for engine ${source.engine}`);
  const backup = await backupOf(deps.db, source.id, request.backupId);
  if (!backup) throw new HttpError(404, 'not_found', `"${source.name}" has no backup ${request.backupId}.`);
  if (!template.supports.restore)
    throw new HttpError(409, 'unsupported', `${template.name} backups cannot be restored by HomeLabHub yet.`);
  const { file } = await backupOnDisk(deps, source, backup);

  if (request.target !== 'same') {
    const deploy: DeployRequest = {
      template: template.id,
      name: request.target.newName,
      version: source.version,
      // A copy is private until the user decides otherwise: publishing it could clash with the original's port.
      expose: 'none',
      memoryMb: source.memoryMb,
      cpus: source.cpus,
      ...(template.fields.username ? { username: source.username } : {}),
      ...(template.fields.databaseName && source.databaseName ? { databaseName: source.databaseName } : {}),
    };
    return deployInstance(deps, deploy, {
      afterReady: async (row, login) => {
        deps.events.progress(row.id, 'restore', `Restoring ${backup.fileName} from ${source.name}`);
        await restoreFile(deps, deps.engine.require(), row, login, file);
        deps.events.progress(row.id, 'restore', `Restored ${backup.fileName}`);
      },
    });
  }

  assertAllowed('restore', source, template);
  const docker = deps.engine.require();
  const release = deps.busy.acquire(source.id, 'restore');
  deps.background(`restore ${source.name}`, async () => {
    try {
      deps.events.progress(source.id, 'restore', `Restoring ${backup.fileName} into ${source.name}`);
      const login = loginOf(source, await openPassword(source, deps.key));
      await restoreFile(deps, docker, source, login, file);
      announce(deps, await updateInstance(deps.db, source.id, { statusDetail: null }));
      deps.events.progress(source.id, 'restore', `Restored ${backup.fileName}`, { done: true });
      deps.log.info('database restored', { instance: source.name, file: backup.fileName });
    } catch (error) {
      const reason = `Restoring ${backup.fileName} failed: ${errorText(error)}`;
      deps.log.warn('database restore failed', { instance: source.name, err: error });
      announce(
        deps,
        await updateInstance(deps.db, source.id, { statusDetail: reason }).catch(() => undefined),
      );
      deps.events.progress(source.id, 'restore', reason, { done: true, error: reason });
    } finally {
      release();
    }
  });
  return source;
}
