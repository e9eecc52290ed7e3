/**
 * Deploys from git as the API speaks them: the status of the deploy runner (configured, branch,
 * current commit, polling) and the deploy history with each deploy's log. Shared by the deploy
 * runner, the functions that relay it and the web page.
 */
import { z } from 'zod';
import { deploymentSources, deploymentStatuses } from './schema/selfhosting';

export { deploymentSources, deploymentStatuses };
export type DeploymentStatus = (typeof deploymentStatuses)[number];
export type DeploymentSource = (typeof deploymentSources)[number];

/** A deploy still in one of these is running; the page polls its log while it is. */
export const activeDeploymentStatuses = ['pending', 'building', 'migrating', 'restarting'] as const;

export const deploymentSummarySchema = z.object({
  id: z.string(),
  source: z.enum(deploymentSources),
  branch: z.string(),
  fromCommit: z.string().nullable(),
  toCommit: z.string(),
  status: z.enum(deploymentStatuses),
  services: z.array(z.string()),
  error: z.string().nullable(),
  triggeredBy: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type DeploymentSummary = z.infer<typeof deploymentSummarySchema>;

export const deploymentSchema = deploymentSummarySchema.extend({
  /** The steps' output (git, build, migrate, restart, health), its last 64 KB. */
  log: z.string(),
});
export type Deployment = z.infer<typeof deploymentSchema>;

export const deploymentListSchema = z.object({ deployments: z.array(deploymentSummarySchema) });

export const deploymentsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export const deployStatusSchema = z.object({
  /** False until DEPLOY_REPO_DIR names the checkout on the host. */
  configured: z.boolean(),
  repoDir: z.string().nullable(),
  branch: z.string(),
  /** HEAD of the checkout, and its subject line. */
  currentCommit: z.string().nullable(),
  currentSubject: z.string().nullable(),
  /** Seconds between checks of the remote branch; 0 means polling is off. */
  pollSeconds: z.number().int(),
  running: deploymentSummarySchema.nullable(),
  /** A trigger arrived while a deploy ran; it runs next. */
  queued: z.boolean(),
  lastDeployment: deploymentSummarySchema.nullable(),
  /** Why the checkout could not be read, when it could not. */
  problem: z.string().nullable(),
});
export type DeployStatus = z.infer<typeof deployStatusSchema>;

export const deployTriggerInputSchema = z.object({
  source: z.enum(deploymentSources).default('manual'),
  /** Who asked: a user id, or the pusher and the commit a webhook named. */
  triggeredBy: z.string().max(200).optional(),
  /** Answer once the deploy's row exists (after the fetch); a webhook answers at once instead. */
  wait: z.boolean().default(true),
});

export const deployTriggeredSchema = z.object({
  /** True when a deploy was already running: this one runs right after it. */
  queued: z.boolean(),
  deployment: deploymentSummarySchema.nullable(),
});
export type DeployTriggered = z.infer<typeof deployTriggeredSchema>;
