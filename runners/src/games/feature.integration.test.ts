import { createPool, type Pool } from '@homelab/db/client/pool';
import { changeBalance } from '@homelab/db/stream/currency';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botHarness } from '../currency/testing';
import { testDatabaseUrl } from '../testing/database';
import { gamesFeature } from './feature';

let pool: Pool;
beforeAll(() => {
  pool = createPool(testDatabaseUrl(), { max: 10 });
});
afterAll(async () => {
  await pool?.sql.end({ timeout: 5 });
});

async function setup(games: Record<string, unknown>, players: Record<string, number>) {
  const h = await botHarness(pool, { games: { cooldownS: 0, minBet: 10, maxBet: 1_000, ...games } });
  const feature = gamesFeature(h.deps);
  const ids: Record<string, string> = {};
  for (const [name, amount] of Object.entries(players)) {
    ids[name] = await h.viewer(h.twitch, name);
    if (amount > 0)
      await changeBalance(pool.db, {
        tenantId: h.tenantId,
        viewerId: ids[name]!,
        delta: amount,
        reason: 'grant',
      });
  }
  return { h, feature, ids };
}

describe('games', () => {
  it('roulette pays double on a win, takes the bet on a loss, refuses bets out of range or not covered', async () => {
    const { h, feature, ids } = await setup({ roulette: { winChance: 1 } }, { ann: 100 });
    await h.say(feature, h.twitch, 'ann', '!roulette 40');
    expect(await h.balance(ids.ann!)).toBe(140);
    h.setSettings({ games: { cooldownS: 0, minBet: 10, maxBet: 1_000, roulette: { winChance: 0 } } });
    await h.say(feature, h.twitch, 'ann', '!roulette 40');
    expect(await h.balance(ids.ann!)).toBe(100);
    for (const bad of ['!roulette 5', '!roulette 5000', '!roulette -1', '!roulette lots']) {
      await h.say(feature, h.twitch, 'ann', bad);
      expect(h.lastReply()).toMatch(/Bets go from 10|Use !roulette/);
    }
    await h.say(feature, h.twitch, 'ann', '!roulette 500');
    expect(h.lastReply()).toMatch(/only have 100/);
    expect(await h.balance(ids.ann!)).toBe(100);
  });

  it('slots pay 10× for three alike; the per-user cooldown holds', async () => {
    const { h, feature, ids } = await setup(
      { cooldownS: 30, slots: { symbols: ['7', '7', '7'] } },
      { sam: 50 },
    );
    await h.say(feature, h.twitch, 'sam', '!slots 20');
    expect(h.lastReply()).toBe('[ 7 | 7 | 7 ] @sam wins 200 points (×10), now 230!');
    await h.say(feature, h.twitch, 'sam', '!slots 20');
    expect(h.lastReply()).toMatch(/play again in 30 s/);
    expect(await h.balance(ids.sam!)).toBe(230);
  });

  it('a duel takes both bets on accept and the winner gets the pot; deny and expiry cost nothing', async () => {
    const { h, feature, ids } = await setup({ duel: { acceptS: 60 } }, { red: 100, blue: 100 });
    await h.say(feature, h.twitch, 'red', '!duel @blue 30');
    expect(h.lastReply()).toMatch(/@blue, red challenges you/);
    await h.say(feature, h.twitch, 'blue', '!accept');
    const balances = [(await h.balance(ids.red!))!, (await h.balance(ids.blue!))!].sort((x, y) => x - y);
    expect(balances).toEqual([70, 130]);
    await h.say(feature, h.twitch, 'red', '!duel @blue 30');
    await h.say(feature, h.twitch, 'blue', '!deny');
    expect(h.lastReply()).toMatch(/turned down/);
    await h.say(feature, h.twitch, 'red', '!duel @red 30');
    expect(h.lastReply()).toMatch(/yourself/);
    await h.say(feature, h.twitch, 'blue', '!duel @red 30');
    h.advance(61_000);
    await feature.tick!(h.now());
    expect(h.lastReply()).toMatch(/did not answer/);
    await h.say(feature, h.twitch, 'red', '!accept');
    expect(h.lastReply()).toMatch(/Nobody challenged you/);
    expect((await h.balance(ids.red!))! + (await h.balance(ids.blue!))!).toBe(200);
  });

  it('a duel the challenger can no longer cover is called off with nothing taken', async () => {
    const { h, feature, ids } = await setup({}, { red: 50, blue: 100 });
    await h.say(feature, h.twitch, 'red', '!duel @blue 50');
    await changeBalance(pool.db, { tenantId: h.tenantId, viewerId: ids.red!, delta: -40, reason: 'command' });
    await h.say(feature, h.twitch, 'blue', '!accept');
    expect(h.lastReply()).toMatch(/no longer has 50 points/);
    expect([await h.balance(ids.red!), await h.balance(ids.blue!)]).toEqual([10, 100]);
  });

  it('a heist with too few members is refunded; a full crew pays survivors 1.5–2× and keeps losers’ bets', async () => {
    const { h, feature, ids } = await setup(
      { heist: { joinS: 30, minPlayers: 2 } },
      { a: 100, b: 100, c: 100 },
    );
    await h.say(feature, h.twitch, 'a', '!heist 50');
    expect(await h.balance(ids.a!)).toBe(50);
    h.advance(31_000);
    await feature.tick!(h.now());
    expect(h.lastReply()).toMatch(/heist is off/);
    expect(await h.balance(ids.a!)).toBe(100);

    await h.say(feature, h.twitch, 'a', '!heist 40');
    await h.say(feature, h.twitch, 'b', '!heist 40');
    await h.say(feature, h.twitch, 'b', '!heist 40');
    expect(h.lastReply()).toMatch(/already in the crew/);
    await h.say(feature, h.twitch, 'c', '!heist 40');
    h.advance(31_000);
    await feature.tick!(h.now());
    expect(h.lastReply()).toMatch(/Heist done|heist failed/);
    for (const name of ['a', 'b', 'c']) {
      const balance = (await h.balance(ids[name]!))!;
      expect(balance === 60 || (balance >= 60 + 60 && balance <= 60 + 80)).toBe(true);
    }
  });

  it('stop refunds a crew still gathering', async () => {
    const { h, feature, ids } = await setup({}, { a: 100 });
    await h.say(feature, h.twitch, 'a', '!heist 70');
    await feature.stop!();
    expect(await h.balance(ids.a!)).toBe(100);
  });
});
