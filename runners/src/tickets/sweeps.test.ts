import { createPool, type Pool } from '@homelab/db/client/pool';
import { createDiscordRest } from '@homelab/db/discord/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../../../e2e/fakes/discord/server';
import type { Config } from '../config';
import { createLogger } from '../log';
import { privateDatabaseUrl } from '../testing/database';
import { startTickets, type TicketsRunnerHandle } from './service';
import { discordId, insertCategory, insertGuild, insertTicket, postsIn } from './testing';

let url: string;
let pool: Pool;
let other: Pool;
let discord: FakeDiscord;
const log = createLogger({ level: 'error' });
const handles: TicketsRunnerHandle[] = [];
// Monday 2030-01-07, 12:00 UTC.
let clock = new Date('2030-01-07T12:00:00Z');
const hoursBefore = (h: number) => new Date(clock.getTime() - h * 3_600_000).toISOString();
const minutesBefore = (m: number) => new Date(clock.getTime() - m * 60_000).toISOString();

async function runnerOn(p: Pool, withToken = true) {
  const handle = await startTickets(
    {
      pool: p,
      log,
      config: {
        discord: { botToken: withToken ? discord.botToken : undefined, baseUrl: discord.url },
      } as Config,
      signal: new AbortController().signal,
      crash: () => {},
    },
    {
      schedule: false,
      now: () => clock,
      ...(withToken
        ? { rest: createDiscordRest({ token: discord.botToken, baseUrl: discord.url, maxRetries: 0 }) }
        : {}),
    },
  );
  handles.push(handle);
  return handle;
}

beforeAll(async () => {
  // Sweeps reach every guild's tickets: this file gets a database of its own.
  url = await privateDatabaseUrl();
  pool = createPool(url, { max: 4 });
  other = createPool(url, { max: 4 });
  discord = await startFakeDiscord();
});
afterAll(async () => {
  await Promise.all(handles.map((h) => h.stop()));
  await discord?.close();
  await pool?.sql.end({ timeout: 5 });
  await other?.sql.end({ timeout: 5 });
});

describe('auto-close', () => {
  it('closes an idle ticket exactly once when two runner processes sweep at the same time', async () => {
    const guildId = await insertGuild(pool.sql, { auto_close_hours: 48 });
    const quietGuild = await insertGuild(pool.sql);
    const idle = await insertTicket(pool.sql, guildId, {
      status: 'awaiting_user',
      last_activity_at: hoursBefore(49),
    });
    const busy = await insertTicket(pool.sql, guildId, { last_activity_at: hoursBefore(47) });
    const noLimit = await insertTicket(pool.sql, quietGuild, { last_activity_at: hoursBefore(500) });
    const [a, b] = [await runnerOn(pool, false), await runnerOn(other, false)];

    const results = await Promise.all([a.sweep(), b.sweep()]);
    expect(results.map((r) => r.autoClosed).sort()).toEqual([0, 1]);

    const rows = await pool.sql<
      { id: string; status: string; close_reason: string | null; closed_by: string | null }[]
    >`
      select id, status, close_reason, closed_by from tickets where id in ${pool.sql([idle, busy, noLimit])}`;
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId[idle]).toMatchObject({
      status: 'closed',
      close_reason: 'Closed after 48 hours without activity',
      closed_by: null,
    });
    expect(byId[busy]!.status).toBe('open');
    expect(byId[noLimit]!.status).toBe('open');
    const events = await pool.sql`select kind from ticket_events where ticket_id = ${idle}`;
    expect(events.map((e) => e.kind)).toEqual(['closed']);
    const jobs =
      await pool.sql`select payload from jobs where runner = 'tickets' and kind = 'transcript' and payload->>'ticketId' = ${idle}`;
    expect(jobs.map((j) => j.payload)).toEqual([{ ticketId: idle, guildId }]);
    // Without a token the data still changes; Discord work waits.
    expect(a.detail!()).toMatchObject({ configured: false, lastSweepAt: clock.toISOString() });
    expect(Number(a.detail!().autoClosed) + Number(b.detail!().autoClosed)).toBe(1);
    expect(await a.sweep()).toEqual({ autoClosed: 0, escalated: 0 });
  });
});

describe('SLA escalation', () => {
  async function breachingTicket(
    guild: Record<string, unknown> = {},
    category: Record<string, unknown> = {},
  ) {
    const roleId = discordId();
    const discordGuild = discord.addGuild({ name: 'Rig City' });
    const guildId = await insertGuild(pool.sql, {
      guild_id: discordGuild.id,
      timezone: 'America/New_York',
      ...guild,
    });
    const categoryId = await insertCategory(pool.sql, guildId, {
      sla_first_response_minutes: 30,
      escalation_role_id: roleId,
      ...category,
    });
    const channelId = discord.addChannel(guildId, { name: 'ticket' }).id;
    const ticketId = await insertTicket(pool.sql, guildId, {
      category_id: categoryId,
      channel_id: channelId,
      created_at: minutesBefore(45),
      last_activity_at: minutesBefore(45),
    });
    return { guildId, ticketId, channelId, roleId };
  }

  it('pings only the escalation role, once, even with two runner processes sweeping', async () => {
    const t = await breachingTicket();
    const [a, b] = [await runnerOn(pool), await runnerOn(other)];
    await Promise.all([a.sweep(), b.sweep()]);
    await a.sweep();

    const posts = postsIn(discord, t.channelId);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.content).toContain(`<@&${t.roleId}>`);
    expect(posts[0]!.body.allowed_mentions).toEqual({ parse: [], roles: [t.roleId] });
    const [ticket] =
      await pool.sql`select (extract(epoch from escalated_at) * 1000)::float8 as at from tickets where id = ${t.ticketId}`;
    expect(ticket!.at).toBe(clock.getTime());
    const events = await pool.sql`select kind, detail from ticket_events where ticket_id = ${t.ticketId}`;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'escalated', detail: { sla: 'first_response' } });
  });

  it('does not escalate a ticket that had its first response or is not yet past the target', async () => {
    const answered = await breachingTicket();
    await pool.sql`update tickets set first_response_at = ${minutesBefore(40)} where id = ${answered.ticketId}`;
    const young = await breachingTicket({}, { sla_first_response_minutes: 60 });
    await (await runnerOn(pool)).sweep();
    expect(postsIn(discord, answered.channelId)).toHaveLength(0);
    expect(postsIn(discord, young.channelId)).toHaveLength(0);
  });

  it('waits outside the guild support hours and pings once they begin', async () => {
    const saved = clock;
    try {
      // 07:00 in New York on Monday, before the 09:00–17:00 window.
      clock = new Date('2030-01-07T12:00:00Z');
      const t = await breachingTicket();
      await pool.sql`update discord_guilds set support_hours = ${JSON.stringify({ days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' })}::jsonb where guild_id = ${t.guildId}`;
      const runner = await runnerOn(pool);
      await runner.sweep();
      expect(postsIn(discord, t.channelId)).toHaveLength(0);
      clock = new Date('2030-01-07T14:30:00Z');
      await runner.sweep();
      expect(postsIn(discord, t.channelId)).toHaveLength(1);
    } finally {
      clock = saved;
    }
  });

  it('escalates a missed resolution target once, recording it in the event detail', async () => {
    const t = await breachingTicket({}, { sla_first_response_minutes: null, sla_resolution_minutes: 40 });
    await pool.sql`update tickets set first_response_at = ${minutesBefore(44)} where id = ${t.ticketId}`;
    const runner = await runnerOn(pool);
    await runner.sweep();
    await runner.sweep();
    const posts = postsIn(discord, t.channelId);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.content).toMatch(/resolution target/);
    const events =
      await pool.sql`select detail from ticket_events where ticket_id = ${t.ticketId} and kind = 'escalated'`;
    expect(events.map((e) => (e.detail as { sla: string }).sla)).toEqual(['resolution']);
    expect(runner.detail!()).toMatchObject({ configured: true, escalated: 1 });
  });
});
