import { createPool, type Pool } from '@homelab/db/client/pool';
import { changeBalance, transfer } from '@homelab/db/stream/currency';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botHarness as engineHarness } from '../bot/testing';
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

  it('links a Twitch viewer into a Kick viewer in one step with a whispered single-use code, summing everything', async () => {
    const h = await botHarness(pool, { currency: { perMessage: 0 } });
    h.setWhispers('twitch', true);
    const feature = currencyFeature(h.deps);
    const tw = await h.viewer(h.twitch, 'alice');
    const kk = await h.viewer(h.kick, 'alice_k');
    await changeBalance(pool.db, { tenantId: h.tenantId, viewerId: tw, delta: 30, reason: 'grant' });
    await changeBalance(pool.db, { tenantId: h.tenantId, viewerId: kk, delta: 12, reason: 'grant' });
    await pool.sql`update viewers set messages = 4, watch_minutes = 9 where id = ${tw}`;
    const [giveaway] = await pool.sql<{ id: string }[]>`
      insert into giveaways (tenant_id, prize, keyword) values (${h.tenantId}, 'game key', '!enter') returning id`;
    await pool.sql`insert into giveaway_entries (giveaway_id, tenant_id, viewer_id, user_name, platform)
      values (${giveaway!.id}, ${h.tenantId}, ${kk}, 'alice_k', 'kick'), (${giveaway!.id}, ${h.tenantId}, ${tw}, 'alice', 'twitch')`;

    await h.say(feature, h.twitch, 'alice', '!link');
    const code = /link code is ([A-Z0-9]{6})\./.exec(h.lastWhisper())?.[1];
    expect(code).toBeDefined();
    expect(h.sent.some((s) => s.text.includes(code!))).toBe(false);
    await h.say(feature, h.twitch, 'alice', `!link ${code}`);
    expect(h.lastWhisper()).toMatch(/your own/);
    await h.say(feature, h.kick, 'alice_k', `!link ${code!.toLowerCase()}`);
    expect(h.lastReply()).toBe('@alice_k linked! Your accounts now share 42 points.');
    await h.say(feature, h.kick, 'bob', `!link ${code}`);
    expect(h.lastReply()).toMatch(/unknown or expired/);

    expect(await h.balance(tw)).toBeNull();
    expect(await h.balance(kk)).toBe(42);
    expect(await h.viewer(h.twitch, 'alice')).toBe(kk);
    const [v] = await pool.sql<
      { messages: string; watch_minutes: string }[]
    >`select messages, watch_minutes from viewers where id = ${kk}`;
    expect([Number(v!.messages), Number(v!.watch_minutes)]).toEqual([4, 9]);
    const entries =
      await pool.sql`select viewer_id from giveaway_entries where giveaway_id = ${giveaway!.id}`;
    expect(entries.map((e) => e.viewer_id)).toEqual([kk]);
    expect(await ledger(kk)).toEqual({ rows: 2, sum: 42 });
    const [merge] = await pool.sql<{ reason: string; delta: string }[]>`
      select reason, delta from currency_ledger where viewer_id = ${kk} order by id desc limit 1`;
    expect(merge).toEqual({ reason: 'merge', delta: '30' });
  });

  it('says a code in chat when the whisper is refused, and links only once its owner names the claimant', async () => {
    const h = await botHarness(pool, { currency: { perMessage: 0 } });
    h.setWhispers('twitch', false);
    const feature = currencyFeature(h.deps);
    const owner = await h.viewer(h.twitch, 'alice');
    const thief = await h.viewer(h.kick, 'mallory');
    const mine = await h.viewer(h.kick, 'alice_k');
    await changeBalance(pool.db, { tenantId: h.tenantId, viewerId: owner, delta: 500, reason: 'grant' });
    await changeBalance(pool.db, { tenantId: h.tenantId, viewerId: mine, delta: 7, reason: 'grant' });
    const code = async () => {
      await h.say(feature, h.twitch, 'alice', '!link');
      expect(h.lastReply()).toMatch(/^@alice your link code is [A-Z0-9]{6}\. .*!link yes <your name there>/);
      expect(h.lastReply().length).toBeLessThanOrEqual(200);
      return /link code is ([A-Z0-9]{6})\./.exec(h.lastReply())![1]!;
    };

    // Someone reading chat claims it first; the owner names the account they meant: no merge, code void.
    const first = await code();
    await h.say(feature, h.kick, 'mallory', `!link ${first}`);
    expect(h.lastReply()).toMatch(/^@mallory code claimed\. .*!link yes mallory/);
    expect(await h.balance(thief)).toBe(0);
    await h.say(feature, h.kick, 'alice_k', `!link ${first}`);
    expect(h.lastReply()).toMatch(/already typed that code/);
    await h.say(feature, h.twitch, 'alice', '!link yes alice_k');
    expect(h.lastReply()).toMatch(/not who typed your code, so the code is void/);
    await h.say(feature, h.kick, 'mallory', `!link ${first}`);
    expect(h.lastReply()).toMatch(/unknown or expired/);
    await h.say(feature, h.twitch, 'alice', '!link yes mallory');
    expect(h.lastReply()).toMatch(/no link code waiting/);
    expect([await h.balance(owner), await h.balance(thief), await h.balance(mine)]).toEqual([500, 0, 7]);

    // The right claimant, then the owner's yes naming them: one balance.
    const second = await code();
    await h.say(feature, h.twitch, 'alice', '!link yes alice_k');
    expect(h.lastReply()).toMatch(/Nobody has typed your code yet/);
    await h.say(feature, h.kick, 'alice_k', `!link ${second}`);
    expect(h.lastReply()).toMatch(/^@alice_k code claimed/);
    await h.say(feature, h.kick, 'mallory', `!link ${second}`);
    expect(h.lastReply()).toMatch(/already typed that code/);
    await h.say(feature, h.twitch, 'alice', '!link yes @Alice_K');
    expect(h.lastReply()).toBe('@alice linked! Your accounts now share 507 points.');
    expect(await h.balance(owner)).toBeNull();
    expect(await h.balance(mine)).toBe(507);
    expect(await h.viewer(h.twitch, 'alice')).toBe(mine);
    expect(await h.balance(thief)).toBe(0);
  });

  it('hands buffered activity of the confirming owner over to the kept viewer', async () => {
    const h = await botHarness(pool, { currency: { perMessage: 5, messageCooldownS: 0 } });
    const feature = currencyFeature(h.deps);
    await h.say(feature, h.kick, 'ann', 'hello');
    await h.say(feature, h.kick, 'ann', '!link');
    const code = /link code is ([A-Z0-9]{6})\./.exec(h.lastReply())![1];
    await h.say(feature, h.twitch, 'ann_t', `!link ${code}`);
    await h.say(feature, h.kick, 'ann', '!link yes ann_t');
    expect(h.lastReply()).toMatch(/linked!/);
    await feature.tick!(h.now());
    const kept = await h.viewer(h.twitch, 'ann_t');
    expect(await h.viewer(h.kick, 'ann')).toBe(kept);
    expect(await h.balance(kept)).toBe(5);
    const [row] = await pool.sql<{ messages: string }[]>`select messages from viewers where id = ${kept}`;
    expect(Number(row!.messages)).toBe(4);
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

describe('!link through the chat engine', () => {
  it('whispers the code where Twitch delivers it, and says it in chat (with the yes step) where it refuses', async () => {
    const h = await engineHarness({
      features: [currencyFeature],
      platforms: ['twitch', 'kick'],
      whispers: { twitch: true },
    });
    try {
      h.chat('!link', { platform: 'twitch', userId: 't1', userName: 'alice' });
      await h.settle();
      const whispered = h.whispers('twitch').at(-1);
      expect(whispered).toMatchObject({ userId: 't1', text: expect.stringMatching(/^Your link code is /) });
      expect(h.replies()).toEqual([]);
      const code = /link code is ([A-Z0-9]{6})\./.exec(whispered!.text)![1];
      h.chat(`!link ${code}`, { platform: 'kick', userId: 'k1', userName: 'alice_k' });
      await h.settle();
      expect(h.replies('kick')).toEqual(['@alice_k linked! Your accounts now share 0 points.']);

      h.clearReplies();
      h.setWhispers('twitch', false);
      h.chat('!link', { platform: 'twitch', userId: 't2', userName: 'bob' });
      await h.settle();
      expect(h.whispers()).toEqual([]);
      expect(h.replies('twitch')).toEqual([
        expect.stringMatching(/^@bob your link code is [A-Z0-9]{6}\. .*!link yes <your name there>\.$/),
      ]);
    } finally {
      await h.stop();
    }
  });
});
