/**
 * Monitoring as the API speaks it: monitor types and their settings, notification channels, alert
 * rules, maintenance windows and dynamic DNS records, shared by the monitors runner that acts on
 * them, the functions that validate them and the web app's forms.
 */
import { z } from 'zod';

export const monitorTypes = ['http', 'tls', 'dns', 'tcp', 'container', 'postgres', 'redis', 'push'] as const;
export type MonitorType = (typeof monitorTypes)[number];
export const monitorStates = ['pending', 'up', 'down', 'paused', 'maintenance'] as const;
export type MonitorState = (typeof monitorStates)[number];
export const resultResolutions = ['raw', 'minute', 'hour'] as const;
export const channelTypes = ['discord', 'webhook', 'smtp', 'ntfy'] as const;
export type ChannelType = (typeof channelTypes)[number];
export const alertMetrics = [
  'cpu',
  'memory',
  'disk',
  'temperature',
  'load',
  'container_unhealthy',
  'container_restarts',
] as const;
export type AlertMetric = (typeof alertMetrics)[number];
export const ddnsProviders = ['zoneedit', 'dyndns2'] as const;

/** Checks may not run more often than this; a 20 s floor keeps 1,000 monitors at 3,000 checks a minute. */
export const minIntervalSeconds = 20;

const hostname = z
  .string()
  .min(1)
  .max(253)
  .regex(
    /^(?=.{1,253}$)([a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9])?)*\.?$|^\[?[0-9a-fA-F:.]+\]?$/,
    'must be a host name or an IP address',
  );
const port = z.number().int().min(1).max(65_535);
const httpUrl = z
  .string()
  .url('must be a URL such as https://example.com/health')
  .refine((value) => /^https?:\/\//i.test(value), 'must start with http:// or https://');

export const httpConfigSchema = z.object({
  type: z.literal('http'),
  url: httpUrl,
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']).default('GET'),
  headers: z.record(z.string().max(256), z.string().max(4096)).default({}),
  body: z
    .string()
    .max(64 * 1024)
    .optional(),
  /** Accepted status codes, as ranges such as "200-299" or single codes. */
  expectedStatus: z
    .array(z.string().regex(/^\d{3}(-\d{3})?$/, 'must be a code or a range such as 200-299'))
    .default(['200-399']),
  keyword: z.string().max(1024).optional().describe('the body must contain this text'),
  invertKeyword: z.boolean().default(false),
  jsonPath: z.string().max(256).optional().describe('e.g. $.status, compared with jsonValue'),
  jsonValue: z.string().max(1024).optional(),
  followRedirects: z.boolean().default(true),
  maxRedirects: z.number().int().min(0).max(20).default(10),
  ignoreTls: z.boolean().default(false),
});
export const tlsConfigSchema = z.object({
  type: z.literal('tls'),
  host: hostname,
  port: port.default(443),
  /** Name the certificate must cover; the host when omitted. */
  servername: hostname.optional(),
  expiryDays: z.number().int().min(1).max(365).default(14),
});
export const dnsConfigSchema = z.object({
  type: z.literal('dns'),
  name: hostname,
  recordType: z.enum(['A', 'AAAA', 'CNAME', 'MX', 'TXT']).default('A'),
  /** Every expected value must be among the answers; none given means "any answer". */
  expected: z.array(z.string().max(1024)).default([]),
  /** A records only: the answer must be this server's current public IP (as dynamic DNS sees it). */
  matchPublicIp: z.boolean().default(false),
  resolver: z
    .string()
    .max(64)
    .optional()
    .describe('host or host:port of the DNS server; the system resolver when omitted'),
});
export const tcpConfigSchema = z.object({ type: z.literal('tcp'), host: hostname, port });
export const containerConfigSchema = z.object({
  type: z.literal('container'),
  container: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/, 'must be a container name or id'),
});
export const postgresConfigSchema = z.object({
  type: z.literal('postgres'),
  url: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
});
export const redisConfigSchema = z.object({
  type: z.literal('redis'),
  url: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL'),
});
export const pushConfigSchema = z.object({ type: z.literal('push') });

export const monitorConfigSchema = z.discriminatedUnion('type', [
  httpConfigSchema,
  tlsConfigSchema,
  dnsConfigSchema,
  tcpConfigSchema,
  containerConfigSchema,
  postgresConfigSchema,
  redisConfigSchema,
  pushConfigSchema,
]);
export type MonitorConfig = z.infer<typeof monitorConfigSchema>;

export const monitorInputSchema = z.object({
  name: z.string().trim().min(1, 'Give the monitor a name').max(100),
  config: monitorConfigSchema,
  intervalSeconds: z
    .number()
    .int()
    .min(minIntervalSeconds, `must be at least ${minIntervalSeconds} seconds`)
    .max(86_400)
    .default(60),
  timeoutMs: z.number().int().min(500).max(120_000).default(10_000),
  retries: z.number().int().min(0).max(10).default(0),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  domain: z.string().max(253).nullable().default(null),
  paused: z.boolean().default(false),
  channelIds: z.array(z.uuid()).max(20).default([]),
});
export type MonitorInput = z.infer<typeof monitorInputSchema>;

export const monitorSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(monitorTypes),
  config: z.record(z.string(), z.unknown()),
  intervalSeconds: z.number(),
  timeoutMs: z.number(),
  retries: z.number(),
  tags: z.array(z.string()),
  domain: z.string().nullable(),
  paused: z.boolean(),
  channelIds: z.array(z.string()),
  /** Push monitors: the path n8n or a cron job calls, /api/push/<token>. */
  pushUrl: z.string().nullable(),
  state: z.enum(monitorStates),
  stateSince: z.string(),
  lastCheckAt: z.string().nullable(),
  lastLatencyMs: z.number().nullable(),
  lastMessage: z.string().nullable(),
  lastDetail: z.record(z.string(), z.unknown()).nullable(),
  uptime: z.object({
    day: z.number().nullable(),
    week: z.number().nullable(),
    month: z.number().nullable(),
    year: z.number().nullable(),
  }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Monitor = z.infer<typeof monitorSchema>;

/** What one check found. */
export const checkResultSchema = z.object({
  status: z.enum(['up', 'down']),
  latencyMs: z.number().nullable(),
  message: z.string(),
  detail: z.record(z.string(), z.unknown()).default({}),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

export const historyPointSchema = z.object({
  at: z.string(),
  checks: z.number(),
  upChecks: z.number(),
  latencyAvgMs: z.number().nullable(),
  latencyMaxMs: z.number().nullable(),
});

export const incidentSchema = z.object({
  id: z.string(),
  monitorId: z.string().nullable(),
  alertRuleId: z.string().nullable(),
  cause: z.string(),
  lastMessage: z.string().nullable(),
  startedAt: z.string(),
  resolvedAt: z.string().nullable(),
  silenced: z.boolean(),
});

export const maintenanceInputSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    monitorIds: z.array(z.uuid()).default([]),
    tags: z.array(z.string().max(40)).default([]),
  })
  .refine((w) => Date.parse(w.endsAt) > Date.parse(w.startsAt), {
    message: 'must end after it starts',
    path: ['endsAt'],
  });

export const discordChannelSchema = z.object({
  type: z.literal('discord'),
  webhookUrl: httpUrl,
});
export const webhookChannelSchema = z.object({
  type: z.literal('webhook'),
  url: httpUrl,
  /** Signs the body: X-HomeLabHub-Signature: sha256=<hex HMAC>. */
  secret: z.string().min(16, 'must be at least 16 characters').max(256),
});
export const smtpChannelSchema = z.object({
  type: z.literal('smtp'),
  host: hostname,
  port: port.default(587),
  secure: z.boolean().default(false).describe('TLS from the start (465); otherwise STARTTLS when offered'),
  username: z.string().max(256).optional(),
  password: z.string().max(256).optional(),
  from: z.email(),
  to: z.array(z.email()).min(1).max(20),
});
export const ntfyChannelSchema = z.object({
  type: z.literal('ntfy'),
  serverUrl: httpUrl.default('https://ntfy.sh'),
  topic: z.string().regex(/^[\w-]{1,64}$/, 'must be letters, digits, "_" or "-"'),
  token: z.string().max(256).optional(),
});
export const channelConfigSchema = z.discriminatedUnion('type', [
  discordChannelSchema,
  webhookChannelSchema,
  smtpChannelSchema,
  ntfyChannelSchema,
]);
export type ChannelConfig = z.infer<typeof channelConfigSchema>;
export const channelInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  config: channelConfigSchema,
  enabled: z.boolean().default(true),
});

export const alertRuleInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  metric: z.enum(alertMetrics),
  threshold: z.number().min(0).max(1_000_000),
  durationSeconds: z.number().int().min(0).max(86_400).default(300),
  enabled: z.boolean().default(true),
  channelIds: z.array(z.uuid()).max(20).default([]),
});

export const ddnsRecordInputSchema = z.object({
  provider: z.enum(ddnsProviders),
  hostname,
  serverUrl: httpUrl.optional().describe("the provider's update URL; ZoneEdit's when omitted"),
  username: z.string().min(1).max(256),
  password: z.string().min(1).max(256),
  enabled: z.boolean().default(true),
});
