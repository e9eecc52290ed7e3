import { containerUpdateSchema } from '@homelab/db/docker-updates';
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createLogger } from '../../log';
import { testPool } from '../../testing/database';
import { caller, liveInventory } from '../../testing/docker-routes';
import { removeTestContainers, testEngine, testImages, testName } from '../../testing/engine';
import { waitFor } from '../../testing/helpers';
import type { Engine } from '../engine';
import type { LiveInventory } from '../inventory';
import { openDocker } from '../service';
import { createUpdater } from './executor';
import { snapshotLabels } from './plan';
import { buildTestImage, tagAsPulled } from './test-image';

/** Builds a small image on the test busybox; `lines` are extra Dockerfile instructions. */
const buildImage = (docker: Dockerode, lines: string[]) =>
  buildTestImage(docker, {
    from: testImages().busybox,
    tag: `localhost/${testName('hlt-upd-build')}:1`,
    lines,
  });

/** What `file` holds in `volume`, read by a throwaway container. */
async function readVolumeFile(docker: Dockerode, volume: string, file: string): Promise<string> {
  const reader = await docker.createContainer({
    Image: testImages().busybox,
    Cmd: ['cat', `/v/${file}`],
    Tty: true,
    Labels: { 'dev.homelab.test': 'true' },
    HostConfig: {
      NetworkMode: 'none',
      Mounts: [{ Type: 'volume', Source: volume, Target: '/v', ReadOnly: true }],
    },
  });
  try {
    await reader.start();
    await reader.wait();
    return (await reader.logs({ stdout: true, stderr: true, follow: false })).toString('utf8').trim();
  } finally {
    await reader.remove({ force: true });
  }
}

describe('container updates on the real engine', () => {
  let engine: Engine;
  let inventory: LiveInventory;
  const pool = testPool();
  const repo = `fake.example/${testName('hlt-upd')}/app`;
  const volumes: string[] = [];
  const images: string[] = [];
  const containers: string[] = [];
  /** The image the "registry" serves for the tag right now; fetching tags it locally, as a pull would. */
  let published = '';
  const fetchImage = tagAsPulled(() => published);

  function updater() {
    return createUpdater(
      { engine, inventory, log: createLogger({ level: 'error' }), sql: pool.sql },
      {
        helperImage: testImages().busybox,
        fetchImage,
        pollMs: 200,
        health: { timeoutMs: 6_000, stableMs: 1_500 },
      },
    );
  }

  /** A running container of `repo:tag` with a volume at /data whose file says "original". */
  async function appContainer(tag: string) {
    const docker = engine.docker;
    const name = testName('hlt-upd');
    const volume = `${name}-data`;
    containers.push(name);
    volumes.push(volume);
    await docker.createVolume({ Name: volume, Labels: { 'dev.homelab.test': 'true' } });
    const container = await docker.createContainer({
      name,
      Image: `${repo}:${tag}`,
      // A version that sets MIGRATE changes the data on start, as a real schema migration would.
      Cmd: [
        'sh',
        '-c',
        'if [ -n "$MIGRATE" ]; then echo migrated > /data/v; elif [ ! -f /data/v ]; then echo original > /data/v; fi; trap "exit 0" TERM; while true; do sleep 1; done',
      ],
      Env: ['APP_SETTING=kept'],
      Labels: { 'dev.homelab.test': 'true' },
      HostConfig: { NetworkMode: 'none', Mounts: [{ Type: 'volume', Source: volume, Target: '/data' }] },
    });
    await container.start();
    const ready = async () => (await readVolumeFile(docker, volume, 'v')) === 'original';
    for (let i = 0; i < 50 && !(await ready()); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    return { name, volume, id: container.id };
  }

  beforeAll(async () => {
    engine = await testEngine();
    inventory = await liveInventory(engine);
    const docker = engine.docker;
    const busybox = (await docker.getImage(testImages().busybox).inspect()).Id;
    await docker.getImage(busybox).tag({ repo, tag: 'bad' });
    await docker.getImage(busybox).tag({ repo, tag: 'good' });
  });

  afterAll(async () => {
    const docker = engine.docker;
    const all = await docker.listContainers({ all: true });
    const ours = all.filter((info) => info.Names.some((n) => containers.some((name) => n.includes(name))));
    await Promise.all(
      ours.map((info) =>
        docker
          .getContainer(info.Id)
          .remove({ force: true })
          .catch(() => {}),
      ),
    );
    await removeTestContainers(docker);
    const { Volumes } = await docker.listVolumes({ filters: { label: [snapshotLabels.of] } });
    for (const volume of [
      ...volumes,
      ...(Volumes ?? []).map((v) => v.Name).filter((n) => volumes.some((v) => n.startsWith(v))),
    ])
      await docker
        .getVolume(volume)
        .remove()
        .catch(() => {});
    for (const tag of ['bad', 'good'])
      await docker
        .getImage(`${repo}:${tag}`)
        .remove()
        .catch(() => {});
    for (const id of images)
      await docker
        .getImage(id)
        .remove({ force: true })
        .catch(() => {});
    inventory.close();
    engine.close();
    await pool.sql.end();
  });

  it('rolls a failed update back: the old container runs the old image on the original data', async () => {
    const docker = engine.docker;
    const app = await appContainer('bad');
    const before = await docker.getContainer(app.id).inspect();
    published = await buildImage(docker, [
      'ENV MIGRATE=1',
      'HEALTHCHECK --interval=1s --retries=1 CMD false',
    ]);
    images.push(published);

    const { update, done } = await updater().start(app.name, 'owner@example.com');
    expect(update.status).toBe('updating');
    const finished = containerUpdateSchema.parse(await done);

    expect(finished.status).toBe('rolled_back');
    // The check itself failed, well before the 6 s timeout: on Podman without systemd the updater runs it.
    expect(finished.error).toMatch(/^The healthcheck failed/);
    expect(finished.toImageId).toBe(published);
    expect(finished.snapshots).toEqual([
      { volume: app.volume, snapshot: expect.stringMatching(`^${app.volume}-snap-`) },
    ]);
    expect(finished.progress.map((entry) => `${entry.step}:${entry.status}`)).toEqual([
      'pull:done',
      'stop:done',
      'snapshot:done',
      'recreate:done',
      'health:failed',
      'rollback:done',
    ]);
    const after = await docker.getContainer(app.name).inspect();
    expect(after.Id).toBe(before.Id);
    expect(after.Image).toBe(before.Image);
    expect(after.State.Running).toBe(true);
    expect(await readVolumeFile(docker, app.volume, 'v')).toBe('original');
    const leftovers = await docker.listContainers({ all: true });
    expect(leftovers.filter((info) => info.Names.some((n) => n.includes(`${app.name}-rollback-`)))).toEqual(
      [],
    );
  });

  it('updates to a good image: the new image runs with the same settings, and the snapshot stays', async () => {
    const docker = engine.docker;
    const app = await appContainer('good');
    published = await buildImage(docker, ['LABEL version=2', 'HEALTHCHECK --interval=1s CMD true']);
    images.push(published);

    const { done } = await updater().start(app.id, null);
    const finished = await done;

    expect(finished).toMatchObject({ status: 'succeeded', error: null, toImageId: published });
    const after = await docker.getContainer(app.name).inspect();
    expect(after.Id).not.toBe(app.id);
    expect(after.Image).toBe(published);
    expect(after.State.Running).toBe(true);
    expect(after.State.Health?.Status).toBe('healthy');
    expect(after.Config.Env).toContain('APP_SETTING=kept');
    expect(after.Mounts).toContainEqual(expect.objectContaining({ Name: app.volume, Destination: '/data' }));
    expect(await readVolumeFile(docker, app.volume, 'v')).toBe('original');
    const snapshot = finished.snapshots[0]!.snapshot;
    expect(await readVolumeFile(docker, snapshot, 'v')).toBe('original');
    const labels = (await docker.getVolume(snapshot).inspect()).Labels ?? {};
    expect(labels[snapshotLabels.of]).toBe(app.volume);
    await expect(docker.getContainer(app.id).inspect()).rejects.toMatchObject({ statusCode: 404 });

    const history = await updater().list(app.name);
    expect(history.map((item) => item.id)).toEqual([finished.id]);
  });

  it('refuses a second update of a container while one runs', async () => {
    const docker = engine.docker;
    const app = await appContainer('good');
    published = await buildImage(docker, ['LABEL version=3']);
    images.push(published);
    const updates = updater();
    const first = await updates.start(app.name, null);
    await expect(updates.start(app.name, null)).rejects.toMatchObject({
      status: 409,
      code: 'update_running',
    });
    await expect(updater().start(app.name, null)).rejects.toMatchObject({
      status: 409,
      code: 'update_running',
    });
    expect((await first.done).status).toBe('succeeded');
  });

  it('serves updates over the runner routes: 202 at once, then the finished row and the history', async () => {
    const docker = engine.docker;
    const app = await appContainer('good');
    published = await buildImage(docker, ['LABEL version=4']);
    images.push(published);
    // The docker runner's own routes, so "update" is shown not to be taken for a container action.
    const runner = openDocker(engine, createLogger({ level: 'error' }), {
      updates: {
        sql: pool.sql,
        helperImage: testImages().busybox,
        fetchImage,
        pollMs: 200,
        health: { stableMs: 1_500 },
      },
    });
    onTestFinished(() => runner.handle.stop());
    const call = caller(runner.handle.routes);

    const started = await call(`/containers/${app.name}/update`, {
      method: 'POST',
      json: { startedBy: 'owner' },
    });
    expect(started.status).toBe(202);
    const update = containerUpdateSchema.parse(started.body.update);
    expect(update).toMatchObject({
      container: app.name,
      image: `${repo}:good`,
      status: 'updating',
      startedBy: 'owner',
    });

    const finished = await waitFor(
      async () => {
        const res = await call(`/updates/${update.id}`);
        return res.body.update.status === 'updating' ? null : containerUpdateSchema.parse(res.body.update);
      },
      20_000,
      200,
    );
    expect(finished?.status).toBe('succeeded');
    expect(finished?.progress.at(-1)).toMatchObject({ step: 'done', status: 'done' });

    const history = await call(`/updates?container=${app.name}`);
    expect(history.body.updates.map((item: { id: string }) => item.id)).toEqual([update.id]);
    expect((await call(`/updates/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await call('/updates/not-a-uuid')).status).toBe(400);
    expect((await call('/containers/hlt-no-such-container/update', { method: 'POST' })).status).toBe(404);
  });
});
