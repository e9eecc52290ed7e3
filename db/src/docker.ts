/**
 * The shapes of container-engine data (containers, stats, logs, stacks, images, volumes, networks)
 * and of the requests that change it, shared by the docker runner that produces them, the API that
 * validates and serves them and the web app that shows them.
 */
import { z } from 'zod';

/** Docker's own rule for container, volume and network names; it also keeps shell metacharacters out. */
export const engineNameSchema = z
  .string()
  .regex(
    /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/,
    'must start with a letter or digit and use only letters, digits, "_", "." and "-" (at most 128)',
  );

/** A container, image, volume or network id or name, as used in a URL. */
export const engineRefSchema = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.:@-]{0,199}$/, 'must be an id or a name (letters, digits, "_.:@-")');

/** An image reference: [registry[:port]/]repository[:tag][@sha256:digest]. */
export const imageReferenceSchema = z
  .string()
  .max(255)
  .regex(
    /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/,
    'must be an image reference such as "nginx:1.27" or "ghcr.io/owner/app:tag"',
  );

export const containerStates = [
  'created',
  'running',
  'paused',
  'restarting',
  'removing',
  'exited',
  'dead',
] as const;
export const containerActions = ['start', 'stop', 'restart', 'kill', 'pause', 'unpause'] as const;
export type ContainerAction = (typeof containerActions)[number];

export const engineStatusSchema = z.object({
  status: z.enum(['connecting', 'connected', 'unreachable']),
  since: z.string(),
  version: z.string().optional(),
  apiVersion: z.string().optional(),
  engine: z.string().optional().describe('docker or podman'),
  error: z.string().optional(),
  retryInMs: z.number().optional(),
});
export type EngineStatus = z.infer<typeof engineStatusSchema>;

export const containerPortSchema = z.object({
  privatePort: z.number(),
  publicPort: z.number().nullable(),
  ip: z.string().nullable(),
  protocol: z.string(),
});

export const containerMountSchema = z.object({
  type: z.string(),
  name: z.string().nullable().describe('the volume name, for volume mounts'),
  source: z.string(),
  destination: z.string(),
  readOnly: z.boolean(),
});

export const containerSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  image: z.string(),
  imageId: z.string(),
  command: z.string(),
  state: z.enum(containerStates),
  /** Docker's human status line, e.g. "Up 5 minutes (healthy)". */
  status: z.string(),
  health: z.enum(['healthy', 'unhealthy', 'starting', 'none']),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  exitCode: z.number().nullable(),
  restartCount: z.number(),
  ports: z.array(containerPortSchema),
  /** Compose project and service, from the com.docker.compose.* labels, whoever created the container. */
  project: z.string().nullable(),
  service: z.string().nullable(),
  /** True when this app created it (label dev.homelab.managed=true), e.g. a one-click database. */
  managed: z.boolean(),
  networks: z.array(z.string()),
  mounts: z.array(containerMountSchema),
});
export type ContainerSummary = z.infer<typeof containerSummarySchema>;

export const containerListSchema = z.object({
  engine: engineStatusSchema,
  containers: z.array(containerSummarySchema),
});

export const containerDetailSchema = z.object({
  container: containerSummarySchema,
  /** The engine's full inspect document, as it gave it. */
  inspect: z.record(z.string(), z.unknown()),
});

export const containerStatsSchema = z.object({
  id: z.string(),
  name: z.string(),
  at: z.string(),
  cpuPercent: z.number().describe('of one core = 100'),
  memoryBytes: z.number(),
  memoryLimitBytes: z.number(),
  memoryPercent: z.number(),
  netRxBytes: z.number(),
  netTxBytes: z.number(),
  blockReadBytes: z.number(),
  blockWriteBytes: z.number(),
  pids: z.number(),
});
export type ContainerStats = z.infer<typeof containerStatsSchema>;

/** SSE `stats` event of the all-containers stream. */
export const statsBatchSchema = z.object({ at: z.string(), containers: z.array(containerStatsSchema) });

export const logLineSchema = z.object({
  stream: z.enum(['stdout', 'stderr']),
  at: z.string().nullable(),
  text: z.string(),
});
export type LogLine = z.infer<typeof logLineSchema>;

const booleanQuery = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

export const logsQuerySchema = z.object({
  tail: z.coerce.number().int().min(0).max(100_000).default(500),
  since: z.string().max(40).optional().describe('ISO time or Unix seconds'),
  timestamps: booleanQuery.default(true),
  follow: booleanQuery.default(true),
  search: z.string().max(200).optional().describe('only lines containing this text (case-insensitive)'),
});

/** SSE `event` of the engine event stream, after the runner has applied it to its inventory. */
export const dockerEventSchema = z.object({
  type: z.enum(['container', 'image', 'volume', 'network', 'engine']),
  action: z.string(),
  id: z.string(),
  name: z.string().nullable(),
  at: z.string(),
  /** For container events: the container as it is now, or null once removed. */
  container: containerSummarySchema.nullable().optional(),
  engine: engineStatusSchema.optional(),
});
export type DockerEvent = z.infer<typeof dockerEventSchema>;

export const confirmSchema = z.literal(true, { error: 'must be true to confirm this destructive action' });

export const removeContainerSchema = z.object({
  confirm: confirmSchema,
  volumes: z.boolean().default(false).describe('also remove anonymous volumes'),
  force: z.boolean().default(false).describe('kill it first if it is running'),
});
export const renameContainerSchema = z.object({ name: engineNameSchema });

export const stackSchema = z.object({
  name: z.string(),
  status: z.enum(['running', 'partial', 'stopped']),
  workingDir: z.string().nullable(),
  configFiles: z.array(z.string()),
  containers: z.array(containerSummarySchema),
});
export const stackComposeSchema = z.object({
  files: z.array(
    z.object({ path: z.string(), content: z.string().nullable(), error: z.string().optional() }),
  ),
});
export const stackRedeploySchema = z.object({ exitCode: z.number(), output: z.string() });

export const usedBySchema = z.array(z.object({ id: z.string(), name: z.string() }));

export const imageSchema = z.object({
  id: z.string(),
  tags: z.array(z.string()),
  digests: z.array(z.string()),
  sizeBytes: z.number(),
  createdAt: z.string(),
  containers: usedBySchema,
  /** Local digest against the registry's: unknown when the registry cannot be reached; local when built here. */
  update: z.enum(['available', 'current', 'unknown', 'local']),
  checkedAt: z.string().nullable(),
});
export const pullImageSchema = z.object({ reference: imageReferenceSchema });
/** SSE `progress` event while pulling. */
export const pullProgressSchema = z.object({
  id: z.string().nullable(),
  status: z.string(),
  current: z.number().nullable(),
  total: z.number().nullable(),
});
export const removeImageSchema = z.object({ confirm: confirmSchema, force: z.boolean().default(false) });
export const pruneSchema = z.object({
  confirm: confirmSchema,
  all: z.boolean().default(false).describe('images: also unused tagged images, not only dangling ones'),
});
export const pruneResultSchema = z.object({ removed: z.array(z.string()), reclaimedBytes: z.number() });

export const volumeSchema = z.object({
  name: z.string(),
  driver: z.string(),
  mountpoint: z.string(),
  createdAt: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  scope: z.string(),
  usedBy: usedBySchema,
});
export const createVolumeSchema = z.object({
  name: engineNameSchema,
  driver: z
    .string()
    .regex(/^[a-z0-9_.-]{1,64}$/)
    .default('local'),
  labels: z.record(z.string().max(128), z.string().max(512)).default({}),
});

export const networkSchema = z.object({
  id: z.string(),
  name: z.string(),
  driver: z.string(),
  scope: z.string(),
  internal: z.boolean(),
  subnets: z.array(z.string()),
  createdAt: z.string().nullable(),
  usedBy: usedBySchema,
});
export const createNetworkSchema = z.object({
  name: engineNameSchema,
  driver: z.enum(['bridge', 'macvlan', 'ipvlan']).default('bridge'),
  internal: z.boolean().default(false),
  subnet: z
    .string()
    .regex(/^[0-9a-fA-F.:]+\/\d{1,3}$/, 'must be a CIDR such as 10.42.0.0/24')
    .optional(),
});
export const removeSchema = z.object({ confirm: confirmSchema });
