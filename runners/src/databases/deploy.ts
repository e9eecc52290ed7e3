/**
 * Deploying a database: the row is written first (status deploying, password encrypted), the
 * request is answered, and the image, network, volume and container are made in the background
 * with a progress event per step. A failed deploy removes what it created and keeps the row as
 * failed, with the reason, for the user to read and delete.
 */
import { randomUUID } from 'node:crypto';
import type { DeployRequest } from '@homelab/db/databases';
import { databaseInstances } from '@homelab/db/schema';
import type Dockerode from 'dockerode';
import { eq } from 'drizzle-orm';
import { engineFailure, engineMessage } from '../docker/engine-failure';
import { HttpError } from '../internal/errors';
import { generatePassword, loginOf, sealPassword } from './credentials';
import { announce, type DatabasesDeps } from './deps';
import { ensureImage } from './image';
import { containerOptions, planInstance, resourceLabels } from './plan';
import { waitReady } from './readiness';
import { type InstanceRow, insertInstance, updateInstance } from './store';
import { type Login, recipeFor } from './templates';

export type DeployOptions = {
  /** Runs once the server is ready and before the instance is marked running (restore into a new instance). */
  afterReady?: (row: InstanceRow, login: Login) => Promise<void>;
};

const stepNames: Record<string, string> = {
  image: 'Getting the image',
  network: 'Creating the network',
  volume: 'Creating the data volume',
  container: 'Creating the container',
  start: 'Starting the container',
  ready: 'Waiting for the database',
  restore: 'Restoring the backup',
};

async function exists(get: () => Promise<unknown>) {
  try {
    await get();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw engineFailure(error, 'not found');
  }
}

/** Refuses names the engine already uses, before anything is created, so the user can pick another. */
async function assertNamesFree(
  deps: DatabasesDeps,
  docker: Dockerode,
  row: Pick<InstanceRow, 'name' | 'containerName' | 'volumeName' | 'networkName'>,
) {
  const [taken] = await deps.db
    .select({ id: databaseInstances.id })
    .from(databaseInstances)
    .where(eq(databaseInstances.name, row.name));
  if (taken) throw new HttpError(409, 'name_taken', `A database named "${row.name}" already exists.`);
  if (await exists(() => docker.getContainer(row.containerName).inspect()))
    throw new HttpError(
      409,
      'name_taken',
      `The engine already has a container named ${row.containerName}; choose another name.`,
    );
  if (await exists(() => docker.getVolume(row.volumeName).inspect()))
    throw new HttpError(
      409,
      'volume_exists',
      `The volume ${row.volumeName} already exists, probably kept when a database of this name was deleted. Remove the volume or choose another name.`,
    );
  if (await exists(() => docker.getNetwork(row.networkName).inspect()))
    throw new HttpError(
      409,
      'name_taken',
      `The engine already has a network named ${row.networkName}; choose another name.`,
    );
}

/** Validated request in, row (status deploying) out; the deploy itself goes on in the background. */
export async function deployInstance(
  deps: DatabasesDeps,
  request: DeployRequest,
  options: DeployOptions = {},
): Promise<InstanceRow> {
  const plan = planInstance(request);
  const docker = deps.engine.require();
  const id = randomUUID();
  const password = generatePassword();
  await assertNamesFree(deps, docker, plan);
  const row = await insertInstance(deps.db, {
    ...plan,
    id,
    status: 'deploying',
    passwordEncrypted: await sealPassword(id, password, deps.key),
  });
  const release = deps.busy.acquire(row.id, 'deploy');
  announce(deps, row);
  deps.background(`deploy ${row.name}`, () => runDeploy(deps, row, password, options).finally(release));
  return row;
}

async function runDeploy(deps: DatabasesDeps, row: InstanceRow, password: string, options: DeployOptions) {
  const recipe = recipeFor(row.engine);
  const login = loginOf(row, password);
  const labels = resourceLabels(row.id, row.engine);
  const created = { network: false, volume: false, container: false };
  let step = 'image';
  const progress = (message: string) => deps.events.progress(row.id, step, message);
  let docker: Dockerode | undefined;
  try {
    docker = deps.engine.require();
    progress(`Looking for ${row.image}`);
    const source = await ensureImage(docker, row.image, progress, deps.signal);
    progress(source === 'local' ? `Using the local image ${row.image}` : `Pulled ${row.image}`);

    step = 'network';
    await docker.createNetwork({ Name: row.networkName, Driver: 'bridge', Labels: labels });
    created.network = true;
    progress(`Created the network ${row.networkName}`);

    step = 'volume';
    await docker.createVolume({ Name: row.volumeName, Labels: labels });
    created.volume = true;
    progress(`Created the volume ${row.volumeName}`);

    step = 'container';
    const container = await docker.createContainer(containerOptions(row.id, row, login));
    created.container = true;
    progress(`Created the container ${row.containerName}`);

    step = 'start';
    await container.start();
    progress('Started; waiting until it accepts connections');

    step = 'ready';
    const how = await waitReady(docker, row.containerName, recipe.readiness(login), {
      ...deps.readiness,
      signal: deps.signal,
    });
    progress(how === 'healthy' ? 'The engine reports it healthy' : 'It accepts connections');

    if (options.afterReady) {
      step = 'restore';
      await options.afterReady(row, login);
    }

    const running = await updateInstance(deps.db, row.id, { status: 'running', statusDetail: null });
    announce(deps, running);
    deps.events.progress(row.id, 'done', `${row.name} is running`, { done: true });
    deps.log.info('database deployed', { instance: row.name, engine: row.engine, version: row.version });
  } catch (error) {
    const reason = `${stepNames[step] ?? step} failed: ${engineMessage(error)}`;
    deps.log.warn('database deploy failed', { instance: row.name, step, err: error });
    if (docker) await removeResources(deps, docker, row, created);
    deps.events.progress(row.id, step, reason, { done: true, error: reason });
    const failed = await updateInstance(deps.db, row.id, { status: 'failed', statusDetail: reason }).catch(
      (dbError: unknown) => {
        deps.log.error('could not record a failed deploy', { instance: row.name, err: dbError });
        return undefined;
      },
    );
    announce(deps, failed);
  }
}

/** Best-effort removal, newest first; what is already gone is fine. */
export async function removeResources(
  deps: DatabasesDeps,
  docker: Dockerode,
  row: Pick<InstanceRow, 'name' | 'containerName' | 'volumeName' | 'networkName'>,
  which: { container: boolean; volume: boolean; network: boolean },
) {
  const attempts: [boolean, string, () => Promise<unknown>][] = [
    [
      which.container,
      row.containerName,
      () => docker.getContainer(row.containerName).remove({ force: true, v: false }),
    ],
    [which.volume, row.volumeName, () => docker.getVolume(row.volumeName).remove()],
    [which.network, row.networkName, () => docker.getNetwork(row.networkName).remove()],
  ];
  for (const [wanted, name, remove] of attempts) {
    if (!wanted) continue;
    try {
      await remove();
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) continue;
      deps.log.warn('could not remove a resource of a failed deploy', {
        instance: row.name,
        resource: name,
        err: error,
      });
    }
  }
}
