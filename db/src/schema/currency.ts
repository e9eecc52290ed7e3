/**
 * Viewers and the currency: one viewer per person per tenant, whatever platforms they chat on once
 * they link them (`!link`), one balance that never goes negative (a CHECK), and a ledger row for
 * every change, written in the same statement (db/src/stream/currency.ts).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { streamTenants } from './stream';

export const viewers = pgTable(
  'viewers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => streamTenants.id, { onDelete: 'cascade' }),
    displayName: text('display_name').notNull(),
    balance: bigint('balance', { mode: 'number' }).notNull().default(0),
    watchMinutes: bigint('watch_minutes', { mode: 'number' }).notNull().default(0),
    messages: bigint('messages', { mode: 'number' }).notNull().default(0),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('viewers_balance_check', sql`${t.balance} >= 0`),
    index('viewers_tenant_balance_idx').on(t.tenantId, t.balance),
  ],
);

/** A viewer's account on one platform; linking moves identities onto one viewer. */
export const viewerIdentities = pgTable(
  'viewer_identities',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => streamTenants.id, { onDelete: 'cascade' }),
    platform: text('platform', { enum: ['twitch', 'youtube', 'kick'] }).notNull(),
    platformUserId: text('platform_user_id').notNull(),
    viewerId: uuid('viewer_id')
      .notNull()
      .references(() => viewers.id, { onDelete: 'cascade' }),
    userName: text('user_name').notNull(),
    /** When the platform told us they follow (EventSub/webhook follow events, or an API lookup). */
    followedAt: timestamp('followed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.platform, t.platformUserId] }),
    index('viewer_identities_viewer_idx').on(t.viewerId),
  ],
);

/**
 * `!link` on one platform gives a code; `!link CODE` on another joins the two viewers. A code that
 * had to be said in public chat is only claimed by `!link CODE`; its owner then confirms who claimed it.
 */
export const viewerLinkCodes = pgTable(
  'viewer_link_codes',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => streamTenants.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    viewerId: uuid('viewer_id')
      .notNull()
      .references(() => viewers.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Whether anyone in chat may have read the code: its owner must confirm the claimant by name. */
    needsConfirm: boolean('needs_confirm').notNull().default(false),
    /** The viewer who typed a code that needs confirming, waiting for the owner's `!link yes <name>`. */
    claimedBy: uuid('claimed_by').references(() => viewers.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.code] })],
);

export const currencyReasons = [
  'watch',
  'message',
  'transfer',
  'grant',
  'command',
  'giveaway',
  'game',
  'bet',
  'merge',
  'refund',
] as const;
export type CurrencyReason = (typeof currencyReasons)[number];

export const currencyLedger = pgTable(
  'currency_ledger',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => streamTenants.id, { onDelete: 'cascade' }),
    viewerId: uuid('viewer_id')
      .notNull()
      .references(() => viewers.id, { onDelete: 'cascade' }),
    delta: bigint('delta', { mode: 'number' }).notNull(),
    balanceAfter: bigint('balance_after', { mode: 'number' }).notNull(),
    reason: text('reason', { enum: currencyReasons }).notNull(),
    /** What it was for: a command name, a giveaway id, the other side of a transfer… */
    ref: text('ref'),
    /** Who made it when it was not the viewer (a mod's grant, the studio). */
    actor: text('actor'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('currency_ledger_viewer_idx').on(t.viewerId, t.id),
    index('currency_ledger_tenant_idx').on(t.tenantId, t.id),
  ],
);
