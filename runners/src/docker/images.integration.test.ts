import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { imageSchema, pruneResultSchema, pullProgressSchema } from '@homelab/db/docker';
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { caller, liveInventory } from '../testing/docker-routes';
import { removeTestContainers, runTestContainer, testEngine, testImages, testName } from '../testing/engine';
import { type FakeRegistry, startFakeRegistry } from '../testing/fake-registry';
import { waitFor } from '../testing/helpers';
import type { Engine } from './engine';
import { pruneImages } from './image-prune';
import { createImageRoutes } from './images';
import type { LiveInventory } from './inventory';

const work = mkdtempSync(path.join(tmpdir(), 'hlt-images-'));

/** A tiny image of its own (distinct content, so a distinct id), imported untagged, with `labels`. */
async function importImage(docker: Dockerode, labels: Record<string, string>): Promise<string> {
  const dir = mkdtempSync(path.join(work, 'rootfs-'));
  writeFileSync(path.join(dir, 'hello'), `${Math.random()}`);
  const tar = `${dir}.tar`;
  execFileSync('tar', ['-C', dir, '-cf', tar, 'hello']);
  const changes = Object.entries(labels).map(([key, value]) => `LABEL ${key}=${value}`);
  const stream = await docker.importImage(createReadStream(tar), { changes });
  const output = await new Promise<{ status?: string; id?: string }[]>((resolve, reject) =>
    docker.modem.followProgress(stream, (error, result) => (error ? reject(error) : resolve(result))),
  );
  const id = output.map((line) => line.id ?? line.status ?? '').find((value) => value.startsWith('sha256:'));
  if (!id) throw new Error(`import gave no id: ${JSON.stringify(output)}`);
  return id;
}

async function tagImage(docker: Dockerode, id: string, repo: string, tag: string): Promise<string> {
  await docker.getImage(id).tag({ repo, tag });
  const info = await docker.getImage(id).inspect();
  const entry = info.RepoDigests.find((digest) => digest.startsWith(`${repo}@`));
  if (!entry) throw new Error(`no RepoDigest for ${repo}: ${info.RepoDigests.join(', ')}`);
  return entry.slice(repo.length + 1);
}

function sseEvents(text: string) {
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('event:'))
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      return { event, data: data ? JSON.parse(data) : null };
    });
}

describe('image routes on the real engine', () => {
  let engine: Engine;
  let inventory: LiveInventory;
  let registry: FakeRegistry;
  let app: ReturnType<typeof createImageRoutes>;
  let call: ReturnType<typeof caller>;
  const user = testName('hlt-img-user');
  const repo = `fake.example/${testName('hlt-img')}/app`;
  const extraTag = { repo: `localhost/${testName('hlt-img-extra')}`, tag: 'extra' };
  const imported: string[] = [];
  const manifests: Record<string, string> = {};
  let busyboxId: string;

  beforeAll(async () => {
    engine = await testEngine();
    const docker = engine.docker;
    busyboxId = (await docker.getImage(testImages().busybox).inspect()).Id;
    await runTestContainer(docker, { name: user });
    inventory = await liveInventory(engine);
    registry = await startFakeRegistry({ manifests });
    app = createImageRoutes({
      engine,
      inventory,
      log: createLogger({ level: 'error' }),
      resolveRegistry: () => registry.url,
    });
    call = caller(app);
  });

  afterAll(async () => {
    const docker = engine.docker;
    await removeTestContainers(docker, [user]);
    await docker
      .getImage(`${extraTag.repo}:${extraTag.tag}`)
      .remove()
      .catch(() => {});
    for (const id of imported)
      await docker
        .getImage(id)
        .remove({ force: true })
        .catch(() => {});
    await registry.close();
    inventory.close();
    engine.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('lists the busybox test image as local, with the container that uses it', async () => {
    const res = await call('/images');
    expect(res.status).toBe(200);
    const images = imageSchema.array().parse(res.body);
    const busybox = images.find((image) => image.id === busyboxId);
    expect(busybox).toMatchObject({ update: 'local', checkedAt: null });
    expect(busybox!.tags).toContain(testImages().busybox);
    expect(busybox!.containers.map((container) => container.name)).toContain(user);
  });

  it('gives one image with its inspect document, 404 for an unknown id, 400 for a bad one', async () => {
    const res = await call(`/images/${busyboxId}`);
    expect(res.status).toBe(200);
    expect(imageSchema.parse(res.body.image).id).toBe(busyboxId);
    expect(res.body.inspect).toMatchObject({ Id: busyboxId });
    expect((await call(`/images/sha256:${'0'.repeat(64)}`)).status).toBe(404);
    const bad = await call(`/images/${encodeURIComponent('x;rm -rf /')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
  });

  it('checks tags against their registry in the background: current, available, unknown', async () => {
    const docker = engine.docker;
    const ids = [await importImage(docker, { 'dev.homelab.test': 'true' })];
    ids.push(await importImage(docker, { 'dev.homelab.test': 'true' }));
    ids.push(await importImage(docker, { 'dev.homelab.test': 'true' }));
    imported.push(...ids);
    const [current, outdated, unlisted] = ids as [string, string, string];
    const path = repo.slice('fake.example/'.length);
    manifests[`${path}:1`] = await tagImage(docker, current, repo, '1');
    await tagImage(docker, outdated, repo, '2');
    manifests[`${path}:2`] = `sha256:${'e'.repeat(64)}`;
    await tagImage(docker, unlisted, repo, '3');

    const first = imageSchema.array().parse((await call('/images')).body);
    expect(first.find((image) => image.id === current)).toMatchObject({ update: 'unknown', checkedAt: null });

    const statuses = await waitFor(async () => {
      const images = imageSchema.array().parse((await call('/images')).body);
      const mine = ids.map((id) => images.find((image) => image.id === id)!);
      return mine.every((image) => image.checkedAt) ? mine.map((image) => image.update) : null;
    });
    expect(statuses).toEqual(['current', 'available', 'unknown']);

    const requests = registry.requests.length;
    const recheck = await call('/images/check-updates', { method: 'POST' });
    expect(recheck.status).toBe(202);
    expect(recheck.body.queued).toBeGreaterThanOrEqual(3);
    expect(await waitFor(() => registry.requests.length >= requests + 9)).toBe(true);
  });

  it('streams an error event with the engine message when a pull fails', async () => {
    const res = await app.request('/images/pull', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reference: '127.0.0.1:9/hlt-no-such/image:1' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const events = sseEvents(await res.text());
    const last = events.at(-1)!;
    expect(last.event).toBe('error');
    expect(last.data.message).toMatch(/127\.0\.0\.1:9/);
    for (const event of events.slice(0, -1)) {
      expect(event.event).toBe('progress');
      pullProgressSchema.parse(event.data);
    }
  });

  it('refuses a pull of a reference with shell metacharacters before streaming', async () => {
    const res = await call('/images/pull', { method: 'POST', json: { reference: 'busybox;rm -rf /' } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/reference/);
  });

  it('refuses to remove an image a container uses, and without confirm', async () => {
    const inUse = await call(`/images/${busyboxId}`, { method: 'DELETE', json: { confirm: true } });
    expect(inUse.status).toBe(409);
    expect(inUse.body.error.code).toBe('in_use');
    expect(inUse.body.error.message).toContain(user);
    const unconfirmed = await call(`/images/${busyboxId}`, { method: 'DELETE', json: {} });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.error.message).toMatch(/confirm/);
    await engine.docker.getImage(busyboxId).inspect();
  });

  it('removes an extra tag of an image in use, leaving the image', async () => {
    await engine.docker.getImage(busyboxId).tag(extraTag);
    const reference = `${extraTag.repo}:${extraTag.tag}`;
    const res = await call(`/images/${encodeURIComponent(reference)}`, {
      method: 'DELETE',
      json: { confirm: true },
    });
    expect(res.status).toBe(204);
    const info = await engine.docker.getImage(busyboxId).inspect();
    expect(info.RepoTags).not.toContain(reference);
    expect(info.RepoTags).toContain(testImages().busybox);
    const gone = await call(`/images/${encodeURIComponent(reference)}`, {
      method: 'DELETE',
      json: { confirm: true },
    });
    expect(gone.status).toBe(404);
  });

  it('prunes dangling images, and with all every unused one (only this test’s, by label)', async () => {
    const docker = engine.docker;
    const state = engine.state();
    const flavour = state.status === 'connected' && state.engine === 'podman' ? 'podman' : 'docker';
    const run = testName('hlt-prune');
    const dangling = await importImage(docker, { 'dev.homelab.test.run': run });
    const tagged = await importImage(docker, { 'dev.homelab.test.run': run });
    imported.push(dangling, tagged);
    await docker.getImage(tagged).tag({ repo: `localhost/${run}`, tag: 'kept' });

    const label = `dev.homelab.test.run=${run}`;
    const first = pruneResultSchema.parse(await pruneImages(docker, { all: false, engine: flavour, label }));
    expect(first.removed.map((id) => id.replace(/^sha256:/, ''))).toEqual([dangling.replace(/^sha256:/, '')]);
    await docker.getImage(tagged).inspect();

    const second = await pruneImages(docker, { all: true, engine: flavour, label });
    expect(second.removed.map((id) => id.replace(/^sha256:/, ''))).toEqual([tagged.replace(/^sha256:/, '')]);
    expect(second.reclaimedBytes).toBeGreaterThan(0);

    const unconfirmed = await call('/images/prune', { method: 'POST', json: { all: true } });
    expect(unconfirmed.status).toBe(400);
  });
});
