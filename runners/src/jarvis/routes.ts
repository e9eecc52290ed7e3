/**
 * The jarvis runner's internal routes, mounted at /jarvis: whether a model is configured, a
 * conversation's live feed (SSE, event names = ConversationEvent kinds) that functions relays, and
 * the deployment analyzer (deploying is only ever the approved `deploy_project` tool).
 */
import { z } from 'zod';
import { createRunnerRoutes, HttpError } from '../internal/errors';
import { readBody } from '../internal/request-input';
import { streamFeed } from '../internal/sse';
import { analyzeProject } from './analyzer';
import type { ConversationEvent, JarvisAgent, ToolCallView } from './contracts';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const analyzeSchema = z.object({
  path: z.string().trim().min(1).max(500),
  host: z.string().trim().min(1).max(253).optional(),
});

export function createJarvisRoutes(deps: {
  agent: JarvisAgent;
  model: string;
  heartbeatMs?: number;
  /** JARVIS_PROJECTS_DIR: the analyzer reads folders under it only. */
  projectsRoot?: string | null;
  /** Opens an analyzer conversation holding a proposed deploy_project call (approval comes as for any call). */
  proposeDeploy?: (path: string) => Promise<{ conversationId: string; call: ToolCallView }>;
}) {
  const app = createRunnerRoutes();

  app.get('/status', (c) => c.json({ model: deps.model, configured: deps.agent.hasModel() }));

  app.get('/conversations/:id/stream', (c) => {
    const id = c.req.param('id');
    if (!uuid.test(id)) throw new HttpError(404, 'not_found', `There is no conversation ${id}.`);
    const feed = {
      subscribe: (listener: (event: ConversationEvent) => void) =>
        deps.agent.subscribe(id.toLowerCase(), listener),
    };
    return streamFeed(c, feed, ({ kind, ...data }) => ({ event: kind, data }), {
      heartbeatMs: deps.heartbeatMs ?? 15_000,
      first: 'jarvis conversation',
    });
  });

  app.post('/analyze', async (c) => {
    const body = await readBody(c, analyzeSchema);
    if (!deps.projectsRoot)
      throw new HttpError(503, 'not_configured', 'No projects folder is configured (JARVIS_PROJECTS_DIR).');
    return c.json(await analyzeProject(body.path, { allowedRoot: deps.projectsRoot, host: body.host }));
  });

  app.post('/analyze/deploy', async (c) => {
    const body = await readBody(c, analyzeSchema);
    if (!deps.projectsRoot || !deps.proposeDeploy)
      throw new HttpError(503, 'not_configured', 'No projects folder is configured (JARVIS_PROJECTS_DIR).');
    // The analysis first: a folder it refuses (outside the root) or cannot build is never proposed.
    const analysis = await analyzeProject(body.path, { allowedRoot: deps.projectsRoot, host: body.host });
    if (analysis.stack.kind === 'unknown' || analysis.stack.kind === 'compose')
      throw new HttpError(
        409,
        'not_deployable',
        analysis.stack.kind === 'compose'
          ? `${analysis.name} is a compose project: start it with its compose file.`
          : `${analysis.name}: no stack detected, so there is nothing to build.`,
      );
    return c.json(await deps.proposeDeploy(body.path), 201);
  });

  return app;
}
