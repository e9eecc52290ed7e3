/**
 * Fixtures for the tickets runner's tests: rows as functions leave them (guild, category, ticket),
 * a Discord message for the transcript's pure tests, and what the bot posted to the fake Discord
 * (e2e/fakes/discord) that the runner's tests talk to.
 */
import type { APIMessage } from 'discord-api-types/v10';
import type { FakeDiscord } from '../../../e2e/fakes/discord/server';

/** The bodies of the bot's messages that Discord accepted in a channel, in order. */
export function postsIn(discord: FakeDiscord, channelId: string): { body: Record<string, unknown> }[] {
  return discord.requests
    .filter(
      (r) => r.method === 'POST' && r.path === `/api/v10/channels/${channelId}/messages` && r.status === 200,
    )
    .map((r) => ({ body: r.body as Record<string, unknown> }));
}

export function fakeMessage(channelId: string, id: string, overrides: Partial<APIMessage> = {}): APIMessage {
  return {
    id,
    channel_id: channelId,
    type: 0,
    content: '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    author: {
      id: '200000000000000001',
      username: 'someone',
      global_name: null,
      discriminator: '0',
      avatar: null,
    },
    ...overrides,
  } as APIMessage;
}

type Sql = import('postgres').Sql;
type Row = Record<string, unknown>;

/** A random id in Discord's shape, for guilds, channels and users in tests. */
export const discordId = () =>
  String(
    100_000_000_000_000_000n +
      BigInt(Math.floor(Math.random() * 1e15)) * 1000n +
      BigInt(Math.floor(Math.random() * 1000)),
  );

export async function insertGuild(sql: Sql, values: Row = {}) {
  const row = { guild_id: discordId(), name: 'Rig City', ...values };
  await sql`insert into discord_guilds ${sql(row as never)}`;
  return row.guild_id as string;
}

export async function insertCategory(sql: Sql, guildId: string, values: Row = {}) {
  const row = { guild_id: guildId, name: `Support ${discordId().slice(-6)}`, ...values };
  const [inserted] = await sql<
    { id: string }[]
  >`insert into ticket_categories ${sql(row as never)} returning id`;
  return inserted!.id;
}

let ticketNumber = 0;

export async function insertTicket(sql: Sql, guildId: string, values: Row = {}) {
  ticketNumber += 1;
  const row = {
    guild_id: guildId,
    number: ticketNumber,
    opener_id: discordId(),
    opener_name: 'Ada',
    subject: 'My stream keeps dropping',
    ...values,
  };
  const [inserted] = await sql<{ id: string }[]>`insert into tickets ${sql(row as never)} returning id`;
  return inserted!.id;
}
