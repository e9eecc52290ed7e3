/**
 * Linking viewers against a real PostgreSQL: a whispered code links in one step; a code said in
 * chat is only claimed, and links once its owner names the claimant.
 */
import type {} from '@homelab/infra/test/provided';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPool, type Pool } from '../client/pool';
import type { ChatPlatform } from '../schema';
import { changeBalance, resolveViewer } from './currency';
import {
  confirmLinkCode,
  createLinkCode,
  linkCodeTtlMs,
  markLinkCodePrivate,
  redeemLinkCode,
} from './viewers';

let pool: Pool;
beforeAll(() => {
  pool = createPool(inject('databaseUrl'), { max: 4 });
});
afterAll(async () => {
  await pool?.sql.end({ timeout: 5 });
});

async function tenant() {
  const [user] = await pool.sql<{ id: string }[]>`
    insert into users (username, role) values (${`streamer-${crypto.randomUUID().slice(0, 8)}`}, 'guest') returning id`;
  const [row] = await pool.sql<{ id: string }[]>`
    insert into stream_tenants (owner_id, display_name) values (${user!.id}, 'Streamer') returning id`;
  const tenantId = row!.id;
  const viewer = async (platform: ChatPlatform, userName: string, balance = 0) => {
    const id = await resolveViewer(pool.db, {
      tenantId,
      platform,
      platformUserId: `${platform}-${userName}`,
      userName,
    });
    if (balance > 0)
      await changeBalance(pool.db, { tenantId, viewerId: id, delta: balance, reason: 'grant' });
    return id;
  };
  return { tenantId, viewer };
}

async function balance(viewerId: string) {
  const [row] = await pool.sql<{ balance: string }[]>`select balance from viewers where id = ${viewerId}`;
  return row ? Number(row.balance) : null;
}

async function codeRow(tenantId: string, code: string) {
  const [row] = await pool.sql<
    { claimed_by: string | null; needs_confirm: boolean; expires_at: Date | string }[]
  >`
    select claimed_by, needs_confirm, expires_at from viewer_link_codes where tenant_id = ${tenantId} and code = ${code}`;
  return row ?? null;
}

describe('link codes', () => {
  it('links at once with a code that reached its owner privately', async () => {
    const { tenantId, viewer } = await tenant();
    const owner = await viewer('twitch', 'ann', 30);
    const other = await viewer('kick', 'ann_k', 12);
    const { code } = await createLinkCode(pool.db, tenantId, owner);
    await markLinkCodePrivate(pool.db, tenantId, code);
    const result = await redeemLinkCode(pool.db, { tenantId, viewerId: other, code: code.toLowerCase() });
    expect(result).toEqual({
      ok: true,
      state: 'linked',
      viewerId: other,
      mergedViewerId: owner,
      balance: 42,
    });
    expect(await balance(owner)).toBeNull();
    expect(await codeRow(tenantId, code)).toBeNull();
  });

  it('only claims a code said in chat, renewing it, and refuses a second claimant', async () => {
    const { tenantId, viewer } = await tenant();
    const owner = await viewer('kick', 'ann', 30);
    const claimant = await viewer('twitch', 'ann_t', 12);
    const late = await viewer('youtube', 'eve');
    const t0 = new Date('2030-01-01T00:00:00Z');
    const { code } = await createLinkCode(pool.db, tenantId, owner, t0);
    const t1 = new Date(t0.getTime() + 5 * 60_000);
    expect(await redeemLinkCode(pool.db, { tenantId, viewerId: claimant, code, now: t1 })).toEqual({
      ok: true,
      state: 'claimed',
    });
    const claimed = await codeRow(tenantId, code);
    expect(claimed).toMatchObject({ claimed_by: claimant, needs_confirm: true });
    expect(new Date(claimed!.expires_at).getTime()).toBe(t1.getTime() + linkCodeTtlMs);
    expect(await balance(owner)).toBe(30);
    expect(await redeemLinkCode(pool.db, { tenantId, viewerId: late, code, now: t1 })).toEqual({
      ok: false,
      reason: 'already_claimed',
    });
    // A private mark never lifts the confirmation from a code already claimed.
    await markLinkCodePrivate(pool.db, tenantId, code);
    expect((await codeRow(tenantId, code))?.needs_confirm).toBe(true);
  });

  it('merges when the owner names the claimant (any case, @ ignored)', async () => {
    const { tenantId, viewer } = await tenant();
    const owner = await viewer('kick', 'ann', 30);
    const claimant = await viewer('twitch', 'Ann_T', 12);
    const { code } = await createLinkCode(pool.db, tenantId, owner);
    expect(await confirmLinkCode(pool.db, { tenantId, viewerId: owner, name: 'ann_t' })).toEqual({
      ok: false,
      reason: 'not_claimed',
    });
    await redeemLinkCode(pool.db, { tenantId, viewerId: claimant, code });
    const result = await confirmLinkCode(pool.db, { tenantId, viewerId: owner, name: '@ann_t' });
    expect(result).toEqual({
      ok: true,
      state: 'linked',
      viewerId: claimant,
      mergedViewerId: owner,
      balance: 42,
    });
    expect(await balance(owner)).toBeNull();
    const identities =
      await pool.sql`select platform from viewer_identities where viewer_id = ${claimant} order by platform`;
    expect(identities.map((i) => i.platform)).toEqual(['kick', 'twitch']);
  });

  it('voids the code when the owner names someone else', async () => {
    const { tenantId, viewer } = await tenant();
    const owner = await viewer('kick', 'ann', 30);
    const thief = await viewer('twitch', 'eve', 1);
    const { code } = await createLinkCode(pool.db, tenantId, owner);
    await redeemLinkCode(pool.db, { tenantId, viewerId: thief, code });
    expect(await confirmLinkCode(pool.db, { tenantId, viewerId: owner, name: 'ann_t' })).toEqual({
      ok: false,
      reason: 'wrong_name',
    });
    expect(await codeRow(tenantId, code)).toBeNull();
    expect(await confirmLinkCode(pool.db, { tenantId, viewerId: owner, name: 'eve' })).toEqual({
      ok: false,
      reason: 'nothing_to_confirm',
    });
    expect([await balance(owner), await balance(thief)]).toEqual([30, 1]);
  });

  it('refuses unknown and expired codes, own codes and two accounts of one platform', async () => {
    const { tenantId, viewer } = await tenant();
    const owner = await viewer('kick', 'ann');
    const sameSite = await viewer('kick', 'bob');
    const t0 = new Date('2030-01-01T00:00:00Z');
    const { code } = await createLinkCode(pool.db, tenantId, owner, t0);
    const redeem = (viewerId: string, c = code, now = t0) =>
      redeemLinkCode(pool.db, { tenantId, viewerId, code: c, now });
    expect(await redeem(sameSite, 'ZZZZZZ')).toEqual({ ok: false, reason: 'unknown_code' });
    expect(await redeem(owner)).toEqual({ ok: false, reason: 'same_viewer' });
    expect(await redeem(sameSite)).toEqual({ ok: false, reason: 'same_platform' });
    const later = new Date(t0.getTime() + linkCodeTtlMs + 1);
    expect(await redeem(await viewer('twitch', 'cat'), code, later)).toEqual({
      ok: false,
      reason: 'unknown_code',
    });
  });
});
