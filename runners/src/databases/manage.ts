/**
 * Day-to-day management of a deployed database: start, stop and restart through the engine,
 * rotating its password, and deleting it with everything it owns.
 */
import { rm } from 'node:fs/promises';
import { type DeleteRequest, findTemplate, type InstanceAction } from '@homelab/db/databases';
import type Dockerode from 'dockerode';
import { engineFailure, engineMessage } from '../docker/engine-failure';
import { HttpError } from '../internal/errors';
import { backupFolder } from './backups';
import { generatePassword, loginOf, openPassword, sealPassword } from './credentials';
import { announce, type DatabasesDeps, errorText } from './deps';
import { execFailure, execIn, succeeded } from './exec';
import { assertAllowed } from './policy';
import { waitReady } from './readiness';
import type { BackupScheduler } from './schedule';
import { deleteInstanceRow, getInstance, type InstanceRow, updateInstance } from './store';
import { recipeFor } from './templates';

// Databases flush to disk on SIGTERM; the engine's default 10 s can cut a large checkpoint short.
const stopTimeoutSeconds = 30;

function templateOf(row: InstanceRow) {
  const template = findTemplate(row.engine);
  if (!template) throw new Error(`no template for engine ${row.engine}`);
  return template;
}

/** An engine answer for a start/stop: "already so" (304) is success; a missing container is a 409 the user can act on. */
async function engineCall(row: InstanceRow, call: () => Promise<unknown>) {
  try {
    await call();
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 304) return;
    if (status === 404)
      throw new HttpError(
        409,
        'container_missing',
        `The container ${row.containerName} no longer exists; delete "${row.name}" and deploy it again.`,
      );
    throw engineFailure(error, `The container ${row.containerName} no longer exists.`);
  }
}

export async function instanceAction(deps: DatabasesDeps, id: string, action: InstanceAction) {
  const row = await getInstance(deps.db, id);
  assertAllowed(action, row, templateOf(row));
  const docker = deps.engine.require();
  const release = deps.busy.acquire(row.id, action);
  try {
    const container = docker.getContainer(row.containerName);
    if (action === 'stop') {
      await engineCall(row, () => container.stop({ t: stopTimeoutSeconds }));
      const stopped = await updateInstance(deps.db, row.id, { status: 'stopped', statusDetail: null });
      announce(deps, stopped);
      release();
      return stopped as InstanceRow;
    }
    await engineCall(row, () =>
      action === 'start' ? container.start() : container.restart({ t: stopTimeoutSeconds }),
    );
    const starting = await updateInstance(deps.db, row.id, {
      status: 'running',
      statusDetail: 'Starting: waiting until it accepts connections',
    });
    announce(deps, starting);
    // The answer does not wait for readiness (up to 90 s); the outcome arrives as an event.
    deps.background(`${action} ${row.name}`, async () => {
      try {
        const login = loginOf(row, await openPassword(row, deps.key));
        await waitReady(docker, row.containerName, recipeFor(row.engine).readiness(login), {
          ...deps.readiness,
          signal: deps.signal,
        });
        announce(deps, await updateInstance(deps.db, row.id, { status: 'running', statusDetail: null }));
        deps.events.progress(row.id, action, `${row.name} is running`, { done: true });
      } catch (error) {
        const reason = `Did not come back up: ${errorText(error)}`;
        announce(
          deps,
          await updateInstance(deps.db, row.id, { status: 'failed', statusDetail: reason }).catch(
            () => undefined,
          ),
        );
        deps.events.progress(row.id, action, reason, { done: true, error: reason });
      } finally {
        release();
      }
    });
    return starting as InstanceRow;
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * Sets a new password inside the database, then stores it. If the database refuses, nothing
 * changes; if storing fails after the database accepted, the old password is put back, so the
 * stored password always opens the database.
 */
export async function rotatePassword(deps: DatabasesDeps, id: string) {
  const row = await getInstance(deps.db, id);
  assertAllowed('rotate', row, templateOf(row));
  const recipe = recipeFor(row.engine);
  if (!recipe.rotate) throw new Error(`${row.engine} has no rotate command`);
  const docker = deps.engine.require();
  const release = deps.busy.acquire(row.id, 'rotate');
  try {
    const current = await openPassword(row, deps.key);
    const next = generatePassword();
    const sealed = await sealPassword(row.id, next, deps.key);
    deps.events.progress(row.id, 'rotate', 'Setting a new password');
    const command = recipe.rotate(loginOf(row, current), next);
    const result = await execIn(docker, row.containerName, command, { timeoutMs: 30_000 });
    if (!succeeded(command, result)) {
      const reason = execFailure('The password change', result);
      deps.events.progress(row.id, 'rotate', reason, { done: true, error: reason });
      throw new HttpError(
        502,
        'rotate_failed',
        `The database refused the new password; the old one still works. ${reason}`,
      );
    }
    let updated: InstanceRow | undefined;
    try {
      updated = await updateInstance(deps.db, row.id, { passwordEncrypted: sealed });
    } catch (error) {
      deps.log.error('new database password not stored; putting the old one back', {
        instance: row.name,
        err: error,
      });
      const undo = recipe.rotate(loginOf(row, next), current);
      const undone = await execIn(docker, row.containerName, undo, { timeoutMs: 30_000 }).catch(() => null);
      if (!undone || !succeeded(undo, undone))
        deps.log.error('the old database password could not be put back', { instance: row.name });
      throw new HttpError(
        503,
        'unavailable',
        'The new password could not be stored, so the old one was kept.',
      );
    }
    deps.events.progress(row.id, 'rotate', 'The new password is in use', { done: true });
    deps.log.info('database password rotated', { instance: row.name });
    announce(deps, updated);
    return updated as InstanceRow;
  } finally {
    release();
  }
}

async function ignoreMissing(call: () => Promise<unknown>) {
  try {
    await call();
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 404 || status === 304) return;
    throw error;
  }
}

/** Containers the user joined to the database's network are disconnected, not a reason to fail. */
async function removeNetwork(docker: Dockerode, name: string) {
  const network = docker.getNetwork(name);
  let info: { Containers?: Record<string, unknown> };
  try {
    info = await network.inspect();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return;
    throw error;
  }
  for (const container of Object.keys(info.Containers ?? {}))
    await ignoreMissing(() => network.disconnect({ Container: container, Force: true }));
  await ignoreMissing(() => network.remove());
}

/** Marks the instance deleting and answers; the container, network, (volume, backups) and row go in the background. */
export async function deleteInstance(
  deps: DatabasesDeps,
  scheduler: BackupScheduler,
  id: string,
  request: DeleteRequest,
) {
  const row = await getInstance(deps.db, id);
  if (request.confirm !== row.name)
    throw new HttpError(
      400,
      'invalid_request',
      `Check the request: confirm must be exactly the database's name, "${row.name}".`,
    );
  assertAllowed('delete', row, templateOf(row));
  const docker = deps.engine.require();
  const release = deps.busy.acquire(row.id, 'delete');
  let deleting: InstanceRow | undefined;
  try {
    deleting = await updateInstance(deps.db, row.id, {
      status: 'deleting',
      statusDetail: request.removeVolume
        ? 'Deleting it with its data and backups'
        : 'Deleting it; its data volume is kept',
    });
  } catch (error) {
    release();
    throw error;
  }
  announce(deps, deleting);
  scheduler.remove(row.id);
  deps.background(`delete ${row.name}`, async () => {
    let step = 'container';
    const progress = (message: string) => deps.events.progress(row.id, 'delete', message);
    try {
      const container = docker.getContainer(row.containerName);
      await ignoreMissing(() => container.stop({ t: stopTimeoutSeconds }));
      await ignoreMissing(() => container.remove({ force: true, v: false }));
      progress(`Removed the container ${row.containerName}`);
      if (request.removeVolume) {
        step = 'volume';
        await ignoreMissing(() => docker.getVolume(row.volumeName).remove());
        progress(`Removed the volume ${row.volumeName}`);
      }
      step = 'network';
      await removeNetwork(docker, row.networkName);
      progress(`Removed the network ${row.networkName}`);
      if (request.removeVolume) {
        step = 'backups';
        await rm(backupFolder(deps.backupDir, row.name), { recursive: true, force: true });
        progress('Removed its backups');
      }
      step = 'row';
      await deleteInstanceRow(deps.db, row.id);
      deps.events.publish({ type: 'deleted', data: { id: row.id, name: row.name } });
      deps.events.progress(row.id, 'delete', `Deleted ${row.name}`, { done: true });
      deps.log.info('database deleted', { instance: row.name, removeVolume: request.removeVolume });
    } catch (error) {
      const reason = `Deleting the ${step} failed: ${engineMessage(error)}; delete it again to retry.`;
      deps.log.warn('database delete failed', { instance: row.name, step, err: error });
      announce(
        deps,
        await updateInstance(deps.db, row.id, { status: 'failed', statusDetail: reason }).catch(
          () => undefined,
        ),
      );
      deps.events.progress(row.id, 'delete', reason, { done: true, error: reason });
    } finally {
      release();
    }
  });
  return deleting as InstanceRow;
}
