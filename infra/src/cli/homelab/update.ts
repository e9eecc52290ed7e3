/**
 * Runs an update plan against the engine: remember images, pull, migrate, recreate, gate on health,
 * and on a failed gate carry out the rollback plan. Pulling, migrating and recreating are passed in
 * (compose in production), so the rollback itself is exercised against a real engine in tests.
 */
import type Dockerode from 'dockerode';
import { ExitCode } from './exit-codes';
import { type HealthVerdict, waitHealthy } from './health';
import { projectContainers } from './services';
import {
  type ImageChange,
  imageChanges,
  parseReference,
  recreateTargets,
  rollbackPlan,
  type ServiceImage,
  updatePlan,
} from './update-plan';

export type UpdateActions = {
  pull(services: string[]): Promise<void>;
  migrate(): Promise<void>;
  /**
   * Recreates the services. Normally only what changed (compose compares image and config); a
   * rollback forces it, so containers leave the failed image even where compose cannot tell.
   */
  restart(services: string[], options: { force: boolean }): Promise<void>;
};

export type UpdateOutcome = 'updated' | 'rolled-back' | 'rollback-failed' | 'failed';

export type UpdateResult = {
  outcome: UpdateOutcome;
  changes: ImageChange[];
  health: HealthVerdict[];
  rollbackHealth?: HealthVerdict[];
  error?: string;
};

export type UpdateOptions = {
  docker: Dockerode;
  podman: boolean;
  project: string;
  actions: UpdateActions;
  services?: string[];
  migrate: boolean;
  healthTimeoutMs: number;
  healthIntervalMs?: number;
  progress?: (message: string) => void;
};

async function snapshot(docker: Dockerode, project: string) {
  const containers = await projectContainers(docker, project);
  const images = new Map<string, ServiceImage>();
  for (const c of containers) {
    if (!images.has(c.service))
      images.set(c.service, { service: c.service, reference: c.image, imageId: c.imageId });
  }
  // One-shot services (migrate) have exited by design; only long-running ones are gated.
  const running = [...new Set(containers.filter((c) => c.state === 'running').map((c) => c.service))];
  return { images: [...images.values()], running, containers };
}

async function gate(options: UpdateOptions, services: string[]) {
  const containers = (await projectContainers(options.docker, options.project)).filter((c) =>
    services.includes(c.service),
  );
  return waitHealthy(
    options.docker,
    containers.map((c) => c.id),
    { timeoutMs: options.healthTimeoutMs, intervalMs: options.healthIntervalMs, podman: options.podman },
  );
}

export async function runUpdate(options: UpdateOptions): Promise<UpdateResult> {
  const say = options.progress ?? (() => {});
  const before = await snapshot(options.docker, options.project);
  const steps = updatePlan(before.images, {
    services: options.services,
    migrate: options.migrate,
    gated: before.running,
  });
  let changes: ImageChange[] = [];
  let recreated: string[] = [];
  try {
    for (const step of steps) {
      if (step.kind === 'pull') {
        say(`Pulling images for ${step.services.join(', ')}`);
        await options.actions.pull(step.services);
        changes = imageChanges(before.images, (await snapshotImages(options)) ?? before.images);
      } else if (step.kind === 'migrate') {
        say('Running database migrations');
        await options.actions.migrate();
      } else if (step.kind === 'restart') {
        recreated = recreateTargets(step.services, changes, before.running);
        say(`Recreating ${recreated.join(', ')}`);
        await options.actions.restart(recreated, { force: false });
      } else {
        const gated = [
          ...new Set([...step.services, ...recreated.filter((s) => before.running.includes(s))]),
        ].sort();
        say(`Waiting for ${gated.join(', ') || 'services'} to be healthy`);
        const result = await gate(options, gated);
        if (result.ok) return { outcome: 'updated', changes, health: result.containers };
        return rollBack(options, before.images, before.running, changes, result.containers);
      }
    }
  } catch (error) {
    await retagAll(options, before.images, changes).catch(() => {});
    return { outcome: 'failed', changes, health: [], error: (error as Error).message };
  }
  return { outcome: 'updated', changes, health: [] };
}

/** After a pull, each reference's current image id (the containers still run the old ones). */
async function snapshotImages(options: UpdateOptions): Promise<ServiceImage[] | null> {
  const containers = await projectContainers(options.docker, options.project);
  const seen = new Map<string, ServiceImage>();
  for (const c of containers) {
    if (seen.has(c.service)) continue;
    const id = await options.docker
      .getImage(c.image)
      .inspect()
      .then((image) => image.Id)
      .catch(() => c.imageId);
    seen.set(c.service, { service: c.service, reference: c.image, imageId: id });
  }
  return [...seen.values()];
}

async function retagAll(options: UpdateOptions, before: ServiceImage[], changes: ImageChange[]) {
  const after = before.map((b) => {
    const change = changes.find((c) => c.service === b.service);
    return change ? { ...b, imageId: change.to } : b;
  });
  for (const step of rollbackPlan(before, after, [])) {
    if (step.kind === 'retag')
      await options.docker.getImage(step.imageId).tag(parseReference(step.reference));
  }
}

async function rollBack(
  options: UpdateOptions,
  before: ServiceImage[],
  gated: string[],
  changes: ImageChange[],
  health: HealthVerdict[],
): Promise<UpdateResult> {
  const say = options.progress ?? (() => {});
  const after = await snapshotImages(options);
  const plan = rollbackPlan(before, after ?? before, gated);
  if (plan.length === 0) {
    return { outcome: 'rollback-failed', changes, health, error: 'health gate failed and no image changed' };
  }
  try {
    for (const step of plan) {
      if (step.kind === 'retag') {
        say(`Rolling ${step.reference} back to ${step.imageId.replace(/^sha256:/, '').slice(0, 12)}`);
        await options.docker.getImage(step.imageId).tag(parseReference(step.reference));
      } else if (step.kind === 'restart') {
        say(`Recreating ${step.services.join(', ')} on the previous images`);
        await options.actions.restart(step.services, { force: true });
      } else {
        const result = await gate(options, step.services);
        return {
          outcome: result.ok ? 'rolled-back' : 'rollback-failed',
          changes,
          health,
          rollbackHealth: result.containers,
        };
      }
    }
  } catch (error) {
    return { outcome: 'rollback-failed', changes, health, error: (error as Error).message };
  }
  return { outcome: 'rolled-back', changes, health };
}

export function updateExitCode(outcome: UpdateOutcome) {
  if (outcome === 'updated') return ExitCode.ok;
  if (outcome === 'rolled-back') return ExitCode.rolledBack;
  return ExitCode.failed;
}
