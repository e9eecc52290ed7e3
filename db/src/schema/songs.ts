/**
 * Song requests through Spotify: the queue per tenant, and the streamer's own Spotify app
 * credentials (Spotify allows 25 users per app in development mode, so each streamer may bring
 * their own). The streamer's Spotify account is an oauth_accounts row (provider 'spotify').
 */
import { bigserial, boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { viewers } from './currency';
import { streamTenants } from './stream';

export const songRequestStates = ['queued', 'playing', 'played', 'skipped', 'removed'] as const;

export const songRequests = pgTable(
  'song_requests',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => streamTenants.id, { onDelete: 'cascade' }),
    /** Spotify track id. */
    trackId: text('track_id').notNull(),
    title: text('title').notNull(),
    artists: text('artists').notNull(),
    durationMs: integer('duration_ms').notNull(),
    explicit: boolean('explicit').notNull().default(false),
    viewerId: uuid('viewer_id').references(() => viewers.id, { onDelete: 'set null' }),
    userName: text('user_name').notNull(),
    platform: text('platform', { enum: ['twitch', 'youtube', 'kick'] }),
    state: text('state', { enum: songRequestStates }).notNull().default('queued'),
    skipVotes: integer('skip_votes').notNull().default(0),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    playedAt: timestamp('played_at', { withTimezone: true }),
  },
  (t) => [index('song_requests_tenant_idx').on(t.tenantId, t.state, t.id)],
);

/** A streamer's own Spotify app (client id and the sealed secret). */
export const spotifyApps = pgTable('spotify_apps', {
  tenantId: uuid('tenant_id')
    .primaryKey()
    .references(() => streamTenants.id, { onDelete: 'cascade' }),
  clientId: text('client_id').notNull(),
  /** Sealed with ENCRYPTION_KEY, like OAuth tokens. */
  clientSecret: text('client_secret').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
