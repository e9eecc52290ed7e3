import type { AnyDb } from '@homelab/db/stream/currency';
import { changeBalance, resolveViewer } from '@homelab/db/stream/currency';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotHarness, botHarness } from '../bot/testing';
import { waitFor } from '../testing/helpers';
import { parseQuestion } from './announce';
import { entryLimiter, giveawaysFeature, parseStart } from './feature';
import { pollsFeature } from './polls';

let harness: BotHarness | null = null;
afterEach(async () => {
  await harness?.stop();
  harness = null;
});

const mod = { userId: 'mod', userName: 'themod', level: 'moderator' as const };
const said = (h: BotHarness, part: string) =>
  waitFor(() => h.replies().find((r) => r.includes(part)) ?? null, 5_000);

describe('parsers', () => {
  it('reads a start line with flags and a question with options', () => {
    expect(parseStart(['!enter', 'cost=5', 'luck=3', 'A', 'game', 'key'])).toEqual({
      keyword: '!enter',
      prize: 'A game key',
      cost: 5,
      subscriberLuck: 3,
    });
    expect(parseStart(['!enter', 'luck=11', 'x'])).toBeNull();
    expect(parseStart(['!enter'])).toBeNull();
    expect(parseQuestion('"Best map?" de_dust | inferno')).toEqual({
      question: 'Best map?',
      options: ['de_dust', 'inferno'],
    });
    expect(parseQuestion('Which one? a | b | c')?.options).toEqual(['a', 'b', 'c']);
    expect(parseQuestion('"Q" only')).toBeNull();
  });

  it('limits entries per viewer in a sliding minute', () => {
    let now = 0;
    const limiter = entryLimiter(() => now);
    const results = Array.from({ length: 12 }, () => limiter.allow('t:u', 10));
    expect(results.filter(Boolean)).toHaveLength(10);
    now = 61_000;
    expect(limiter.allow('t:u', 10)).toBe(true);
  });
});

describe('giveaways in chat', () => {
  it('opens, takes keyword entries once each, draws, and the winner claims by speaking', async () => {
    harness = await botHarness({ features: [giveawaysFeature], platforms: ['twitch', 'kick'] });
    const h = harness;
    h.chat('!giveaway start !Enter A game key', mod);
    await said(h, 'Giveaway for A game key');
    h.chat('!enter', { userId: 'a', userName: 'alice' });
    h.chat('!ENTER', { userId: 'a', userName: 'alice' });
    h.chat('!enter', { userId: 'b', userName: 'bob', platform: 'kick', level: 'subscriber' });
    h.chat('!giveaway start !other thing', { userId: 'c', userName: 'carol' });
    await h.settle();
    const [giveaway] = await h.pool.sql`select id, entries from giveaways where tenant_id = ${h.tenantId}`;
    expect(giveaway!.entries).toBe(2);
    h.chat('!giveaway draw', mod);
    const won = await said(h, ' won A game key!');
    const winner = won?.includes('@alice')
      ? { userId: 'a', userName: 'alice' }
      : { userId: 'b', userName: 'bob' };
    // The win goes to both platforms.
    await waitFor(() => h.replies('kick').some((r) => r.includes(' won A game key!')));
    h.chat('!enter', { userId: 'late', userName: 'late' });
    h.chat('thanks!', { ...winner, platform: winner.userId === 'b' ? 'kick' : 'twitch' });
    await said(h, `@${winner.userName} claimed A game key`);
    const entries = await h.pool
      .sql`select viewer_id from giveaway_entries where giveaway_id = ${giveaway!.id}`;
    expect(entries).toHaveLength(2);
    const [row] = await h.pool.sql`select state from giveaway_winners where giveaway_id = ${giveaway!.id}`;
    expect(row!.state).toBe('claimed');
  });

  it('ignores entries over the rate limit, charges the cost, and expires an unclaimed win', async () => {
    harness = await botHarness({ features: [giveawaysFeature], platforms: ['twitch'] });
    const h = harness;
    const db = h.pool.db as unknown as AnyDb;
    const viewerId = await resolveViewer(db, {
      tenantId: h.tenantId,
      platform: 'twitch',
      platformUserId: 'rich',
      userName: 'rich',
    });
    await changeBalance(db, { tenantId: h.tenantId, viewerId, delta: 100, reason: 'grant' });
    h.chat('!giveaway start !enter cost=10 claim=30 Prize', mod);
    await said(h, 'costs 10 points');
    h.chat('!enter', { userId: 'poor', userName: 'poor' });
    for (let i = 0; i < 15; i++) h.chat('!enter', { userId: 'rich', userName: 'rich' });
    await said(h, 'entering costs 10 points; you have 0');
    await h.settle();
    const [{ balance }] = await h.pool.sql<
      [{ balance: number }]
    >`select balance::int from viewers where id = ${viewerId}`;
    expect(balance).toBe(90);
    h.chat('!giveaway draw', mod);
    await said(h, '@rich won Prize!');
    await h.tick(Date.now() + 31_000);
    await said(h, '@rich did not claim Prize in time');
  });
});

describe('polls and bets in chat', () => {
  it('takes votes by !vote and by bare numbers, one per viewer, and announces results', async () => {
    harness = await botHarness({ features: [pollsFeature], platforms: ['twitch'] });
    const h = harness;
    h.chat('!poll "Best snack?" chips | fruit | cake', mod);
    await said(h, 'Poll: Best snack?');
    h.chat('!vote 1', { userId: 'a', userName: 'a' });
    h.chat('3', { userId: 'a', userName: 'a' });
    h.chat('2', { userId: 'b', userName: 'b' });
    h.chat('9', { userId: 'c', userName: 'c' });
    await h.settle();
    h.chat('!poll close', mod);
    const result = await said(h, 'Poll closed');
    expect(result).toContain('1. chips: 0 (0%), 2. fruit: 1 (50%), 3. cake: 1 (50%)');
  });

  it('runs a bet: stakes, resolve pays the winners, cancel refunds', async () => {
    harness = await botHarness({ features: [pollsFeature], platforms: ['twitch'] });
    const h = harness;
    const db = h.pool.db as unknown as AnyDb;
    for (const id of ['a', 'b']) {
      const viewerId = await resolveViewer(db, {
        tenantId: h.tenantId,
        platform: 'twitch',
        platformUserId: id,
        userName: id,
      });
      await changeBalance(db, { tenantId: h.tenantId, viewerId, delta: 100, reason: 'grant' });
    }
    h.chat('!bet open "Win?" yes | no', mod);
    await said(h, 'Bet: Win?');
    h.chat('!bet 1 40', { userId: 'a', userName: 'a' });
    h.chat('!bet 2 60', { userId: 'b', userName: 'b' });
    h.chat('!bet 2 10', { userId: 'a', userName: 'a' });
    h.chat('!bet open "x?" a | b', { userId: 'a', userName: 'a' });
    await said(h, 'you already placed your bet');
    h.chat('!bet close', mod);
    await said(h, 'Bets are closed');
    h.chat('!bet resolve 1', mod);
    await said(h, '1 winners share 100 points');
    const balances = await h.pool
      .sql`select display_name, balance::int from viewers where tenant_id = ${h.tenantId} order by display_name`;
    expect(balances.map((b) => [b.display_name, b.balance])).toEqual([
      ['a', 160],
      ['b', 40],
    ]);
    h.chat('!bet open "Again?" yes | no', mod);
    await said(h, 'Bet: Again?');
    h.chat('!bet 2 25', { userId: 'b', userName: 'b' });
    await said(h, 'you bet 25 points');
    h.chat('!bet cancel', mod);
    await said(h, '1 stakes refunded');
    const [b] = await h.pool
      .sql`select balance::int from viewers where tenant_id = ${h.tenantId} and display_name = 'b'`;
    expect(b!.balance).toBe(40);
  });
});
