/**
 * Monitoring: monitors and their results (raw for a day, then per-minute for a week, then per-hour
 * for a year, so the table stays bounded), incidents, maintenance windows, notification channels
 * with their delivery log, system alert rules, and dynamic DNS records with their history.
 */
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  alertMetrics,
  channelTypes,
  ddnsProviders,
  type MonitorConfig,
  monitorStates,
  monitorTypes,
  resultResolutions,
} from '../monitoring';

export const monitors = pgTable(
  'monitors',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    type: text('type', { enum: monitorTypes }).notNull(),
    /** Type-specific settings, validated by monitorConfigSchema in db/src/monitoring.ts. */
    config: jsonb('config').$type<MonitorConfig>().notNull(),
    intervalSeconds: integer('interval_seconds').notNull().default(60),
    timeoutMs: integer('timeout_ms').notNull().default(10_000),
    /** Failed checks in a row before the monitor is marked down. */
    retries: integer('retries').notNull().default(0),
    tags: text('tags').array().notNull().default([]),
    /** The domain this monitor belongs to, e.g. rig-city.com (for the domains view and status pages). */
    domain: text('domain'),
    paused: boolean('paused').notNull().default(false),
    /** Push monitors: the secret part of the heartbeat URL. */
    pushToken: text('push_token'),
    channelIds: uuid('channel_ids').array().notNull().default([]),
    state: text('state', { enum: monitorStates }).notNull().default('pending'),
    stateSince: timestamp('state_since', { withTimezone: true }).notNull().defaultNow(),
    failures: integer('failures').notNull().default(0),
    lastCheckAt: timestamp('last_check_at', { withTimezone: true }),
    lastLatencyMs: real('last_latency_ms'),
    lastMessage: text('last_message'),
    /** Type-specific facts from the last check, e.g. certificate expiry. */
    lastDetail: jsonb('last_detail').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('monitors_name_idx').on(t.name),
    uniqueIndex('monitors_push_token_idx').on(t.pushToken),
    index('monitors_domain_idx').on(t.domain),
  ],
);

export const monitorResults = pgTable(
  'monitor_results',
  {
    monitorId: uuid('monitor_id')
      .notNull()
      .references(() => monitors.id, { onDelete: 'cascade' }),
    resolution: text('resolution', { enum: resultResolutions }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    checks: integer('checks').notNull().default(1),
    upChecks: integer('up_checks').notNull(),
    latencyAvgMs: real('latency_avg_ms'),
    latencyMaxMs: real('latency_max_ms'),
    /** Raw rows only: what the check said. */
    message: text('message'),
  },
  (t) => [primaryKey({ columns: [t.monitorId, t.resolution, t.at] })],
);

export const incidents = pgTable(
  'incidents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** A monitor's outage, or a system alert rule firing. */
    monitorId: uuid('monitor_id').references(() => monitors.id, { onDelete: 'cascade' }),
    alertRuleId: uuid('alert_rule_id').references(() => alertRules.id, { onDelete: 'cascade' }),
    cause: text('cause').notNull(),
    lastMessage: text('last_message'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    /** Opened during a maintenance window: recorded, not announced. */
    silenced: boolean('silenced').notNull().default(false),
  },
  (t) => [
    index('incidents_monitor_idx').on(t.monitorId, t.startedAt),
    index('incidents_open_idx').on(t.resolvedAt),
  ],
);

export const maintenanceWindows = pgTable('maintenance_windows', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  /** Empty with empty tags: every monitor. */
  monitorIds: uuid('monitor_ids').array().notNull().default([]),
  tags: text('tags').array().notNull().default([]),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const notificationChannels = pgTable(
  'notification_channels',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    type: text('type', { enum: channelTypes }).notNull(),
    /** The channel's settings (URLs, secrets, SMTP password) sealed with ENCRYPTION_KEY. */
    configSealed: text('config_sealed').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('notification_channels_name_idx').on(t.name)],
);

export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => notificationChannels.id, { onDelete: 'cascade' }),
    /** What happened: incident.opened, incident.resolved, test, ... */
    event: text('event').notNull(),
    /** One outage sends one message: deliveries of the same group key are merged while pending. */
    groupKey: text('group_key').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('notification_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('notification_deliveries_channel_idx').on(t.channelId, t.createdAt),
  ],
);

export const alertRules = pgTable('alert_rules', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  metric: text('metric', { enum: alertMetrics }).notNull(),
  /** Percent for cpu/memory/disk, °C for temperature, load average for load, restarts for container_restarts. */
  threshold: real('threshold').notNull(),
  durationSeconds: integer('duration_seconds').notNull().default(300),
  enabled: boolean('enabled').notNull().default(true),
  channelIds: uuid('channel_ids').array().notNull().default([]),
  firing: boolean('firing').notNull().default(false),
  firingSince: timestamp('firing_since', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const ddnsRecords = pgTable(
  'ddns_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provider: text('provider', { enum: ddnsProviders }).notNull(),
    hostname: text('hostname').notNull(),
    /** The provider's update endpoint; ZoneEdit's by default. */
    serverUrl: text('server_url').notNull(),
    username: text('username').notNull(),
    passwordSealed: text('password_sealed').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    lastIp: text('last_ip'),
    lastStatus: text('last_status'),
    lastError: text('last_error'),
    failures: integer('failures').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('ddns_records_host_idx').on(t.provider, t.hostname)],
);

export const ddnsHistory = pgTable(
  'ddns_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    recordId: uuid('record_id').references(() => ddnsRecords.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** ip_changed (detected), updated (provider accepted), failed (provider refused or unreachable). */
    kind: text('kind', { enum: ['ip_changed', 'updated', 'failed'] }).notNull(),
    oldIp: text('old_ip'),
    newIp: text('new_ip'),
    detail: text('detail'),
  },
  (t) => [index('ddns_history_at_idx').on(t.at)],
);
