/**
 * Mission control's integrations that keep state: the owner's Google account (Calendar, Gmail,
 * Drive), the automation hooks n8n receives events through with their outbox and delivery log,
 * uploaded files, and the network interfaces' throughput history. Home Assistant and Sunshine
 * keep none: their settings are in the environment and their state lives in the runner.
 */
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './auth';

export const googleAccountStates = ['connected', 'revoked', 'error'] as const;

/** One Google account per person, linked for Calendar, Gmail and Drive (not for signing in). */
export const googleAccounts = pgTable(
  'google_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Google's stable account id (`sub`). */
    googleId: text('google_id').notNull(),
    email: text('email').notNull(),
    /** Sealed with ENCRYPTION_KEY (db/src/crypto.ts), the row id as associated data. */
    accessToken: text('access_token').notNull(),
    refreshToken: text('refresh_token').notNull(),
    tokenExpiresAt: timestamp('token_expires_at', { withTimezone: true }).notNull(),
    scopes: text('scopes').array().notNull().default([]),
    state: text('state', { enum: googleAccountStates }).notNull().default('connected'),
    /** The last failure's kind (auth_revoked, rate_limited, quota, network) and message. */
    lastErrorKind: text('last_error_kind'),
    lastError: text('last_error'),
    /** The Drive folder backups are copied to, when the owner chose one. */
    backupFolderId: text('backup_folder_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('google_accounts_user_idx').on(t.userId),
    uniqueIndex('google_accounts_google_idx').on(t.googleId),
  ],
);

/** Events worth automating; hooks subscribe to some of them (an empty list means all). */
export const automationEventTypes = [
  'incident.opened',
  'incident.closed',
  'container.died',
  'stream.live',
  'ticket.created',
  'giveaway.won',
  'backup.finished',
  'upload.infected',
  'test',
] as const;
export type AutomationEventType = (typeof automationEventTypes)[number];

/** Where events go: an n8n webhook URL (or any receiver), HMAC-signed with the hook's secret. */
export const automationHooks = pgTable(
  'automation_hooks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    url: text('url').notNull(),
    /** The signing secret, sealed with ENCRYPTION_KEY. */
    secretSealed: text('secret_sealed').notNull(),
    events: text('events').array().notNull().default([]),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('automation_hooks_name_idx').on(t.name)],
);

/** The outbox: every event once, written in the same transaction as what caused it. */
export const automationEvents = pgTable(
  'automation_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set once deliveries for every matching hook exist. */
    fannedOutAt: timestamp('fanned_out_at', { withTimezone: true }),
  },
  (t) => [index('automation_events_pending_idx').on(t.fannedOutAt, t.id)],
);

export const automationDeliveryStatuses = ['pending', 'delivered', 'failed'] as const;

export const automationDeliveries = pgTable(
  'automation_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    hookId: uuid('hook_id')
      .notNull()
      .references(() => automationHooks.id, { onDelete: 'cascade' }),
    eventId: bigint('event_id', { mode: 'number' })
      .notNull()
      .references(() => automationEvents.id, { onDelete: 'cascade' }),
    status: text('status', { enum: automationDeliveryStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    responseStatus: integer('response_status'),
    /** The start of the receiver's answer or the network error. */
    lastError: text('last_error'),
    durationMs: integer('duration_ms'),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [
    index('automation_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('automation_deliveries_hook_idx').on(t.hookId, t.createdAt),
    uniqueIndex('automation_deliveries_once_idx').on(t.hookId, t.eventId),
  ],
);

export const uploadStatuses = ['scanning', 'clean', 'infected', 'rejected'] as const;
export const uploadStorages = ['local', 's3'] as const;

export const uploads = pgTable(
  'uploads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The sanitised name shown and used for downloads; the stored object is keyed by id. */
    name: text('name').notNull(),
    /** The name as sent, for the audit trail only. */
    originalName: text('original_name').notNull(),
    /** The type the magic bytes showed (image/png, application/pdf, ...). */
    mediaType: text('media_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    status: text('status', { enum: uploadStatuses }).notNull().default('scanning'),
    /** The signature ClamAV named, or why the file was rejected. */
    verdict: text('verdict'),
    storage: text('storage', { enum: uploadStorages }).notNull(),
    /** Where the bytes are: a path under UPLOAD_DIR or an S3 key; quarantined files move. */
    objectKey: text('object_key').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    scannedAt: timestamp('scanned_at', { withTimezone: true }),
  },
  (t) => [
    index('uploads_created_idx').on(t.createdAt),
    index('uploads_status_idx').on(t.status, t.createdAt),
  ],
);

/** Each interface's throughput, one row per interface per sample. */
export const networkSamples = pgTable(
  'network_samples',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    iface: text('iface').notNull(),
    rxBytesPerSec: real('rx_bytes_per_sec').notNull(),
    txBytesPerSec: real('tx_bytes_per_sec').notNull(),
    rxErrors: bigint('rx_errors', { mode: 'number' }).notNull().default(0),
    txErrors: bigint('tx_errors', { mode: 'number' }).notNull().default(0),
  },
  (t) => [index('network_samples_iface_at_idx').on(t.iface, t.at)],
);
