import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotHarness, botHarness } from '../bot/testing';
import { timersFeature } from './timers';

let h: BotHarness;

beforeAll(async () => {
  h = await botHarness({ features: [timersFeature], platforms: ['twitch', 'kick'] });
});
afterAll(async () => {
  await h?.stop();
});

async function addTimer(t: {
  name: string;
  message: string;
  intervalS?: number;
  minLines?: number;
  onlineOnly?: boolean;
  platforms?: string[];
}) {
  await h.pool.sql`
    insert into bot_timers (tenant_id, name, message, interval_s, min_lines, online_only, platforms)
    values (${h.tenantId}, ${t.name}, ${t.message}, ${t.intervalS ?? 60}, ${t.minLines ?? 0},
      ${t.onlineOnly ?? false}, ${t.platforms ?? ['twitch', 'youtube', 'kick']})`;
  for (const feature of h.engine.features) feature.invalidate?.(h.tenantId);
}

async function lines(n: number, platform: 'twitch' | 'kick' = 'twitch') {
  for (let i = 0; i < n; i++) h.chat(`line ${i}`, { platform, userId: `u${i}` });
  await h.settle();
}

async function tickAt(now: number) {
  h.clearReplies();
  await h.tick(now);
  await h.settle();
  return { twitch: h.replies('twitch'), kick: h.replies('kick') };
}

describe('timers', () => {
  const start = Date.now();
  const minute = 60_000;

  it('waits for its interval and for enough lines in each channel, one timer per tick', async () => {
    await addTimer({
      name: 'discord',
      message: 'Join the discord, says $(user)',
      minLines: 3,
      platforms: ['twitch', 'kick'],
    });
    expect(await tickAt(start)).toEqual({ twitch: [], kick: [] });
    await lines(3, 'twitch');
    await lines(1, 'kick');
    const first = await tickAt(start);
    expect(first.twitch).toHaveLength(1);
    expect(first.twitch[0]).toMatch(/^Join the discord, says chan_/);
    expect(first.kick).toEqual([]);
    await lines(3, 'twitch');
    expect((await tickAt(start + 30_000)).twitch).toEqual([]);
    expect((await tickAt(start + minute + 1)).twitch).toHaveLength(1);
    expect((await tickAt(start + 3 * minute)).twitch).toEqual([]);
    const [row] = await h.pool.sql<{ last_run_at: string }[]>`
      select last_run_at from bot_timers where tenant_id = ${h.tenantId} and name = 'discord'`;
    expect(new Date(row!.last_run_at).getTime()).toBe(start + minute + 1);
    await lines(2, 'kick');
    expect((await tickAt(start + 3 * minute)).kick).toHaveLength(1);
  });

  it('speaks only while live when online-only, and staggers due timers', async () => {
    await h.pool.sql`update bot_timers set enabled = false where tenant_id = ${h.tenantId}`;
    await addTimer({ name: 'live-a', message: 'A', onlineOnly: true, platforms: ['twitch'] });
    await addTimer({ name: 'live-b', message: 'B', onlineOnly: true, platforms: ['twitch'] });
    const t = start + 10 * minute;
    expect((await tickAt(t)).twitch).toEqual([]);
    h.chat(null, { kind: 'stream_online', detail: { title: 'on', game: 'x' } });
    await h.settle();
    const said = [...(await tickAt(t)).twitch, ...(await tickAt(t + 5_000)).twitch];
    expect(said.sort()).toEqual(['A', 'B']);
    expect((await tickAt(t + 10_000)).twitch).toEqual([]);
  });
});
