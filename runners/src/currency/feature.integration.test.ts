import { createPool, type Pool } from '@homelab/db/client/pool';
import { changeBalance, transfer } from '@homelab/db/stream/currency';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../testing/database';
import { currencyFeature } from './feature';
import { botHarness } from './testing';

let pool: Pool;
beforeAll(() => {
  pool = createPool(testDatabaseUrl(), { max: 20 });
});
afterAll(async () => {
  await pool?.sql.end({ timeout: 5 });
});

async function ledger(viewerId: string) {
  const [row] = await pool.sql<{ n: number; sum: string | null }[]>`
    select count(*)::int as n, sum(delta)::text as sum from currency_ledger where viewer_id = ${viewerId}`;
  return { rows: row!.n, sum: Number(row!.sum ?? 0) };
}

describe('currency concurrency', () => {
  it('100 simultaneous redemptions against a balance that covers 50: exactly 50 succeed, balance 0, ledger consistent', async () => {
    const h = await botHarness(pool);
    const viewerId = await h.viewer(h.twitch, 'spender');
    await changeBalance(pool.db, { tenantId: h.tenantId, viewerId, delta: 50 * 7, reason: 'grant' });
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        changeBalance(pool.db, { tenantId: h.tenantId, viewerId, delta: -7, reason: 'command', ref: 'hug' }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(50);
    expect(await h.balance(viewerId)).toBe(0);
    expect(await ledger(viewerId)).toEqual({ rows: 51, sum: 0 });
  });

  it('racing transfers never overdraw and keep the total', async () => {
    const h = await botHarness(pool);
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((u) => h.viewer(h.twitch, u)));
    await changeBalance(pool.db, { tenantId: h.tenantId, viewerId: a!, delta: 100, reason: 'grant' });
    await changeBalance(pool.db, { tenantId: h.tenantId, viewerId: b!, delta: 100, reason: 'grant' });
    const moves = Array.from({ length: 60 }, (_, i) => {
      const [from, to] = [
        [a, b],
        [b, c],
        [c, a],
      ][i % 3]!;
      return transfer(pool.db, { tenantId: h.tenantId, fromViewerId: from!, toViewerId: to!, amount: 10 });
    });
    await Promise.all(moves);
    const balances = await Promise.all([a, b, c].map((v) => h.balance(v!)));
    expect(balances.every((x) => x !== null && x >= 0)).toBe(true);
    expect(balances.reduce((s, x) => s! + x!, 0)).toBe(200);
    for (const v of [a, b, c]) expect((await ledger(v!)).sum).toBe(await h.balance(v!));
  });
});

describe('currency in chat', () => {
  it('earns per message at most once per cooldown, with the subscriber multiplier, written on the tick', async () => {
    const h = await botHarness(pool, {
      currency: { perMessage: 5, messageCooldownS: 30, subscriberMultiplier: 2 },
    });
    const feature = currencyFeature(h.deps);
    await h.say(feature, h.twitch, 'chatty', 'hello');
    await h.say(feature, h.twitch, 'chatty', 'hello again');
    await h.say(feature, h.twitch, 'subby', 'hi', { badges: { subscriber: '3' } });
    const chatty = await h.viewer(h.twitch, 'chatty');
    const subby = await h.viewer(h.twitch, 'subby');
    expect(await h.balance(chatty)).toBe(0);
    await feature.tick!(h.now());
    expect(await h.balance(chatty)).toBe(5);
    expect(await h.balance(subby)).toBe(10);
    h.advance(31_000);
    await h.say(feature, h.twitch, 'chatty', 'later');
    await feature.tick!(h.now());
    expect(await h.balance(chatty)).toBe(10);
    const [row] = await pool.sql<{ messages: string }[]>`select messages from viewers where id = ${chatty}`;
    expect(Number(row!.messages)).toBe(3);
  });

  it('awards watchers of a live channel once a minute in one statement, and nobody while offline', async () => {
    const h = await botHarness(pool, { currency: { perMinute: 3, perMessage: 0 } });
    const feature = currencyFeature(h.deps);
    await h.say(feature, h.twitch, 'w1', 'hi');
    await h.say(feature, h.kick, 'w2', 'hi');
    await feature.tick!(h.now());
    h.advance(60_000);
    await feature.tick!(h.now());
    const w1 = await h.viewer(h.twitch, 'w1');
    expect(await h.balance(w1)).toBe(0);
    h.setLive(h.twitch.channelId, true);
    h.advance(60_000);
    await feature.tick!(h.now());
    expect(await h.balance(w1)).toBe(3);
    expect(await h.balance(await h.viewer(h.kick, 'w2'))).toBe(0);
    h.advance(11 * 60_000);
    await feature.tick!(h.now());
    expect(await h.balance(w1)).toBe(3);
    const [row] = await pool.sql<
      { watch_minutes: string }[]
    >`select watch_minutes from viewers where id = ${w1}`;
    expect(Number(row!.watch_minutes)).toBe(1);
  });

  it('answers !points, !give, !top, !addpoints and !removepoints, refusing bad transfers', async () => {
    const h = await botHarness(pool, { currency: { perMessage: 0, minTransfer: 5, name: 'candies' } });
    const feature = currencyFeature(h.deps);
    await h.say(feature, h.twitch, 'rich', 'hi');
    await h.say(feature, h.twitch, 'poor', 'hi');
    await h.say(feature, h.twitch, 'mod', '!addpoints @rich 100', { level: 'moderator' });
    expect(h.lastReply()).toBe('rich now has 100 candies.');
    const [grant] = await pool.sql<{ actor: string; reason: string }[]>`
      select actor, reason from currency_ledger where tenant_id = ${h.tenantId}`;
    expect(grant).toEqual({ actor: 'twitch:mod', reason: 'grant' });
    await h.say(feature, h.twitch, 'rich', '!points');
    expect(h.lastReply()).toBe('@rich has 100 candies (rank #1).');
    await h.say(feature, h.twitch, 'poor', '!points @rich');
    expect(h.lastReply()).toBe('rich has 100 candies (rank #1).');
    for (const bad of [
      '!give @poor -5',
      '!give @poor 1.5',
      '!give @poor',
      '!give @poor 2',
      '!give @rich 10',
      '!give @nobody 10',
      '!give @poor 1000',
    ]) {
      await h.say(feature, h.twitch, 'rich', bad);
      expect(h.lastReply()).toMatch(/Use !give|at least 5|yourself|not seen nobody|only have 100/);
    }
    await h.say(feature, h.twitch, 'rich', '!give @Poor 40');
    expect(h.lastReply()).toBe('@rich gave 40 candies to poor; you have 60 candies left.');
    await h.say(feature, h.twitch, 'mod', '!removepoints @poor 50', { level: 'moderator' });
    expect(h.lastReply()).toBe('poor only has 40 candies.');
    await h.say(feature, h.twitch, 'mod', '!removepoints @poor 15', { level: 'moderator' });
    await h.say(feature, h.twitch, 'poor', '!top');
    expect(h.lastReply()).toBe('Top candies: 1. rich (60), 2. poor (25)');
  });

  it('links a Kick viewer into a Twitch viewer with a single-use code, summing everything in one merge', async () => {
    const h = await botHarness(pool, { currency: { perMessage: 0 } });
    const feature = currencyFeature(h.deps);
    const tw = await h.viewer(h.twitch, 'alice');
    const kk = await h.viewer(h.kick, 'alice_k');
    await changeBalance(pool.db, { tenantId: h.tenantId, viewerId: tw, delta: 30, reason: 'grant' });
    await changeBalance(pool.db, { tenantId: h.tenantId, viewerId: kk, delta: 12, reason: 'grant' });
    await pool.sql`update viewers set messages = 4, watch_minutes = 9 where id = ${kk}`;
    const [giveaway] = await pool.sql<{ id: string }[]>`
      insert into giveaways (tenant_id, prize, keyword) values (${h.tenantId}, 'game key', '!enter') returning id`;
    await pool.sql`insert into giveaway_entries (giveaway_id, tenant_id, viewer_id, user_name, platform)
      values (${giveaway!.id}, ${h.tenantId}, ${kk}, 'alice_k', 'kick'), (${giveaway!.id}, ${h.tenantId}, ${tw}, 'alice', 'twitch')`;

    await h.say(feature, h.kick, 'alice_k', '!link');
    const code = /link code is ([A-Z0-9]{6})\./.exec(h.lastReply())?.[1];
    expect(code).toBeDefined();
    expect(h.lastReply()).toMatch(/^@alice_k /);
    await h.say(feature, h.kick, 'alice_k', `!link ${code}`);
    expect(h.lastReply()).toMatch(/your own/);
    await h.say(feature, h.twitch, 'alice', `!link ${code!.toLowerCase()}`);
    expect(h.lastReply()).toBe('@alice linked! Your accounts now share 42 points.');
    await h.say(feature, h.twitch, 'bob', `!link ${code}`);
    expect(h.lastReply()).toMatch(/unknown or expired/);

    expect(await h.balance(kk)).toBeNull();
    expect(await h.balance(tw)).toBe(42);
    expect(await h.viewer(h.kick, 'alice_k')).toBe(tw);
    const [v] = await pool.sql<
      { messages: string; watch_minutes: string }[]
    >`select messages, watch_minutes from viewers where id = ${tw}`;
    expect([Number(v!.messages), Number(v!.watch_minutes)]).toEqual([4, 9]);
    const entries =
      await pool.sql`select viewer_id from giveaway_entries where giveaway_id = ${giveaway!.id}`;
    expect(entries.map((e) => e.viewer_id)).toEqual([tw]);
    expect(await ledger(tw)).toEqual({ rows: 2, sum: 42 });
    const [merge] = await pool.sql<{ reason: string; delta: string }[]>`
      select reason, delta from currency_ledger where viewer_id = ${tw} order by id desc limit 1`;
    expect(merge).toEqual({ reason: 'merge', delta: '12' });
  });

  it('refuses expired codes and two accounts of the same platform', async () => {
    const h = await botHarness(pool);
    const feature = currencyFeature(h.deps);
    await h.say(feature, h.twitch, 'one', '!link');
    const code = /link code is ([A-Z0-9]{6})/.exec(h.lastReply())![1];
    await h.say(feature, h.twitch, 'two', `!link ${code}`);
    expect(h.lastReply()).toMatch(/same platform/);
    h.advance(10 * 60_000 + 1);
    await h.say(feature, h.kick, 'three', `!link ${code}`);
    expect(h.lastReply()).toMatch(/unknown or expired/);
  });
});
