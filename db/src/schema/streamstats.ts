/**
 * Stream stats: one row per broadcast (online → offline) with its totals, and a sample per minute
 * (viewers, messages, chatters) for the charts. Command usage and top chatters are summarized into
 * the session when it ends (chat_events are kept only a week).
 */
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { streamChannels, streamTenants } from './stream';

export const streamSessions = pgTable(
  'stream_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => streamTenants.id, { onDelete: 'cascade' }),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => streamChannels.id, { onDelete: 'cascade' }),
    platform: text('platform', { enum: ['twitch', 'youtube', 'kick'] }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    title: text('title'),
    game: text('game'),
    peakViewers: integer('peak_viewers').notNull().default(0),
    messages: integer('messages').notNull().default(0),
    chatters: integer('chatters').notNull().default(0),
    newFollowers: integer('new_followers').notNull().default(0),
    newSubs: integer('new_subs').notNull().default(0),
    /** At the end: {topChatters: [{userName, messages}], commands: [{command, uses}]}. */
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index('stream_sessions_tenant_idx').on(t.tenantId, t.startedAt),
    index('stream_sessions_channel_idx').on(t.channelId, t.startedAt),
  ],
);

export const streamSamples = pgTable(
  'stream_samples',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => streamSessions.id, { onDelete: 'cascade' }),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => streamTenants.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    viewers: integer('viewers'),
    messages: integer('messages').notNull().default(0),
    chatters: integer('chatters').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.at] })],
);
