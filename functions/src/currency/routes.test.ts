import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamHarness } from '../stream/testing';

describe('currency API', () => {
  let s: Awaited<ReturnType<typeof streamHarness>>;
  let a: { tenantId: string; cookie: string };
  let b: { tenantId: string; cookie: string };
  const ids: Record<string, string> = {};

  async function viewer(
    tenantId: string,
    name: string,
    fields: { balance?: number; watch?: number; messages?: number } = {},
  ) {
    const [row] = await s.owner<{ id: string }[]>`
      insert into viewers (tenant_id, display_name, balance, watch_minutes, messages)
      values (${tenantId}, ${name}, ${fields.balance ?? 0}, ${fields.watch ?? 0}, ${fields.messages ?? 0}) returning id`;
    await s.owner`insert into viewer_identities (tenant_id, platform, platform_user_id, viewer_id, user_name)
      values (${tenantId}, 'twitch', ${`tw-${name}`}, ${row!.id}, ${name})`;
    await s.owner`insert into currency_ledger (tenant_id, viewer_id, delta, balance_after, reason)
      values (${tenantId}, ${row!.id}, ${fields.balance ?? 0}, ${fields.balance ?? 0}, 'watch')`;
    return row!.id;
  }

  beforeAll(async () => {
    s = await streamHarness();
    a = await s.addTenant('curalice');
    b = await s.addTenant('curbob');
    ids.gold = await viewer(a.tenantId, 'Goldie', { balance: 500, watch: 10, messages: 900 });
    ids.silver = await viewer(a.tenantId, 'silver_sam', { balance: 300, watch: 400, messages: 5 });
    ids.bronze = await viewer(a.tenantId, 'bronze', { balance: 300, watch: 1, messages: 50 });
    await s.owner`insert into viewer_identities (tenant_id, platform, platform_user_id, viewer_id, user_name)
      values (${a.tenantId}, 'kick', 'k-gold', ${ids.gold}, 'goldie_on_kick')`;
    ids.other = await viewer(b.tenantId, 'bobsviewer', { balance: 10 });
  });
  afterAll(() => s.close());

  it('ranks viewers by balance, watch time or messages, with identities, search and pages', async () => {
    const as = { cookie: a.cookie };
    const byBalance = await s.h.call('GET', '/api/stream/currency/viewers', as);
    expect(byBalance.status).toBe(200);
    expect(
      byBalance.json.viewers.map((v: { displayName: string; rank: number }) => [v.displayName, v.rank]),
    ).toEqual([
      ['Goldie', 1],
      ['bronze', 2],
      ['silver_sam', 2],
    ]);
    expect(byBalance.json.viewers[0].identities).toEqual([
      { platform: 'kick', platformUserId: 'k-gold', userName: 'goldie_on_kick' },
      { platform: 'twitch', platformUserId: 'tw-Goldie', userName: 'Goldie' },
    ]);
    const byWatch = await s.h.call('GET', '/api/stream/currency/viewers?sort=watch', as);
    expect(byWatch.json.viewers[0].displayName).toBe('silver_sam');
    const searched = await s.h.call('GET', '/api/stream/currency/viewers?search=ON_KICK', as);
    expect(searched.json.viewers.map((v: { id: string; rank: number }) => [v.id, v.rank])).toEqual([
      [ids.gold, 1],
    ]);
    const first = await s.h.call('GET', '/api/stream/currency/viewers?limit=2&sort=messages', as);
    expect(first.json.nextCursor).toBe('2');
    const second = await s.h.call('GET', `/api/stream/currency/viewers?limit=2&sort=messages&cursor=2`, as);
    expect(
      second.json.viewers.map((v: { displayName: string; rank: number }) => [v.displayName, v.rank]),
    ).toEqual([['silver_sam', 3]]);
    expect(second.json.nextCursor).toBeNull();
    const bad = await s.h.call('GET', '/api/stream/currency/viewers?sort=age&cursor=x', as);
    expect(bad.status).toBe(400);
  });

  it('grants and takes with a ledger row and an actor, answering 409 below 0 and 400 for bad amounts', async () => {
    const as = { cookie: a.cookie };
    const url = `/api/stream/currency/viewers/${ids.bronze}/grant`;
    const given = await s.h.call('POST', url, { ...as, body: { amount: 25, reason: 'won the art contest' } });
    expect(given.status).toBe(200);
    expect(given.json).toMatchObject({
      balance: 325,
      entry: {
        delta: 25,
        balanceAfter: 325,
        reason: 'grant',
        ref: 'won the art contest',
        actor: 'studio:curalice',
      },
    });
    const tooMuch = await s.h.call('POST', url, { ...as, body: { amount: -326, reason: 'oops' } });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.json.error.message).toMatch(/at most 325/);
    for (const body of [
      { amount: 0, reason: 'x' },
      { amount: 1.5, reason: 'x' },
      { amount: 5, reason: ' ' },
      { amount: 5 },
    ]) {
      const res = await s.h.call('POST', url, { ...as, body });
      expect(res.status).toBe(400);
    }
    const taken = await s.h.call('POST', url, { ...as, body: { amount: -325, reason: 'reset' } });
    expect(taken.json.balance).toBe(0);

    const detail = await s.h.call('GET', `/api/stream/currency/viewers/${ids.bronze}`, as);
    expect(detail.status).toBe(200);
    expect(detail.json.viewer).toMatchObject({ displayName: 'bronze', balance: 0, rank: 3 });
    expect(detail.json.ledger.map((e: { delta: number }) => e.delta)).toEqual([-325, 25, 300]);
    const ledger = await s.h.call('GET', `/api/stream/currency/ledger?viewerId=${ids.bronze}&limit=2`, as);
    expect(ledger.json.entries).toHaveLength(2);
    const rest = await s.h.call(
      'GET',
      `/api/stream/currency/ledger?viewerId=${ids.bronze}&cursor=${ledger.json.nextCursor}`,
      as,
    );
    expect(rest.json.entries.map((e: { delta: number }) => e.delta)).toEqual([300]);
    const all = await s.h.call('GET', '/api/stream/currency/ledger', as);
    expect(all.json.entries.every((e: { viewerId: string }) => e.viewerId !== ids.other)).toBe(true);
  });

  it("answers 404 to another tenant's viewer and changes nothing", async () => {
    const as = { cookie: b.cookie };
    const calls = [
      s.h.call('GET', `/api/stream/currency/viewers/${ids.gold}`, as),
      s.h.call('POST', `/api/stream/currency/viewers/${ids.gold}/grant`, {
        ...as,
        body: { amount: 5, reason: 'hi' },
      }),
      s.h.call('GET', `/api/stream/currency/ledger?viewerId=${ids.gold}`, as),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe('not_found');
    }
    const [gold] = await s.owner<{ balance: string }[]>`select balance from viewers where id = ${ids.gold!}`;
    expect(Number(gold!.balance)).toBe(500);
    const list = await s.h.call('GET', '/api/stream/currency/viewers', as);
    expect(list.json.viewers.map((v: { id: string }) => v.id)).toEqual([ids.other]);
    const anonymous = await s.h.call('GET', '/api/stream/currency/viewers');
    expect(anonymous.status).toBe(401);
  });
});
