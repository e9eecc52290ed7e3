/**
 * The stream bot's AI in chat: a persona per tenant (or per channel), what it spent per day, and
 * the Snapple-style facts it told recently per channel so it does not repeat them.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { streamChannels, streamTenants } from './stream';

export const aiPersonas = pgTable(
  'ai_personas',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => streamTenants.id, { onDelete: 'cascade' }),
    /** Null: every channel of the tenant without a persona of its own. */
    channelId: uuid('channel_id').references(() => streamChannels.id, { onDelete: 'cascade' }),
    name: text('name').notNull().default('SnappleBot'),
    /** What the persona is and how it talks (the system prompt's streamer part). */
    prompt: text('prompt').notNull().default(''),
    tone: text('tone', { enum: ['friendly', 'witty', 'hype', 'calm', 'sarcastic'] })
      .notNull()
      .default('friendly'),
    /** 0 none … 3 lots. */
    emoji: integer('emoji').notNull().default(1),
    languages: text('languages').array().notNull().default(sql`'{en}'::text[]`),
    /** Answers when mentioned by name (@name) in chat. */
    onMention: boolean('on_mention').notNull().default(true),
    /** …and to this command (without `!`). */
    command: text('command').notNull().default('ai'),
    /** Chat lines of the channel remembered as context. */
    memory: integer('memory').notNull().default(10),
    perUserPerMinute: integer('per_user_per_minute').notNull().default(2),
    perChannelPerMinute: integer('per_channel_per_minute').notNull().default(10),
    dailyTokenBudget: integer('daily_token_budget').notNull().default(50_000),
    /** Said when the model cannot answer (no key, timeout, quota, refused by the safety pass). */
    fallback: text('fallback')
      .notNull()
      .default('My circuits are fizzing right now — ask me again in a bit!'),
    /** Snapple facts on a timer (minutes; 0 = only on !fact). */
    factEveryMinutes: integer('fact_every_minutes').notNull().default(0),
    enabled: boolean('enabled').notNull().default(true),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('ai_personas_scope_idx').on(
      t.tenantId,
      sql`coalesce(${t.channelId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
    ),
    check(
      'ai_personas_numbers_check',
      sql`${t.emoji} BETWEEN 0 AND 3 AND ${t.memory} BETWEEN 0 AND 50 AND ${t.perUserPerMinute} >= 0 AND ${t.perChannelPerMinute} >= 0 AND ${t.dailyTokenBudget} >= 0 AND ${t.factEveryMinutes} >= 0`,
    ),
  ],
);

/** Tokens and calls per tenant per day (UTC), for the budget and the studio. */
export const aiUsage = pgTable(
  'ai_usage',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => streamTenants.id, { onDelete: 'cascade' }),
    day: date('day').notNull(),
    promptTokens: integer('prompt_tokens').notNull().default(0),
    completionTokens: integer('completion_tokens').notNull().default(0),
    requests: integer('requests').notNull().default(0),
    /** Answers that fell back (no key, timeout, quota, safety). */
    fallbacks: integer('fallbacks').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.day] })],
);

/** Facts told per channel; the newest few are given to the model to avoid. */
export const aiFacts = pgTable(
  'ai_facts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => streamTenants.id, { onDelete: 'cascade' }),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => streamChannels.id, { onDelete: 'cascade' }),
    fact: text('fact').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('ai_facts_channel_idx').on(t.channelId, t.id)],
);
