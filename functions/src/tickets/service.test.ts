/**
 * The ticket operations against PostgreSQL as the app role (RLS binding) and a recording Discord:
 * one claimer wins, numbers stay unique under concurrent opens, closing queues exactly one
 * transcript, non-staff are refused, and a failed Discord step leaves no half-made ticket.
 */
import { ApplicationCommandType } from 'discord-api-types/v10';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../lib/errors';
import { ticketDefinitions } from './definitions';
import { buildPanelMessage } from './panel';
import {
  type Actor,
  claimTicket,
  closeTicket,
  ensureGuild,
  openTicket,
  reopenTicket,
  replyToTicket,
  setPriority,
} from './service';
import { botUserId, depsFor, type TicketDiscord, ticketDatabase, ticketDiscord } from './testing';

const guildId = '200000000000000001';
const staffRole = '300000000000000001';
const opener = { id: '400000000000000001', name: 'Mia' };
const staff = (id: string, name: string): Actor => ({
  via: 'discord',
  id,
  name,
  member: { roles: [staffRole], permissions: '0' },
});
const member: Actor = {
  via: 'discord',
  id: '400000000000000009',
  name: 'Lurker',
  member: { roles: [], permissions: '0' },
};

let discord: TicketDiscord;
let database: Awaited<ReturnType<typeof ticketDatabase>>;
const deps = () => depsFor(database.db, discord.rest);

beforeAll(async () => {
  discord = await ticketDiscord();
  discord.fake.addGuild({ id: guildId, name: 'Rig City' });
  discord.fake.addRole(guildId, { id: staffRole, name: 'Staff' });
  discord.fake.addChannel(guildId, { id: '500000000000000001', name: 'Billing', type: 4 });
  database = await ticketDatabase();
  await ensureGuild(deps(), guildId);
  await database.owner`update discord_guilds set staff_role_ids = ${[staffRole]} where guild_id = ${guildId}`;
  await database.owner`insert into ticket_categories (guild_id, name, parent_channel_id, naming_pattern)
    values (${guildId}, 'Billing', '500000000000000001', '{category}-{number}')`;
});
afterAll(async () => {
  await discord.fake.close();
  await database.close();
});
beforeEach(() => discord.reset());

describe('ticket service', () => {
  it('creates the guild once, named from Discord', async () => {
    expect(await ensureGuild(deps(), guildId)).toBe(false);
    const [guild] = await database.owner`select name from discord_guilds where guild_id = ${guildId}`;
    expect(guild!.name).toBe('Rig City');
  });

  it('opens a private channel with the opening message, pinging only the opener and staff', async () => {
    const { ticket, channelId } = await openTicket(deps(), { guildId, opener, subject: 'Refund @everyone' });
    const create = discord.calls.find((c) => c.path === `/guilds/${guildId}/channels`)!;
    const body = create.body as {
      name: string;
      parent_id: string;
      permission_overwrites: { id: string; deny?: string; allow?: string }[];
    };
    expect(body.name).toBe(`billing-${String(ticket.number).padStart(4, '0')}`);
    expect(body.parent_id).toBe('500000000000000001');
    expect(body.permission_overwrites.find((o) => o.id === guildId)!.deny).toBe('1024');
    expect(body.permission_overwrites.map((o) => o.id)).toEqual([guildId, opener.id, staffRole, botUserId]);
    const message = discord.calls.find((c) => c.path === `/channels/${channelId}/messages`)!.body as {
      content: string;
      allowed_mentions: unknown;
      components: { components: { custom_id: string }[] }[];
    };
    expect(message.allowed_mentions).toEqual({ parse: [], users: [opener.id], roles: [staffRole] });
    expect(message.content).toBe(`<@${opener.id}> <@&${staffRole}>`);
    expect(message.components[0]!.components.map((b) => b.custom_id)).toEqual([
      `ticket:claim:${ticket.id}`,
      `ticket:close:${ticket.id}`,
    ]);
    const [row] = await database.owner`select channel_id from tickets where id = ${ticket.id}`;
    expect(row!.channel_id).toBe(channelId);
  });

  it('gives 20 concurrent opens 20 different numbers', async () => {
    const opened = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        openTicket(deps(), {
          guildId,
          opener: { id: `41000000000000000${n % 10}`, name: `user${n}` },
          subject: `s${n}`,
        }),
      ),
    );
    const numbers = opened.map((o) => o.ticket.number);
    expect(new Set(numbers).size).toBe(20);
    const [{ count }] =
      (await database.owner`select count(distinct number)::int as count from tickets where guild_id = ${guildId}`) as unknown as [
        { count: number },
      ];
    const [{ total }] =
      (await database.owner`select count(*)::int as total from tickets where guild_id = ${guildId}`) as unknown as [
        { total: number },
      ];
    expect(count).toBe(total);
  });

  it('lets exactly one of two simultaneous claims win and tells the other who has it', async () => {
    const { ticket } = await openTicket(deps(), { guildId, opener, subject: 'race' });
    const results = await Promise.allSettled([
      claimTicket(deps(), guildId, ticket.id, staff('600000000000000001', 'Ada')),
      claimTicket(deps(), guildId, ticket.id, staff('600000000000000002', 'Bo')),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(ApiError);
    const [row] = await database.owner`select claimed_by from tickets where id = ${ticket.id}`;
    const winner = row!.claimed_by === '600000000000000001' ? 'Ada' : 'Bo';
    expect(lost[0]!.reason.message).toBe(`Already claimed by ${winner}.`);
    const events =
      await database.owner`select kind from ticket_events where ticket_id = ${ticket.id} and kind = 'claimed'`;
    expect(events).toHaveLength(1);
  });

  it('refuses members without a staff role, and lets Manage Server through', async () => {
    const { ticket } = await openTicket(deps(), { guildId, opener, subject: 'perm' });
    await expect(claimTicket(deps(), guildId, ticket.id, member)).rejects.toMatchObject({ status: 403 });
    await expect(setPriority(deps(), guildId, ticket.id, member, 'urgent')).rejects.toMatchObject({
      status: 403,
    });
    const [row] = await database.owner`select claimed_by, priority from tickets where id = ${ticket.id}`;
    expect(row).toEqual({ claimed_by: null, priority: 'normal' });
    const manager: Actor = { ...member, member: { roles: [], permissions: String(1 << 5) } };
    await expect(setPriority(deps(), guildId, ticket.id, manager, 'high')).resolves.toMatchObject({
      priority: 'high',
    });
  });

  it('closes with exactly one transcript job, queued in the same transaction', async () => {
    const { ticket } = await openTicket(deps(), { guildId, opener, subject: 'close me' });
    const ada = staff('600000000000000001', 'Ada');
    await closeTicket(deps(), guildId, ticket.id, ada, 'Solved');
    await expect(closeTicket(deps(), guildId, ticket.id, ada, 'again')).rejects.toMatchObject({
      status: 409,
    });
    const jobs =
      await database.owner`select payload from jobs where runner = 'tickets' and kind = 'transcript'
      and payload->>'ticketId' = ${ticket.id}`;
    expect(jobs.map((j) => j.payload)).toEqual([{ ticketId: ticket.id, guildId }]);
    const [row] =
      await database.owner`select status, close_reason, closed_by from tickets where id = ${ticket.id}`;
    expect(row).toEqual({ status: 'closed', close_reason: 'Solved', closed_by: ada.id });

    // A close that fails after the job insert leaves neither the status nor the job behind.
    const { ticket: other } = await openTicket(deps(), { guildId, opener, subject: 'rollback' });
    await database.owner`create or replace function refuse_close() returns trigger language plpgsql as $$
      begin if new.kind = 'closed' then raise exception 'refused'; end if; return new; end $$`;
    await database.owner`create trigger refuse_close before insert on ticket_events for each row execute function refuse_close()`;
    try {
      await expect(closeTicket(deps(), guildId, other.id, ada, null)).rejects.toThrow();
    } finally {
      await database.owner`drop trigger refuse_close on ticket_events`;
    }
    const [still] = await database.owner`select status from tickets where id = ${other.id}`;
    expect(still!.status).toBe('open');
    expect(await database.owner`select 1 from jobs where payload->>'ticketId' = ${other.id}`).toHaveLength(0);
  });

  it('reopens while the channel exists and calls off the transcript, and refuses once the channel is gone', async () => {
    const ada = staff('600000000000000001', 'Ada');
    const { ticket, channelId } = await openTicket(deps(), { guildId, opener, subject: 'reopen' });
    await closeTicket(deps(), guildId, ticket.id, ada, null);
    await expect(reopenTicket(deps(), guildId, ticket.id, ada)).resolves.toMatchObject({ status: 'open' });
    expect(await database.owner`select 1 from jobs where payload->>'ticketId' = ${ticket.id}`).toHaveLength(
      0,
    );
    await closeTicket(deps(), guildId, ticket.id, ada, null);
    discord.fake.state.channels.delete(channelId);
    await expect(reopenTicket(deps(), guildId, ticket.id, ada)).rejects.toMatchObject({ status: 409 });
  });

  it('removes the ticket again when Discord refuses the channel or the message', async () => {
    const before = await database.owner`select count(*)::int as n from tickets`;
    discord.fake.outage('POST /guilds/:guild_id/channels', 403);
    await expect(openTicket(deps(), { guildId, opener, subject: 'no channel' })).rejects.toMatchObject({
      status: 403,
    });
    discord.reset();
    discord.fake.outage('POST /channels/:channel_id/messages', 403);
    await expect(openTicket(deps(), { guildId, opener, subject: 'no message' })).rejects.toMatchObject({
      status: 403,
    });
    const created = discord.calls.find((c) => c.path === `/guilds/${guildId}/channels`);
    expect(created).toBeDefined();
    expect(discord.calls.some((c) => c.method === 'DELETE' && /^\/channels\/\d+$/.test(c.path))).toBe(true);
    const after = await database.owner`select count(*)::int as n from tickets`;
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('posts desk replies as the bot and records the first response once', async () => {
    const { ticket, channelId } = await openTicket(deps(), { guildId, opener, subject: 'reply' });
    const desk: Actor = { via: 'desk', id: '600000000000000003', name: 'Cy' };
    await replyToTicket(deps(), guildId, ticket.id, desk, 'Hello <@&1> there');
    const post = discord.calls.filter((c) => c.path === `/channels/${channelId}/messages`).at(-1)!.body as {
      embeds: { author: { name: string }; description: string }[];
      allowed_mentions: unknown;
    };
    expect(post.embeds[0]).toMatchObject({ author: { name: 'Cy' }, description: 'Hello <@&1> there' });
    expect(post.allowed_mentions).toEqual({ parse: [] });
    const [first] = await database.owner`select first_response_at from tickets where id = ${ticket.id}`;
    await replyToTicket(deps(), guildId, ticket.id, desk, 'Again');
    const [second] = await database.owner`select first_response_at from tickets where id = ${ticket.id}`;
    expect(second!.first_response_at).toEqual(first!.first_response_at);
    const replies =
      await database.owner`select body from ticket_events where ticket_id = ${ticket.id} and kind = 'reply' order by id`;
    expect(replies.map((r) => r.body)).toEqual(['Hello <@&1> there', 'Again']);
  });
});

describe('ticket messages and commands', () => {
  it('lays out at most five buttons a row and one select for select panels', () => {
    const categories = Array.from({ length: 7 }, (_, n) => ({
      id: `00000000-0000-4000-8000-00000000000${n}`,
      name: `Cat ${n}`,
      description: null,
      emoji: n === 0 ? '<:rig:123456789012345678>' : null,
    }));
    const buttons = buildPanelMessage({ title: 'Help', description: null, style: 'buttons' }, categories);
    const rows = buttons.components as { components: { custom_id: string; emoji?: unknown }[] }[];
    expect(rows.map((r) => r.components.length)).toEqual([5, 2]);
    expect(rows[0]!.components[0]).toMatchObject({
      custom_id: `ticket:open:${categories[0]!.id}`,
      emoji: { name: 'rig', id: '123456789012345678', animated: false },
    });
    const select = buildPanelMessage({ title: 'Help', description: null, style: 'select' }, categories);
    const menu = (select.components as { components: { custom_id: string; options: unknown[] }[] }[])[0]!
      .components[0]!;
    expect(menu.custom_id).toBe('ticket:open');
    expect(menu.options).toHaveLength(7);
  });

  it('registers /ticket and the message menu as guild-only commands', () => {
    const [slash, menu] = ticketDefinitions;
    expect(slash).toMatchObject({ name: 'ticket', contexts: [0], dm_permission: false });
    expect(menu).toMatchObject({ type: ApplicationCommandType.Message, name: 'Open ticket from message' });
  });
});
