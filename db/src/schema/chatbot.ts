/**
 * The stream bot's chat features a streamer configures: custom commands (with the variable
 * language in db/src/stream/template), timers, counters, quotes, keyword triggers, the viewer
 * queue and the per-tenant settings of the built-ins. Every table carries tenant_id and is
 * guarded by Row-Level Security (migration 0008).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { viewers } from './currency';
import { streamTenants } from './stream';

export const botUserLevels = [
  'everyone',
  'follower',
  'subscriber',
  'vip',
  'moderator',
  'broadcaster',
] as const;
export const botResponseTypes = ['say', 'reply', 'whisper'] as const;

/** The tenant's settings of the built-ins (currency name and rates, games, giveaway defaults…). */
export const botSettings = pgTable('bot_settings', {
  tenantId: uuid('tenant_id')
    .primaryKey()
    .references(() => streamTenants.id, { onDelete: 'cascade' }),
  /** Validated by botSettingsSchema (db/src/stream/settings.ts); missing keys take its defaults. */
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const botCommands = pgTable(
  'bot_commands',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => streamTenants.id, { onDelete: 'cascade' }),
    /** Lowercase, without the `!`. */
    name: text('name').notNull(),
    aliases: text('aliases').array().notNull().default(sql`'{}'::text[]`),
    /** The reply, in the variable language. */
    response: text('response').notNull(),
    responseType: text('response_type', { enum: botResponseTypes }).notNull().default('say'),
    /** Platforms it answers on. */
    platforms: text('platforms', { enum: ['twitch', 'youtube', 'kick'] })
      .array()
      .notNull()
      .default(sql`'{twitch,youtube,kick}'::text[]`),
    minLevel: text('min_level', { enum: botUserLevels }).notNull().default('everyone'),
    globalCooldownS: integer('global_cooldown_s').notNull().default(5),
    userCooldownS: integer('user_cooldown_s').notNull().default(15),
    /** Currency taken from the caller before it answers. */
    cost: integer('cost').notNull().default(0),
    enabled: boolean('enabled').notNull().default(true),
    uses: bigint('uses', { mode: 'number' }).notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('bot_commands_name_idx').on(t.tenantId, t.name),
    check('bot_commands_cost_check', sql`${t.cost} >= 0`),
    check('bot_commands_cooldown_check', sql`${t.globalCooldownS} >= 0 AND ${t.userCooldownS} >= 0`),
  ],
);

export const botCounters = pgTable(
  'bot_counters',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => streamTenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    value: bigint('value', { mode: 'number' }).notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.name] })],
);

export const botQuotes = pgTable(
  'bot_quotes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => streamTenants.id, { onDelete: 'cascade' }),
    /** #1, #2… per tenant, as viewers ask for them. */
    number: integer('number').notNull(),
    text: text('text').notNull(),
    /** Who said it (defaults to the streamer) and the category when it was said. */
    author: text('author'),
    game: text('game'),
    addedBy: text('added_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('bot_quotes_number_idx').on(t.tenantId, t.number)],
);

export const botTimers = pgTable(
  'bot_timers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => streamTenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** In the variable language. */
    message: text('message').notNull(),
    intervalS: integer('interval_s').notNull().default(900),
    /** Chat lines since the timer last fired before it may fire again. */
    minLines: integer('min_lines').notNull().default(5),
    onlineOnly: boolean('online_only').notNull().default(true),
    platforms: text('platforms', { enum: ['twitch', 'youtube', 'kick'] })
      .array()
      .notNull()
      .default(sql`'{twitch,youtube,kick}'::text[]`),
    enabled: boolean('enabled').notNull().default(true),
    lastRunAt: timestamp('last_run_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('bot_timers_name_idx').on(t.tenantId, t.name),
    check('bot_timers_interval_check', sql`${t.intervalS} >= 60 AND ${t.minLines} >= 0`),
  ],
);

/** A reply to a phrase anywhere in a message (`*` matches any run of characters). */
export const botKeywords = pgTable(
  'bot_keywords',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => streamTenants.id, { onDelete: 'cascade' }),
    pattern: text('pattern').notNull(),
    response: text('response').notNull(),
    cooldownS: integer('cooldown_s').notNull().default(30),
    minLevel: text('min_level', { enum: botUserLevels }).notNull().default('everyone'),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('bot_keywords_tenant_idx').on(t.tenantId)],
);

/** Viewers waiting to play with the streamer (`!join`), picked in order or at random. */
export const botViewerQueue = pgTable(
  'bot_viewer_queue',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => streamTenants.id, { onDelete: 'cascade' }),
    viewerId: uuid('viewer_id')
      .notNull()
      .references(() => viewers.id, { onDelete: 'cascade' }),
    userName: text('user_name').notNull(),
    platform: text('platform', { enum: ['twitch', 'youtube', 'kick'] }).notNull(),
    note: text('note'),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
    pickedAt: timestamp('picked_at', { withTimezone: true }),
  },
  (t) => [
    index('bot_viewer_queue_tenant_idx').on(t.tenantId, t.id),
    uniqueIndex('bot_viewer_queue_waiting_idx').on(t.tenantId, t.viewerId).where(sql`picked_at IS NULL`),
  ],
);
