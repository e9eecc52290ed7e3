/**
 * The images page: what is on the engine, which containers use each image, whether its registry has
 * a newer build of the tag, and pulling, removing and pruning.
 */
import {
  type ContainerSummary,
  imageReferenceSchema,
  type imageSchema,
  pruneSchema,
  pullImageSchema,
  removeImageSchema,
} from '@homelab/db/docker';
import { z } from 'zod';
import { createRunnerRoutes, HttpError } from '../internal/errors';
import { parseInput, readBody } from '../internal/request-input';
import { openSse } from '../internal/sse';
import type { DockerDeps } from './deps';
import { engineFailure, engineMessage } from './engine-failure';
import { pruneImages } from './image-prune';
import { pullLines, toPullEvent } from './image-pull';
import { createUpdateChecker } from './image-updates';

type Image = z.infer<typeof imageSchema>;

/** What the list and inspect documents both have; `Created` is Unix seconds in one, ISO text in the other. */
type ImageFacts = {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Size?: number;
  Created: number | string;
};

export type ImageRouteDeps = DockerDeps & {
  /** The fetch used for registries (defaults to the global one). */
  registryFetch?: typeof fetch;
  /** Registry host → API base URL (defaults to https://<host>, Docker Hub's at registry-1.docker.io). */
  resolveRegistry?: (registry: string) => string;
};

const imageIdPattern = /^(sha256:[a-f0-9]{64}|[a-f0-9]{12,64})$/;
const imageRefParam = z
  .string()
  .refine(
    (value) => imageIdPattern.test(value) || imageReferenceSchema.safeParse(value).success,
    'must be an image id (sha256:…) or a reference such as "nginx:1.27" (URL-encoded)',
  );

const bareId = (id: string) => id.replace(/^sha256:/, '');

export function createImageRoutes(deps: ImageRouteDeps) {
  const { engine, inventory, log } = deps;
  const app = createRunnerRoutes();
  const updates = createUpdateChecker({
    log,
    fetch: deps.registryFetch,
    resolveRegistry: deps.resolveRegistry,
  });

  function usersByImage(): Map<string, Image['containers']> {
    const users = new Map<string, Image['containers']>();
    for (const container of inventory.list()) {
      const id = bareId(container.imageId);
      users.set(id, [...(users.get(id) ?? []), { id: container.id, name: container.name }]);
    }
    return users;
  }

  function toImage(facts: ImageFacts, users: Map<string, Image['containers']>): Image {
    const tags = (facts.RepoTags ?? []).filter((tag) => tag && !tag.startsWith('<none>'));
    const digests = (facts.RepoDigests ?? []).filter((digest) => digest && !digest.startsWith('<none>'));
    const created =
      typeof facts.Created === 'number' ? new Date(facts.Created * 1000) : new Date(facts.Created);
    return {
      id: facts.Id,
      tags,
      digests,
      sizeBytes: facts.Size ?? 0,
      createdAt: Number.isNaN(created.getTime()) ? new Date(0).toISOString() : created.toISOString(),
      containers: users.get(bareId(facts.Id)) ?? [],
      ...updates.statusOf({ tags, digests }),
    };
  }

  async function inspectImage(ref: string) {
    try {
      return await engine.require().getImage(ref).inspect();
    } catch (error) {
      throw engineFailure(error, `No image "${ref}" on this engine.`);
    }
  }

  async function listImages() {
    try {
      return await engine.require().listImages();
    } catch (error) {
      throw engineFailure(error, 'The engine has no image list.');
    }
  }

  app.get('/images', async (c) => {
    const images = await listImages();
    const names = images.map((image) => ({ tags: image.RepoTags ?? [], digests: image.RepoDigests ?? [] }));
    updates.schedule(names);
    const users = usersByImage();
    const result = images.map((image) => toImage(image, users));
    result.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
    return c.json(result);
  });

  app.post('/images/check-updates', async (c) => {
    const images = await listImages();
    const queued = updates.schedule(
      images.map((image) => ({ tags: image.RepoTags ?? [], digests: image.RepoDigests ?? [] })),
      true,
    );
    return c.json({ queued }, 202);
  });

  app.post('/images/prune', async (c) => {
    const body = await readBody(c, pruneSchema);
    const docker = engine.require();
    const state = engine.state();
    const flavour = state.status === 'connected' && state.engine === 'podman' ? 'podman' : 'docker';
    try {
      const result = await pruneImages(docker, { all: body.all, engine: flavour });
      log.info('pruned images', { all: body.all, removed: result.removed.length });
      return c.json(result);
    } catch (error) {
      throw engineFailure(error, 'The engine could not prune images.');
    }
  });

  app.post('/images/pull', async (c) => {
    const { reference } = await readBody(c, pullImageSchema);
    const docker = engine.require();
    // Extracting a big layer can be silent for minutes; the heartbeat keeps proxies from cutting the stream.
    return openSse(
      c,
      async ({ send }, signal) => {
        let failure: string | null = null;
        try {
          const pull = (await docker.pull(reference)) as NodeJS.ReadableStream & { destroy(): void };
          // Closing the connection is how the engine is told to stop pulling.
          signal.addEventListener('abort', () => pull.destroy(), { once: true });
          if (signal.aborted) pull.destroy();
          for await (const line of pullLines(pull as AsyncIterable<Buffer>)) {
            const event = toPullEvent(line);
            if (event?.type === 'error') failure = event.message;
            else if (event) await send('progress', event.progress);
          }
        } catch (error) {
          failure = engineMessage(error);
        }
        if (signal.aborted) return;
        if (failure) {
          log.info('image pull failed', { reference, error: failure });
          await send('error', { message: failure });
          return;
        }
        try {
          const info = await docker.getImage(reference).inspect();
          updates.schedule([{ tags: info.RepoTags ?? [], digests: info.RepoDigests ?? [] }], true);
          await send('done', { image: toImage(info, usersByImage()) });
        } catch {
          await send('done', { image: null });
        }
      },
      { heartbeatMs: 15_000, first: null, log },
    );
  });

  app.get('/images/:id', async (c) => {
    const ref = parseInput(imageRefParam, c.req.param('id'), 'image');
    const info = await inspectImage(ref);
    return c.json({
      image: toImage(info, usersByImage()),
      inspect: info as unknown as Record<string, unknown>,
    });
  });

  app.delete('/images/:id', async (c) => {
    const ref = parseInput(imageRefParam, c.req.param('id'), 'image');
    const body = await readBody(c, removeImageSchema);
    const info = await inspectImage(ref);
    const tags = (info.RepoTags ?? []).filter((tag) => !tag.startsWith('<none>'));
    const byId = imageIdPattern.test(ref) && bareId(info.Id).startsWith(bareId(ref));
    // Removing one of several names only untags: the image, and the containers on it, stay.
    const untagOnly = !byId && tags.length > 1;
    const users = usersByImage().get(bareId(info.Id)) ?? [];
    if (!untagOnly && users.length && !body.force)
      throw new HttpError(
        409,
        'in_use',
        `Image ${tags[0] ?? info.Id} is used by ${describeUsers(users)}; remove those containers first, or remove it with force.`,
      );
    try {
      // Podman's force also removes the containers using the image; Docker's only untags what it can.
      await engine.require().getImage(ref).remove({ force: body.force });
    } catch (error) {
      throw engineFailure(error, `No image "${ref}" on this engine.`);
    }
    log.info('removed image', { image: ref, force: body.force });
    return c.body(null, 204);
  });

  return app;
}

function describeUsers(users: readonly Pick<ContainerSummary, 'name'>[]): string {
  const names = users.map((user) => user.name);
  return `container${names.length === 1 ? '' : 's'} ${names.join(', ')}`;
}
