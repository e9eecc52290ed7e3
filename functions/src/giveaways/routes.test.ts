import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamHarness } from '../stream/testing';

describe('giveaways and polls API', () => {
  let s: Awaited<ReturnType<typeof streamHarness>>;
  let a: { tenantId: string; cookie: string };
  let b: { tenantId: string; cookie: string };

  async function viewer(tenantId: string, name: string, balance = 0) {
    const [row] = await s.owner<{ id: string }[]>`
      insert into viewers (tenant_id, display_name, balance) values (${tenantId}, ${name}, ${balance}) returning id`;
    return row!.id;
  }
  async function snapshot(tenantId: string) {
    return {
      giveaways: await s.owner`select * from giveaways where tenant_id = ${tenantId} order by id`,
      winners: await s.owner`select * from giveaway_winners where tenant_id = ${tenantId} order by id`,
      polls: await s.owner`select * from polls where tenant_id = ${tenantId} order by id`,
      balances: await s.owner`select id, balance from viewers where tenant_id = ${tenantId} order by id`,
    };
  }

  beforeAll(async () => {
    s = await streamHarness();
    a = await s.addTenant('gwalice');
    b = await s.addTenant('gwbob');
  });
  afterAll(() => s.close());

  it('runs a giveaway: open, one at a time, entries page, draw, reroll, history with winners', async () => {
    const as = { cookie: a.cookie };
    const opened = await s.h.call('POST', '/api/stream/giveaways', {
      ...as,
      body: { prize: 'A key', keyword: '!enter', cost: 5, claimSeconds: 45 },
    });
    expect(opened.status).toBe(201);
    expect(opened.json).toMatchObject({ prize: 'A key', state: 'open', entries: 0, winners: [] });
    const again = await s.h.call('POST', '/api/stream/giveaways', {
      ...as,
      body: { prize: 'B', keyword: '!b' },
    });
    expect(again.status).toBe(409);
    const bad = await s.h.call('POST', '/api/stream/giveaways', {
      ...as,
      body: { prize: '', keyword: 'two words' },
    });
    expect(bad.status).toBe(400);

    const id = opened.json.id as string;
    for (const name of ['v1', 'v2', 'v3']) {
      const viewerId = await viewer(a.tenantId, name);
      await s.owner`insert into giveaway_entries (giveaway_id, tenant_id, viewer_id, user_name, platform)
        values (${id}, ${a.tenantId}, ${viewerId}, ${name}, 'twitch')`;
    }
    await s.owner`update giveaways set entries = 3 where id = ${id}`;
    const page = await s.h.call('GET', `/api/stream/giveaways/${id}?limit=2`, as);
    expect(page.status).toBe(200);
    expect(page.json.entries).toHaveLength(2);
    expect(page.json.giveaway.entries).toBe(3);

    const drawn = await s.h.call('POST', `/api/stream/giveaways/${id}/draw`, as);
    expect(drawn.status).toBe(200);
    expect(drawn.json.state).toBe('drawn');
    expect(drawn.json.winners).toHaveLength(1);
    expect(drawn.json.winners[0].expiresAt).not.toBeNull();
    const rerolled = await s.h.call('POST', `/api/stream/giveaways/${id}/reroll`, as);
    expect(rerolled.json.winners.map((w: { state: string }) => w.state)).toEqual(['rerolled', 'pending']);
    const closeDrawn = await s.h.call('POST', `/api/stream/giveaways/${id}/close`, as);
    expect(closeDrawn.status).toBe(409);
    const cancelDrawn = await s.h.call('POST', `/api/stream/giveaways/${id}/cancel`, as);
    expect(cancelDrawn.status).toBe(409);

    const list = await s.h.call('GET', '/api/stream/giveaways', as);
    expect(list.json.giveaways[0]).toMatchObject({ id, state: 'drawn' });
    expect(list.json.giveaways[0].winners).toHaveLength(2);
    const audit =
      await s.owner`select action from audit_log where action like 'stream.giveaway.%' order by id`;
    expect(audit.map((r) => r.action)).toEqual(
      expect.arrayContaining(['stream.giveaway.open', 'stream.giveaway.draw', 'stream.giveaway.reroll']),
    );
  });

  it('runs polls and bets: tallies, resolve pays out, cancel refunds', async () => {
    const as = { cookie: a.cookie };
    const poll = await s.h.call('POST', '/api/stream/polls', {
      ...as,
      body: { question: 'Snack?', options: ['chips', 'fruit'] },
    });
    expect(poll.status).toBe(201);
    expect(poll.json.tallies.map((t: { votes: number }) => t.votes)).toEqual([0, 0]);
    const one = await s.h.call('POST', '/api/stream/polls', {
      ...as,
      body: { question: 'x', options: ['only'] },
    });
    expect(one.status).toBe(400);
    const voter = await viewer(a.tenantId, 'voter');
    await s.owner`insert into poll_votes (poll_id, tenant_id, viewer_id, option) values (${poll.json.poll.id}, ${a.tenantId}, ${voter}, 1)`;
    const closed = await s.h.call('POST', `/api/stream/polls/${poll.json.poll.id}/close`, as);
    expect(closed.status).toBe(200);
    expect(closed.json.tallies.map((t: { votes: number }) => t.votes)).toEqual([0, 1]);

    const bet = await s.h.call('POST', '/api/stream/polls', {
      ...as,
      body: { kind: 'bet', question: 'Win?', options: ['yes', 'no'] },
    });
    const betId = bet.json.poll.id as string;
    const x = await viewer(a.tenantId, 'x', 0);
    const y = await viewer(a.tenantId, 'y', 0);
    await s.owner`insert into poll_votes (poll_id, tenant_id, viewer_id, option, amount) values
      (${betId}, ${a.tenantId}, ${x}, 0, 30), (${betId}, ${a.tenantId}, ${y}, 1, 70)`;
    const wrong = await s.h.call('POST', `/api/stream/polls/${betId}/resolve`, {
      ...as,
      body: { option: 5 },
    });
    expect(wrong.status).toBe(409);
    const resolved = await s.h.call('POST', `/api/stream/polls/${betId}/resolve`, {
      ...as,
      body: { option: 0 },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.json.poll).toMatchObject({ state: 'resolved', winningOption: 0 });
    const [paid] = await s.owner`select balance::int from viewers where id = ${x}`;
    expect(paid!.balance).toBe(100);

    const second = await s.h.call('POST', '/api/stream/polls', {
      ...as,
      body: { kind: 'bet', question: 'Again?', options: ['a', 'b'] },
    });
    await s.owner`insert into poll_votes (poll_id, tenant_id, viewer_id, option, amount) values
      (${second.json.poll.id}, ${a.tenantId}, ${y}, 1, 12)`;
    const cancelled = await s.h.call('POST', `/api/stream/polls/${second.json.poll.id}/cancel`, as);
    expect(cancelled.json.poll.state).toBe('cancelled');
    const [refunded] = await s.owner`select balance::int from viewers where id = ${y}`;
    expect(refunded!.balance).toBe(12);
    const got = await s.h.call('GET', `/api/stream/polls/${betId}`, as);
    expect(got.json.tallies.map((t: { amount: number }) => t.amount)).toEqual([30, 70]);
    const list = await s.h.call('GET', '/api/stream/polls', as);
    expect(list.json.polls).toHaveLength(3);
  });

  it('leaves the closing announcement of a poll also running on Twitch to the runner; tallies add Twitch votes', async () => {
    const as = { cookie: a.cookie };
    const heard: { tenantId: string; kind: string; text?: string }[] = [];
    const listening = await s.owner.listen('bot', (payload) => heard.push(JSON.parse(payload)));
    try {
      const poll = await s.h.call('POST', '/api/stream/polls', {
        ...as,
        body: { question: 'Map?', options: ['north', 'south'] },
      });
      const id = poll.json.poll.id as string;
      // The runner holding the tenant's Twitch channel started the native poll.
      await s.owner`update polls set native = ${s.owner.json({ twitch: 'tw-poll-1' })} where id = ${id}`;
      const closed = await s.h.call('POST', `/api/stream/polls/${id}/close`, as);
      expect(closed.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const mine = heard.filter((n) => n.tenantId === a.tenantId);
      expect(mine.filter((n) => n.kind === 'announce').map((n) => n.text)).toEqual([
        'Poll: Map? Vote with !vote N or just N: 1. north, 2. south',
      ]);
      expect(mine.at(-1)).toMatchObject({ kind: 'config' });
      // The runner ended it and kept Twitch's votes: the detail counts them.
      await s.owner`update polls set native = native || ${s.owner.json({ twitchVotes: [2, 5], twitchEnded: true })}
        where id = ${id}`;
      const got = await s.h.call('GET', `/api/stream/polls/${id}`, as);
      expect(got.json.tallies.map((t: { votes: number }) => t.votes)).toEqual([2, 5]);
    } finally {
      await listening.unlisten();
    }
  });

  it("answers 404 to another tenant's ids and changes nothing", async () => {
    const [giveaway] = await s.owner<
      { id: string }[]
    >`select id from giveaways where tenant_id = ${a.tenantId} limit 1`;
    const [poll] = await s.owner<
      { id: string }[]
    >`select id from polls where tenant_id = ${a.tenantId} limit 1`;
    const before = await snapshot(a.tenantId);
    const as = { cookie: b.cookie };
    const calls = [
      s.h.call('GET', `/api/stream/giveaways/${giveaway!.id}`, as),
      ...['close', 'draw', 'reroll', 'cancel'].map((action) =>
        s.h.call('POST', `/api/stream/giveaways/${giveaway!.id}/${action}`, as),
      ),
      s.h.call('GET', `/api/stream/polls/${poll!.id}`, as),
      s.h.call('POST', `/api/stream/polls/${poll!.id}/close`, as),
      s.h.call('POST', `/api/stream/polls/${poll!.id}/cancel`, as),
      s.h.call('POST', `/api/stream/polls/${poll!.id}/resolve`, { ...as, body: { option: 0 } }),
    ];
    for (const res of await Promise.all(calls)) expect(res.status).toBe(404);
    expect((await s.h.call('GET', '/api/stream/giveaways', as)).json.giveaways).toEqual([]);
    expect((await s.h.call('GET', '/api/stream/polls', as)).json.polls).toEqual([]);
    expect(await snapshot(a.tenantId)).toEqual(before);
  });
});
