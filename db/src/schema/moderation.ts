/**
 * Chat moderation: every action the bot took (or proposes, for the review queue) with the rule or
 * the AI category, the score and the message; and what mods taught it to leave alone. The rules
 * and thresholds themselves are bot settings (db/src/stream/settings.ts, `moderation`).
 */
import {
  bigserial,
  index,
  integer,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { streamChannels, streamTenants } from './stream';

export const modActionKinds = ['warn', 'delete', 'timeout', 'ban'] as const;
export const modActionStates = ['done', 'failed', 'approved', 'undone'] as const;

export const modActions = pgTable(
  'mod_actions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => streamTenants.id, { onDelete: 'cascade' }),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => streamChannels.id, { onDelete: 'cascade' }),
    platform: text('platform', { enum: ['twitch', 'youtube', 'kick'] }).notNull(),
    userId: text('user_id').notNull(),
    userName: text('user_name').notNull(),
    /** The platform's message id (for delete), and the text as it was. */
    messageId: text('message_id'),
    message: text('message').notNull(),
    /** `links`, `caps`, `symbols`, `emotes`, `repetition`, `length`, `banned`, `first_time`, `ai:<category>`, `raid`. */
    rule: text('rule').notNull(),
    /** The AI's score for the category (0..1), for AI actions. */
    score: real('score'),
    action: text('action', { enum: modActionKinds }).notNull(),
    durationS: integer('duration_s'),
    reason: text('reason').notNull(),
    state: text('state', { enum: modActionStates }).notNull().default('done'),
    /** Why the platform refused, for failed actions. */
    detail: text('detail'),
    reviewedBy: text('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('mod_actions_tenant_idx').on(t.tenantId, t.id),
    index('mod_actions_user_idx').on(t.tenantId, t.platform, t.userId, t.createdAt),
  ],
);

/** What moderation leaves alone: a phrase, a user or a link host; undoing an action can add one. */
export const modAllowlist = pgTable(
  'mod_allowlist',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => streamTenants.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['phrase', 'user', 'link'] }).notNull(),
    value: text('value').notNull(),
    addedBy: text('added_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.kind, t.value] })],
);
