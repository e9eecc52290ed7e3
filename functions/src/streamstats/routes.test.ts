import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamHarness } from '../stream/testing';

describe('stream stats API', () => {
  let s: Awaited<ReturnType<typeof streamHarness>>;
  let a: { tenantId: string; cookie: string; channelId: string; ended: string; open: string };
  let b: { cookie: string };

  async function session(tenantId: string, channelId: string, startedAgoMin: number, ended: boolean) {
    const [row] = await s.owner<{ id: string }[]>`
      insert into stream_sessions (tenant_id, channel_id, platform, started_at, ended_at, title, game,
        peak_viewers, messages, chatters, new_followers, new_subs, summary)
      values (${tenantId}, ${channelId}, 'twitch', now() - make_interval(mins => ${startedAgoMin}),
        ${ended ? s.owner`now() - make_interval(mins => ${startedAgoMin - 60})` : null}, 'Speedrun', 'Celeste',
        40, 120, 12, 3, 2,
        ${JSON.stringify(ended ? { topChatters: [{ userName: 'ada', messages: 30 }], commands: [{ command: 'uptime', uses: 4 }] } : {})}::text::jsonb)
      returning id`;
    for (const [i, viewers] of [10, 30].entries())
      await s.owner`
        insert into stream_samples (session_id, tenant_id, at, viewers, messages, chatters)
        values (${row!.id}, ${tenantId}, now() - make_interval(mins => ${startedAgoMin - i - 1}), ${viewers}, ${5 + i}, 3)`;
    return row!.id;
  }

  beforeAll(async () => {
    s = await streamHarness();
    const ta = await s.addTenant('alice');
    const channelId = await s.addChannel(ta.tenantId, 'twitch', '5001');
    const ended = await session(ta.tenantId, channelId, 300, true);
    const open = await session(ta.tenantId, channelId, 30, false);
    a = { ...ta, channelId, ended, open };
    const tb = await s.addTenant('bob');
    await s.addChannel(tb.tenantId, 'twitch', '5002');
    b = tb;
  });
  afterAll(() => s.close());

  it('lists sessions newest first with totals, paging by cursor', async () => {
    const first = await s.h.call('GET', '/api/stream/stats/sessions?limit=1', { cookie: a.cookie });
    expect(first.status).toBe(200);
    expect(first.json.sessions).toMatchObject([
      { id: a.open, endedAt: null, peakViewers: 40, avgViewers: 20 },
    ]);
    const next = await s.h.call(
      'GET',
      `/api/stream/stats/sessions?limit=1&cursor=${encodeURIComponent(first.json.nextCursor)}`,
      { cookie: a.cookie },
    );
    expect(next.json.sessions.map((x: { id: string }) => x.id)).toEqual([a.ended]);
    expect(next.json.nextCursor).toBeNull();
  });

  it('shows one session with samples and summary', async () => {
    const res = await s.h.call('GET', `/api/stream/stats/sessions/${a.ended}`, { cookie: a.cookie });
    expect(res.status).toBe(200);
    expect(res.json.samples.map((x: { viewers: number }) => x.viewers)).toEqual([10, 30]);
    expect(res.json.summary).toEqual({
      topChatters: [{ userName: 'ada', messages: 30 }],
      commands: [{ command: 'uptime', uses: 4 }],
    });
  });

  it('sums days and top lists in the overview, and lists live sessions with their latest sample', async () => {
    const res = await s.h.call('GET', '/api/stream/stats/overview?days=30', { cookie: a.cookie });
    expect(res.status).toBe(200);
    const totals = res.json.days.reduce(
      (n: { streams: number; messages: number }, d: { streams: number; messages: number }) => ({
        streams: n.streams + d.streams,
        messages: n.messages + d.messages,
      }),
      { streams: 0, messages: 0 },
    );
    expect(totals).toEqual({ streams: 2, messages: 240 });
    expect(res.json.commands).toEqual([{ command: 'uptime', uses: 4 }]);
    const streamed = res.json.days.filter((d: { streams: number }) => d.streams > 0);
    expect(streamed.map((d: { chatters: number }) => d.chatters)).toEqual(streamed.map(() => 12));
    const live = await s.h.call('GET', '/api/stream/stats/live', { cookie: a.cookie });
    expect(live.json.sessions).toMatchObject([{ id: a.open, latest: { viewers: 30, messages: 6 } }]);
    expect((await s.h.call('GET', '/api/stream/stats/overview?days=0', { cookie: a.cookie })).status).toBe(
      400,
    );
  });

  it('lists every day of the range up to today, with zeros on days without a stream', async () => {
    const res = await s.h.call('GET', '/api/stream/stats/overview?days=7', { cookie: a.cookie });
    const days: { day: string; streams: number; avgViewers: number | null; messages: number }[] =
      res.json.days;
    const today = new Date();
    const expected = Array.from({ length: 7 }, (_, i) =>
      new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - 6 + i))
        .toISOString()
        .slice(0, 10),
    );
    expect(days.map((d) => d.day)).toEqual(expected);
    expect(days.filter((d) => d.streams === 0).length).toBeGreaterThanOrEqual(5);
    for (const d of days.filter((x) => x.streams === 0))
      expect(d).toMatchObject({ avgViewers: null, peakViewers: 0, messages: 0, chatters: 0, followers: 0 });
    const ninety = await s.h.call('GET', '/api/stream/stats/overview?days=90', { cookie: a.cookie });
    expect(ninety.json.days).toHaveLength(90);
  });

  it("answers 404 for another tenant's session or channel, and shows them nothing", async () => {
    const as = { cookie: b.cookie };
    expect((await s.h.call('GET', `/api/stream/stats/sessions/${a.ended}`, as)).status).toBe(404);
    expect((await s.h.call('GET', `/api/stream/stats/sessions?channelId=${a.channelId}`, as)).status).toBe(
      404,
    );
    expect((await s.h.call('GET', '/api/stream/stats/sessions', as)).json.sessions).toEqual([]);
    expect((await s.h.call('GET', '/api/stream/stats/live', as)).json.sessions).toEqual([]);
    const overview = (await s.h.call('GET', '/api/stream/stats/overview', as)).json;
    expect(overview.days).toHaveLength(30);
    expect(overview.days.every((d: { streams: number }) => d.streams === 0)).toBe(true);
    expect(overview.topChatters).toEqual([]);
  });
});
