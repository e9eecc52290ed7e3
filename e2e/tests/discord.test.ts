/**
 * The Discord bot through the whole stack: workerd answers signed interactions from the fake
 * Discord, the tickets runner finishes closed tickets, and the discord runner announces a streamer
 * from a gateway presence. The guild is set up the way an admin would: signed in to the desk
 * through Discord's OAuth, then settings, a category and a panel through the desk API.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type FakeDiscord,
  type FakeUser,
  startFakeDiscord,
  twitchActivity,
  youtubeActivity,
} from '../fakes/discord/server';
import { deskSignIn } from '../support/desk';
import { startTestStack } from '../support/stack';
import { until } from '../support/until';

type Api = Awaited<ReturnType<typeof deskSignIn>>;
type Json = Record<string, unknown> & { type: number; data?: Record<string, unknown> };

let fake: FakeDiscord;
let stack: Awaited<ReturnType<typeof startTestStack>>;
let admin: Api;
let sql: postgres.Sql;
let endpoint: string;

const ids = {
  guild: '',
  general: '',
  transcripts: '',
  goLive: '',
  ticketsParent: '',
  staffRole: '',
  alertsRole: '',
  category: '',
};
const people = {} as Record<'owner' | 'staff' | 'staff2' | 'member' | 'streamer', FakeUser>;

const ephemeral = 64;
const viewChannel = 1024n;

const at = (channelId: string, user: FakeUser) => ({ guildId: ids.guild, channelId, userId: user.id });

async function deliver(
  payload: Record<string, unknown>,
  options?: Parameters<FakeDiscord['interactions']['send']>[2],
) {
  const res = await fake.interactions.send(endpoint, payload, options);
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : null) as Json };
}

const api = (path: string) => `/api/desk/guilds/${ids.guild}${path}`;

async function listTickets(status = 'all') {
  const res = await admin.call('GET', api(`/tickets?status=${status}`));
  expect(res.status).toBe(200);
  return res.json.tickets as { id: string; number: number; status: string; channelId: string | null }[];
}

/** The edit that finishes a deferred open: "Ticket #n is open: <#channel>". */
async function openedChannel(interactionId: string) {
  const edit = await until(
    'the deferred answer to be finished',
    () => fake.interactions.responses(interactionId).find((r) => r.kind === 'edit'),
    (r) => r !== undefined,
  );
  const content = String((edit!.body as { content?: string }).content);
  const channelId = /<#(\d+)>/.exec(content)?.[1];
  if (!channelId) throw new Error(`the deferred answer names no channel: ${content}`);
  return channelId;
}

const ticketIdIn = (channelId: string) => {
  const opening = fake.messages(channelId)[0];
  const claim = JSON.stringify(opening?.components ?? []).match(/ticket:claim:([0-9a-f-]{36})/);
  if (!claim) throw new Error('the opening message has no Claim button');
  return claim[1]!;
};

beforeAll(async () => {
  fake = await startFakeDiscord({ heartbeatInterval: 5_000 });
  people.owner = fake.addUser({ username: 'rig-owner', globalName: 'Rig Owner' });
  const guild = fake.addGuild({ name: 'Rig City', ownerId: people.owner.id });
  ids.guild = guild.id;
  ids.general = guild.defaultChannelId;
  ids.staffRole = fake.addRole(guild.id, { name: 'Support' }).id;
  ids.alertsRole = fake.addRole(guild.id, { name: 'Stream alerts', mentionable: true }).id;
  ids.transcripts = fake.addChannel(guild.id, { name: 'transcripts' }).id;
  ids.goLive = fake.addChannel(guild.id, { name: 'going-live' }).id;
  ids.ticketsParent = fake.addChannel(guild.id, { name: 'Tickets', type: 4 }).id;
  for (const [key, name, roles] of [
    ['staff', 'helper-one', [ids.staffRole]],
    ['staff2', 'helper-two', [ids.staffRole]],
    ['member', 'plain-member', []],
    ['streamer', 'streamer', []],
  ] as const) {
    people[key] = fake.addUser({ username: name });
    fake.addMember(guild.id, people[key].id, [...roles]);
  }

  stack = await startTestStack({
    adminUrl: inject('e2eAdminUrl'),
    label: 'discord',
    env: {
      DISCORD_BASE_URL: fake.url,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_PUBLIC_KEY: fake.publicKey,
      DISCORD_BOT_TOKEN: fake.botToken,
      DISCORD_CLIENT_SECRET: fake.clientSecret,
    },
  });
  endpoint = `${stack.url}/discord/interactions`;
  sql = postgres(stack.ownerUrl, { max: 2, onnotice: () => {} });

  admin = await deskSignIn(stack.url, fake, people.owner.id);
  const me = await admin.call('GET', '/api/desk/me');
  expect(me.json.guilds).toEqual([expect.objectContaining({ guildId: ids.guild, level: 'admin' })]);
  const settings = await admin.call('PATCH', api(''), {
    staffRoleIds: [ids.staffRole],
    transcriptChannelId: ids.transcripts,
    surveyEnabled: true,
    goLiveChannelId: ids.goLive,
    goLiveMentionRoleId: ids.alertsRole,
    goLiveTemplate: '{role} {streamer} is live: {title} {url}',
  });
  expect(settings.status).toBe(200);
  const category = await admin.call('POST', api('/categories'), {
    name: 'General help',
    parentChannelId: ids.ticketsParent,
  });
  expect(category.status).toBe(201);
  ids.category = category.json.id;
});

afterAll(async () => {
  await sql?.end();
  await stack?.stop();
  await fake?.close();
});

describe('the interactions endpoint in workerd', () => {
  it('refuses missing, invalid and stale signatures with 401 and records nothing', async () => {
    const before = await listTickets();
    const attempts = [
      { omitSignature: true },
      { badSignature: true },
      { timestamp: String(Math.floor(Date.now() / 1000) - 5 * 60 - 5) },
    ];
    for (const options of attempts) {
      const payload = fake.interactions.command(at(ids.general, people.member), 'ticket', {}, 'open');
      const res = await deliver(payload, options);
      expect(res.status, JSON.stringify(options)).toBe(401);
      const [row] = await sql`select count(*)::int as n from discord_interactions where id = ${payload.id}`;
      expect(row!.n).toBe(0);
    }
    expect(await listTickets()).toEqual(before);
  });

  it('answers PING with PONG', async () => {
    const res = await deliver(fake.interactions.ping());
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ type: 1 });
    expect(await fake.interactions.verifyEndpoint(endpoint)).toBe(true);
  });

  it('answers an unknown command with a private explanation, not an error', async () => {
    const payload = fake.interactions.command(at(ids.general, people.member), 'weather');
    const res = await deliver(payload);
    expect(res.status).toBe(200);
    expect(res.json.type).toBe(4);
    expect(res.json.data?.flags).toBe(ephemeral);
    expect(String(res.json.data?.content)).toMatch(/not available/);
  });
});

describe('tickets from Discord', () => {
  let ticketId = '';
  let channelId = '';

  it('opens a ticket with /ticket open: a private channel with Claim and Close, listed in the desk', async () => {
    const payload = fake.interactions.command(
      at(ids.general, people.member),
      'ticket',
      { subject: 'Printer on fire' },
      'open',
    );
    const res = await deliver(payload);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ type: 5, data: { flags: ephemeral } });
    channelId = await openedChannel(payload.id);

    const channel = fake.state.channels.get(channelId)!;
    expect(channel).toMatchObject({ guild_id: ids.guild, parent_id: ids.ticketsParent });
    const overwrites = fake.state.permissionOverwrites.get(channelId)!;
    const everyone = overwrites.find((o) => o.id === ids.guild)!;
    expect(BigInt(everyone.deny) & viewChannel).toBe(viewChannel);
    for (const id of [people.member.id, ids.staffRole, fake.applicationId]) {
      const allowed = overwrites.find((o) => o.id === id);
      expect(allowed, `overwrite for ${id}`).toBeDefined();
      expect(BigInt(allowed!.allow) & viewChannel).toBe(viewChannel);
    }
    expect(overwrites.find((o) => o.id === people.staff.id)).toBeUndefined();

    const [opening] = fake.messages(channelId);
    expect(opening!.author.id).toBe(fake.applicationId);
    const buttons = opening!.components.flatMap(
      (row) => (row as { components: { label: string }[] }).components,
    );
    expect(buttons.map((b) => b.label)).toEqual(['Claim', 'Close']);
    ticketId = ticketIdIn(channelId);

    const listed = (await listTickets('active')).find((t) => t.id === ticketId);
    expect(listed).toMatchObject({ status: 'open', channelId });
  });

  it('opens a ticket from a published panel button', async () => {
    const panel = await admin.call('POST', api('/panels'), {
      channelId: ids.general,
      title: 'Need help?',
      categoryIds: [ids.category],
    });
    expect(panel.status).toBe(201);
    const published = await admin.call('POST', api(`/panels/${panel.json.id}/publish`));
    expect(published.status).toBe(200);
    const posted = fake
      .messages(ids.general)
      .find((m) => JSON.stringify(m.components).includes('ticket:open:'));
    expect(JSON.stringify(posted?.components)).toContain(`ticket:open:${ids.category}`);

    const payload = fake.interactions.component(
      at(ids.general, people.member),
      `ticket:open:${ids.category}`,
    );
    const res = await deliver(payload);
    expect(res.json).toMatchObject({ type: 5, data: { flags: ephemeral } });
    const opened = await openedChannel(payload.id);
    expect(fake.state.channels.get(opened)?.parent_id).toBe(ids.ticketsParent);
    expect((await listTickets()).map((t) => t.channelId)).toContain(opened);
  });

  it('opens one ticket when Discord delivers the same interaction twice', async () => {
    const before = (await listTickets()).length;
    const payload = fake.interactions.component(
      at(ids.general, people.member),
      `ticket:open:${ids.category}`,
    );
    const answers = await Promise.all([deliver(payload), deliver(payload)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    const said = answers.map((a) => String(a.json.data?.content ?? ''));
    expect(said.filter((text) => text === 'Already handled.')).toHaveLength(1);
    await openedChannel(payload.id);
    // Give a second open (were there one) the time the first one took.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await listTickets()).toHaveLength(before + 1);
  });

  it('lets exactly one of two staff claim a ticket when both press Claim at once', async () => {
    const claims = [people.staff, people.staff2].map((who) =>
      fake.interactions.component(at(channelId, who), `ticket:claim:${ticketId}`),
    );
    const answers = await Promise.all(claims.map((payload) => deliver(payload)));
    const said = answers.map((a) => String(a.json.data?.content));
    expect(said.filter((text) => text.startsWith('You claimed ticket'))).toHaveLength(1);
    expect(said.filter((text) => text.startsWith('Already claimed'))).toHaveLength(1);
    for (const answer of answers) expect(answer.json.data?.flags).toBe(ephemeral);
    const [row] = await sql`
      select count(*)::int as n from ticket_events where ticket_id = ${ticketId} and kind = 'claimed'`;
    expect(row!.n).toBe(1);
  });

  it('closes after a confirmation, then stores the transcript, links it, surveys the opener and removes the channel', async () => {
    fake.userSays(channelId, people.member.id, 'It smells like toner and smoke.');
    const close = await deliver(
      fake.interactions.component(at(channelId, people.staff), `ticket:close:${ticketId}`),
    );
    expect(close.json).toMatchObject({ type: 4, data: { flags: ephemeral } });
    expect(JSON.stringify(close.json.data?.components)).toContain(`ticket:closeconfirm:${ticketId}`);
    // Asking is not closing.
    expect((await listTickets()).find((t) => t.id === ticketId)?.status).not.toBe('closed');

    const confirm = await deliver(
      fake.interactions.component(at(channelId, people.staff), `ticket:closeconfirm:${ticketId}`),
    );
    expect(confirm.json).toMatchObject({ type: 9, data: { custom_id: `ticketclose:${ticketId}` } });
    const submitted = await deliver(
      fake.interactions.modalSubmit(at(channelId, people.staff), `ticketclose:${ticketId}`, {
        reason: 'Replaced the fuser',
      }),
    );
    expect(submitted.json).toMatchObject({ type: 4, data: { flags: ephemeral } });
    expect(String(submitted.json.data?.content)).toMatch(/closed/);
    const detail = await admin.call('GET', api(`/tickets/${ticketId}`));
    expect(detail.json.ticket).toMatchObject({ status: 'closed', closeReason: 'Replaced the fuser' });

    const transcript = await until(
      'the transcript',
      () => admin.call('GET', api(`/tickets/${ticketId}/transcript?format=text`)),
      (res) => res.status === 200,
    );
    expect(String(transcript.json)).toContain('It smells like toner and smoke.');
    expect(String(transcript.json)).toContain('Printer on fire');
    // The opening message pings the staff role: the transcript names it.
    expect(String(transcript.json)).toContain('@Support');
    expect(String(transcript.json)).not.toContain('<@&');
    const html = await admin.call('GET', api(`/tickets/${ticketId}/transcript?format=html`));
    expect(html.headers.get('content-security-policy')).toMatch(/sandbox/);

    const link = await until(
      'the transcript link',
      () => fake.messages(ids.transcripts),
      (messages) => messages.length > 0,
    );
    expect(JSON.stringify(link[0]!.embeds)).toContain('Printer on fire');

    const survey = await until(
      'the survey DM',
      () => {
        const dm = fake.state.dms.get(people.member.id);
        return dm ? fake.messages(dm) : [];
      },
      (messages) => messages.length > 0,
    );
    const stars = JSON.stringify(survey[0]!.components).match(/survey:[^"]+/g) ?? [];
    expect(stars).toHaveLength(5);
    await until(
      'the ticket channel to be removed',
      () => fake.state.channels.has(channelId),
      (exists) => !exists,
    );

    const rated = await deliver(fake.interactions.dmComponent(people.member.id, stars[4]!));
    expect(rated.status).toBe(200);
    expect(rated.json.type).toBe(9);
    const after = await admin.call('GET', api(`/tickets/${ticketId}`));
    expect(after.json.ticket.rating).toBe(5);
  });
});

describe('go-live announcements', () => {
  it('announces a Twitch stream after the debounce, pinging only the alert role, and edits the post on a switch to YouTube', async () => {
    const added = await admin.call('POST', api('/streamers'), {
      discordUserId: people.streamer.id,
      displayName: 'Streamer',
    });
    expect(added.status).toBe(201);
    await until(
      'the gateway session',
      () => fake.gateway.sessions(),
      (sessions) => sessions.some((s) => s.connected && s.identified > 0),
      30_000,
    );

    const started = Date.now();
    fake.gateway.presence(ids.guild, people.streamer.id, {
      status: 'online',
      activities: [twitchActivity('streamer', 'Racking servers', 'Science & Technology')],
    });
    const posts = await until(
      'the go-live post',
      () => fake.messages(ids.goLive),
      (messages) => messages.length > 0,
      45_000,
    );
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(30_000);
    expect(waited).toBeLessThanOrEqual(35_000);
    expect(posts).toHaveLength(1);
    const post = posts[0]!;
    expect(JSON.stringify(post)).toContain('twitch.tv/streamer');
    expect(post.content).toContain(`<@&${ids.alertsRole}>`);
    const create = fake.requests.find(
      (r) => r.method === 'POST' && r.path.endsWith(`/channels/${ids.goLive}/messages`) && r.status === 200,
    );
    const mentions = (create!.body as { allowed_mentions?: Record<string, unknown> }).allowed_mentions;
    expect(mentions?.parse ?? []).toEqual([]);
    expect(mentions?.roles).toEqual([ids.alertsRole]);
    expect(mentions?.users ?? []).toEqual([]);

    fake.gateway.presence(ids.guild, people.streamer.id, {
      status: 'online',
      activities: [youtubeActivity('dQw4w9WgXcQ', 'Racking servers, now on YouTube')],
    });
    await until(
      'the post edited for YouTube',
      () => fake.messages(ids.goLive),
      (messages) => JSON.stringify(messages[0]).includes('youtube.com/watch?v=dQw4w9WgXcQ'),
      15_000,
    );
    await new Promise((r) => setTimeout(r, 2_000));
    const after = fake.messages(ids.goLive);
    expect(after).toHaveLength(1);
    expect(after[0]!.id).toBe(post.id);
  });
});
