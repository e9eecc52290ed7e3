/**
 * The discord runner against the fake Discord: it connects through the gateway, stores the guild,
 * turns a streaming presence into one go-live post within debounce + 5 s, and keeps ticket activity
 * from channel messages. Without a bot token it idles and says so.
 */
import type { Pool } from '@homelab/db/client/pool';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord, twitchActivity } from '../../../e2e/fakes/discord/server';
import type { Config } from '../config';
import { createJobWorker, type JobWorker } from '../jobs/worker';
import { createLogger } from '../log';
import type { RunnerHandle } from '../runner';
import { privateDatabaseUrl, testPool } from '../testing/database';
import { waitFor } from '../testing/helpers';
import { testRunnerContext } from '../testing/runner-context';
import { createDiscordRunner } from './service';

const log = createLogger({ level: 'error' });
const databaseUrl = await privateDatabaseUrl();
let pool: Pool;
let discord: FakeDiscord;
let handle: RunnerHandle;
let worker: JobWorker;
const controller = new AbortController();

function config(botToken?: string): Config {
  return {
    databaseUrl,
    runnerSecret: 'x'.repeat(32),
    port: 0,
    host: '127.0.0.1',
    enabledRunners: ['discord'],
    metricsIntervalMs: 5_000,
    logLevel: 'error',
    backupDir: '.data/backups',
    discord: { botToken, baseUrl: discord.url },
    youtube: { baseUrl: 'http://127.0.0.1:9' },
    kick: { apiBaseUrl: 'http://127.0.0.1:9', authBaseUrl: 'http://127.0.0.1:9' },
  };
}

const start = (botToken: string | undefined, signal: AbortSignal) =>
  createDiscordRunner({ machine: { debounceMs: 1_000 }, tickMs: 200 }).start(
    testRunnerContext({ pool, config: config(botToken), log, signal }),
  );

beforeAll(async () => {
  pool = testPool(databaseUrl);
  discord = await startFakeDiscord();
});

afterAll(async () => {
  controller.abort();
  await worker?.stop();
  await handle?.stop();
  await discord?.close();
  await pool?.sql.end({ timeout: 5 });
});

describe('discord runner', () => {
  it('idles with configured:false without a bot token', async () => {
    const idle = new AbortController();
    const runner = await start(undefined, idle.signal);
    expect(runner.detail?.()).toEqual({ configured: false });
    idle.abort();
    await runner.stop();
  });

  it('posts a go-live announcement within debounce + 5 s of a streaming presence', async () => {
    const guild = discord.addGuild({ name: 'Homelab' });
    const channel = discord.addChannel(guild.id, { name: 'live' });
    const streamer = discord.addUser({ username: 'ada' });
    discord.addMember(guild.id, streamer.id);

    handle = await start(discord.botToken, controller.signal);
    worker = createJobWorker({
      sql: pool.sql,
      log,
      handlersFor: (runner) => (runner === 'discord' ? handle.jobs : undefined),
      runningRunners: () => ['discord'],
      pollMs: 200,
    });
    worker.start();

    const stored = await waitFor(
      async () => (await pool.sql`select 1 from discord_guilds where guild_id = ${guild.id}`).length === 1,
      10_000,
    );
    expect(stored).toBe(true);
    expect(handle.detail?.()).toMatchObject({ configured: true, connected: true, guilds: 1 });
    await pool.sql`update discord_guilds set go_live_channel_id = ${channel.id} where guild_id = ${guild.id}`;

    discord.gateway.presence(guild.id, streamer.id, [twitchActivity('ada', 'Speedrun', 'Celeste')]);
    const posted = await waitFor(() => discord.messages(channel.id).length > 0, 6_000, 50);
    expect(posted).toBe(true);
    const [message] = discord.messages(channel.id);
    expect(message?.embeds?.[0]).toMatchObject({ title: 'Speedrun', url: 'https://www.twitch.tv/ada' });
    const [row] = await pool.sql<{ state: string; source: string }[]>`
      select state, source from go_live_streamers where guild_id = ${guild.id} and discord_user_id = ${streamer.id}`;
    expect(row).toEqual({ state: 'live', source: 'discovered' });
  });

  it('resumes the same session after op 7 and identifies anew after a non-resumable op 9', async () => {
    const guildId = [...discord.state.guilds.keys()][0]!;
    const [guild] = await pool.sql<{ go_live_channel_id: string }[]>`
      select go_live_channel_id from discord_guilds where guild_id = ${guildId}`;
    const channelId = guild!.go_live_channel_id;
    type Detail = { sessionId: string | null; connected: boolean; resumes: number };
    const detail = () => (handle.detail?.() ?? {}) as Detail;
    const sessionId = detail().sessionId;
    expect(sessionId).toBeTruthy();
    const postsBefore = discord.messages(channelId).length;

    discord.gateway.reconnect();
    const resumed = await waitFor(() => detail().resumes >= 1 && detail().connected, 10_000, 50);
    expect(resumed).toBe(true);
    expect(handle.detail?.()).toMatchObject({ connected: true, sessionId });
    const session = discord.gateway.sessions().find((x) => x.id === sessionId);
    expect(session).toMatchObject({ identified: 1, connected: true });
    expect(session!.resumed).toBeGreaterThanOrEqual(1);
    expect(discord.gateway.sessions()).toHaveLength(1);

    const grace = discord.addUser({ username: 'grace' });
    discord.addMember(guildId, grace.id);
    discord.gateway.presence(guildId, grace.id, [twitchActivity('grace', 'After resume', 'Tetris')]);
    expect(await waitFor(() => discord.messages(channelId).length > postsBefore, 6_000, 50)).toBe(true);
    expect(discord.messages(channelId).at(-1)?.embeds?.[0]).toMatchObject({ title: 'After resume' });

    discord.gateway.invalidate(false);
    const identified = await waitFor(
      () => {
        const d = detail();
        return d.connected && d.sessionId !== null && d.sessionId !== sessionId;
      },
      10_000,
      50,
    );
    expect(identified).toBe(true);
    const newId = detail().sessionId;
    expect(discord.gateway.sessions().find((x) => x.id === newId)).toMatchObject({
      identified: 1,
      resumed: 0,
      connected: true,
    });

    const lin = discord.addUser({ username: 'lin' });
    discord.addMember(guildId, lin.id);
    const count = discord.messages(channelId).length;
    discord.gateway.presence(guildId, lin.id, [twitchActivity('lin', 'After identify', 'Celeste')]);
    expect(await waitFor(() => discord.messages(channelId).length > count, 6_000, 50)).toBe(true);
    expect(discord.messages(channelId).at(-1)?.embeds?.[0]).toMatchObject({ title: 'After identify' });
  });

  it('records ticket activity and the first staff response from channel messages', async () => {
    const guildId = [...discord.state.guilds.keys()][0]!;
    const channel = discord.addChannel(guildId, { name: 'ticket-1' });
    const opener = discord.addUser({ username: 'opener' });
    const staff = discord.addUser({ username: 'staff' });
    discord.addMember(guildId, opener.id);
    discord.addMember(guildId, staff.id);
    const [ticket] = await pool.sql<{ id: string }[]>`
      insert into tickets (guild_id, number, channel_id, opener_id, opener_name, subject, status, last_activity_at)
      values (${guildId}, 1, ${channel.id}, ${opener.id}, 'opener', 'help', 'awaiting_user', now() - interval '1 day')
      returning id`;
    const read = async () =>
      (
        await pool.sql<{ status: string; first: boolean; recent: boolean }[]>`
          select status, first_response_at is not null as first, last_activity_at > now() - interval '1 minute' as recent
          from tickets where id = ${ticket!.id}`
      )[0]!;

    discord.userSays(channel.id, opener.id, 'still broken');
    expect(await waitFor(async () => (await read()).status === 'open', 5_000)).toBe(true);
    expect(await read()).toEqual({ status: 'open', first: false, recent: true });

    discord.userSays(channel.id, staff.id, 'looking');
    expect(await waitFor(async () => (await read()).first, 5_000)).toBe(true);
  });
});
