/**
 * One-click container updates: pull the tag's newer image, stop the container, copy each of its named
 * volumes into a snapshot volume, recreate it on the new image with the same settings and wait for it
 * to be healthy. Any failure after the stop puts the old container (and, if the new one ran, the
 * volumes' old content) back. One update per container at a time, across runner processes too.
 */
import type { ContainerUpdate, UpdateProgress } from '@homelab/db/docker-updates';
import type Dockerode from 'dockerode';
import type { Sql } from 'postgres';
import { HttpError } from '../../internal/errors';
import { inspectContainer } from '../containers';
import type { DockerDeps } from '../deps';
import { engineMessage } from '../engine-failure';
import { healthcheckDue, runPodmanHealthcheck } from '../healthcheck-run';
import { pullLines, toPullEvent } from '../image-pull';
import {
  type HealthOptions,
  healthVerdict,
  namedVolumes,
  type Reached,
  recreateOptions,
  rollbackName,
  rollbackPlan,
  snapshotLabels,
  snapshotName,
  stamp,
  updatableTag,
} from './plan';
import {
  failAbandonedUpdates,
  findUpdate,
  insertUpdate,
  listUpdates,
  lockNamespace,
  patchUpdate,
  type StoredUpdate,
} from './store';

/** Brings `reference` into the engine's image store (a registry pull, in production). */
export type FetchImage = (docker: Dockerode, reference: string) => Promise<void>;

export type UpdaterOptions = {
  /** The image that copies volumes: it needs `sh`, `cp -a` and `rm`. */
  helperImage?: string;
  health?: Partial<HealthOptions>;
  /** How often the new container is inspected while waiting for it. */
  pollMs?: number;
  /** Snapshots older than this are removed at the next update. */
  snapshotRetentionMs?: number;
  /** Seconds the old container gets to stop before it is killed. */
  stopTimeoutS?: number;
  fetchImage?: FetchImage;
};

/** Pulls from the tag's registry; the engine reports a failed pull inside a 200 stream. */
export const pullImage: FetchImage = async (docker, reference) => {
  const stream = (await docker.pull(reference)) as AsyncIterable<Buffer>;
  for await (const line of pullLines(stream)) {
    const event = toPullEvent(line);
    if (event?.type === 'error') throw new Error(`Pulling ${reference} failed: ${event.message}`);
  }
};

const defaults = {
  helperImage: 'busybox:stable',
  pollMs: 1_000,
  snapshotRetentionMs: 7 * 24 * 3_600_000,
  stopTimeoutS: 30,
  fetchImage: pullImage,
};

const keptProgress = 200;

class StepError extends Error {}

export type Updater = ReturnType<typeof createUpdater>;

export function createUpdater(deps: DockerDeps & { sql: Sql }, options: UpdaterOptions = {}) {
  const opts = { ...defaults, ...options };
  const health: HealthOptions = { timeoutMs: 120_000, stableMs: 10_000, ...options.health };
  const { engine, log, sql } = deps;
  const busy = new Set<string>();
  const progress = new Map<string, UpdateProgress[]>();

  function report(
    id: string,
    step: UpdateProgress['step'],
    status: UpdateProgress['status'],
    detail?: string,
  ) {
    const steps = progress.get(id) ?? [];
    const entry = { step, status, detail: detail ?? null, at: new Date().toISOString() };
    const open = steps.findLastIndex((item) => item.step === step && item.status === 'running');
    if (open >= 0 && status !== 'running') steps[open] = entry;
    else steps.push(entry);
    progress.set(id, steps);
    if (progress.size > keptProgress) progress.delete(progress.keys().next().value!);
  }

  const withProgress = (update: StoredUpdate): ContainerUpdate => ({
    ...update,
    progress: progress.get(update.id) ?? [],
  });

  /** The copy helper's image, pulled the first time it is missing (a fresh server has none). */
  async function ensureHelperImage(docker: Dockerode) {
    const present = await docker
      .getImage(opts.helperImage)
      .inspect()
      .then(
        () => true,
        (error: { statusCode?: number }) => {
          if (error.statusCode === 404) return false;
          throw error;
        },
      );
    if (!present) await pullImage(docker, opts.helperImage);
  }

  async function runHelper(docker: Dockerode, mounts: Dockerode.MountSettings[], script: string) {
    const helper = await docker.createContainer({
      Image: opts.helperImage,
      Cmd: ['sh', '-c', script],
      Labels: { 'dev.homelab.update-helper': 'true' },
      HostConfig: { Mounts: mounts, NetworkMode: 'none' },
    });
    try {
      await helper.start();
      const result = (await helper.wait()) as { StatusCode?: number };
      if (result.StatusCode !== 0)
        throw new StepError(`The volume copy exited with code ${result.StatusCode}.`);
    } finally {
      await helper.remove({ force: true }).catch(() => {});
    }
  }

  const copyVolume = (docker: Dockerode, from: string, to: string) =>
    runHelper(
      docker,
      [
        { Type: 'volume', Source: from, Target: '/from', ReadOnly: true },
        { Type: 'volume', Source: to, Target: '/to' },
      ],
      // The target is emptied first so a restore leaves no file the failed version added.
      'cd /to && rm -rf -- * .[!.]* ..?* && cp -a /from/. /to/',
    );

  /** Removes update snapshots whose retention ran out; one that is in use or gone is left alone. */
  async function pruneSnapshots(docker: Dockerode) {
    const { Volumes } = await docker.listVolumes({ filters: { label: [snapshotLabels.of] } });
    const now = Date.now();
    for (const volume of Volumes ?? []) {
      const expires = Date.parse(volume.Labels?.[snapshotLabels.expires] ?? '');
      if (!Number.isFinite(expires) || expires > now) continue;
      await docker
        .getVolume(volume.Name)
        .remove()
        .then(() => log.info('removed expired update snapshot', { volume: volume.Name }))
        .catch(() => {});
    }
  }

  async function execute(update: StoredUpdate, inspect: Dockerode.ContainerInspectInfo) {
    const docker = engine.require();
    const name = update.container;
    const at = stamp(new Date(update.startedAt));
    const wasRunning = inspect.State.Running;
    const reached: Reached = { stopped: false, renamed: false, created: false, started: false };
    const snapshots: { volume: string; snapshot: string }[] = [];
    const old = docker.getContainer(inspect.Id);
    let fresh: Dockerode.Container | undefined;
    let step: UpdateProgress['step'] = 'pull';
    try {
      report(update.id, 'pull', 'running', update.image);
      await opts.fetchImage(docker, update.image);
      const image = await docker.getImage(update.image).inspect();
      await patchUpdate(sql, update.id, { toImageId: image.Id });
      if (image.Id === update.fromImageId) {
        report(update.id, 'pull', 'done', 'Already the newest image; nothing to do.');
        report(update.id, 'done', 'done');
        await patchUpdate(sql, update.id, { status: 'succeeded' });
        return;
      }
      // Before the stop, so that fetching the copy helper adds no downtime.
      const volumes = namedVolumes(inspect.Mounts);
      if (volumes.length) await ensureHelperImage(docker);
      report(update.id, 'pull', 'done', image.Id);

      step = 'stop';
      report(update.id, 'stop', 'running');
      if (wasRunning) {
        await old.stop({ t: opts.stopTimeoutS });
        reached.stopped = true;
      }
      report(update.id, 'stop', 'done');

      step = 'snapshot';
      report(update.id, 'snapshot', 'running');
      await pruneSnapshots(docker).catch((error) =>
        log.warn('pruning update snapshots failed', { error: engineMessage(error) }),
      );
      const expires = new Date(Date.now() + opts.snapshotRetentionMs).toISOString();
      for (const volume of volumes) {
        const snapshot = snapshotName(volume, at);
        await docker.createVolume({
          Name: snapshot,
          Labels: { [snapshotLabels.of]: volume, [snapshotLabels.expires]: expires },
        });
        await copyVolume(docker, volume, snapshot);
        snapshots.push({ volume, snapshot });
        await patchUpdate(sql, update.id, { snapshots });
      }
      report(
        update.id,
        'snapshot',
        'done',
        snapshots.map((item) => item.snapshot).join(', ') || 'No volumes.',
      );

      step = 'recreate';
      report(update.id, 'recreate', 'running');
      const oldImage = await docker
        .getImage(inspect.Image)
        .inspect()
        .then((info) => info.Config ?? {})
        .catch(() => ({}));
      await old.rename({ name: rollbackName(name, at) });
      reached.renamed = true;
      fresh = await docker.createContainer(recreateOptions(inspect, oldImage, update.image));
      reached.created = true;
      if (wasRunning) {
        await fresh.start();
        reached.started = true;
      }
      report(update.id, 'recreate', 'done', fresh.id);

      step = 'health';
      report(update.id, 'health', 'running');
      if (wasRunning) await waitHealthy(fresh);
      report(update.id, 'health', 'done', wasRunning ? 'Healthy.' : 'Not started: it was stopped before.');

      // The new container is healthy now: a failure to clean up must not roll it back.
      await old.remove({ force: true, v: false }).catch((error) =>
        log.warn('could not remove the replaced container', {
          container: name,
          error: engineMessage(error),
        }),
      );
      report(update.id, 'done', 'done');
      await patchUpdate(sql, update.id, { status: 'succeeded' });
      log.info('container updated', { container: name, image: update.image, imageId: image.Id });
    } catch (error) {
      const reason = error instanceof StepError ? error.message : engineMessage(error);
      report(update.id, step, 'failed', reason);
      await rollBack(update, { reason, reached, snapshots, old, fresh, name });
    } finally {
      await deps.inventory.refresh().catch(() => {});
    }
  }

  async function waitHealthy(container: Dockerode.Container) {
    const began = Date.now();
    const state = engine.state();
    const podman = state.status === 'connected' && state.engine === 'podman';
    for (;;) {
      let info = await container.inspect();
      if (podman && info.State.Running && healthcheckDue(info, Date.now(), began)) {
        // A failed run (the container just stopped, say) shows in the next inspection.
        await runPodmanHealthcheck(engine.require(), info.Id).catch(() => {});
        info = await container.inspect();
      }
      const test = (info.Config as { Healthcheck?: { Test?: string[] } }).Healthcheck?.Test ?? [];
      const hasHealthcheck = test.length > 0 && test[0] !== 'NONE';
      const verdict = healthVerdict(
        info.State,
        info.RestartCount ?? 0,
        hasHealthcheck,
        Date.now() - began,
        health,
      );
      if (verdict.verdict === 'healthy') return;
      if (verdict.verdict === 'failed') throw new StepError(verdict.reason);
      await new Promise((resolve) => setTimeout(resolve, opts.pollMs));
    }
  }

  async function rollBack(
    update: StoredUpdate,
    state: {
      reason: string;
      reached: Reached;
      snapshots: { volume: string; snapshot: string }[];
      old: Dockerode.Container;
      fresh: Dockerode.Container | undefined;
      name: string;
    },
  ) {
    const plan = rollbackPlan(state.reached, state.snapshots.length);
    if (!plan.length) {
      await patchUpdate(sql, update.id, { status: 'failed', error: state.reason });
      log.warn('container update failed before any change', { container: state.name, error: state.reason });
      return;
    }
    const docker = engine.require();
    report(update.id, 'rollback', 'running', plan.join(', '));
    const problems: string[] = [];
    for (const action of plan) {
      try {
        if (action === 'remove-new') await state.fresh?.remove({ force: true, v: false });
        if (action === 'restore-volumes')
          for (const { volume, snapshot } of state.snapshots) await copyVolume(docker, snapshot, volume);
        if (action === 'rename-old-back') await state.old.rename({ name: state.name });
        if (action === 'start-old') await state.old.start();
      } catch (error) {
        problems.push(`${action}: ${error instanceof StepError ? error.message : engineMessage(error)}`);
      }
    }
    if (problems.length) {
      const error = `${state.reason} Rolling back also failed (${problems.join('; ')}).`;
      report(update.id, 'rollback', 'failed', problems.join('; '));
      await patchUpdate(sql, update.id, { status: 'failed', error });
      log.error('container update rollback failed', { container: state.name, error });
      return;
    }
    report(update.id, 'rollback', 'done');
    await patchUpdate(sql, update.id, { status: 'rolled_back', error: state.reason });
    log.warn('container update rolled back', { container: state.name, error: state.reason });
  }

  /**
   * Starts an update and answers with its row at once; `done` settles when it has succeeded or been
   * rolled back. 409 when the container is being updated already or runs an image pinned by digest.
   */
  async function start(ref: string, startedBy: string | null) {
    const { inspect } = await inspectContainer(deps, ref);
    const name = inspect.Name.replace(/^\//, '');
    const image = updatableTag(inspect.Config.Image);
    if (!image)
      throw new HttpError(
        409,
        'not_updatable',
        `"${name}" runs an image by id or digest; there is no tag to update.`,
      );
    if (busy.has(name)) throw new HttpError(409, 'update_running', `"${name}" is being updated already.`);
    busy.add(name);
    const connection = await sql.reserve().catch((error) => {
      busy.delete(name);
      throw error;
    });
    const release = async () => {
      await connection`select pg_advisory_unlock(${lockNamespace}, hashtext(${name}))`.catch(() => {});
      connection.release();
      busy.delete(name);
    };
    try {
      const [{ locked }] =
        (await connection`select pg_try_advisory_lock(${lockNamespace}, hashtext(${name})) as locked`) as [
          { locked: boolean },
        ];
      if (!locked) {
        connection.release();
        busy.delete(name);
        throw new HttpError(409, 'update_running', `"${name}" is being updated already.`);
      }
    } catch (error) {
      if (!(error instanceof HttpError)) await release();
      throw error;
    }
    let update: StoredUpdate;
    try {
      update = await insertUpdate(sql, { container: name, image, fromImageId: inspect.Image, startedBy });
    } catch (error) {
      await release();
      throw error;
    }
    const done = execute(update, inspect)
      .catch((error) => log.error('container update crashed', { container: name, err: error }))
      .finally(release)
      .then(async () => withProgress((await findUpdate(sql, update.id)) ?? update));
    return { update: withProgress(update), done };
  }

  return {
    start,
    async get(id: string): Promise<ContainerUpdate | null> {
      const update = await findUpdate(sql, id);
      return update ? withProgress(update) : null;
    },
    async list(container: string | undefined, limit = 50): Promise<ContainerUpdate[]> {
      return (await listUpdates(sql, container, limit)).map(withProgress);
    },
    /** For the runner's start: rows a stopped runner left "updating". */
    failAbandoned: () => failAbandonedUpdates(sql),
    get active() {
      return busy.size;
    },
  };
}
