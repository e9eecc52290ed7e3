/**
 * `/api/docker/stacks|images|volumes|networks…`: compose stacks (adopted from their labels, whoever
 * created them), images with pull progress and update indicators, volumes and networks. The docker
 * runner does the work; destructive calls need `confirm: true` and every change is audited.
 */
import {
  createNetworkSchema,
  createVolumeSchema,
  engineNameSchema,
  engineRefSchema,
  imageSchema,
  networkSchema,
  pruneResultSchema,
  pruneSchema,
  pullImageSchema,
  removeImageSchema,
  removeSchema,
  stackComposeSchema,
  stackRedeploySchema,
  stackSchema,
  volumeSchema,
} from '@homelab/db/docker';
import { createRoute, z } from '@hono/zod-openapi';
import { operator } from '../auth/middleware';
import { auditAs } from '../lib/context';
import {
  createRouter,
  errors,
  jsonBody,
  jsonResponse,
  readErrors,
  sseResponse,
  writeErrors,
} from '../lib/router';
import { enc, relay, relayJson, relayStream } from '../lib/runners';

const tags = ['docker'];
const stack = stackSchema.meta({ id: 'Stack' });
const image = imageSchema.meta({ id: 'Image' });
const nameParam = z.object({
  name: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[\w.-]+$/, 'must be a stack name'),
});
const idParam = z.object({ id: engineRefSchema });
const volumeParam = z.object({ name: engineNameSchema });
const inspected = <T extends z.ZodType>(key: string, schema: T) =>
  z.object({ [key]: schema, inspect: z.record(z.string(), z.unknown()) });

type Out<T extends z.ZodType> = z.infer<T>;

// ---- stacks
const listStacks = createRoute({
  method: 'get',
  path: '/stacks',
  tags,
  summary: 'Compose stacks, grouped from the containers’ compose labels',
  middleware: [operator] as const,
  responses: { 200: jsonResponse(z.array(stack), 'Stacks'), ...errors(...readErrors) },
});
const getStack = createRoute({
  method: 'get',
  path: '/stacks/{name}',
  tags,
  summary: 'One stack',
  middleware: [operator] as const,
  request: { params: nameParam },
  responses: { 200: jsonResponse(stack, 'Stack'), ...errors(400, 404, ...readErrors) },
});
const stackAction = createRoute({
  method: 'post',
  path: '/stacks/{name}/{action}',
  tags,
  summary: 'Start, stop or restart every container of a stack',
  middleware: [operator] as const,
  request: { params: nameParam.extend({ action: z.enum(['start', 'stop', 'restart']) }) },
  responses: { 200: jsonResponse(stack, 'The stack after the action'), ...errors(...writeErrors) },
});
const stackCompose = createRoute({
  method: 'get',
  path: '/stacks/{name}/compose',
  tags,
  summary: 'The compose files the stack’s labels point to, when they are on this host',
  middleware: [operator] as const,
  request: { params: nameParam },
  responses: { 200: jsonResponse(stackComposeSchema, 'Compose files'), ...errors(400, 404, ...readErrors) },
});
const stackRedeploy = createRoute({
  method: 'post',
  path: '/stacks/{name}/redeploy',
  tags,
  summary: 'Redeploy the stack with `docker compose up -d` (409 when no compose CLI is installed)',
  middleware: [operator] as const,
  request: { params: nameParam },
  responses: { 200: jsonResponse(stackRedeploySchema, 'Compose output'), ...errors(...writeErrors) },
});

// ---- images
const listImages = createRoute({
  method: 'get',
  path: '/images',
  tags,
  summary: 'Images with size, the containers using them and whether an update is available',
  middleware: [operator] as const,
  responses: { 200: jsonResponse(z.array(image), 'Images'), ...errors(...readErrors) },
});
const getImage = createRoute({
  method: 'get',
  path: '/images/{id}',
  tags,
  summary: 'One image and its inspect document',
  middleware: [operator] as const,
  request: { params: idParam },
  responses: { 200: jsonResponse(inspected('image', image), 'Image'), ...errors(400, 404, ...readErrors) },
});
const pullImage = createRoute({
  method: 'post',
  path: '/images/pull',
  tags,
  summary: 'Pull an image; progress as Server-Sent Events (`progress`, then `done` or `error`)',
  middleware: [operator] as const,
  request: { body: jsonBody(pullImageSchema) },
  responses: {
    200: sseResponse('text/event-stream'),
    ...errors(...writeErrors),
  },
});
const removeImage = createRoute({
  method: 'delete',
  path: '/images/{id}',
  tags,
  summary: 'Remove an image (`confirm: true`; 409 while a container uses it unless `force`)',
  middleware: [operator] as const,
  request: { params: idParam, body: jsonBody(removeImageSchema) },
  responses: { 204: { description: 'Removed' }, ...errors(...writeErrors) },
});
const pruneImages = createRoute({
  method: 'post',
  path: '/images/prune',
  tags,
  summary: 'Remove dangling images (`all: true`: every unused image)',
  middleware: [operator] as const,
  request: { body: jsonBody(pruneSchema) },
  responses: { 200: jsonResponse(pruneResultSchema, 'Pruned'), ...errors(...writeErrors) },
});
const checkUpdates = createRoute({
  method: 'post',
  path: '/images/check-updates',
  tags,
  summary: 'Compare every tagged image’s digest with its registry now',
  middleware: [operator] as const,
  responses: { 202: jsonResponse(z.object({ queued: z.number() }), 'Queued'), ...errors(...writeErrors) },
});

// ---- volumes
const volumeOut = volumeSchema.meta({ id: 'Volume' });
const listVolumes = createRoute({
  method: 'get',
  path: '/volumes',
  tags,
  summary: 'Volumes and the containers using them',
  middleware: [operator] as const,
  responses: { 200: jsonResponse(z.array(volumeOut), 'Volumes'), ...errors(...readErrors) },
});
const getVolume = createRoute({
  method: 'get',
  path: '/volumes/{name}',
  tags,
  summary: 'One volume and its inspect document',
  middleware: [operator] as const,
  request: { params: volumeParam },
  responses: {
    200: jsonResponse(inspected('volume', volumeOut), 'Volume'),
    ...errors(400, 404, ...readErrors),
  },
});
const createVolume = createRoute({
  method: 'post',
  path: '/volumes',
  tags,
  summary: 'Create a volume',
  middleware: [operator] as const,
  request: { body: jsonBody(createVolumeSchema) },
  responses: { 201: jsonResponse(volumeOut, 'Created'), ...errors(...writeErrors) },
});
const removeVolume = createRoute({
  method: 'delete',
  path: '/volumes/{name}',
  tags,
  summary: 'Remove a volume and its data (`confirm: true`; 409 while a container uses it)',
  middleware: [operator] as const,
  request: { params: volumeParam, body: jsonBody(removeSchema) },
  responses: { 204: { description: 'Removed' }, ...errors(...writeErrors) },
});
const pruneVolumes = createRoute({
  method: 'post',
  path: '/volumes/prune',
  tags,
  summary: 'Remove every volume no container uses',
  middleware: [operator] as const,
  request: { body: jsonBody(removeSchema) },
  responses: { 200: jsonResponse(pruneResultSchema, 'Pruned'), ...errors(...writeErrors) },
});

// ---- networks
const network = networkSchema.meta({ id: 'Network' });
const listNetworks = createRoute({
  method: 'get',
  path: '/networks',
  tags,
  summary: 'Networks and the containers attached to them',
  middleware: [operator] as const,
  responses: { 200: jsonResponse(z.array(network), 'Networks'), ...errors(...readErrors) },
});
const getNetwork = createRoute({
  method: 'get',
  path: '/networks/{id}',
  tags,
  summary: 'One network and its inspect document',
  middleware: [operator] as const,
  request: { params: idParam },
  responses: {
    200: jsonResponse(inspected('network', network), 'Network'),
    ...errors(400, 404, ...readErrors),
  },
});
const createNetwork = createRoute({
  method: 'post',
  path: '/networks',
  tags,
  summary: 'Create a network',
  middleware: [operator] as const,
  request: { body: jsonBody(createNetworkSchema) },
  responses: { 201: jsonResponse(network, 'Created'), ...errors(...writeErrors) },
});
const removeNetwork = createRoute({
  method: 'delete',
  path: '/networks/{id}',
  tags,
  summary: 'Remove a network (`confirm: true`; 409 while containers are attached)',
  middleware: [operator] as const,
  request: { params: idParam, body: jsonBody(removeSchema) },
  responses: { 204: { description: 'Removed' }, ...errors(...writeErrors) },
});
const pruneNetworks = createRoute({
  method: 'post',
  path: '/networks/prune',
  tags,
  summary: 'Remove every network no container uses',
  middleware: [operator] as const,
  request: { body: jsonBody(removeSchema) },
  responses: { 200: jsonResponse(pruneResultSchema, 'Pruned'), ...errors(...writeErrors) },
});

const long = { timeoutMs: 60_000 };

export const resourceRoutes = createRouter()
  .openapi(listStacks, async (c) =>
    c.json(await relayJson<Out<typeof stack>[]>(c, 'docker', { path: '/stacks' }), 200),
  )
  .openapi(getStack, async (c) => {
    const { name } = c.req.valid('param');
    return c.json(await relayJson<Out<typeof stack>>(c, 'docker', { path: `/stacks/${enc(name)}` }), 200);
  })
  .openapi(stackCompose, async (c) => {
    const { name } = c.req.valid('param');
    const path = `/stacks/${enc(name)}/compose`;
    return c.json(await relayJson<Out<typeof stackComposeSchema>>(c, 'docker', { path }), 200);
  })
  .openapi(stackRedeploy, async (c) => {
    const { name } = c.req.valid('param');
    auditAs(c, 'docker.stack.redeploy', name);
    const path = `/stacks/${enc(name)}/redeploy`;
    // Compose may pull and recreate several containers; the runner bounds it at five minutes.
    const result = await relayJson<Out<typeof stackRedeploySchema>>(c, 'docker', {
      method: 'POST',
      path,
      timeoutMs: 310_000,
    });
    return c.json(result, 200);
  })
  .openapi(stackAction, async (c) => {
    const { name, action } = c.req.valid('param');
    auditAs(c, `docker.stack.${action}`, name);
    const path = `/stacks/${enc(name)}/${action}`;
    return c.json(await relayJson<Out<typeof stack>>(c, 'docker', { method: 'POST', path, ...long }), 200);
  })
  .openapi(listImages, async (c) =>
    c.json(await relayJson<Out<typeof image>[]>(c, 'docker', { path: '/images' }), 200),
  )
  .openapi(pullImage, async (c) => {
    const body = c.req.valid('json');
    auditAs(c, 'docker.image.pull', body.reference);
    return relayStream(c, 'docker', { method: 'POST', path: '/images/pull', body });
  })
  .openapi(pruneImages, async (c) => {
    const body = c.req.valid('json');
    auditAs(c, 'docker.image.prune', undefined, { all: body.all });
    const result = await relayJson<Out<typeof pruneResultSchema>>(c, 'docker', {
      method: 'POST',
      path: '/images/prune',
      body,
      ...long,
    });
    return c.json(result, 200);
  })
  .openapi(checkUpdates, async (c) => {
    auditAs(c, 'docker.image.check-updates');
    const result = await relayJson<{ queued: number }>(c, 'docker', {
      method: 'POST',
      path: '/images/check-updates',
    });
    return c.json(result, 202);
  })
  .openapi(getImage, async (c) => {
    const { id } = c.req.valid('param');
    const result = await relayJson<{ image: Out<typeof image>; inspect: Record<string, unknown> }>(
      c,
      'docker',
      {
        path: `/images/${enc(id)}`,
      },
    );
    return c.json(result, 200);
  })
  .openapi(removeImage, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    auditAs(c, 'docker.image.remove', id, { force: body.force });
    await relay(c, 'docker', { method: 'DELETE', path: `/images/${enc(id)}`, body, ...long });
    return c.body(null, 204);
  })
  .openapi(listVolumes, async (c) =>
    c.json(await relayJson<Out<typeof volumeOut>[]>(c, 'docker', { path: '/volumes' }), 200),
  )
  .openapi(createVolume, async (c) => {
    const body = c.req.valid('json');
    auditAs(c, 'docker.volume.create', body.name);
    const result = await relayJson<Out<typeof volumeOut>>(c, 'docker', {
      method: 'POST',
      path: '/volumes',
      body,
    });
    return c.json(result, 201);
  })
  .openapi(pruneVolumes, async (c) => {
    const body = c.req.valid('json');
    auditAs(c, 'docker.volume.prune');
    const result = await relayJson<Out<typeof pruneResultSchema>>(c, 'docker', {
      method: 'POST',
      path: '/volumes/prune',
      body,
      ...long,
    });
    return c.json(result, 200);
  })
  .openapi(getVolume, async (c) => {
    const { name } = c.req.valid('param');
    const result = await relayJson<{ volume: Out<typeof volumeOut>; inspect: Record<string, unknown> }>(
      c,
      'docker',
      { path: `/volumes/${enc(name)}` },
    );
    return c.json(result, 200);
  })
  .openapi(removeVolume, async (c) => {
    const { name } = c.req.valid('param');
    const body = c.req.valid('json');
    auditAs(c, 'docker.volume.remove', name);
    await relay(c, 'docker', { method: 'DELETE', path: `/volumes/${enc(name)}`, body, ...long });
    return c.body(null, 204);
  })
  .openapi(listNetworks, async (c) =>
    c.json(await relayJson<Out<typeof network>[]>(c, 'docker', { path: '/networks' }), 200),
  )
  .openapi(createNetwork, async (c) => {
    const body = c.req.valid('json');
    auditAs(c, 'docker.network.create', body.name);
    const result = await relayJson<Out<typeof network>>(c, 'docker', {
      method: 'POST',
      path: '/networks',
      body,
    });
    return c.json(result, 201);
  })
  .openapi(pruneNetworks, async (c) => {
    const body = c.req.valid('json');
    auditAs(c, 'docker.network.prune');
    const result = await relayJson<Out<typeof pruneResultSchema>>(c, 'docker', {
      method: 'POST',
      path: '/networks/prune',
      body,
      ...long,
    });
    return c.json(result, 200);
  })
  .openapi(getNetwork, async (c) => {
    const { id } = c.req.valid('param');
    const result = await relayJson<{ network: Out<typeof network>; inspect: Record<string, unknown> }>(
      c,
      'docker',
      { path: `/networks/${enc(id)}` },
    );
    return c.json(result, 200);
  })
  .openapi(removeNetwork, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    auditAs(c, 'docker.network.remove', id);
    await relay(c, 'docker', { method: 'DELETE', path: `/networks/${enc(id)}`, body, ...long });
    return c.body(null, 204);
  });
