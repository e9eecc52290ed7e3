/**
 * The Discord bot: guilds (its tenants), ticket categories, panels, tickets with their events and
 * transcripts, and the streamers it announces. Every table with a guild_id is guarded by Row-Level
 * Security (migration 0004): a request sees only the guilds in `app.guild_ids`.
 */
import { sql } from 'drizzle-orm';
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

/** Support hours in the guild's timezone: weekdays 0 (Sunday) … 6, and a daily window. */
export type SupportHours = { days: number[]; from: string; to: string };
/** Quiet hours for go-live posts in the guild's timezone (no role mention inside the window). */
export type QuietHours = { from: string; to: string };
export type TicketFormField = {
  id: string;
  label: string;
  style: 'short' | 'paragraph';
  required: boolean;
  placeholder?: string;
  minLength?: number;
  maxLength?: number;
};

export const discordGuilds = pgTable('discord_guilds', {
  guildId: text('guild_id').primaryKey(),
  name: text('name').notNull(),
  iconUrl: text('icon_url'),
  timezone: text('timezone').notNull().default('UTC'),
  /** Null: staffed around the clock. */
  supportHours: jsonb('support_hours').$type<SupportHours>(),
  outOfHoursMessage: text('out_of_hours_message'),
  /** Roles that see and work every ticket (categories add their own). */
  staffRoleIds: text('staff_role_ids').array().notNull().default([]),
  /** Hours without a message after which an open ticket closes itself; null: never. */
  autoCloseHours: integer('auto_close_hours'),
  surveyEnabled: boolean('survey_enabled').notNull().default(true),
  transcriptChannelId: text('transcript_channel_id'),
  logChannelId: text('log_channel_id'),
  /** The last ticket number handed out; `update … set ticket_counter = ticket_counter + 1 returning` numbers tickets. */
  ticketCounter: integer('ticket_counter').notNull().default(0),
  goLiveChannelId: text('go_live_channel_id'),
  /** Message template; variables in {braces}: {streamer}, {mention}, {platform}, {title}, {game}, {url}, {role}. */
  goLiveTemplate: text('go_live_template')
    .notNull()
    .default('{role} {streamer} is live on {platform}: {title}'),
  goLiveMentionRoleId: text('go_live_mention_role_id'),
  /** Given to streamers while they are live, taken back when they end. */
  goLiveLiveRoleId: text('go_live_live_role_id'),
  /** Members with this role are discovered as streamers automatically; null: every member who streams. */
  goLiveDiscoverRoleId: text('go_live_discover_role_id'),
  goLiveAutoDiscover: boolean('go_live_auto_discover').notNull().default(true),
  goLiveQuietHours: jsonb('go_live_quiet_hours').$type<QuietHours>(),
  goLiveEndAction: text('go_live_end_action', { enum: ['edit', 'delete'] })
    .notNull()
    .default('edit'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const guildAccessLevels = ['admin', 'staff'] as const;
export type GuildAccessLevel = (typeof guildAccessLevels)[number];

/**
 * Which guilds a person may open in the ticket desk, refreshed from Discord at sign-in: admin when
 * they can manage the guild, staff when they hold one of its staff roles.
 */
export const discordGuildAccess = pgTable(
  'discord_guild_access',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    guildId: text('guild_id')
      .notNull()
      .references(() => discordGuilds.guildId, { onDelete: 'cascade' }),
    level: text('level', { enum: guildAccessLevels }).notNull(),
    refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.guildId] }),
    index('discord_guild_access_guild_idx').on(t.guildId),
  ],
);

export const ticketModes = ['channel', 'thread'] as const;
export type TicketMode = (typeof ticketModes)[number];

export const ticketCategories = pgTable(
  'ticket_categories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    guildId: text('guild_id')
      .notNull()
      .references(() => discordGuilds.guildId, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    emoji: text('emoji'),
    /** Up to five modal fields asked when a ticket of this category opens. */
    form: jsonb('form').$type<TicketFormField[]>().notNull().default([]),
    staffRoleIds: text('staff_role_ids').array().notNull().default([]),
    mode: text('mode', { enum: ticketModes }).notNull().default('channel'),
    /** Channel mode: the category channel new channels go under; thread mode: the channel private threads start in. */
    parentChannelId: text('parent_channel_id'),
    /** Channel or thread name; variables {number}, {user}, {category}. */
    namingPattern: text('naming_pattern').notNull().default('ticket-{number}'),
    openingMessage: text('opening_message'),
    slaFirstResponseMinutes: integer('sla_first_response_minutes'),
    slaResolutionMinutes: integer('sla_resolution_minutes'),
    escalationRoleId: text('escalation_role_id'),
    position: integer('position').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('ticket_categories_guild_idx').on(t.guildId),
    uniqueIndex('ticket_categories_guild_name_idx').on(t.guildId, sql`lower(${t.name})`),
  ],
);

export const ticketPanels = pgTable(
  'ticket_panels',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    guildId: text('guild_id')
      .notNull()
      .references(() => discordGuilds.guildId, { onDelete: 'cascade' }),
    channelId: text('channel_id').notNull(),
    /** Set once the panel message is posted. */
    messageId: text('message_id'),
    title: text('title').notNull(),
    description: text('description'),
    style: text('style', { enum: ['buttons', 'select'] })
      .notNull()
      .default('buttons'),
    categoryIds: uuid('category_ids').array().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('ticket_panels_guild_idx').on(t.guildId)],
);

export const ticketStatuses = ['open', 'awaiting_user', 'closed'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
export const ticketPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof ticketPriorities)[number];

export const tickets = pgTable(
  'tickets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    guildId: text('guild_id')
      .notNull()
      .references(() => discordGuilds.guildId, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    categoryId: uuid('category_id').references(() => ticketCategories.id, { onDelete: 'set null' }),
    /** The ticket's channel, or its private thread. */
    channelId: text('channel_id'),
    openerId: text('opener_id').notNull(),
    openerName: text('opener_name').notNull(),
    subject: text('subject').notNull(),
    /** The opening form's answers, by field label. */
    answers: jsonb('answers').$type<Record<string, string>>().notNull().default({}),
    /** Set when opened from a message (the context menu): that message's link. */
    sourceMessageUrl: text('source_message_url'),
    status: text('status', { enum: ticketStatuses }).notNull().default('open'),
    priority: text('priority', { enum: ticketPriorities }).notNull().default('normal'),
    claimedBy: text('claimed_by'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    /** Discord user ids added to the ticket besides the opener. */
    members: text('members').array().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    firstResponseAt: timestamp('first_response_at', { withTimezone: true }),
    lastActivityAt: timestamp('last_activity_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: text('closed_by'),
    closeReason: text('close_reason'),
    /** When an SLA breach was escalated, so it pings once. */
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    rating: integer('rating'),
    ratingComment: text('rating_comment'),
  },
  (t) => [
    uniqueIndex('tickets_guild_number_idx').on(t.guildId, t.number),
    index('tickets_guild_status_idx').on(t.guildId, t.status, t.createdAt),
    index('tickets_channel_idx').on(t.channelId),
    index('tickets_activity_idx').on(t.status, t.lastActivityAt),
    index('tickets_search_idx').using(
      'gin',
      sql`to_tsvector('simple', ${t.subject} || ' ' || ${t.openerName})`,
    ),
  ],
);

export const ticketEventKinds = [
  'opened',
  'claimed',
  'released',
  'transferred',
  'member_added',
  'member_removed',
  'renamed',
  'priority',
  'awaiting_user',
  'note',
  'reply',
  'closed',
  'reopened',
  'escalated',
  'rated',
] as const;
export type TicketEventKind = (typeof ticketEventKinds)[number];

/** What happened to a ticket, in order; notes are visible to staff only. */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    guildId: text('guild_id')
      .notNull()
      .references(() => discordGuilds.guildId, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ticketEventKinds }).notNull(),
    /** Discord user id of who did it; null for the system (auto-close, escalation). */
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    body: text('body'),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('ticket_events_ticket_idx').on(t.ticketId, t.id)],
);

export type TranscriptAttachment = { messageId: string; name: string; url: string; size: number };

export const ticketTranscripts = pgTable('ticket_transcripts', {
  ticketId: uuid('ticket_id')
    .primaryKey()
    .references(() => tickets.id, { onDelete: 'cascade' }),
  guildId: text('guild_id')
    .notNull()
    .references(() => discordGuilds.guildId, { onDelete: 'cascade' }),
  html: text('html').notNull(),
  text: text('text').notNull(),
  messageCount: integer('message_count').notNull(),
  attachments: jsonb('attachments').$type<TranscriptAttachment[]>().notNull().default([]),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Interaction ids already handled: Discord may deliver one twice, it must act once. */
export const discordInteractions = pgTable(
  'discord_interactions',
  {
    id: text('id').primaryKey(),
    guildId: text('guild_id'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('discord_interactions_received_idx').on(t.receivedAt)],
);

export const streamPlatforms = ['twitch', 'youtube', 'kick'] as const;
export type StreamPlatform = (typeof streamPlatforms)[number];
export const goLiveStates = ['offline', 'pending', 'live', 'ending'] as const;
export type GoLiveState = (typeof goLiveStates)[number];

/** A streamer a guild announces, and where their go-live state machine stands. */
export const goLiveStreamers = pgTable(
  'go_live_streamers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    guildId: text('guild_id')
      .notNull()
      .references(() => discordGuilds.guildId, { onDelete: 'cascade' }),
    discordUserId: text('discord_user_id').notNull(),
    displayName: text('display_name').notNull(),
    source: text('source', { enum: ['discovered', 'manual'] }).notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** Kick has no Discord presence: its channel slug is watched through Kick's API instead. */
    kickSlug: text('kick_slug'),
    state: text('state', { enum: goLiveStates }).notNull().default('offline'),
    platform: text('platform', { enum: streamPlatforms }),
    url: text('url'),
    title: text('title'),
    game: text('game'),
    /** When the current state was entered (debounce and grace run from here). */
    stateSince: timestamp('state_since', { withTimezone: true }).notNull().defaultNow(),
    liveSince: timestamp('live_since', { withTimezone: true }),
    /** The announcement, once posted. */
    postChannelId: text('post_channel_id'),
    postMessageId: text('post_message_id'),
    /** No new announcement before this (flapping). */
    cooldownUntil: timestamp('cooldown_until', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('go_live_streamers_guild_user_idx').on(t.guildId, t.discordUserId)],
);

/** One row per stream a guild announced: history and the go-live analytics. */
export const goLiveSessions = pgTable(
  'go_live_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    guildId: text('guild_id')
      .notNull()
      .references(() => discordGuilds.guildId, { onDelete: 'cascade' }),
    streamerId: uuid('streamer_id')
      .notNull()
      .references(() => goLiveStreamers.id, { onDelete: 'cascade' }),
    platform: text('platform', { enum: streamPlatforms }).notNull(),
    title: text('title'),
    game: text('game'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    announcedAt: timestamp('announced_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [index('go_live_sessions_guild_idx').on(t.guildId, t.startedAt)],
);
