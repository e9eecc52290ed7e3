import { createPool, type Pool } from '@homelab/db/client/pool';
import { type AnyDb, changeBalance, resolveViewer } from '@homelab/db/stream/currency';
import {
  claimWins,
  drawGiveaway,
  enterGiveaway,
  expireWins,
  openGiveaway,
  rerollGiveaway,
} from '@homelab/db/stream/giveaways';
import {
  cancelPoll,
  createPoll,
  placeBet,
  resolveBet,
  splitPot,
  textArray,
  vote,
} from '@homelab/db/stream/polls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTenant } from '../chat/testing';
import { testDatabaseUrl } from '../testing/database';

let pool: Pool;
let db: AnyDb;
beforeAll(() => {
  pool = createPool(testDatabaseUrl(), { max: 20 });
  db = pool.db as unknown as AnyDb;
});
afterAll(() => pool?.sql.end({ timeout: 5 }));

async function viewers(tenantId: string, n: number, balance = 0) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = await resolveViewer(db, {
      tenantId,
      platform: 'twitch',
      platformUserId: `u${i}`,
      userName: `user${i}`,
    });
    if (balance > 0) await changeBalance(db, { tenantId, viewerId: id, delta: balance, reason: 'grant' });
    ids.push(id);
  }
  return ids;
}

async function open(tenantId: string, cost = 0) {
  const opened = await openGiveaway(db, { tenantId, prize: 'A key', keyword: '!enter', cost });
  if (!opened.ok) throw new Error('not opened');
  return opened.giveaway;
}

const entry = (tenantId: string, giveawayId: string, viewerId: string, i = 0) => ({
  tenantId,
  giveawayId,
  viewerId,
  userName: `user${i}`,
  platform: 'twitch' as const,
  tickets: 1,
});

describe('giveaway operations', () => {
  it('keeps one running giveaway per tenant, even when two open at once', async () => {
    const tenantId = await insertTenant(pool.sql);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => openGiveaway(db, { tenantId, prize: `p${i}`, keyword: '!enter' })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const [{ n }] = await pool.sql<
      [{ n: number }]
    >`select count(*)::int as n from giveaways where tenant_id = ${tenantId}`;
    expect(n).toBe(1);
  });

  it('takes 100 simultaneous entries from 100 viewers: 100 rows, entries = 100', async () => {
    const tenantId = await insertTenant(pool.sql);
    const ids = await viewers(tenantId, 100, 50);
    const giveaway = await open(tenantId, 5);
    const results = await Promise.all(
      ids.map((id, i) => enterGiveaway(db, entry(tenantId, giveaway.id, id, i))),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const [{ rows }] = await pool.sql<[{ rows: number }]>`
      select count(*)::int as rows from giveaway_entries where giveaway_id = ${giveaway.id}`;
    const [{ entries }] = await pool.sql<
      [{ entries: number }]
    >`select entries from giveaways where id = ${giveaway.id}`;
    expect(rows).toBe(100);
    expect(entries).toBe(100);
    const [{ charged }] = await pool.sql<[{ charged: number }]>`
      select coalesce(sum(-delta), 0)::int as charged from currency_ledger where ref = ${giveaway.id} and reason = 'giveaway'`;
    expect(charged).toBe(500);
  });

  it('enters the same viewer once and charges once when they try 20 times at once', async () => {
    const tenantId = await insertTenant(pool.sql);
    const [id] = await viewers(tenantId, 1, 100);
    const giveaway = await open(tenantId, 10);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => enterGiveaway(db, entry(tenantId, giveaway.id, id!))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === 'already_entered')).toHaveLength(19);
    const [{ n }] = await pool.sql<
      [{ n: number }]
    >`select count(*)::int as n from giveaway_entries where giveaway_id = ${giveaway.id}`;
    const [{ balance }] = await pool.sql<
      [{ balance: number }]
    >`select balance::int from viewers where id = ${id!}`;
    const [{ entries }] = await pool.sql<
      [{ entries: number }]
    >`select entries from giveaways where id = ${giveaway.id}`;
    expect([n, balance, entries]).toEqual([1, 90, 1]);
  });

  it('refuses an entry the balance cannot pay, and writes nothing', async () => {
    const tenantId = await insertTenant(pool.sql);
    const [id] = await viewers(tenantId, 1, 3);
    const giveaway = await open(tenantId, 10);
    expect(await enterGiveaway(db, entry(tenantId, giveaway.id, id!))).toMatchObject({
      ok: false,
      reason: 'balance',
    });
    const [{ n }] = await pool.sql<
      [{ n: number }]
    >`select count(*)::int as n from giveaway_entries where giveaway_id = ${giveaway.id}`;
    const [{ entries }] = await pool.sql<
      [{ entries: number }]
    >`select entries from giveaways where id = ${giveaway.id}`;
    expect([n, entries]).toEqual([0, 0]);
  });

  it('never picks a non-entrant when a draw races a late entry (30 races)', async () => {
    const tenantId = await insertTenant(pool.sql);
    const ids = await viewers(tenantId, 2);
    for (let round = 0; round < 30; round++) {
      const giveaway = await open(tenantId);
      const [early, late] = ids as [string, string];
      await enterGiveaway(db, entry(tenantId, giveaway.id, early));
      const [drawn, entered] = await Promise.all([
        drawGiveaway(db, tenantId, giveaway.id),
        enterGiveaway(db, entry(tenantId, giveaway.id, late)),
      ]);
      expect(drawn.ok).toBe(true);
      if (!drawn.ok) continue;
      const entrants = (
        await pool.sql<
          { viewer_id: string }[]
        >`select viewer_id from giveaway_entries where giveaway_id = ${giveaway.id}`
      ).map((r) => r.viewer_id);
      expect(entrants).toContain(drawn.winner.viewerId);
      // The late entry either got in before the draw's lock or was refused; never after.
      if (entered.ok) expect(entrants).toContain(late);
      else {
        expect(entered.reason).toBe('not_open');
        expect(entrants).not.toContain(late);
      }
      expect(await enterGiveaway(db, entry(tenantId, giveaway.id, late))).toMatchObject({ ok: false });
    }
  });

  it('rerolls to another entrant, then has nobody left', async () => {
    const tenantId = await insertTenant(pool.sql);
    const ids = await viewers(tenantId, 2);
    const giveaway = await open(tenantId);
    for (const [i, id] of ids.entries()) await enterGiveaway(db, entry(tenantId, giveaway.id, id, i));
    const first = await drawGiveaway(db, tenantId, giveaway.id);
    const second = await rerollGiveaway(db, tenantId, giveaway.id);
    expect(first.ok && second.ok && first.winner.viewerId !== second.winner.viewerId).toBe(true);
    expect(await rerollGiveaway(db, tenantId, giveaway.id)).toEqual({ ok: false, reason: 'no_entries' });
    const states =
      await pool.sql`select state from giveaway_winners where giveaway_id = ${giveaway.id} order by id`;
    // The failed reroll rolled back: the second winner is still pending.
    expect(states.map((r) => r.state)).toEqual(['rerolled', 'pending']);
  });

  it('claims inside the window and expires after it', async () => {
    const tenantId = await insertTenant(pool.sql);
    const ids = await viewers(tenantId, 2);
    const opened = await openGiveaway(db, { tenantId, prize: 'x', keyword: '!enter', claimSeconds: 30 });
    if (!opened.ok) throw new Error('not opened');
    for (const [i, id] of ids.entries()) await enterGiveaway(db, entry(tenantId, opened.giveaway.id, id, i));
    const drawn = await drawGiveaway(db, tenantId, opened.giveaway.id);
    if (!drawn.ok) throw new Error('no winner');
    const late = new Date(Date.now() + 31_000);
    expect(await claimWins(db, tenantId, drawn.winner.viewerId, late)).toEqual([]);
    expect(await expireWins(db, [tenantId], new Date())).toEqual([]);
    const expired = await expireWins(db, [tenantId], late);
    expect(expired.map((w) => w.viewerId)).toEqual([drawn.winner.viewerId]);
    const again = await rerollGiveaway(db, tenantId, opened.giveaway.id);
    if (!again.ok) throw new Error('no winner');
    expect((await claimWins(db, tenantId, again.winner.viewerId)).map((w) => w.state)).toEqual(['claimed']);
  });
});

describe('poll and bet operations', () => {
  it('keeps one vote per viewer and lets it change', async () => {
    const tenantId = await insertTenant(pool.sql);
    const [id] = await viewers(tenantId, 1);
    const made = await createPoll(db, { tenantId, kind: 'poll', question: 'Q?', options: ['a', 'b'] });
    if (!made.ok) throw new Error('no poll');
    expect(await vote(db, { tenantId, pollId: made.poll.id, viewerId: id!, option: 0 })).toEqual({
      ok: true,
      changed: false,
    });
    expect(await vote(db, { tenantId, pollId: made.poll.id, viewerId: id!, option: 1 })).toEqual({
      ok: true,
      changed: true,
    });
    expect(await vote(db, { tenantId, pollId: made.poll.id, viewerId: id!, option: 2 })).toEqual({
      ok: false,
      reason: 'bad_option',
    });
    const votes = await pool.sql`select option from poll_votes where poll_id = ${made.poll.id}`;
    expect(votes.map((v) => v.option)).toEqual([1]);
  });

  it('reads a text[] literal the way a connection without array types returns it', () => {
    expect(textArray('{a,"b c","d\\"e","x,y"}')).toEqual(['a', 'b c', 'd"e', 'x,y']);
    expect(textArray('{}')).toEqual([]);
    expect(textArray(['kept'])).toEqual(['kept']);
  });

  it('splits the pot by stake, floors, and gives the remainder to the largest stake', () => {
    expect(
      splitPot(100, [
        { viewerId: 'a', stake: 10 },
        { viewerId: 'b', stake: 20 },
      ]),
    ).toEqual([
      { viewerId: 'a', amount: 33 },
      { viewerId: 'b', amount: 67 },
    ]);
  });

  it('stakes once under races, pays the winners the pot, and a cancel refunds exactly', async () => {
    const tenantId = await insertTenant(pool.sql);
    const ids = await viewers(tenantId, 6, 100);
    const made = await createPoll(db, { tenantId, kind: 'bet', question: 'Win?', options: ['yes', 'no'] });
    if (!made.ok) throw new Error('no bet');
    const twice = await Promise.all(
      Array.from({ length: 10 }, () =>
        placeBet(db, { tenantId, pollId: made.poll.id, viewerId: ids[0]!, option: 0, amount: 30 }),
      ),
    );
    expect(twice.filter((r) => r.ok)).toHaveLength(1);
    await placeBet(db, { tenantId, pollId: made.poll.id, viewerId: ids[1]!, option: 0, amount: 10 });
    await placeBet(db, { tenantId, pollId: made.poll.id, viewerId: ids[2]!, option: 1, amount: 61 });
    expect(
      await placeBet(db, { tenantId, pollId: made.poll.id, viewerId: ids[3]!, option: 1, amount: 101 }),
    ).toMatchObject({ ok: false, reason: 'balance' });
    const resolved = await resolveBet(db, tenantId, made.poll.id, 0);
    expect(resolved).toMatchObject({ ok: true, pot: 101 });
    const balances = await pool.sql`select id, balance::int from viewers where tenant_id = ${tenantId}`;
    const of = (id: string) => balances.find((b) => b.id === id)!.balance;
    // 101 × 30/40 = 75.75 → 75 (+1 remainder), 101 × 10/40 = 25.25 → 25.
    expect([of(ids[0]!), of(ids[1]!), of(ids[2]!)]).toEqual([100 - 30 + 76, 100 - 10 + 25, 100 - 61]);

    const bet = await createPoll(db, { tenantId, kind: 'bet', question: 'Again?', options: ['a', 'b', 'c'] });
    if (!bet.ok) throw new Error('no bet');
    const stakes = await Promise.all(
      ids.map((viewerId, i) =>
        placeBet(db, { tenantId, pollId: bet.poll.id, viewerId, option: i % 3, amount: 7 + i }),
      ),
    );
    expect(stakes.every((s) => s.ok)).toBe(true);
    const before =
      await pool.sql`select sum(balance)::int as total from viewers where tenant_id = ${tenantId}`;
    const cancelled = await cancelPoll(db, tenantId, bet.poll.id);
    expect(cancelled.ok).toBe(true);
    const after =
      await pool.sql`select sum(balance)::int as total from viewers where tenant_id = ${tenantId}`;
    expect(after[0]!.total - before[0]!.total).toBe(ids.reduce((sum, _, i) => sum + 7 + i, 0));
    const [{ refunds }] = await pool.sql<[{ refunds: number }]>`
      select count(*)::int as refunds from currency_ledger where ref = ${bet.poll.id} and reason = 'refund'`;
    expect(refunds).toBe(6);
    expect(await cancelPoll(db, tenantId, bet.poll.id)).toEqual({ ok: false, reason: 'state' });
  });
});
