/**
 * One-click databases as the API speaks them: the template catalogue (which engines, versions and
 * pinned images can be deployed) and the shapes of requests, responses and progress events, shared
 * by the databases runner that acts on them, the functions that validate them at the edge and the
 * web app's forms. The catalogue lives here, not in the runner, so a request is checked against the
 * same versions wherever it is validated.
 */
import { Cron } from 'croner';
import { z } from 'zod';
import { containerStates, engineNameSchema, engineStatusSchema } from './docker';

// The enums live here rather than in the drizzle schema, so the web app can import this file
// without pulling in drizzle.
export const databaseEngines = ['postgres', 'mariadb', 'mysql', 'redis', 'mongodb', 'minio'] as const;
export type DatabaseEngine = (typeof databaseEngines)[number];

/** none: reachable only on its own network; localhost: 127.0.0.1:<hostPort>; lan: 0.0.0.0:<hostPort>. */
export const databaseExposures = ['none', 'localhost', 'lan'] as const;
export type DatabaseExposure = (typeof databaseExposures)[number];

/** The lifecycle the runner drives; the container's live state is read from the engine apart from this. */
export const databaseStatuses = ['deploying', 'running', 'stopped', 'failed', 'deleting'] as const;
export type DatabaseStatus = (typeof databaseStatuses)[number];

export const backupStatuses = ['running', 'done', 'failed'] as const;
export type BackupStatus = (typeof backupStatuses)[number];
export const backupKinds = ['manual', 'scheduled'] as const;
export type BackupKind = (typeof backupKinds)[number];

export const databaseTemplateSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  engine: z.enum(databaseEngines),
  /** Newest first. */
  versions: z.array(z.string()).min(1),
  defaultVersion: z.string(),
  /** The port inside the container, and the one suggested for publishing. */
  defaultPort: z.number().int(),
  /** The pinned image of each version. */
  images: z.record(z.string(), z.string()),
  defaults: z.object({
    memoryMb: z.number().int(),
    cpus: z.number(),
    username: z.string(),
    databaseName: z.string().nullable(),
  }),
  /** Which of username / databaseName a deploy may choose (Redis has neither, MinIO no database). */
  fields: z.object({ username: z.boolean(), databaseName: z.boolean() }),
  /** Usernames the image keeps for itself. */
  reservedUsernames: z.array(z.string()),
  supports: z.object({ backup: z.boolean(), restore: z.boolean(), rotate: z.boolean() }),
});
export type DatabaseTemplate = z.infer<typeof databaseTemplateSchema>;

// MinIO's community images stopped at this release on Docker Hub; it is pinned, not "latest".
const minioRelease = 'RELEASE.2025-04-22T22-12-26Z';

/** Template ids equal engine names: one template per engine for now (database_instances keeps the engine). */
export const databaseTemplates: DatabaseTemplate[] = [
  {
    id: 'postgres',
    name: 'PostgreSQL',
    description: 'The relational database most apps expect; backups are pg_dump custom-format archives.',
    engine: 'postgres',
    versions: ['17', '16', '15'],
    defaultVersion: '17',
    defaultPort: 5432,
    images: Object.fromEntries(['17', '16', '15'].map((v) => [v, `docker.io/library/postgres:${v}-alpine`])),
    defaults: { memoryMb: 512, cpus: 1, username: 'app', databaseName: 'app' },
    fields: { username: true, databaseName: true },
    reservedUsernames: [],
    supports: { backup: true, restore: true, rotate: true },
  },
  {
    id: 'mariadb',
    name: 'MariaDB',
    description: 'MySQL-compatible, community-run; backups are mariadb-dump SQL files.',
    engine: 'mariadb',
    versions: ['11.4'],
    defaultVersion: '11.4',
    defaultPort: 3306,
    images: { '11.4': 'docker.io/library/mariadb:11.4' },
    defaults: { memoryMb: 512, cpus: 1, username: 'app', databaseName: 'app' },
    fields: { username: true, databaseName: true },
    reservedUsernames: ['root', 'mariadb.sys', 'healthcheck'],
    supports: { backup: true, restore: true, rotate: true },
  },
  {
    id: 'mysql',
    name: 'MySQL',
    description: 'Oracle MySQL LTS; backups are mysqldump SQL files.',
    engine: 'mysql',
    versions: ['8.4'],
    defaultVersion: '8.4',
    defaultPort: 3306,
    images: { '8.4': 'docker.io/library/mysql:8.4' },
    defaults: { memoryMb: 1024, cpus: 1, username: 'app', databaseName: 'app' },
    fields: { username: true, databaseName: true },
    reservedUsernames: ['root', 'mysql.sys', 'mysql.session', 'mysql.infoschema'],
    supports: { backup: true, restore: true, rotate: true },
  },
  {
    id: 'redis',
    name: 'Redis',
    description: 'In-memory key-value store with append-only persistence; backups are RDB snapshots.',
    engine: 'redis',
    versions: ['7.4'],
    defaultVersion: '7.4',
    defaultPort: 6379,
    images: { '7.4': 'docker.io/library/redis:7.4-alpine' },
    defaults: { memoryMb: 256, cpus: 0.5, username: 'default', databaseName: null },
    fields: { username: false, databaseName: false },
    reservedUsernames: [],
    // An RDB snapshot is taken live; loading one means replacing the data files of a stopped server.
    supports: { backup: true, restore: false, rotate: true },
  },
  {
    id: 'mongodb',
    name: 'MongoDB',
    description: 'Document database; backups are mongodump archives.',
    engine: 'mongodb',
    versions: ['7'],
    defaultVersion: '7',
    defaultPort: 27017,
    images: { '7': 'docker.io/library/mongo:7' },
    defaults: { memoryMb: 1024, cpus: 1, username: 'admin', databaseName: 'app' },
    fields: { username: true, databaseName: true },
    reservedUsernames: [],
    supports: { backup: true, restore: true, rotate: true },
  },
  {
    id: 'minio',
    name: 'MinIO',
    description: 'S3-compatible object storage, console on port 9001 inside its network.',
    engine: 'minio',
    versions: [minioRelease],
    defaultVersion: minioRelease,
    defaultPort: 9000,
    images: { [minioRelease]: `docker.io/minio/minio:${minioRelease}` },
    defaults: { memoryMb: 512, cpus: 1, username: 'admin', databaseName: null },
    fields: { username: true, databaseName: false },
    reservedUsernames: [],
    // Objects are files, not a dump; the root credentials come from the environment at every start.
    supports: { backup: false, restore: false, rotate: false },
  },
];

export function findTemplate(id: string): DatabaseTemplate | undefined {
  return databaseTemplates.find((template) => template.id === id);
}

/**
 * An instance name becomes the container's name and its hostname on its network
 * (`hl-db-<name>`), so it must be a DNS label as well as a valid engine name.
 */
export const instanceNameSchema = engineNameSchema
  .max(57, 'must be at most 57 characters')
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must use only lowercase letters, digits and "-" (it becomes a hostname)');

/** A database or user name: safe unquoted in every engine's SQL and in a URL. */
export const identifierSchema = z
  .string()
  .regex(
    /^[a-z_][a-z0-9_]{0,62}$/,
    'must start with a lowercase letter or "_" and use only lowercase letters, digits and "_" (at most 63)',
  );

const templateIds = databaseTemplates.map((template) => template.id) as [string, ...string[]];

export const deployRequestSchema = z
  .object({
    template: z.enum(templateIds, { error: `must be one of ${templateIds.join(', ')}` }),
    name: instanceNameSchema,
    version: z
      .string()
      .max(64)
      .optional()
      .describe("one of the template's versions; its default when omitted"),
    expose: z.enum(databaseExposures).default('none'),
    hostPort: z.number().int().min(1024).max(65_535).optional(),
    memoryMb: z.number().int().min(64).max(65_536).optional(),
    cpus: z.number().min(0.1).max(64).optional(),
    databaseName: identifierSchema.optional(),
    username: identifierSchema.optional(),
  })
  .superRefine((request, ctx) => {
    const template = findTemplate(request.template);
    if (!template) return;
    if (request.version !== undefined && !template.versions.includes(request.version)) {
      ctx.addIssue({
        code: 'custom',
        path: ['version'],
        message: `must be one of ${template.name}'s versions: ${template.versions.join(', ')}`,
      });
    }
    if (request.expose === 'none' && request.hostPort !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['hostPort'],
        message: 'only applies when expose is "localhost" or "lan"',
      });
    }
    if (request.expose !== 'none' && request.hostPort === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['hostPort'],
        message: `is required when expose is "${request.expose}" (e.g. ${template.defaultPort + 10_000})`,
      });
    }
    if (request.username !== undefined && !template.fields.username) {
      ctx.addIssue({ code: 'custom', path: ['username'], message: `cannot be chosen for ${template.name}` });
    }
    if (request.username !== undefined && template.reservedUsernames.includes(request.username)) {
      ctx.addIssue({
        code: 'custom',
        path: ['username'],
        message: `"${request.username}" is reserved by ${template.name}`,
      });
    }
    if (request.databaseName !== undefined && !template.fields.databaseName) {
      ctx.addIssue({
        code: 'custom',
        path: ['databaseName'],
        message: `does not apply to ${template.name}`,
      });
    }
  });
export type DeployRequest = z.infer<typeof deployRequestSchema>;

/** The container as the engine sees it now; null when the engine cannot be asked. */
export const instanceLiveSchema = z.object({
  state: z.enum([...containerStates, 'missing']),
  health: z.enum(['healthy', 'unhealthy', 'starting', 'none']),
  startedAt: z.string().nullable(),
});

/** An instance as the API returns it: never its password (see the credentials route). */
export const databaseInstanceSchema = z.object({
  id: z.string(),
  name: z.string(),
  engine: z.enum(databaseEngines),
  version: z.string(),
  image: z.string(),
  containerName: z.string(),
  volumeName: z.string(),
  networkName: z.string(),
  hostPort: z.number().nullable(),
  expose: z.enum(databaseExposures),
  memoryMb: z.number(),
  cpus: z.number(),
  username: z.string(),
  databaseName: z.string().nullable(),
  status: z.enum(databaseStatuses),
  statusDetail: z.string().nullable(),
  backupSchedule: z.string().nullable(),
  backupRetention: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  live: instanceLiveSchema.nullable().optional(),
});
export type DatabaseInstance = z.infer<typeof databaseInstanceSchema>;

export const instanceListSchema = z.object({
  engine: engineStatusSchema,
  instances: z.array(databaseInstanceSchema),
});

export const credentialsSchema = z.object({
  /** From where the user's apps run: the published port, or the internal one when not exposed. */
  connectionString: z.string(),
  /** For containers joined to the instance's network: its container name as the host. */
  internalConnectionString: z.string(),
  host: z.string(),
  port: z.number(),
  username: z.string(),
  password: z.string(),
  database: z.string().nullable(),
});
export type DatabaseCredentials = z.infer<typeof credentialsSchema>;

export const databaseBackupSchema = z.object({
  id: z.string(),
  instanceId: z.string(),
  fileName: z.string(),
  sizeBytes: z.number().nullable(),
  status: z.enum(backupStatuses),
  error: z.string().nullable(),
  kind: z.enum(backupKinds),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type DatabaseBackup = z.infer<typeof databaseBackupSchema>;

export const restoreRequestSchema = z.object({
  backupId: z.uuid({ error: 'must be the id of one of this instance’s backups' }),
  target: z.union([z.literal('same'), z.object({ newName: instanceNameSchema })], {
    error: 'must be "same" or {"newName": "<name for a new instance>"}',
  }),
});
export type RestoreRequest = z.infer<typeof restoreRequestSchema>;

const minBackupGapMs = 5 * 60_000;

/** A standard 5-field cron pattern (or @daily-style nickname) whose runs are at least five minutes apart. */
export const backupCronSchema = z
  .string()
  .max(100)
  .superRefine((pattern, ctx) => {
    let runs: Date[];
    try {
      // Without a callback croner only parses and enumerates: no timer is started.
      runs = new Cron(pattern, { mode: '5-part' }).nextRuns(12);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      ctx.addIssue({
        code: 'custom',
        message: `is not a 5-field cron pattern such as "0 3 * * *" (${why})`,
      });
      return;
    }
    for (let i = 1; i < runs.length; i++) {
      if ((runs[i] as Date).getTime() - (runs[i - 1] as Date).getTime() < minBackupGapMs) {
        ctx.addIssue({ code: 'custom', message: 'must leave at least five minutes between backups' });
        return;
      }
    }
  });

export const scheduleRequestSchema = z.object({
  cron: backupCronSchema.nullable().describe('null turns scheduled backups off'),
  retention: z.number().int().min(1).max(365).optional().describe('backups kept; unchanged when omitted'),
});
export type ScheduleRequest = z.infer<typeof scheduleRequestSchema>;

export const deleteRequestSchema = z.object({
  confirm: z.string({ error: 'must be the name of the instance, to confirm' }),
  removeVolume: z.boolean().default(false).describe('also delete its data volume and its backups'),
});
export type DeleteRequest = z.infer<typeof deleteRequestSchema>;

export const instanceActions = ['start', 'stop', 'restart'] as const;
export type InstanceAction = (typeof instanceActions)[number];

/** SSE `progress`: one step of a deploy, backup, restore, rotation or delete. */
export const progressEventSchema = z.object({
  instanceId: z.string(),
  step: z.string(),
  message: z.string(),
  at: z.string(),
  done: z.boolean().optional(),
  error: z.string().optional(),
});
export type ProgressEvent = z.infer<typeof progressEventSchema>;

/** SSE events of GET /databases/events, by event name. */
export const databaseEventSchemas = {
  progress: progressEventSchema,
  instance: z.object({ instance: databaseInstanceSchema }),
  deleted: z.object({ id: z.string(), name: z.string() }),
  backup: z.object({ backup: databaseBackupSchema }),
};
