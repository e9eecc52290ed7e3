import type { Pool } from '@homelab/db/client/pool';
import type { ChatEvent } from '@homelab/db/stream/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeYoutubeData, startFakeYoutubeData } from '../../../../e2e/fakes/youtube-data/server';
import { createLogger } from '../../log';
import { testPool } from '../../testing/database';
import { waitFor } from '../../testing/helpers';

async function found<T>(check: () => T | null | undefined | Promise<T | null | undefined>): Promise<T> {
  const value = await waitFor(check);
  if (!value) throw new Error('not seen in time');
  return value;
}

import { seedChannel, testEncryptionKey } from './testing';
import { createYoutubeConnection, youtubePollDelay } from './youtube';

const quiet = createLogger({ write: () => {} });

describe('youtube connection against the fake YouTube Data API', () => {
  let yt: FakeYoutubeData;
  let pool: Pool;

  beforeAll(async () => {
    yt = await startFakeYoutubeData({ pollingIntervalMillis: 20 });
    pool = testPool();
  });
  afterAll(async () => {
    await yt.close();
    await pool.sql.end();
  });

  async function streamer(quotaBudget: number) {
    const account = yt.addChannel({ title: `Ada ${crypto.randomUUID().slice(0, 6)}` });
    const grant = yt.oauth.issueToken(account.sub) as { access_token: string };
    const channel = await seedChannel(pool, {
      platform: 'youtube',
      provider: 'google',
      platformChannelId: account.id,
      login: account.customUrl,
      accessToken: grant.access_token,
      quotaBudget,
    });
    return { account, channel };
  }

  it('finds the live chat, reads it page by page, normalizes it and replies', async () => {
    const { account, channel } = await streamer(50_000_000);
    const broadcast = yt.startBroadcast(account.id);
    const events: ChatEvent[] = [];
    const abort = new AbortController();
    const connection = createYoutubeConnection(
      { emit: (e) => events.push(e), log: quiet, signal: abort.signal },
      { pool, baseUrl: yt.url, encryptionKey: testEncryptionKey },
    );
    try {
      await connection.join(channel);
      await waitFor(
        () =>
          (connection.status().channels as Record<string, { state: string }>)[channel.channelId]?.state ===
          'live',
      );
      yt.chat.say(broadcast.liveChatId, { author: { displayName: 'viewer' }, text: 'hello' });
      yt.chat.say(broadcast.liveChatId, {
        author: { displayName: 'mod', moderator: true },
        text: '!uptime now',
      });
      await waitFor(() => events.length >= 2);
      yt.chat.newSponsor(broadcast.liveChatId, { author: { displayName: 'fan' } });
      yt.chat.giftMemberships(broadcast.liveChatId, { author: { displayName: 'giver' }, count: 5 });
      await waitFor(() => events.length >= 4);
      expect(events.map((e) => [e.kind, e.userName, e.text])).toEqual([
        ['message', 'viewer', 'hello'],
        ['command', 'mod', '!uptime now'],
        ['sub', 'fan', null],
        ['gift', 'giver', null],
      ]);
      expect(events[1]!.detail).toMatchObject({ level: 'moderator', command: 'uptime', args: ['now'] });
      expect(events[3]!.detail).toMatchObject({ count: 5 });
      const paged = yt.requests.filter(
        (r) => r.path === '/youtube/v3/liveChat/messages' && r.query.pageToken,
      );
      expect(paged.length).toBeGreaterThan(0);

      expect(await connection.send(channel.channelId, 'thanks!')).toMatchObject({ ok: true });
      expect(yt.chat.inserted.at(-1)).toMatchObject({ liveChatId: broadcast.liveChatId, text: 'thanks!' });
      const [row] = await pool.sql<{ quota_used: number; live_chat_id: string }[]>`
        select quota_used, live_chat_id from stream_channels where id = ${channel.channelId}`;
      expect(row!.live_chat_id).toBe(broadcast.liveChatId);
      expect(row!.quota_used).toBeGreaterThanOrEqual(1 + 5 + 50);
    } finally {
      abort.abort();
      await connection.stop();
    }
  });

  it('stretches the interval for a small budget and tells the streamer when it runs out', async () => {
    const { account, channel } = await streamer(40);
    yt.startBroadcast(account.id);
    const abort = new AbortController();
    const connection = createYoutubeConnection(
      { emit: () => {}, log: quiet, signal: abort.signal },
      { pool, baseUrl: yt.url, encryptionKey: testEncryptionKey },
    );
    try {
      await connection.join(channel);
      const notices = await found(async () => {
        const rows = await pool.sql<{ kind: string; message: string; detail: { runsOutAt?: string } }[]>`
          select kind, message, detail from stream_notices where tenant_id = ${channel.tenantId}`;
        return rows.length > 0 ? rows : null;
      });
      expect(notices[0]).toMatchObject({ kind: 'quota' });
      expect(notices[0]!.message).toMatch(/quota budget \(40 units\)/);
      const status = (connection.status().channels as Record<string, { nextPollInMs: number }>)[
        channel.channelId
      ]!;
      expect(status.nextPollInMs).toBeGreaterThan(20);
      expect(await connection.send(channel.channelId, 'too expensive')).toMatchObject({
        ok: false,
        reason: 'refused',
      });
    } finally {
      abort.abort();
      await connection.stop();
    }
  });
});

describe('youtubePollDelay', () => {
  const hour = 3_600_000;
  it('spreads the budget over the rest of the day, never faster than YouTube asks', () => {
    expect(
      youtubePollDelay({
        budget: 10_000_000,
        used: 0,
        pollingIntervalMillis: 3_000,
        msUntilReset: hour,
        maxIntervalMs: 30_000,
      }),
    ).toEqual({ delayMs: 3_000, exhausted: false, runsOutInMs: null });
    const spread = youtubePollDelay({
      budget: 2_000,
      used: 1_000,
      pollingIntervalMillis: 3_000,
      msUntilReset: hour,
      maxIntervalMs: 30_000,
    });
    expect(spread.delayMs).toBe(18_000);
    expect(spread.runsOutInMs).toBeNull();
  });
  it('says when a budget too small for the day runs out', () => {
    const plan = youtubePollDelay({
      budget: 100,
      used: 0,
      pollingIntervalMillis: 3_000,
      msUntilReset: 10 * hour,
      maxIntervalMs: 30_000,
    });
    expect(plan).toEqual({ delayMs: 30_000, exhausted: false, runsOutInMs: 20 * 30_000 });
    expect(
      youtubePollDelay({
        budget: 100,
        used: 98,
        pollingIntervalMillis: 3_000,
        msUntilReset: hour,
        maxIntervalMs: 30_000,
      }).exhausted,
    ).toBe(true);
  });
});
