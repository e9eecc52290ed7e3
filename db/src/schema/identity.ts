/**
 * Outside accounts linked to a person: how guests sign in (Discord for the ticket desk; Twitch,
 * Google and Kick for the stream bot) and the tokens the system acts with. One platform account
 * belongs to one person only, so it cannot be linked to a second one (account hijack).
 */
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';

export const oauthProviders = ['discord', 'twitch', 'google', 'kick', 'spotify'] as const;
export type OAuthProvider = (typeof oauthProviders)[number];

export const oauthAccountStates = ['connected', 'disconnected'] as const;
export type OAuthAccountState = (typeof oauthAccountStates)[number];

export const oauthAccounts = pgTable(
  'oauth_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    provider: text('provider', { enum: oauthProviders }).notNull(),
    providerUserId: text('provider_user_id').notNull(),
    username: text('username').notNull(),
    avatarUrl: text('avatar_url'),
    /** Sealed with ENCRYPTION_KEY (db/src/crypto.ts, the row id as associated data). */
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    tokenExpiresAt: timestamp('token_expires_at', { withTimezone: true }),
    scopes: text('scopes').array().notNull().default([]),
    state: text('state', { enum: oauthAccountStates }).notNull().default('connected'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('oauth_accounts_provider_user_idx').on(t.provider, t.providerUserId),
    uniqueIndex('oauth_accounts_user_provider_idx').on(t.userId, t.provider),
    index('oauth_accounts_expiry_idx').on(t.tokenExpiresAt),
  ],
);
