/**
 * Container actions as the user means them: each is checked against the container's current state
 * first, so "stop" on a stopped container is a clear 409 rather than an engine quirk (Docker answers
 * 304, Podman 500 "container state improper"), and an unknown container is a plain 404.
 */
import type { ContainerAction, ContainerSummary } from '@homelab/db/docker';
import type Dockerode from 'dockerode';
import { HttpError } from '../internal/errors';
import type { DockerDeps } from './deps';
import { engineFailure, engineMessage } from './engine-failure';
import { summaryFromInspect } from './summary';

type State = ContainerSummary['state'];

/** Why `action` does not fit a container in `state`, or null when it does. */
export function actionRefusal(action: ContainerAction, state: State): string | null {
  if (state === 'removing') return 'The container is being removed.';
  if (state === 'dead' && action !== 'restart') return 'The container is dead; it can only be removed.';
  switch (action) {
    case 'start':
      if (state === 'running' || state === 'restarting') return 'The container is already running.';
      if (state === 'paused') return 'The container is paused; unpause it instead.';
      return null;
    case 'stop':
    case 'kill':
      return state === 'running' || state === 'restarting' || state === 'paused'
        ? null
        : 'The container is not running.';
    case 'restart':
      return null;
    case 'pause':
      if (state === 'paused') return 'The container is already paused.';
      return state === 'running' ? null : 'The container is not running.';
    case 'unpause':
      return state === 'paused' ? null : 'The container is not paused.';
  }
}

/**
 * What to throw for an engine error about a container: a state the action does not fit is a 409
 * `wrong_state` (Docker says 304 or 409, Podman 500 "container state improper"); the rest is
 * engineFailure()'s shared mapping.
 */
export function containerFailure(error: unknown, ref: string): unknown {
  if (error instanceof HttpError) return error;
  const status = (error as { statusCode?: number }).statusCode;
  const message = engineMessage(error);
  if (status === 304) return new HttpError(409, 'wrong_state', 'The container is already in that state.');
  if (
    status !== undefined &&
    status !== 404 &&
    /state improper|is not running|is (already )?paused/i.test(message)
  )
    return new HttpError(409, 'wrong_state', `The container cannot do that now: ${message}`);
  return engineFailure(error, `The container "${ref}" does not exist.`);
}

/**
 * Inspects a container by full id, an id prefix of 12+ characters or its name. The engine would
 * also accept shorter prefixes; refusing them keeps a typo from hitting some other container.
 */
export async function inspectContainer(deps: DockerDeps, ref: string) {
  const docker = deps.engine.require();
  const known = deps.inventory.get(ref);
  let inspect: Dockerode.ContainerInspectInfo;
  try {
    inspect = await docker.getContainer(known?.id ?? ref).inspect();
  } catch (error) {
    throw containerFailure(error, ref);
  }
  const name = inspect.Name.replace(/^\//, '');
  const matches = inspect.Id === ref || name === ref || (ref.length >= 12 && inspect.Id.startsWith(ref));
  if (!matches) throw new HttpError(404, 'not_found', `The container "${ref}" does not exist.`);
  return { inspect, summary: summaryFromInspect(inspect) };
}

async function afterChange(deps: DockerDeps, id: string) {
  // The inventory also learns from the engine's event, but the caller should see its own change now.
  await deps.inventory.refresh(id);
  const cached = deps.inventory.get(id);
  if (cached) return cached;
  const inspect = await deps.engine.require().getContainer(id).inspect();
  return summaryFromInspect(inspect);
}

function perform(container: Dockerode.Container, action: ContainerAction): Promise<unknown> {
  switch (action) {
    case 'start':
      return container.start();
    case 'stop':
      return container.stop();
    case 'restart':
      return container.restart();
    case 'kill':
      return container.kill();
    case 'pause':
      return container.pause();
    case 'unpause':
      return container.unpause();
  }
}

const restartRetries = 3;

/**
 * Runs the action; a restart the engine refuses for the state it caught the container in is tried
 * again. A crash-looping container goes between running and stopped under its restart policy, and
 * Podman fails a restart that meets it mid-exit ("container state improper: stopped"), though a
 * restart fits every state.
 */
export async function performSettled(container: Dockerode.Container, action: ContainerAction) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await perform(container, action);
    } catch (error) {
      const transient = action === 'restart' && /state improper/i.test(engineMessage(error));
      if (!transient || attempt >= restartRetries) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

export async function runContainerAction(deps: DockerDeps, ref: string, action: ContainerAction) {
  const { summary } = await inspectContainer(deps, ref);
  const refusal = actionRefusal(action, summary.state);
  if (refusal) throw new HttpError(409, 'wrong_state', refusal);
  const container = deps.engine.require().getContainer(summary.id);
  try {
    // Podman refuses to stop, kill or restart a frozen process; Docker copes. Thaw it first either way.
    if (summary.state === 'paused' && (action === 'stop' || action === 'kill' || action === 'restart')) {
      await container.unpause();
    }
    await performSettled(container, action);
  } catch (error) {
    throw containerFailure(error, ref);
  }
  deps.log.info('container action', { id: summary.id, name: summary.name, action });
  return afterChange(deps, summary.id);
}

export async function renameContainer(deps: DockerDeps, ref: string, name: string) {
  const { summary } = await inspectContainer(deps, ref);
  if (summary.name === name) return summary;
  try {
    await deps.engine.require().getContainer(summary.id).rename({ name });
  } catch (error) {
    throw containerFailure(error, ref);
  }
  deps.log.info('container renamed', { id: summary.id, from: summary.name, to: name });
  return afterChange(deps, summary.id);
}

export async function removeContainer(
  deps: DockerDeps,
  ref: string,
  options: { volumes: boolean; force: boolean },
) {
  const { summary } = await inspectContainer(deps, ref);
  if (
    !options.force &&
    (summary.state === 'running' || summary.state === 'paused' || summary.state === 'restarting')
  ) {
    throw new HttpError(
      409,
      'wrong_state',
      'The container is running; stop it first or remove it with force.',
    );
  }
  try {
    await deps.engine.require().getContainer(summary.id).remove({ v: options.volumes, force: options.force });
  } catch (error) {
    throw containerFailure(error, ref);
  }
  deps.log.info('container removed', { id: summary.id, name: summary.name, volumes: options.volumes });
  await deps.inventory.refresh(summary.id);
}
