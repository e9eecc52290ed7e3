/**
 * The viewer and currency operations shared by the runners (chat) and functions (studio): each
 * balance change is one SQL statement that updates the balance only if it stays ≥ 0 (the CHECK on
 * viewers.balance backs it) and writes the ledger row from the same result, so a race can never
 * overdraw or leave a change without its ledger row.
 */

import { sql } from 'drizzle-orm';
import type { ChatPlatform, CurrencyReason } from '../schema';
import { type AnyDb, rows } from './sql';

export type { AnyDb };

export type ViewerKey = {
  tenantId: string;
  platform: ChatPlatform;
  platformUserId: string;
  userName: string;
};

/**
 * The viewer behind a platform account, created on first sight. Serialized per account by an
 * advisory lock, so two first messages at once make one viewer.
 */
export async function resolveViewer(db: AnyDb, key: ViewerKey): Promise<string> {
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`${key.tenantId}:${key.platform}:${key.platformUserId}`}, 0))`,
    );
    const [found] = await rows<{ viewer_id: string; user_name: string }>(
      tx as unknown as AnyDb,
      sql`select viewer_id, user_name from viewer_identities
          where tenant_id = ${key.tenantId} and platform = ${key.platform} and platform_user_id = ${key.platformUserId}`,
    );
    if (found) {
      if (found.user_name !== key.userName)
        await tx.execute(sql`update viewer_identities set user_name = ${key.userName}
          where tenant_id = ${key.tenantId} and platform = ${key.platform} and platform_user_id = ${key.platformUserId}`);
      return found.viewer_id;
    }
    const [created] = await rows<{ id: string }>(
      tx as unknown as AnyDb,
      sql`with viewer as (
            insert into viewers (tenant_id, display_name) values (${key.tenantId}, ${key.userName}) returning id
          )
          insert into viewer_identities (tenant_id, platform, platform_user_id, viewer_id, user_name)
          select ${key.tenantId}, ${key.platform}, ${key.platformUserId}, id, ${key.userName} from viewer
          returning viewer_id as id`,
    );
    return created!.id;
  });
}

export type BalanceChange = {
  tenantId: string;
  viewerId: string;
  /** Positive to add, negative to take. */
  delta: number;
  reason: CurrencyReason;
  ref?: string | null;
  actor?: string | null;
};

export type BalanceResult = { ok: true; balance: number } | { ok: false; balance: number };

/** Applies one change; `ok: false` (nothing written) when it would take the balance below 0. */
export async function changeBalance(db: AnyDb, change: BalanceChange): Promise<BalanceResult> {
  const { tenantId, viewerId, delta, reason } = change;
  if (!Number.isSafeInteger(delta)) throw new Error(`not a whole amount: ${delta}`);
  const [row] = await rows<{ balance_after: string | number }>(
    db,
    sql`with updated as (
          update viewers set balance = balance + ${delta}
          where id = ${viewerId} and tenant_id = ${tenantId} and balance + ${delta} >= 0
          returning balance
        )
        insert into currency_ledger (tenant_id, viewer_id, delta, balance_after, reason, ref, actor)
        select ${tenantId}, ${viewerId}, ${delta}, balance, ${reason}, ${change.ref ?? null}, ${change.actor ?? null}
        from updated
        returning balance_after`,
  );
  if (row) return { ok: true, balance: Number(row.balance_after) };
  const [current] = await rows<{ balance: string | number }>(
    db,
    sql`select balance from viewers where id = ${viewerId} and tenant_id = ${tenantId}`,
  );
  if (!current) throw new Error(`no viewer ${viewerId} in tenant ${tenantId}`);
  return { ok: false, balance: Number(current.balance) };
}

/** Adds `amount` to many viewers at once (watch time), one statement with one ledger row each. */
export async function awardMany(
  db: AnyDb,
  tenantId: string,
  awards: { viewerId: string; amount: number }[],
  reason: CurrencyReason,
  ref: string | null = null,
): Promise<number> {
  const positive = awards.filter((a) => a.amount > 0 && Number.isSafeInteger(a.amount));
  if (positive.length === 0) return 0;
  const result = await rows<{ n: number }>(
    db,
    sql`with input as (
          select * from jsonb_to_recordset(${JSON.stringify(positive)}::jsonb) as x("viewerId" uuid, amount bigint)
        ), updated as (
          update viewers v set balance = v.balance + input.amount
          from input where v.id = input."viewerId" and v.tenant_id = ${tenantId}
          returning v.id, v.balance, input.amount
        )
        insert into currency_ledger (tenant_id, viewer_id, delta, balance_after, reason, ref)
        select ${tenantId}, id, amount, balance, ${reason}, ${ref} from updated
        returning 1 as n`,
  );
  return result.length;
}

/**
 * Moves `amount` from one viewer to another in one transaction; `ok: false` (nothing moved) when
 * the sender does not have it.
 */
export async function transfer(
  db: AnyDb,
  t: { tenantId: string; fromViewerId: string; toViewerId: string; amount: number },
): Promise<BalanceResult> {
  if (t.amount <= 0) throw new Error('a transfer moves a positive amount');
  return db.transaction(async (tx) => {
    // Both rows locked in one order first: A→B racing B→A would otherwise deadlock.
    await tx.execute(sql`select id from viewers
      where tenant_id = ${t.tenantId} and id in (${t.fromViewerId}, ${t.toViewerId}) order by id for update`);
    const debit = await changeBalance(tx as unknown as AnyDb, {
      tenantId: t.tenantId,
      viewerId: t.fromViewerId,
      delta: -t.amount,
      reason: 'transfer',
      ref: t.toViewerId,
    });
    if (!debit.ok) return debit;
    await changeBalance(tx as unknown as AnyDb, {
      tenantId: t.tenantId,
      viewerId: t.toViewerId,
      delta: t.amount,
      reason: 'transfer',
      ref: t.fromViewerId,
    });
    return debit;
  });
}
