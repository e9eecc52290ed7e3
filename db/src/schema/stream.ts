/**
 * The stream bot's platform: tenants (one per streamer), their linked channels on Twitch, YouTube
 * and Kick, the normalized chat events, channel leases between runner processes, and the webhook
 * deliveries already handled. Every table with a tenant_id is guarded by Row-Level Security
 * (migration 0006): a request sees only the tenants in `app.tenant_ids`.
 */
import {
  bigserial,
  boolean,
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
import { users } from './auth';
import { oauthAccounts } from './identity';

/** A streamer's account of the stream bot; the person who owns it signs in with any linked platform. */
export const streamTenants = pgTable(
  'stream_tenants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    displayName: text('display_name').notNull(),
    /** The onboarding wizard's progress: {step, features, done, testedAt…} (resumable). */
    onboarding: jsonb('onboarding').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('stream_tenants_owner_idx').on(t.ownerId)],
);

export const chatPlatforms = ['twitch', 'youtube', 'kick'] as const;
export type ChatPlatform = (typeof chatPlatforms)[number];

/** A channel the bot joins for a tenant; its token is the linked oauth account's. */
export const streamChannels = pgTable(
  'stream_channels',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => streamTenants.id, { onDelete: 'cascade' }),
    platform: text('platform', { enum: chatPlatforms }).notNull(),
    /** Twitch user id, YouTube channel id, Kick broadcaster user id. */
    platformChannelId: text('platform_channel_id').notNull(),
    /** Twitch login, YouTube handle, Kick slug. */
    login: text('login').notNull(),
    displayName: text('display_name').notNull(),
    accountId: uuid('account_id').references(() => oauthAccounts.id, { onDelete: 'set null' }),
    /** The bot joins the chat only while enabled. */
    enabled: boolean('enabled').notNull().default(true),
    /**
     * Kick: how chat is read: 'webhook' (Kick's official webhooks, the default) or 'socket'
     * (kick.com's own chat socket, found through a headless Chromium on the runner's machine).
     */
    chatMode: text('chat_mode', { enum: ['webhook', 'socket'] })
      .notNull()
      .default('webhook'),
    /** Whether the bot is a moderator there (Twitch: 100 messages per 30 s instead of 20). */
    botIsModerator: boolean('bot_is_moderator').notNull().default(false),
    /** YouTube: the live chat id of the current broadcast, found when it goes live. */
    liveChatId: text('live_chat_id'),
    /** YouTube: units used today and the day they count for (quota resets at midnight Pacific). */
    quotaUsed: integer('quota_used').notNull().default(0),
    quotaDay: text('quota_day'),
    /** YouTube: units per day this tenant may spend (the project's 10,000 shared out). */
    quotaBudget: integer('quota_budget').notNull().default(2_000),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('stream_channels_platform_channel_idx').on(t.platform, t.platformChannelId),
    index('stream_channels_tenant_idx').on(t.tenantId),
  ],
);

/**
 * Which runner process holds a channel's chat connection. A process renews its leases; one that
 * dies stops renewing, and another takes the channel once the lease has expired.
 */
export const chatLeases = pgTable('chat_leases', {
  channelId: uuid('channel_id')
    .primaryKey()
    .references(() => streamChannels.id, { onDelete: 'cascade' }),
  tenantId: uuid('tenant_id')
    .notNull()
    .references(() => streamTenants.id, { onDelete: 'cascade' }),
  holder: text('holder').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  acquiredAt: timestamp('acquired_at', { withTimezone: true }).notNull().defaultNow(),
});

export const chatEventKinds = [
  'message',
  'command',
  'follow',
  'sub',
  'gift',
  'raid',
  'cheer',
  'redemption',
  'stream_online',
  'stream_offline',
] as const;
export type ChatEventKind = (typeof chatEventKinds)[number];

/** The normalized events of every platform, kept for a while for the studio and the chat features. */
export const chatEvents = pgTable(
  'chat_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => streamTenants.id, { onDelete: 'cascade' }),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => streamChannels.id, { onDelete: 'cascade' }),
    platform: text('platform', { enum: chatPlatforms }).notNull(),
    kind: text('kind', { enum: chatEventKinds }).notNull(),
    /** The platform's own id for the message or notification, when it has one. */
    platformEventId: text('platform_event_id'),
    userId: text('user_id'),
    userName: text('user_name'),
    text: text('text'),
    /** Kind-specific facts (badges, tier, amount, viewers, reward) in the normalized shape. */
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('chat_events_channel_idx').on(t.channelId, t.id),
    index('chat_events_tenant_idx').on(t.tenantId, t.id),
  ],
);

/** Webhook message ids already handled (Twitch EventSub, Kick): a retried delivery acts once. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    provider: text('provider', { enum: ['twitch', 'kick'] }).notNull(),
    messageId: text('message_id').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.provider, t.messageId] }),
    index('webhook_deliveries_received_idx').on(t.receivedAt),
  ],
);

/** What the streamer must know about their connections (a token revoked, a quota spent). */
export const streamNotices = pgTable(
  'stream_notices',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => streamTenants.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['token_revoked', 'token_refresh_failed', 'quota', 'send_failed'] }).notNull(),
    message: text('message').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('stream_notices_tenant_idx').on(t.tenantId, t.id)],
);
