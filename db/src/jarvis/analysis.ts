/**
 * The deployment analyzer's answers, in one shape for the runner that builds them, the API that
 * relays them and the page that shows them: what a project folder holds and what Jarvis proposes
 * for it, and the proposed deploy_project call that waits for a person's approval.
 */
import { z } from 'zod';
import { toolCallViewSchema } from './views';

const port = z.number().int().min(1).max(65_535);

export const stackSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('node'),
    nodeVersion: z.string(),
    packageManager: z.enum(['npm', 'yarn', 'pnpm']),
    lockfile: z.string().nullable(),
    hasBuild: z.boolean(),
    /** The command the container runs, exec form. */
    command: z.array(z.string()),
    port,
  }),
  z.object({
    kind: z.literal('python'),
    pythonVersion: z.string(),
    /** requirements.txt, or the project itself (pyproject.toml). */
    install: z.enum(['requirements', 'pyproject']),
    command: z.array(z.string()),
    port,
  }),
  z.object({ kind: z.literal('go'), goVersion: z.string(), port }),
  z.object({
    kind: z.literal('dockerfile'),
    dockerfile: z.string(),
    port: port.nullable(),
    hasHealthcheck: z.boolean(),
  }),
  z.object({ kind: z.literal('compose'), composeFile: z.string(), port: port.nullable() }),
  z.object({ kind: z.literal('unknown'), port: z.null() }),
]);

export type Stack = z.infer<typeof stackSchema>;
export type NodeStack = Extract<Stack, { kind: 'node' }>;
export type PythonStack = Extract<Stack, { kind: 'python' }>;
export type GoStack = Extract<Stack, { kind: 'go' }>;
export type DockerfileStack = Extract<Stack, { kind: 'dockerfile' }>;
export type ComposeStack = Extract<Stack, { kind: 'compose' }>;
export type UnknownStack = Extract<Stack, { kind: 'unknown' }>;

export const projectRiskCodes = [
  'runs_as_root',
  'secrets_committed',
  'no_lockfile',
  'latest_tag',
  'exposed_port',
  'docker_socket',
  'privileged',
  'unknown_stack',
] as const;

export const projectRiskSchema = z.object({
  code: z.enum(projectRiskCodes),
  severity: z.enum(['high', 'medium', 'low']),
  message: z.string(),
  /** The project file it is about, relative to the project folder. */
  file: z.string().optional(),
});
export type ProjectRisk = z.infer<typeof projectRiskSchema>;

export const envVariableSchema = z.object({
  name: z.string(),
  /** Where the project reads or declares it (relative paths, the first few). */
  readIn: z.array(z.string()),
  /** Set by the project's .env, its compose or Dockerfile, or the proposal itself. */
  set: z.boolean(),
});
export type EnvVariable = z.infer<typeof envVariableSchema>;

export const projectAnalysisSchema = z.object({
  name: z.string(),
  /** The project's real folder on the server. */
  path: z.string(),
  stack: stackSchema,
  /** The project's own files, used as they are. */
  existing: z.object({ dockerfile: z.string().nullable(), compose: z.string().nullable() }),
  proposal: z.object({
    dockerfile: z.string().nullable(),
    composeService: z.string().nullable(),
    caddyRoute: z.string(),
  }),
  env: z.array(envVariableSchema),
  /** Names read by the code that nothing sets: the owner must give them values. */
  missingEnv: z.array(z.string()),
  risks: z.array(projectRiskSchema),
});
export type ProjectAnalysis = z.infer<typeof projectAnalysisSchema>;

/** What "propose deployment" answers: the analyzer conversation holding the proposed call. */
export const deployProposalSchema = z.object({
  conversationId: z.uuid(),
  call: toolCallViewSchema,
});
export type DeployProposal = z.infer<typeof deployProposalSchema>;
