/**
 * Giveaways, polls and bets. Entries and votes are one row per viewer (a primary key, so races
 * cannot double them); a draw locks the giveaway row and picks among its entries in SQL.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { botUserLevels } from './chatbot';
import { viewers } from './currency';
import { streamTenants } from './stream';

export const giveawayStates = ['open', 'closed', 'drawn', 'cancelled'] as const;

export const giveaways = pgTable(
  'giveaways',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => streamTenants.id, { onDelete: 'cascade' }),
    prize: text('prize').notNull(),
    /** What a viewer types to enter, e.g. `!enter`. */
    keyword: text('keyword').notNull(),
    cost: integer('cost').notNull().default(0),
    /** Tickets a subscriber's entry counts for (1 = no luck bonus). */
    subscriberLuck: integer('subscriber_luck').notNull().default(1),
    minLevel: text('min_level', { enum: botUserLevels }).notNull().default('everyone'),
    /** A winner who does not speak in chat within this many seconds can be rerolled. */
    claimSeconds: integer('claim_seconds').notNull().default(60),
    state: text('state', { enum: giveawayStates }).notNull().default('open'),
    entries: integer('entries').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    index('giveaways_tenant_idx').on(t.tenantId, t.createdAt),
    check(
      'giveaways_numbers_check',
      sql`${t.cost} >= 0 AND ${t.subscriberLuck} BETWEEN 1 AND 10 AND ${t.claimSeconds} >= 0`,
    ),
  ],
);

export const giveawayEntries = pgTable(
  'giveaway_entries',
  {
    giveawayId: uuid('giveaway_id')
      .notNull()
      .references(() => giveaways.id, { onDelete: 'cascade' }),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => streamTenants.id, { onDelete: 'cascade' }),
    viewerId: uuid('viewer_id')
      .notNull()
      .references(() => viewers.id, { onDelete: 'cascade' }),
    userName: text('user_name').notNull(),
    platform: text('platform', { enum: ['twitch', 'youtube', 'kick'] }).notNull(),
    tickets: integer('tickets').notNull().default(1),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.giveawayId, t.viewerId] })],
);

export const giveawayWinners = pgTable(
  'giveaway_winners',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    giveawayId: uuid('giveaway_id')
      .notNull()
      .references(() => giveaways.id, { onDelete: 'cascade' }),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => streamTenants.id, { onDelete: 'cascade' }),
    viewerId: uuid('viewer_id')
      .notNull()
      .references(() => viewers.id, { onDelete: 'cascade' }),
    userName: text('user_name').notNull(),
    state: text('state', { enum: ['pending', 'claimed', 'expired', 'rerolled'] })
      .notNull()
      .default('pending'),
    drawnAt: timestamp('drawn_at', { withTimezone: true }).notNull().defaultNow(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
  },
  (t) => [index('giveaway_winners_giveaway_idx').on(t.giveawayId)],
);

export const pollKinds = ['poll', 'bet'] as const;
export const pollStates = ['open', 'closed', 'resolved', 'cancelled'] as const;

export const polls = pgTable(
  'polls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => streamTenants.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: pollKinds }).notNull(),
    question: text('question').notNull(),
    options: text('options').array().notNull(),
    state: text('state', { enum: pollStates }).notNull().default('open'),
    /** Bets: the option that won, once resolved. */
    winningOption: integer('winning_option'),
    /** The native Twitch poll beside a chat poll: {twitch: id, twitchVotes?: [n…], twitchEnded?: true}. */
    native: jsonb('native')
      .$type<{ twitch?: string; twitchVotes?: number[]; twitchEnded?: boolean }>()
      .notNull()
      .default({}),
    closesAt: timestamp('closes_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('polls_tenant_idx').on(t.tenantId, t.createdAt),
    check('polls_options_check', sql`cardinality(${t.options}) BETWEEN 2 AND 10`),
  ],
);

export const pollVotes = pgTable(
  'poll_votes',
  {
    pollId: uuid('poll_id')
      .notNull()
      .references(() => polls.id, { onDelete: 'cascade' }),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => streamTenants.id, { onDelete: 'cascade' }),
    viewerId: uuid('viewer_id')
      .notNull()
      .references(() => viewers.id, { onDelete: 'cascade' }),
    /** 0-based index into polls.options. */
    option: integer('option').notNull(),
    /** Bets: currency staked (taken from the balance when placed). */
    amount: bigint('amount', { mode: 'number' }).notNull().default(0),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.pollId, t.viewerId] }),
    check('poll_votes_amount_check', sql`${t.amount} >= 0`),
  ],
);
