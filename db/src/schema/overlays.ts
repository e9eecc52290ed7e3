/**
 * Alerts overlays: browser sources for OBS reached by a per-tenant secret URL (no login). The key
 * is kept sealed (the studio shows the URL again) and as a SHA-256 hash (the overlay page is found
 * by it); rotating replaces both. One template per alert kind.
 */
import { sql } from 'drizzle-orm';
import { boolean, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bytea } from './auth';
import { streamTenants } from './stream';

export const overlayKeys = pgTable(
  'overlay_keys',
  {
    tenantId: uuid('tenant_id')
      .primaryKey()
      .references(() => streamTenants.id, { onDelete: 'cascade' }),
    keyHash: bytea('key_hash').notNull(),
    /** The key sealed with ENCRYPTION_KEY. */
    keySealed: text('key_sealed').notNull(),
    rotatedAt: timestamp('rotated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('overlay_keys_hash_idx').on(t.keyHash)],
);

export const overlayKinds = [
  'follow',
  'sub',
  'gift',
  'raid',
  'cheer',
  'redemption',
  'giveaway_winner',
  'now_playing',
  'chat',
  'goal',
] as const;
export type OverlayKind = (typeof overlayKinds)[number];

export const overlayTemplates = pgTable(
  'overlay_templates',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => streamTenants.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: overlayKinds }).notNull(),
    /** {text, imageUrl, soundUrl, durationMs, animation, volume, …}: db/src/stream/overlays.ts. */
    template: jsonb('template').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    enabled: boolean('enabled').notNull().default(true),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.kind] })],
);
