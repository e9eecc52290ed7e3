/**
 * `/api/jarvis/analyze`: the deployment analyzer, run by the jarvis runner on a project folder (or
 * a git checkout) on the server. Analysing reads files; deploying is a destructive tool call, so it is
 * proposed and waits for approval like any other.
 */
import {
  type DeployProposal,
  deployProposalSchema,
  type ProjectAnalysis,
  projectAnalysisSchema,
} from '@homelab/db/jarvis/analysis';
import { createRoute, z } from '@hono/zod-openapi';
import { operator } from '../auth/middleware';
import { auditAs } from '../lib/context';
import { createRouter, errors, jsonBody, jsonResponse, writeErrors } from '../lib/router';
import { relayJson } from '../lib/runners';

const tags = ['jarvis'];

const projectInput = z
  .object({
    path: z
      .string()
      .trim()
      .min(1, 'name a project folder on the server')
      .max(500)
      .refine((p) => p.startsWith('/'), {
        error:
          'an absolute folder path on the server (under JARVIS_PROJECTS_DIR); a git repository is its checkout folder',
      }),
    /** The site name for the proposed Caddy route; `<project>.example.com` when not given. */
    host: z.string().trim().min(1).max(253).optional(),
  })
  .openapi('JarvisProjectInput');

const analysis = projectAnalysisSchema.meta({ id: 'JarvisProjectAnalysis' });
const proposal = deployProposalSchema.meta({ id: 'JarvisDeployProposal' });

const analyze = createRoute({
  method: 'post',
  path: '/analyze',
  tags,
  summary:
    'Detect a project’s stack and propose a compose service, a Caddy route, missing variables and risks',
  middleware: [operator] as const,
  request: { body: jsonBody(projectInput) },
  responses: {
    200: jsonResponse(analysis, 'The detected stack and what Jarvis proposes'),
    ...errors(...writeErrors),
  },
});
const deploy = createRoute({
  method: 'post',
  path: '/analyze/deploy',
  tags,
  summary: 'Propose deploying an analysed project (runs after approval)',
  middleware: [operator] as const,
  request: { body: jsonBody(projectInput) },
  responses: {
    201: jsonResponse(proposal, 'The conversation holding the proposed deploy_project call'),
    ...errors(...writeErrors),
  },
});

// Reading a repository (a clone) can take a while; the answer still comes back in one response.
const analyzeTimeoutMs = 60_000;

export const analyzerRoutes = createRouter()
  .openapi(analyze, async (c) => {
    const body = c.req.valid('json');
    auditAs(c, 'jarvis.analyze', body.path);
    const result = await relayJson<ProjectAnalysis>(c, 'jarvis', {
      method: 'POST',
      path: '/analyze',
      body,
      timeoutMs: analyzeTimeoutMs,
    });
    return c.json(result, 200);
  })
  .openapi(deploy, async (c) => {
    const body = c.req.valid('json');
    auditAs(c, 'jarvis.analyze.deploy', body.path);
    const result = await relayJson<DeployProposal>(c, 'jarvis', {
      method: 'POST',
      path: '/analyze/deploy',
      body,
      timeoutMs: analyzeTimeoutMs,
    });
    return c.json(result, 201);
  });
