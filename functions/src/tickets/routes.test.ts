/**
 * The desk's ticket routes: a guild's staff see and work only that guild's tickets (another
 * guild's ticket id is not found and stays untouched), search finds by number, subject or opener,
 * transcripts are served sandboxed, and replies go to Discord as the bot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, owner } from '../../test/harness';
import { memberCookie } from '../monitors/testing';
import { botUserId, type TicketDiscord, ticketDiscord } from './testing';

const guildA = '210000000000000001';
const guildB = '220000000000000002';
const staffDiscordId = '610000000000000001';

type Harness = Awaited<ReturnType<typeof createHarness>>;
let h: Harness;
let discord: TicketDiscord;
let cookie = '';
let sql: import('postgres').Sql;
const ids: Record<string, string> = {};

async function insertTicket(
  guildId: string,
  number: number,
  subject: string,
  openerName: string,
  channelId: string,
) {
  const [row] = await sql`insert into tickets (guild_id, number, opener_id, opener_name, subject, channel_id)
    values (${guildId}, ${number}, '410000000000000001', ${openerName}, ${subject}, ${channelId}) returning id`;
  return row!.id as string;
}

beforeAll(async () => {
  discord = await ticketDiscord();
  h = await createHarness({
    DISCORD_BOT_TOKEN: discord.fake.botToken,
    DISCORD_APPLICATION_ID: botUserId,
    DISCORD_BASE_URL: discord.fake.url,
  });
  expect((await h.call('POST', '/api/auth/setup', { body: owner })).status).toBe(201);
  cookie = await memberCookie(h, 'boris');
  const { default: postgres } = await import('postgres');
  sql = postgres(h.ownerUrl, { max: 1, onnotice: () => {} });
  await sql`insert into discord_guilds (guild_id, name) values (${guildA}, 'A'), (${guildB}, 'B')`;
  const [user] = await sql`select id from users where username = 'boris'`;
  await sql`insert into oauth_accounts (user_id, provider, provider_user_id, username)
    values (${user!.id}, 'discord', ${staffDiscordId}, 'bo')`;
  await sql`insert into discord_guild_access (user_id, guild_id, level) values (${user!.id}, ${guildB}, 'staff')`;
  // Discord knows guild B's ticket channel, so replies can be posted there.
  discord.fake.addGuild({ id: guildB, name: 'B' });
  const channel = discord.fake.addChannel(guildB, { name: 'x' });
  ids.a = await insertTicket(guildA, 1, 'Secret of guild A', 'Ann', '700000000000000001');
  ids.b1 = await insertTicket(guildB, 1, 'Refund for order', 'Mia', channel.id);
  ids.b2 = await insertTicket(guildB, 2, 'Cannot log in', 'Zed', channel.id);
  ids.b3 = await insertTicket(guildB, 3, 'Another refund', 'Lou', channel.id);
  await sql`insert into ticket_transcripts (ticket_id, guild_id, html, text, message_count)
    values (${ids.b1!}, ${guildB}, '<p>hi</p>', 'hi', 1)`;
});
afterAll(async () => {
  await sql?.end();
  await discord?.fake.close();
});

const call = (method: string, path: string, body?: unknown) => h.call(method, path, { cookie, body });

describe('/api/desk/guilds/:guildId/tickets', () => {
  it("answers 404 for another guild's ticket, by either guild's path, and changes nothing", async () => {
    const before = await sql`select status, claimed_by, priority from tickets where id = ${ids.a!}`;
    for (const guild of [guildB, guildA]) {
      const base = `/api/desk/guilds/${guild}/tickets/${ids.a}`;
      expect((await call('GET', base)).status).toBe(404);
      expect((await call('POST', `${base}/actions`, { action: 'close', reason: 'x' })).status).toBe(404);
      expect((await call('POST', `${base}/actions`, { action: 'claim' })).status).toBe(404);
      expect((await call('POST', `${base}/notes`, { body: 'peek' })).status).toBe(404);
      expect((await call('POST', `${base}/replies`, { body: 'hello' })).status).toBe(404);
    }
    expect(await sql`select status, claimed_by, priority from tickets where id = ${ids.a!}`).toEqual(before);
    expect(await sql`select 1 from ticket_events where ticket_id = ${ids.a!}`).toHaveLength(0);
    expect(await sql`select 1 from jobs where payload->>'ticketId' = ${ids.a!}`).toHaveLength(0);
    expect(discord.calls.filter((c) => c.path.includes('700000000000000001'))).toHaveLength(0);
    const list = await call('GET', `/api/desk/guilds/${guildB}/tickets?status=all`);
    expect(list.json.tickets.map((t: { id: string }) => t.id)).not.toContain(ids.a);
  });

  it('searches by number, subject or opener and pages by number', async () => {
    const base = `/api/desk/guilds/${guildB}/tickets`;
    const numbers = async (query: string) =>
      (await call('GET', `${base}${query}`)).json.tickets.map((t: { number: number }) => t.number);
    expect(await numbers('?q=refund')).toEqual([3, 1]);
    expect(await numbers('?q=%232')).toEqual([2]);
    expect(await numbers('?q=zed')).toEqual([2]);
    const first = await call('GET', `${base}?limit=2`);
    expect(first.json.tickets.map((t: { number: number }) => t.number)).toEqual([3, 2]);
    expect(first.json.nextBefore).toBe(2);
    const rest = await call('GET', `${base}?limit=2&before=2`);
    expect(rest.json).toMatchObject({
      nextBefore: null,
      tickets: [{ number: 1, subject: 'Refund for order' }],
    });
  });

  it('records notes without Discord, replies through the bot, and audits both', async () => {
    const base = `/api/desk/guilds/${guildB}/tickets/${ids.b2}`;
    discord.reset();
    expect((await call('POST', `${base}/notes`, { body: 'VIP customer' })).status).toBe(201);
    expect(discord.calls).toHaveLength(0);
    const reply = await call('POST', `${base}/replies`, { body: 'On it' });
    expect(reply.status).toBe(201);
    expect(discord.calls.at(-1)!.body).toMatchObject({
      embeds: [{ author: { name: 'bo' }, description: 'On it' }],
    });
    const view = await call('GET', base);
    expect(view.json.events.map((e: { kind: string; actorId: string }) => [e.kind, e.actorId])).toEqual([
      ['note', staffDiscordId],
      ['reply', staffDiscordId],
    ]);
    expect(view.json.ticket.firstResponseAt).not.toBeNull();
    const [audit] = await sql`select count(*)::int as n from audit_log
      where action in ('desk.ticket.note', 'desk.ticket.reply') and target = ${ids.b2!}`;
    expect(audit!.n).toBe(2);
  });

  it('serves the transcript sandboxed as HTML, or as plain text', async () => {
    const base = `/api/desk/guilds/${guildB}/tickets/${ids.b1}/transcript`;
    const html = await call('GET', base);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-security-policy')).toBe(
      "sandbox; default-src 'none'; img-src https: data:; style-src 'unsafe-inline'",
    );
    expect(html.headers.get('content-type')).toContain('text/html');
    const text = await call('GET', `${base}?format=text`);
    expect(text.headers.get('content-type')).toContain('text/plain');
    expect(text.json).toBe('hi');
    expect((await call('GET', `/api/desk/guilds/${guildB}/tickets/${ids.b2}/transcript`)).status).toBe(404);
  });

  it('refuses panel publishing to staff who are not admins', async () => {
    const res = await call(
      'POST',
      `/api/desk/guilds/${guildB}/panels/00000000-0000-4000-8000-000000000000/publish`,
    );
    expect(res.status).toBe(403);
  });
});
