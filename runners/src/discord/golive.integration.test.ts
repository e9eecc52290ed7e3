/**
 * The go-live machine against PostgreSQL: transitions and their deliveries survive a restart (the
 * tick continues from the stored state_since), and a post whose job crashes after Discord accepted
 * it is retried with the same nonce, so the channel gets one message.
 */
import type { Pool } from '@homelab/db/client/pool';
import { DiscordApiError, type DiscordRest } from '@homelab/db/discord/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobWorker } from '../jobs/worker';
import { createLogger } from '../log';
import { privateDatabaseUrl, testPool } from '../testing/database';
import { waitFor } from '../testing/helpers';
import { createGoLiveDelivery } from './golive/delivery';
import type { StreamInfo } from './golive/machine';
import { createGoLiveTracker } from './golive/tracker';

const log = createLogger({ level: 'error' });
let pool: Pool;
const twitch: StreamInfo = {
  platform: 'twitch',
  url: 'https://twitch.tv/ada',
  title: 'Speedrun',
  game: 'Celeste',
};

beforeAll(async () => {
  pool = testPool(await privateDatabaseUrl());
});
afterAll(async () => {
  await pool?.sql.end({ timeout: 5 });
});

let seq = 0;
async function guildWithStreamer(settings: { quiet?: boolean } = {}) {
  seq++;
  const guildId = `${Date.now()}${seq}`;
  await pool.sql`
    insert into discord_guilds (guild_id, name, go_live_channel_id, go_live_mention_role_id, go_live_live_role_id,
      go_live_template, go_live_quiet_hours)
    values (${guildId}, 'Test guild', ${`c${guildId}`}, ${`r${guildId}`}, ${`l${guildId}`},
      '{role} {mention} is live on {platform}: {title}',
      ${settings.quiet ? JSON.stringify({ from: '00:00', to: '23:59' }) : null}::jsonb)`;
  const userId = `u${guildId}`;
  const [row] = await pool.sql<{ id: string }[]>`
    insert into go_live_streamers (guild_id, discord_user_id, display_name, source)
    values (${guildId}, ${userId}, 'Ada', 'manual') returning id`;
  return { guildId, userId, streamerId: row!.id, channelId: `c${guildId}` };
}

const clock = { now: Date.now() };
function tracker() {
  return createGoLiveTracker({ sql: pool.sql, log, now: () => clock.now, machine: {} });
}

async function jobsOf(streamerId: string) {
  return pool.sql<{ id: string; kind: string; status: string; payload: Record<string, unknown> }[]>`
    select id, kind, status, payload from jobs where runner = 'discord' and payload->>'streamerId' = ${streamerId} order by id`;
}
async function streamer(id: string) {
  const [row] = await pool.sql<{ state: string; post_message_id: string | null }[]>`
    select state, post_message_id from go_live_streamers where id = ${id}`;
  return row!;
}

describe('go-live persistence', () => {
  it('continues the debounce and the grace across restarts and queues each delivery once', async () => {
    const { guildId, userId, streamerId } = await guildWithStreamer();
    await tracker().presence(guildId, userId, twitch);
    expect((await streamer(streamerId)).state).toBe('pending');

    // A new process (no memory) 31 s later: the stored state_since says the debounce is over.
    clock.now += 31_000;
    await tracker().tickAll();
    expect((await streamer(streamerId)).state).toBe('live');
    expect((await jobsOf(streamerId)).map((j) => j.kind)).toEqual(['golive.post', 'golive.role']);
    expect((await jobsOf(streamerId))[0]?.payload).toMatchObject({ ping: true });

    // Another restart: the stream stops, and the grace runs out in yet another process.
    await tracker().presence(guildId, userId, null);
    expect((await streamer(streamerId)).state).toBe('ending');
    clock.now += 4 * 60_000;
    await tracker().tickAll();
    expect((await streamer(streamerId)).state).toBe('ending');
    clock.now += 61_000;
    await tracker().tickAll();
    await tracker().tickAll();
    expect((await streamer(streamerId)).state).toBe('offline');
    expect((await jobsOf(streamerId)).map((j) => j.kind)).toEqual([
      'golive.post',
      'golive.role',
      'golive.edit',
      'golive.role',
    ]);
    const [session] = await pool.sql<{ ended: boolean }[]>`
      select ended_at is not null as ended from go_live_sessions where streamer_id = ${streamerId}`;
    expect(session?.ended).toBe(true);
  });

  it('queues the announcement without the role ping during quiet hours', async () => {
    const { guildId, userId, streamerId } = await guildWithStreamer({ quiet: true });
    const t = tracker();
    await t.presence(guildId, userId, twitch);
    clock.now += 30_000;
    await t.tickAll();
    expect((await jobsOf(streamerId))[0]?.payload).toMatchObject({ ping: false });
  });
});

/** Discord's message create as far as go-live uses it: a repeated nonce with enforce_nonce returns the first message. */
function fakeDiscord() {
  const messages: { id: string; channel_id: string; nonce?: string; body: Record<string, unknown> }[] = [];
  let failNextAfterAccept = 0;
  const rest = {
    async post(path: string, body: Record<string, unknown>) {
      const channelId = path.split('/')[2]!;
      const existing = body.enforce_nonce
        ? messages.find((m) => m.channel_id === channelId && m.nonce === body.nonce)
        : undefined;
      const message = existing ?? {
        id: String(1000 + messages.length),
        channel_id: channelId,
        nonce: body.nonce as string,
        body,
      };
      if (!existing) messages.push(message);
      if (failNextAfterAccept > 0) {
        failNextAfterAccept--;
        // The response is lost after Discord stored the message (a crash or a dropped connection).
        throw new DiscordApiError(502, 'POST', path, {});
      }
      return { id: message.id, channel_id: message.channel_id };
    },
    async patch(path: string, body: Record<string, unknown>) {
      const message = messages.find((m) => m.id === path.split('/')[4]);
      if (!message) throw new DiscordApiError(404, 'PATCH', path, { code: 10008 });
      message.body = { ...message.body, ...body };
      return message;
    },
    async put() {},
    async delete() {},
  };
  return {
    rest: rest as unknown as DiscordRest,
    messages,
    failAfterAccept(times: number) {
      failNextAfterAccept = times;
    },
  };
}

describe('go-live delivery', () => {
  it('posts once when the first try is lost after Discord accepted it', async () => {
    const discord = fakeDiscord();
    const { guildId, userId, streamerId, channelId } = await guildWithStreamer();
    const t = tracker();
    await t.presence(guildId, userId, twitch);
    clock.now += 30_000;
    await t.tickAll();

    discord.failAfterAccept(1);
    const handlers = createGoLiveDelivery({
      sql: pool.sql,
      rest: () => discord.rest,
      retry: { baseMs: 50, maxMs: 200 },
    });
    const worker = createJobWorker({
      sql: pool.sql,
      log,
      handlersFor: (runner) => (runner === 'discord' ? handlers : undefined),
      runningRunners: () => ['discord'],
      pollMs: 50,
    });
    worker.start();
    try {
      const done = await waitFor(
        async () => (await jobsOf(streamerId)).every((j) => j.status === 'done'),
        10_000,
      );
      expect(done).toBe(true);
    } finally {
      await worker.stop();
    }

    const posted = discord.messages.filter((m) => m.channel_id === channelId);
    expect(posted).toHaveLength(1);
    expect((await streamer(streamerId)).post_message_id).toBe(posted[0]?.id);
    const body = posted[0]!.body;
    expect(String(body.nonce).length).toBeLessThanOrEqual(25);
    expect(body.enforce_nonce).toBe(true);
    expect(body.content).toBe(`<@&r${guildId}> <@${userId}> is live on Twitch: Speedrun`);
    expect(body.allowed_mentions).toEqual({ parse: [], roles: [`r${guildId}`], users: [userId] });
    expect(body.embeds).toMatchObject([{ title: 'Speedrun', url: twitch.url, color: 0x9146ff }]);

    // A platform switch edits that message instead of posting another.
    const youtube: StreamInfo = { ...twitch, platform: 'youtube', url: 'https://youtube.com/watch?v=abc123' };
    await t.presence(guildId, userId, youtube);
    worker.start();
    try {
      await waitFor(async () => (await jobsOf(streamerId)).every((j) => j.status === 'done'), 10_000);
    } finally {
      await worker.stop();
    }
    expect(discord.messages.filter((m) => m.channel_id === channelId)).toHaveLength(1);
    expect(posted[0]!.body.embeds).toMatchObject([{ url: youtube.url, color: 0xff0000 }]);
  });
});
