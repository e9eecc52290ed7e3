/**
 * The discord runner against the fake Discord, the fake YouTube Data API and the fake Kick API:
 * a YouTube presence is announced only while the video is live (trusted without an API key or
 * when the quota is gone), a Kick channel is polled into go-live and back out after the grace, a
 * revoked app token is replaced, and a missing Kick configuration is reported, not failed on.
 */
import type { Pool } from '@homelab/db/client/pool';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord, youtubeActivity } from '../../../e2e/fakes/discord/server';
import { type FakeKickApi, startFakeKickApi } from '../../../e2e/fakes/kick-api/server';
import { type FakeYoutubeData, startFakeYoutubeData } from '../../../e2e/fakes/youtube-data/server';
import type { Config } from '../config';
import { createJobWorker, type JobWorker } from '../jobs/worker';
import { createLogger } from '../log';
import type { RunnerHandle } from '../runner';
import { privateDatabaseUrl, testPool } from '../testing/database';
import { waitFor } from '../testing/helpers';
import { testRunnerContext } from '../testing/runner-context';
import { createDiscordRunner, type DiscordRunnerOptions } from './service';

const log = createLogger({ level: 'error' });
const databaseUrl = await privateDatabaseUrl();
const unreachable = 'http://127.0.0.1:9';
let pool: Pool;
let youtube: FakeYoutubeData;
let kick: FakeKickApi;

type Scenario = {
  discord: FakeDiscord;
  guildId: string;
  channelId: string;
  handle: RunnerHandle;
  stop(): Promise<void>;
};
let running: Scenario | null = null;

/** A fresh fake Discord with one guild whose go-live channel is set, and the runner connected to it. */
async function scenario(
  platforms: Pick<Config, 'youtube' | 'kick'>,
  options: DiscordRunnerOptions = {},
): Promise<Scenario> {
  const discord = await startFakeDiscord();
  const guild = discord.addGuild({ name: 'Homelab' });
  const channel = discord.addChannel(guild.id, { name: 'live' });
  const controller = new AbortController();
  const config: Config = {
    databaseUrl,
    runnerSecret: 'x'.repeat(32),
    port: 0,
    host: '127.0.0.1',
    enabledRunners: ['discord'],
    metricsIntervalMs: 5_000,
    logLevel: 'error',
    backupDir: '.data/backups',
    discord: { botToken: discord.botToken, baseUrl: discord.url },
    ...platforms,
  };
  const handle = await createDiscordRunner({
    machine: { debounceMs: 500 },
    tickMs: 100,
    ...options,
  }).start(testRunnerContext({ pool, config, log, signal: controller.signal }));
  const worker: JobWorker = createJobWorker({
    sql: pool.sql,
    log,
    handlersFor: (runner) => (runner === 'discord' ? handle.jobs : undefined),
    runningRunners: () => ['discord'],
    pollMs: 100,
  });
  worker.start();
  const stored = await waitFor(
    async () => (await pool.sql`select 1 from discord_guilds where guild_id = ${guild.id}`).length === 1,
    10_000,
  );
  expect(stored).toBe(true);
  await pool.sql`update discord_guilds set go_live_channel_id = ${channel.id} where guild_id = ${guild.id}`;
  const s: Scenario = {
    discord,
    guildId: guild.id,
    channelId: channel.id,
    handle,
    async stop() {
      controller.abort();
      await worker.stop();
      await handle.stop();
      await discord.close();
    },
  };
  running = s;
  return s;
}

function member(s: Scenario, username: string) {
  const user = s.discord.addUser({ username });
  s.discord.addMember(s.guildId, user.id);
  return user;
}

async function stateOf(guildId: string, userId: string) {
  const [row] = await pool.sql<{ state: string }[]>`
    select state from go_live_streamers where guild_id = ${guildId} and discord_user_id = ${userId}`;
  return row?.state ?? null;
}

async function status(handle: RunnerHandle) {
  const res = await handle.routes!.request('/status');
  expect(res.status).toBe(200);
  return (await res.json()) as {
    kick: { configured: boolean; reason?: string; lastPollAt: string | null; lastError: string | null };
    youtubeVerification: boolean;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  pool = testPool(databaseUrl);
  youtube = await startFakeYoutubeData();
  kick = await startFakeKickApi();
});
afterEach(async () => {
  await running?.stop();
  running = null;
});
afterAll(async () => {
  await youtube?.close();
  await kick?.close();
  await pool?.sql.end({ timeout: 5 });
});

describe('YouTube verification', () => {
  it('announces a presence whose video is live and not one that has ended or does not exist', async () => {
    const s = await scenario({
      youtube: { apiKey: youtube.apiKey, baseUrl: youtube.url },
      kick: { apiBaseUrl: unreachable, authBaseUrl: unreachable },
    });
    expect((await status(s.handle)).youtubeVerification).toBe(true);
    const ended = member(s, 'ended');
    const missing = member(s, 'missing');
    const live = member(s, 'live');
    youtube.live('liveVid0001', { title: 'Live now' });
    youtube.live('endedVid001');
    youtube.end('endedVid001');

    // The ended and missing ones go first: by the time the live one is posted, theirs would be too.
    s.discord.gateway.presence(s.guildId, ended.id, [youtubeActivity('endedVid001', 'Old stream')]);
    s.discord.gateway.presence(s.guildId, missing.id, [youtubeActivity('missingVid1', 'Gone')]);
    await sleep(200);
    s.discord.gateway.presence(s.guildId, live.id, [youtubeActivity('liveVid0001', 'Live now')]);
    expect(await waitFor(() => s.discord.messages(s.channelId).length > 0, 6_000, 50)).toBe(true);
    await sleep(1_000);

    const messages = s.discord.messages(s.channelId);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.embeds?.[0]).toMatchObject({
      title: 'Live now',
      url: 'https://www.youtube.com/watch?v=liveVid0001',
    });
    expect(await stateOf(s.guildId, live.id)).toBe('live');
    expect(await stateOf(s.guildId, ended.id)).not.toMatch(/pending|live/);
    expect(await stateOf(s.guildId, missing.id)).not.toMatch(/pending|live/);
    const asked = youtube.requests.filter((r) => r.status === 200).map((r) => r.query.id);
    expect(asked).toEqual(expect.arrayContaining(['liveVid0001', 'endedVid001', 'missingVid1']));
    expect(youtube.requests.every((r) => r.query.key === youtube.apiKey)).toBe(true);
  });

  it('announces a YouTube stream that the API confirms only after Discord showed it', async () => {
    const s = await scenario(
      {
        youtube: { apiKey: youtube.apiKey, baseUrl: youtube.url },
        kick: { apiBaseUrl: unreachable, authBaseUrl: unreachable },
      },
      { youtubeRecheckMs: 300 },
    );
    const early = member(s, 'early');
    youtube.upcoming('soonVid0001');
    s.discord.gateway.presence(s.guildId, early.id, [youtubeActivity('soonVid0001', 'Starting soon')]);
    await sleep(1_000);
    expect(s.discord.messages(s.channelId)).toHaveLength(0);

    // No new presence arrives when the broadcast starts: only asking the API again finds it.
    youtube.live('soonVid0001', { title: 'Starting soon' });
    expect(await waitFor(() => s.discord.messages(s.channelId).length > 0, 6_000, 50)).toBe(true);
    await sleep(800);
    expect(s.discord.messages(s.channelId)).toHaveLength(1);
    expect(await stateOf(s.guildId, early.id)).toBe('live');
  });

  it('trusts the presence when the quota is exhausted', async () => {
    const s = await scenario({
      youtube: { apiKey: youtube.apiKey, baseUrl: youtube.url },
      kick: { apiBaseUrl: unreachable, authBaseUrl: unreachable },
    });
    youtube.setQuota(0);
    try {
      const user = member(s, 'quota');
      youtube.end('quotaVid001');
      s.discord.gateway.presence(s.guildId, user.id, [youtubeActivity('quotaVid001', 'Unknown')]);
      expect(await waitFor(() => s.discord.messages(s.channelId).length > 0, 6_000, 50)).toBe(true);
      expect(youtube.requests.some((r) => r.query.id === 'quotaVid001' && r.reason === 'quotaExceeded')).toBe(
        true,
      );
    } finally {
      youtube.setQuota(10_000);
    }
  });

  it('trusts the presence without an API key, and skips Kick without its configuration', async () => {
    const before = { youtube: youtube.requests.length, kick: kick.requests.length };
    const s = await scenario({
      youtube: { baseUrl: youtube.url },
      kick: { apiBaseUrl: kick.url, authBaseUrl: kick.url },
    });
    const user = member(s, 'nokey');
    youtube.end('noKeyVid001');
    s.discord.gateway.presence(s.guildId, user.id, [youtubeActivity('noKeyVid001', 'Trusted')]);
    expect(await waitFor(() => s.discord.messages(s.channelId).length > 0, 6_000, 50)).toBe(true);
    expect(youtube.requests.length).toBe(before.youtube);

    const st = await status(s.handle);
    expect(st.youtubeVerification).toBe(false);
    expect(st.kick).toMatchObject({ configured: false, lastPollAt: null, lastError: null });
    expect(st.kick.reason).toMatch(/KICK_CLIENT_ID/);
    expect(s.handle.detail?.()).toMatchObject({ kick: false, youtubeVerification: false });
    expect(kick.requests.length).toBe(before.kick);
  });
});

describe('Kick polling', () => {
  it('goes live when the channel is live, ends after the grace, and replaces a revoked token', async () => {
    kick.addChannel('adakick');
    const s = await scenario(
      {
        youtube: { baseUrl: unreachable },
        kick: {
          clientId: kick.clientId,
          clientSecret: kick.clientSecret,
          apiBaseUrl: kick.url,
          authBaseUrl: kick.url,
        },
      },
      { kickPollMs: 100, machine: { debounceMs: 300, graceMs: 1_000 } },
    );
    const user = member(s, 'adakick');
    const [row] = await pool.sql<{ id: string }[]>`
      insert into go_live_streamers (guild_id, discord_user_id, display_name, source, kick_slug)
      values (${s.guildId}, ${user.id}, 'Ada', 'manual', 'adakick') returning id`;

    // Offline on Kick: polled, nothing announced.
    expect(await waitFor(async () => (await status(s.handle)).kick.lastPollAt !== null, 5_000, 50)).toBe(
      true,
    );
    await sleep(600);
    expect(s.discord.messages(s.channelId)).toHaveLength(0);

    kick.goLive('adakick', { title: 'Kick speedrun', category: 'Celeste' });
    expect(await waitFor(() => s.discord.messages(s.channelId).length > 0, 5_000, 50)).toBe(true);
    expect(s.discord.messages(s.channelId)[0]?.embeds?.[0]).toMatchObject({
      title: 'Kick speedrun',
      url: 'https://kick.com/adakick',
    });
    expect(await stateOf(s.guildId, user.id)).toBe('live');
    const channelCalls = kick.requests.filter((r) => r.path === '/public/v1/channels');
    expect(channelCalls.every((r) => r.authorization?.startsWith('Bearer '))).toBe(true);
    expect(kick.tokensIssued()).toBe(1);

    // The app token stops working: one 401, a fresh token, and polling carries on.
    const seen = kick.requests.length;
    kick.revokeTokens();
    expect(await waitFor(() => kick.tokensIssued() === 2, 5_000, 50)).toBe(true);
    const after = kick.requests.slice(seen).filter((r) => r.path === '/public/v1/channels');
    expect(after.filter((r) => r.status === 401)).toHaveLength(1);
    expect(
      await waitFor(
        () => kick.requests.slice(seen).some((r) => r.status === 200 && r.path !== '/oauth/token'),
        5_000,
        50,
      ),
    ).toBe(true);
    await sleep(300);
    expect((await status(s.handle)).kick).toMatchObject({ configured: true, lastError: null });
    expect(await stateOf(s.guildId, user.id)).toBe('live');

    // Offline on Kick: ending at once, offline after the grace, with the session closed.
    kick.goOffline('adakick');
    expect(await waitFor(async () => (await stateOf(s.guildId, user.id)) === 'ending', 5_000, 50)).toBe(true);
    expect(await waitFor(async () => (await stateOf(s.guildId, user.id)) === 'offline', 5_000, 50)).toBe(
      true,
    );
    const [session] = await pool.sql<{ ended: boolean }[]>`
      select ended_at is not null as ended from go_live_sessions where streamer_id = ${row!.id}`;
    expect(session?.ended).toBe(true);
    expect(s.discord.messages(s.channelId)).toHaveLength(1);
  });
});
