/**
 * The fake Discord speaks Discord's protocols faithfully enough for real clients: discord.js's
 * gateway and REST libraries connect and resume, discord-interactions verifies its signatures,
 * and its REST, rate-limit and OAuth answers match Discord's documented shapes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REST } from '@discordjs/rest';
import { WebSocketManager, WebSocketShardEvents } from '@discordjs/ws';
import { verifyKey } from 'discord-interactions';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type FakeDiscord, startFakeDiscord, twitchActivity } from '../fakes/discord/server';

// GUILDS | GUILD_MEMBERS | GUILD_PRESENCES | GUILD_MESSAGES | MESSAGE_CONTENT
const INTENTS = 1 | 2 | 256 | 512 | 32768;

let discord: FakeDiscord;
beforeEach(async () => {
  discord = await startFakeDiscord({ heartbeatInterval: 1000 });
});
afterEach(async () => {
  await discord.close();
});

const api = (path: string, init: RequestInit & { token?: string | null } = {}) => {
  const { token = `Bot ${discord.botToken}`, ...rest } = init;
  return fetch(`${discord.url}/api/v10${path}`, {
    ...rest,
    headers: {
      ...(token ? { authorization: token } : {}),
      ...(rest.body ? { 'content-type': 'application/json' } : {}),
      ...(rest.headers as Record<string, string>),
    },
  });
};

function waitFor<T>(check: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      const value = check();
      if (value !== undefined) return resolve(value);
      if (Date.now() - started > timeoutMs) return reject(new Error('timed out waiting'));
      setTimeout(tick, 20);
    };
    tick();
  });
}

describe('gateway', () => {
  it('serves @discordjs/ws: READY, GUILD_CREATE, presences, messages, and a RESUME after op 7', async () => {
    const guild = discord.addGuild({ name: 'Homelab' });
    const streamer = discord.addUser({ username: 'streamer' });
    discord.addMember(guild.id, streamer.id);
    const rest = new REST({ api: `${discord.url}/api` }).setToken(discord.botToken);
    const manager = new WebSocketManager({ token: discord.botToken, intents: INTENTS, rest });
    const events: { t: string; d: Record<string, unknown> }[] = [];
    let resumed = 0;
    manager.on(WebSocketShardEvents.Dispatch, (payload) => {
      events.push({ t: payload.t, d: payload.d as unknown as Record<string, unknown> });
    });
    manager.on(WebSocketShardEvents.Resumed, () => {
      resumed++;
    });
    try {
      await manager.connect();
      const ready = await waitFor(() => events.find((e) => e.t === 'READY'));
      expect(ready.d.guilds).toEqual([{ id: guild.id, unavailable: true }]);
      expect((ready.d.application as { id: string }).id).toBe(discord.applicationId);
      const created = await waitFor(() => events.find((e) => e.t === 'GUILD_CREATE'));
      expect(created.d).toMatchObject({ id: guild.id, name: 'Homelab', unavailable: false, member_count: 3 });
      expect((created.d.members as { user: { id: string } }[]).map((m) => m.user.id)).toContain(streamer.id);

      discord.gateway.presence(guild.id, streamer.id, {
        status: 'online',
        activities: [twitchActivity('streamer', 'Building a homelab', 'Software and Game Development')],
      });
      const presence = await waitFor(() => events.find((e) => e.t === 'PRESENCE_UPDATE'));
      expect(presence.d).toMatchObject({
        user: { id: streamer.id },
        guild_id: guild.id,
        status: 'online',
        activities: [
          {
            type: 1,
            name: 'Twitch',
            url: 'https://www.twitch.tv/streamer',
            state: 'Software and Game Development',
          },
        ],
      });

      discord.gateway.reconnect();
      await waitFor(() => (resumed > 0 ? true : undefined));
      discord.userSays(guild.defaultChannelId, streamer.id, 'after the resume');
      const message = await waitFor(() => events.find((e) => e.t === 'MESSAGE_CREATE'));
      expect(message.d).toMatchObject({
        content: 'after the resume',
        guild_id: guild.id,
        author: { id: streamer.id },
      });
      const [session] = discord.gateway.sessions();
      expect(discord.gateway.sessions()).toHaveLength(1);
      expect(session).toMatchObject({ identified: 1, resumed: 1, connected: true });
      expect(events.filter((e) => e.t === 'READY')).toHaveLength(1);
    } finally {
      await manager.destroy();
    }
  });

  it('closes with 4004 on a wrong token and 4014 for a privileged intent the app lacks', async () => {
    const closeCode = (token: string, intents: number) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(`${discord.url.replace('http', 'ws')}/gateway?v=10&encoding=json`);
        socket.on('message', (raw) => {
          const frame = JSON.parse(raw.toString());
          if (frame.op === 10)
            socket.send(
              JSON.stringify({
                op: 2,
                d: { token, intents, properties: { os: 'linux', browser: 't', device: 't' } },
              }),
            );
        });
        socket.on('close', (code) => resolve(code));
      });
    expect(await closeCode('not-the-token', 1)).toBe(4004);
    discord.options.privilegedIntents = ['GuildMembers'];
    expect(await closeCode(discord.botToken, 1 | 256)).toBe(4014);
  });
});

/** A bare gateway client: identifies, then collects dispatches. */
async function rawGateway(intents: number) {
  const events: { t: string; s: number; d: Record<string, unknown> }[] = [];
  let acks = 0;
  const socket = new WebSocket(`${discord.url.replace('http', 'ws')}/gateway?v=10&encoding=json`);
  socket.on('message', (raw) => {
    const frame = JSON.parse(raw.toString());
    if (frame.op === 10) {
      expect(frame.d.heartbeat_interval).toBe(1000);
      socket.send(JSON.stringify({ op: 1, d: null }));
      socket.send(
        JSON.stringify({
          op: 2,
          d: { token: discord.botToken, intents, properties: { os: 'linux', browser: 't', device: 't' } },
        }),
      );
    }
    if (frame.op === 11) acks++;
    if (frame.op === 0) events.push(frame);
  });
  await waitFor(() => events.find((e) => e.t === 'READY'));
  return { events, acks: () => acks, close: () => socket.close() };
}

describe('interactions', () => {
  let endpoint: Server;
  let endpointUrl: string;
  let seen: { raw: string; signature: string; timestamp: string }[];
  let edits: Promise<number>[];
  beforeEach(async () => {
    seen = [];
    edits = [];
    endpoint = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks).toString('utf8');
      const signature = String(req.headers['x-signature-ed25519'] ?? '');
      const timestamp = String(req.headers['x-signature-timestamp'] ?? '');
      seen.push({ raw, signature, timestamp });
      if (!(await verifyKey(raw, signature, timestamp, discord.publicKey))) {
        res.writeHead(401).end('invalid request signature');
        return;
      }
      const interaction = JSON.parse(raw);
      if (interaction.data?.name === 'slow') {
        // Deferred work that reaches the webhook while the deferral is still on its way to Discord.
        edits.push(
          fetch(
            `${discord.url}/api/v10/webhooks/${interaction.application_id}/${interaction.token}/messages/@original`,
            {
              method: 'PATCH',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ content: 'done' }),
            },
          ).then((r) => r.status),
        );
        await new Promise((resolve) => setTimeout(resolve, 100));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 5 }));
        return;
      }
      const reply =
        interaction.type === 1
          ? { type: 1 }
          : { type: 4, data: { content: `hello <@${interaction.member.user.id}>` } };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    endpointUrl = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/interactions`;
  });
  afterEach(async () => {
    await new Promise((resolve) => endpoint.close(resolve));
  });

  it('signs like Discord: discord-interactions accepts the signature and refuses a bad one', async () => {
    expect(await discord.interactions.verifyEndpoint(endpointUrl)).toBe(true);
    const good = seen[0]!;
    expect(await verifyKey(good.raw, good.signature, good.timestamp, discord.publicKey)).toBe(true);
    expect(await verifyKey(good.raw, seen[1]!.signature, good.timestamp, discord.publicKey)).toBe(false);
    expect(await verifyKey(`${good.raw} `, good.signature, good.timestamp, discord.publicKey)).toBe(false);
  });

  it('applies the endpoint reply as the callback and takes follow-ups on the interaction webhook', async () => {
    const guild = discord.addGuild({ name: 'Homelab' });
    const user = discord.addUser({ username: 'member' });
    discord.addMember(guild.id, user.id);
    const interaction = discord.interactions.command(
      { guildId: guild.id, channelId: guild.defaultChannelId, userId: user.id },
      'ticket',
      { topic: 'help' },
      'open',
    );
    expect(interaction).toMatchObject({
      type: 2,
      version: 1,
      application_id: discord.applicationId,
      guild_id: guild.id,
      member: { user: { id: user.id } },
    });
    const response = await discord.interactions.send(endpointUrl, interaction);
    expect(response.status).toBe(200);
    expect(discord.messages(guild.defaultChannelId).map((m) => m.content)).toEqual([`hello <@${user.id}>`]);

    const followUp = await api(`/webhooks/${discord.applicationId}/${interaction.token}?wait=true`, {
      token: null,
      method: 'POST',
      body: JSON.stringify({ content: 'more', flags: 64 }),
    });
    expect(followUp.status).toBe(200);
    const again = await api(`/interactions/${interaction.id}/${interaction.token}/callback`, {
      token: null,
      method: 'POST',
      body: JSON.stringify({ type: 4, data: { content: 'twice' } }),
    });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({
      message: 'Interaction has already been acknowledged.',
      code: 40060,
    });
    expect(discord.interactions.responses(interaction.token).map((r) => [r.kind, r.type])).toEqual([
      ['callback', 4],
      ['followup', undefined],
    ]);
    // Ephemeral follow-ups are never in the channel's history.
    expect(discord.messages(guild.defaultChannelId)).toHaveLength(1);
  });

  it('holds deferred work that reaches the webhook before the deferral is read, as Discord would', async () => {
    const guild = discord.addGuild({ name: 'Homelab' });
    const ctx = { guildId: guild.id, channelId: guild.defaultChannelId, userId: guild.owner_id };
    const interaction = discord.interactions.command(ctx, 'slow');
    await discord.interactions.send(endpointUrl, interaction);
    expect(await Promise.all(edits)).toEqual([200]);
    expect(discord.messages(guild.defaultChannelId).map((m) => m.content)).toEqual(['done']);
    expect(discord.interactions.responses(interaction.id).map((r) => r.kind)).toEqual(['callback', 'edit']);
  });
});

describe('REST', () => {
  it('answers a 429 with Retry-After and the rate-limit headers, then a global 429, then an outage', async () => {
    const guild = discord.addGuild({ name: 'Homelab' });
    discord.rateLimit('POST /channels/:channel_id/messages', { limit: 1, windowMs: 5000 });
    const post = () =>
      api(`/channels/${guild.defaultChannelId}/messages`, {
        method: 'POST',
        body: JSON.stringify({ content: 'hi' }),
      });
    const first = await post();
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-limit')).toBe('1');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('0');
    const second = await post();
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(second.headers.get('x-ratelimit-bucket')).toBe(first.headers.get('x-ratelimit-bucket'));
    expect(second.headers.get('x-ratelimit-scope')).toBe('user');
    expect(Number(second.headers.get('x-ratelimit-reset-after'))).toBeGreaterThan(0);
    expect(await second.json()).toMatchObject({
      message: 'You are being rate limited.',
      global: false,
      retry_after: expect.any(Number),
    });
    // Another channel is another bucket (the channel is the major parameter).
    const other = discord.addChannel(guild.id, { name: 'Other Channel' });
    expect(other.name).toBe('other-channel');
    expect(
      (
        await api(`/channels/${other.id}/messages`, {
          method: 'POST',
          body: JSON.stringify({ content: 'hi' }),
        })
      ).status,
    ).toBe(200);

    discord.globalLimit({ retryAfterMs: 2000 });
    const global = await api('/users/@me');
    expect(global.status).toBe(429);
    expect(global.headers.get('x-ratelimit-global')).toBe('true');
    expect(await global.json()).toMatchObject({ global: true });

    discord.globalLimit({ retryAfterMs: 0 });
    discord.outage(`/guilds/${guild.id}`, 502, 1);
    expect((await api(`/guilds/${guild.id}`)).status).toBe(502);
    expect((await api(`/guilds/${guild.id}`)).status).toBe(200);
    const log = discord.requests
      .filter((r) => r.route === 'POST /channels/:channel_id/messages')
      .map((r) => r.status);
    expect(log).toEqual([200, 429, 200]);
  });

  it('returns the first message again for a repeated nonce with enforce_nonce', async () => {
    const guild = discord.addGuild({ name: 'Homelab' });
    const body = JSON.stringify({ content: 'live now', nonce: 'golive-42', enforce_nonce: true });
    const a = await (
      await api(`/channels/${guild.defaultChannelId}/messages`, { method: 'POST', body })
    ).json();
    const b = await (
      await api(`/channels/${guild.defaultChannelId}/messages`, { method: 'POST', body })
    ).json();
    expect(b.id).toBe(a.id);
    expect(discord.messages(guild.defaultChannelId)).toHaveLength(1);
  });

  it('refuses what Discord refuses, with its codes', async () => {
    const guild = discord.addGuild({ name: 'Homelab' });
    expect(await (await api('/users/@me', { token: null })).json()).toEqual({
      message: '401: Unauthorized',
      code: 0,
    });
    expect(await (await api('/nowhere')).json()).toEqual({ message: '404: Not Found', code: 0 });
    expect(await (await api(`/guilds/${guild.id}/members/1`)).json()).toEqual({
      message: 'Unknown Member',
      code: 10007,
    });
    const long = await api(`/channels/${guild.defaultChannelId}/messages`, {
      method: 'POST',
      body: JSON.stringify({ content: 'x'.repeat(2001) }),
    });
    expect(long.status).toBe(400);
    expect(await long.json()).toMatchObject({
      code: 50035,
      errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } },
    });
    const badCommand = await api(`/applications/${discord.applicationId}/commands`, {
      method: 'PUT',
      body: JSON.stringify([{ name: 'Ticket', description: 'x' }]),
    });
    expect(await badCommand.json()).toMatchObject({
      code: 50035,
      errors: { '0': { name: expect.anything() } },
    });
    const put = () =>
      api(`/applications/${discord.applicationId}/guilds/${guild.id}/commands`, {
        method: 'PUT',
        body: JSON.stringify([
          { name: 'ticket', description: 'Open a ticket' },
          { name: 'Open ticket', type: 3 },
        ]),
      });
    const first = await (await put()).json();
    const second = await (await put()).json();
    expect(second.map((c: { id: string }) => c.id)).toEqual(first.map((c: { id: string }) => c.id));
  });

  it('lists messages newest first and pages with before', async () => {
    const guild = discord.addGuild({ name: 'Homelab' });
    const user = discord.addUser({ username: 'member' });
    discord.addMember(guild.id, user.id);
    const sent = ['one', 'two', 'three'].map((content) =>
      discord.userSays(guild.defaultChannelId, user.id, content),
    );
    const page = await (await api(`/channels/${guild.defaultChannelId}/messages?limit=2`)).json();
    expect(page.map((m: { content: string }) => m.content)).toEqual(['three', 'two']);
    const older = await (
      await api(`/channels/${guild.defaultChannelId}/messages?before=${sent[1]!.id}`)
    ).json();
    expect(older.map((m: { content: string }) => m.content)).toEqual(['one']);
  });
});

describe('channels, threads and DMs', () => {
  it('creates channels and private threads with their gateway events', async () => {
    const guild = discord.addGuild({ name: 'Homelab' });
    const user = discord.addUser({ username: 'member' });
    discord.addMember(guild.id, user.id);
    const gateway = await rawGateway(1 | 512);
    try {
      expect(gateway.acks()).toBe(1);
      const category = await (
        await api(`/guilds/${guild.id}/channels`, {
          method: 'POST',
          body: JSON.stringify({ name: 'Tickets', type: 4 }),
        })
      ).json();
      const created = await api(`/guilds/${guild.id}/channels`, {
        method: 'POST',
        body: JSON.stringify({
          name: 'ticket-0001',
          type: 0,
          parent_id: category.id,
          permission_overwrites: [
            { id: guild.id, type: 0, allow: '0', deny: '1024' },
            { id: user.id, type: 1, allow: '1024', deny: '0' },
          ],
        }),
      });
      expect(created.status).toBe(201);
      const channel = await created.json();
      expect(channel).toMatchObject({
        parent_id: category.id,
        permission_overwrites: [
          { id: guild.id, type: 0 },
          { id: user.id, type: 1 },
        ],
      });
      const badParent = await api(`/guilds/${guild.id}/channels`, {
        method: 'POST',
        body: JSON.stringify({ name: 'x', type: 0, parent_id: channel.id }),
      });
      expect(await badParent.json()).toMatchObject({ code: 50035, errors: { parent_id: expect.anything() } });

      const thread = await (
        await api(`/channels/${guild.defaultChannelId}/threads`, {
          method: 'POST',
          body: JSON.stringify({
            name: 'ticket-0002',
            type: 12,
            invitable: false,
            auto_archive_duration: 10080,
          }),
        })
      ).json();
      expect(thread).toMatchObject({
        type: 12,
        parent_id: guild.defaultChannelId,
        thread_metadata: { archived: false, locked: false, invitable: false },
      });
      expect((await api(`/channels/${thread.id}/thread-members/${user.id}`, { method: 'PUT' })).status).toBe(
        204,
      );
      expect([...discord.state.threadMembers.get(thread.id)!]).toEqual([discord.bot.id, user.id]);
      const closed = await (
        await api(`/channels/${thread.id}`, {
          method: 'PATCH',
          body: JSON.stringify({ archived: true, locked: true }),
        })
      ).json();
      expect(closed.thread_metadata).toMatchObject({ archived: true, locked: true });
      const deleted = await api(`/channels/${channel.id}`, { method: 'DELETE' });
      expect((await deleted.json()).id).toBe(channel.id);

      await waitFor(() => (gateway.events.some((e) => e.t === 'CHANNEL_DELETE') ? true : undefined));
      const names = gateway.events.map((e) => e.t);
      expect(names).toEqual([
        'READY',
        'GUILD_CREATE',
        'CHANNEL_CREATE',
        'CHANNEL_CREATE',
        'THREAD_CREATE',
        'THREAD_UPDATE',
        'CHANNEL_DELETE',
      ]);
      expect(gateway.events.map((e) => e.s)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    } finally {
      gateway.close();
    }
  });

  it('opens one DM channel per user and refuses a DM to a user who closed them', async () => {
    const open = discord.addUser({ username: 'open' });
    const closed = discord.addUser({ username: 'closed', dmsClosed: true });
    const dm = async (userId: string) =>
      (
        await api('/users/@me/channels', { method: 'POST', body: JSON.stringify({ recipient_id: userId }) })
      ).json();
    const first = await dm(open.id);
    expect(first).toMatchObject({ type: 1, recipients: [{ id: open.id }] });
    expect((await dm(open.id)).id).toBe(first.id);
    const refused = await api(`/channels/${(await dm(closed.id)).id}/messages`, {
      method: 'POST',
      body: JSON.stringify({ content: 'How did we do?' }),
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ message: 'Cannot send messages to this user', code: 50007 });
  });

  it('builds component, modal and DM payloads and handles a deferred reply edited later', async () => {
    const guild = discord.addGuild({ name: 'Homelab' });
    const user = discord.addUser({ username: 'member' });
    discord.addMember(guild.id, user.id);
    const ctx = { guildId: guild.id, channelId: guild.defaultChannelId, userId: user.id };
    const panel = await (
      await api(`/channels/${guild.defaultChannelId}/messages`, {
        method: 'POST',
        body: JSON.stringify({
          content: 'Need help?',
          components: [
            { type: 1, components: [{ type: 2, style: 1, label: 'Open', custom_id: 'ticket:open:1' }] },
          ],
        }),
      })
    ).json();
    const click = discord.interactions.component(ctx, 'ticket:open:1');
    expect(click).toMatchObject({
      type: 3,
      message: { id: panel.id },
      data: { custom_id: 'ticket:open:1', component_type: 2 },
    });
    const modal = discord.interactions.modalSubmit(ctx, 'ticketform:1', { subject: 'Disk full' });
    expect(modal.data).toEqual({
      custom_id: 'ticketform:1',
      components: [{ type: 1, components: [{ type: 4, custom_id: 'subject', value: 'Disk full' }] }],
    });
    const survey = discord.interactions.dmComponent(user.id, 'survey:7:5');
    expect(survey).toMatchObject({ type: 3, user: { id: user.id }, context: 1 });
    expect(survey).not.toHaveProperty('guild_id');
    expect(survey).not.toHaveProperty('member');

    const deferred = await api(`/interactions/${modal.id}/${modal.token}/callback?with_response=true`, {
      token: null,
      method: 'POST',
      body: JSON.stringify({ type: 5, data: { flags: 64 } }),
    });
    expect(await deferred.json()).toMatchObject({
      interaction: { id: modal.id, response_message_loading: true, response_message_ephemeral: true },
    });
    const edited = await api(`/webhooks/${discord.applicationId}/${modal.token}/messages/@original`, {
      token: null,
      method: 'PATCH',
      body: JSON.stringify({ content: 'Ticket opened' }),
    });
    expect(await edited.json()).toMatchObject({ content: 'Ticket opened', flags: 64 });
    expect(discord.interactions.responses(modal.token).map((r) => r.kind)).toEqual(['callback', 'edit']);
    expect(discord.messages(guild.defaultChannelId)).toHaveLength(1);
  });
});

describe('OAuth2', () => {
  it('completes an authorization-code flow with PKCE and refuses a wrong verifier', async () => {
    const guild = discord.addGuild({ name: 'Homelab' });
    const user = discord.addUser({ username: 'admin' });
    const admin = discord.addRole(guild.id, { name: 'Admin', permissions: String(1 << 3) });
    discord.addMember(guild.id, user.id, [admin.id]);
    discord.oauth.approveAs(user.id);
    const redirectUri = 'http://127.0.0.1:9/api/desk/auth/discord/callback';
    const authorize = async (verifier: string) => {
      const url = new URL(`${discord.url}/oauth2/authorize`);
      url.search = new URLSearchParams({
        client_id: discord.applicationId,
        response_type: 'code',
        redirect_uri: redirectUri,
        scope: 'identify guilds',
        state: 'xyz',
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
      }).toString();
      const res = await fetch(url, { redirect: 'manual' });
      expect(res.status).toBe(302);
      const location = new URL(res.headers.get('location')!);
      expect(location.searchParams.get('state')).toBe('xyz');
      return location.searchParams.get('code')!;
    };
    const exchange = (code: string, verifier: string) =>
      fetch(`${discord.url}/api/oauth2/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${discord.applicationId}:${discord.clientSecret}`).toString('base64')}`,
        },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirectUri,
          code_verifier: verifier,
        }),
      });
    const verifier = randomBytes(32).toString('base64url');
    const wrong = await exchange(await authorize(verifier), randomBytes(32).toString('base64url'));
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });

    const code = await authorize(verifier);
    const tokens = await (await exchange(code, verifier)).json();
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 604800, scope: 'identify guilds' });
    expect((await exchange(code, verifier)).status).toBe(400);
    const me = await (await api('/users/@me', { token: `Bearer ${tokens.access_token}` })).json();
    expect(me).toMatchObject({ id: user.id, username: 'admin' });
    const guilds = await (await api('/users/@me/guilds', { token: `Bearer ${tokens.access_token}` })).json();
    expect(guilds).toEqual([
      expect.objectContaining({ id: guild.id, owner: false, permissions: '2251799813685247' }),
    ]);
    // A bearer token is not a bot token.
    expect((await api(`/guilds/${guild.id}`, { token: `Bearer ${tokens.access_token}` })).status).toBe(401);
  });
});
