import { freshDatabase } from '@homelab/infra/test/fresh-database';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordGuilds, tickets } from '../schema';
import { createPool, type Pool } from './pool';
import { withTenant } from './tenant';

let system: Pool;
let tenant: Pool;
let owner: postgres.Sql;

beforeAll(async () => {
  const { appUrl, ownerUrl } = await freshDatabase();
  system = createPool(appUrl, { max: 2 });
  tenant = createPool(appUrl, { max: 2, scope: 'tenant' });
  owner = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  await system.db.insert(discordGuilds).values([
    { guildId: '100000000000000001', name: 'Rig City' },
    { guildId: '100000000000000002', name: 'Elsewhere' },
  ]);
  await system.db.insert(tickets).values([
    { guildId: '100000000000000001', number: 1, openerId: '1', openerName: 'ann', subject: 'a' },
    { guildId: '100000000000000002', number: 1, openerId: '2', openerName: 'bob', subject: 'b' },
  ]);
});

afterAll(async () => {
  await Promise.all([system.sql.end(), tenant.sql.end(), owner.end()]);
});

describe('tenant isolation in PostgreSQL', () => {
  it('guards every table that carries a guild_id with Row-Level Security the app role cannot skip', async () => {
    const rows = await owner<{ table: string; rls: boolean; owner: string }[]>`
      select c.relname as table, c.relrowsecurity as rls, pg_get_userbyid(c.relowner) as owner
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r'
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'guild_id' and not a.attisdropped)
        and c.relname <> 'discord_interactions'`;
    expect(rows.map((r) => r.table).sort()).toEqual(
      [
        'discord_guild_access',
        'discord_guilds',
        'go_live_sessions',
        'go_live_streamers',
        'ticket_categories',
        'ticket_events',
        'ticket_panels',
        'ticket_transcripts',
        'tickets',
      ].sort(),
    );
    for (const row of rows) expect(row, row.table).toMatchObject({ rls: true });
    const [app] = await tenant.sql<{ user: string; bypass: boolean; superuser: boolean }[]>`
      select current_user as user, rolbypassrls as bypass, rolsuper as superuser from pg_roles where rolname = current_user`;
    expect(app).toMatchObject({ bypass: false, superuser: false });
    for (const row of rows) expect(row.owner).not.toBe(app?.user);
  });

  it('guards every table of a stream bot tenant the same way', async () => {
    const rows = await owner<{ table: string; rls: boolean }[]>`
      select c.relname as table, c.relrowsecurity as rls
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r'
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)`;
    expect(rows.map((r) => r.table).sort()).toEqual(
      [
        'chat_events',
        'chat_leases',
        'stream_channels',
        'stream_notices',
        // The chat features (migration 0008).
        'bot_settings',
        'bot_commands',
        'bot_counters',
        'bot_quotes',
        'bot_timers',
        'bot_keywords',
        'bot_viewer_queue',
        'viewers',
        'viewer_identities',
        'viewer_link_codes',
        'currency_ledger',
        'giveaways',
        'giveaway_entries',
        'giveaway_winners',
        'polls',
        'poll_votes',
        'stream_sessions',
        'stream_samples',
        // AI, moderation, song requests and overlays (migration 0011).
        'ai_personas',
        'ai_usage',
        'ai_facts',
        'mod_actions',
        'mod_allowlist',
        'song_requests',
        'spotify_apps',
        'overlay_keys',
        'overlay_templates',
      ].sort(),
    );
    for (const row of rows) expect(row, row.table).toMatchObject({ rls: true });
    const [tenants] = await owner<
      { rls: boolean }[]
    >`select relrowsecurity as rls from pg_class where relname = 'stream_tenants'`;
    expect(tenants?.rls).toBe(true);
  });

  it('shows a request only the guilds its transaction names, even when the query has no WHERE', async () => {
    const seen = await withTenant(tenant.db, { guildIds: ['100000000000000001'] }, (tx) =>
      tx.select({ guildId: tickets.guildId }).from(tickets),
    );
    expect(seen).toEqual([{ guildId: '100000000000000001' }]);
    expect(await tenant.db.select().from(tickets)).toEqual([]);
  });

  it('refuses to write a row into a guild the transaction does not name, and keeps the rest', async () => {
    const attempt = withTenant(tenant.db, { guildIds: ['100000000000000001'] }, (tx) =>
      tx
        .insert(tickets)
        .values({ guildId: '100000000000000002', number: 2, openerId: '1', openerName: 'x', subject: 'x' }),
    );
    const error = await attempt.then(
      () => null,
      (e: Error & { cause?: Error }) => e,
    );
    // drizzle wraps the driver's error; PostgreSQL's own words are in the cause.
    expect(error?.cause?.message ?? error?.message).toMatch(/row-level security/);
    const changed = await withTenant(tenant.db, { guildIds: ['100000000000000001'] }, (tx) =>
      tx.update(tickets).set({ subject: 'changed' }).returning({ guildId: tickets.guildId }),
    );
    expect(changed).toEqual([{ guildId: '100000000000000001' }]);
    const [other] = await system.sql<
      { subject: string }[]
    >`select subject from tickets where guild_id = '100000000000000002'`;
    expect(other?.subject).toBe('b');
  });

  it('lets runners, which act for every guild, see all of them', async () => {
    const all = await system.db.select({ guildId: tickets.guildId }).from(tickets);
    expect(all).toHaveLength(2);
  });

  it('rejects a scope that is not a list of guild ids', () => {
    expect(() => withTenant(tenant.db, { guildIds: ["1' or true --"] }, async () => 0)).toThrow(/guild id/);
  });
});
