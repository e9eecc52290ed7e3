/**
 * `/api/deploy`: deploys from git. The deploy runner does the work in the checkout on the host;
 * these routes let members read the status and the history (with each deploy's log) and owners
 * start a deploy now, audited. Also what GitHub or Gitea need to call the push webhook.
 */
import {
  deploymentListSchema,
  deploymentSchema,
  deploymentsQuerySchema,
  deployStatusSchema,
  deployTriggeredSchema,
} from '@homelab/db/deploy';
import { createRoute, z } from '@hono/zod-openapi';
import { operator, reader } from '../auth/middleware';
import { auditAs } from '../lib/context';
import { createRouter, errors, jsonResponse, readErrors, writeErrors } from '../lib/router';
import { query, relayJson } from '../lib/runners';

type Out<T extends z.ZodType> = z.output<T>;

const tags = ['deploy'];
const idParam = z.object({ id: z.uuid({ error: 'must be a deployment id' }) });

const webhookSchema = z.object({
  url: z.string(),
  /** Whether DEPLOY_WEBHOOK_SECRET is set on functions. */
  configured: z.boolean(),
  branch: z.string(),
  githubHeader: z.string(),
  giteaHeader: z.string(),
});

const statusRoute = createRoute({
  method: 'get',
  path: '/status',
  tags,
  summary: 'Whether deploys from git are set up, the branch, the running commit and the last deploy',
  middleware: [reader] as const,
  responses: {
    200: jsonResponse(
      deployStatusSchema.extend({ webhook: webhookSchema }).meta({ id: 'DeployStatus' }),
      'Status',
    ),
    ...errors(...readErrors),
  },
});
const listRoute = createRoute({
  method: 'get',
  path: '/deployments',
  tags,
  summary: 'Deploy history, newest first',
  middleware: [reader] as const,
  request: { query: deploymentsQuerySchema },
  responses: { 200: jsonResponse(deploymentListSchema, 'Deployments'), ...errors(400, ...readErrors) },
});
const detailRoute = createRoute({
  method: 'get',
  path: '/deployments/{id}',
  tags,
  summary: 'One deploy with its log (current while it runs)',
  middleware: [reader] as const,
  request: { params: idParam },
  responses: {
    200: jsonResponse(deploymentSchema.meta({ id: 'Deployment' }), 'The deploy'),
    ...errors(404, ...readErrors),
  },
});
const deployNow = createRoute({
  method: 'post',
  path: '/deployments',
  tags,
  summary: 'Deploy the branch now; while a deploy runs, this one is queued to run next',
  middleware: [operator] as const,
  responses: { 202: jsonResponse(deployTriggeredSchema, 'Started or queued'), ...errors(...writeErrors) },
});

export const deployRoutes = createRouter()
  .openapi(statusRoute, async (c) => {
    const status = await relayJson<Out<typeof deployStatusSchema>>(c, 'deploy', { path: '/status' });
    const config = c.get('config');
    const origin = (config.PUBLIC_ORIGIN ?? new URL(c.req.url).origin).replace(/\/$/, '');
    return c.json(
      {
        ...status,
        webhook: {
          url: `${origin}/webhooks/deploy`,
          configured: Boolean(config.DEPLOY_WEBHOOK_SECRET),
          branch: config.DEPLOY_BRANCH,
          githubHeader: 'X-Hub-Signature-256',
          giteaHeader: 'X-Gitea-Signature',
        },
      },
      200,
    );
  })
  .openapi(listRoute, async (c) => {
    const path = `/deployments${query(c.req.valid('query'))}`;
    return c.json(await relayJson<Out<typeof deploymentListSchema>>(c, 'deploy', { path }), 200);
  })
  .openapi(detailRoute, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(
      await relayJson<Out<typeof deploymentSchema>>(c, 'deploy', { path: `/deployments/${id}` }),
      200,
    );
  })
  .openapi(deployNow, async (c) => {
    const user = c.get('auth')?.user;
    auditAs(c, 'deploy.start', undefined, { source: 'manual' });
    const started = await relayJson<Out<typeof deployTriggeredSchema>>(c, 'deploy', {
      method: 'POST',
      path: '/deployments',
      body: { source: 'manual', triggeredBy: user ? user.username : undefined },
      // The runner answers once it has fetched the branch, which can take a while on a slow link.
      timeoutMs: 60_000,
    });
    auditAs(c, 'deploy.start', started.deployment?.id, { source: 'manual', queued: started.queued });
    return c.json(started, 202);
  });
