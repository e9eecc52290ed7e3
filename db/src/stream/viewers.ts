/**
 * Viewer lookups shared by the chat runner and the studio: finding a viewer by the name chat shows,
 * balance ranks and the leaderboard, and linking two platforms' viewers into one (`!link`) — the
 * merge moves everything the other viewer owns in one transaction, so a crash never leaves half a
 * viewer behind.
 */

import { sql } from 'drizzle-orm';
import type { ChatPlatform } from '../schema';
import { changeBalance } from './currency';
import { type AnyDb, rows } from './sql';

export type ViewerRef = { id: string; displayName: string };

/**
 * The viewer a chat name (`@name`, any case) points at: an account on `platform` first, then any
 * platform's, then the display name; null when nobody by that name was ever seen.
 */
export async function findViewerByName(
  db: AnyDb,
  tenantId: string,
  name: string,
  platform?: ChatPlatform,
): Promise<ViewerRef | null> {
  const clean = name.replace(/^@/, '').trim().toLowerCase();
  if (!clean) return null;
  const [found] = await rows<{ id: string; display_name: string }>(
    db,
    sql`select v.id, v.display_name from viewers v
        left join viewer_identities i on i.viewer_id = v.id and lower(i.user_name) = ${clean}
        where v.tenant_id = ${tenantId} and (i.viewer_id is not null or lower(v.display_name) = ${clean})
        order by (i.platform = ${platform ?? null}) desc nulls last, (i.viewer_id is not null) desc, v.last_seen_at desc
        limit 1`,
  );
  return found ? { id: found.id, displayName: found.display_name } : null;
}

/** A viewer's balance and rank (1 = richest; ties share a rank). */
export async function balanceRank(
  db: AnyDb,
  tenantId: string,
  viewerId: string,
): Promise<{ balance: number; rank: number; displayName: string } | null> {
  const [row] = await rows<{ balance: string | number; rank: string | number; display_name: string }>(
    db,
    sql`select v.balance, v.display_name,
          (select count(*) from viewers w where w.tenant_id = v.tenant_id and w.balance > v.balance) + 1 as rank
        from viewers v where v.id = ${viewerId} and v.tenant_id = ${tenantId}`,
  );
  return row ? { balance: Number(row.balance), rank: Number(row.rank), displayName: row.display_name } : null;
}

export const leaderboardSorts = ['balance', 'watch', 'messages'] as const;
export type LeaderboardSort = (typeof leaderboardSorts)[number];

export type LeaderboardRow = {
  id: string;
  rank: number;
  displayName: string;
  balance: number;
  watchMinutes: number;
  messages: number;
  firstSeenAt: string;
  lastSeenAt: string;
  identities: { platform: ChatPlatform; platformUserId: string; userName: string }[];
};

const sortColumn = {
  balance: sql.raw('balance'),
  watch: sql.raw('watch_minutes'),
  messages: sql.raw('messages'),
} as const;

type LeaderboardDbRow = {
  id: string;
  rank: string | number;
  display_name: string;
  balance: string | number;
  watch_minutes: string | number;
  messages: string | number;
  first_seen_at: Date | string;
  last_seen_at: Date | string;
  identities: LeaderboardRow['identities'] | null;
};

const iso = (value: Date | string) => (value instanceof Date ? value : new Date(value)).toISOString();

/**
 * One page of the leaderboard, ranked by `sort` over the whole tenant (a search filters the page,
 * not the ranks). `offset` pages; the caller passes back the next one.
 */
export async function leaderboard(
  db: AnyDb,
  q: { tenantId: string; sort?: LeaderboardSort; search?: string; offset?: number; limit?: number },
): Promise<{ rows: LeaderboardRow[]; nextOffset: number | null }> {
  const column = sortColumn[q.sort ?? 'balance'];
  const limit = q.limit ?? 50;
  const offset = q.offset ?? 0;
  const search = q.search?.trim().toLowerCase() ?? '';
  const pattern = `%${search.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const found = await rows<LeaderboardDbRow>(
    db,
    sql`with ranked as (
          select v.*, rank() over (order by v.${column} desc) as rank
          from viewers v where v.tenant_id = ${q.tenantId}
        )
        select r.id, r.rank, r.display_name, r.balance, r.watch_minutes, r.messages, r.first_seen_at, r.last_seen_at,
          (select jsonb_agg(jsonb_build_object('platform', i.platform, 'platformUserId', i.platform_user_id,
                  'userName', i.user_name) order by i.platform)
             from viewer_identities i where i.viewer_id = r.id) as identities
        from ranked r
        where ${search === ''} or lower(r.display_name) like ${pattern}
          or exists (select 1 from viewer_identities i where i.viewer_id = r.id and lower(i.user_name) like ${pattern})
        order by r.rank, lower(r.display_name), r.id
        limit ${limit + 1} offset ${offset}`,
  );
  return {
    rows: found.slice(0, limit).map((r) => ({
      id: r.id,
      rank: Number(r.rank),
      displayName: r.display_name,
      balance: Number(r.balance),
      watchMinutes: Number(r.watch_minutes),
      messages: Number(r.messages),
      firstSeenAt: iso(r.first_seen_at),
      lastSeenAt: iso(r.last_seen_at),
      identities: r.identities ?? [],
    })),
    nextOffset: found.length > limit ? offset + limit : null,
  };
}

/** The richest `limit` viewers (for `!top`). */
export async function topViewers(db: AnyDb, tenantId: string, limit = 5) {
  const found = await rows<{ display_name: string; balance: string | number }>(
    db,
    sql`select display_name, balance from viewers where tenant_id = ${tenantId} and balance > 0
        order by balance desc, display_name limit ${limit}`,
  );
  return found.map((r) => ({ displayName: r.display_name, balance: Number(r.balance) }));
}

/** Letters and digits that cannot be misread (no 0/O, 1/I/L). */
const codeAlphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const linkCodeLength = 6;
export const linkCodeTtlMs = 10 * 60_000;

/** Web Crypto (runs in the runner and on workerd); bytes past the last whole alphabet are drawn again, so no letter is likelier. */
export function newLinkCode(): string {
  const limit = 256 - (256 % codeAlphabet.length);
  let code = '';
  while (code.length < linkCodeLength) {
    for (const byte of crypto.getRandomValues(new Uint8Array(16))) {
      if (byte < limit && code.length < linkCodeLength) code += codeAlphabet[byte % codeAlphabet.length];
    }
  }
  return code;
}

/**
 * A fresh code for `viewerId`, replacing any earlier one of theirs; valid 10 minutes. It starts as
 * one that needs confirming (safe if it ends up said in chat); markLinkCodePrivate lifts that once
 * the code reached its owner privately.
 */
export async function createLinkCode(
  db: AnyDb,
  tenantId: string,
  viewerId: string,
  now = new Date(),
): Promise<{ code: string; expiresAt: Date }> {
  const expiresAt = new Date(now.getTime() + linkCodeTtlMs);
  return db.transaction(async (tx) => {
    const t = tx as unknown as AnyDb;
    await t.execute(
      sql`delete from viewer_link_codes where tenant_id = ${tenantId} and (viewer_id = ${viewerId} or expires_at <= ${now.toISOString()})`,
    );
    for (;;) {
      const code = newLinkCode();
      const inserted = await rows<{ code: string }>(
        t,
        sql`insert into viewer_link_codes (tenant_id, code, viewer_id, expires_at, needs_confirm)
            values (${tenantId}, ${code}, ${viewerId}, ${expiresAt.toISOString()}, true) on conflict do nothing returning code`,
      );
      if (inserted.length > 0) return { code, expiresAt };
    }
  });
}

/** The code reached only its owner (a whisper): `!link CODE` then links at once. */
export async function markLinkCodePrivate(db: AnyDb, tenantId: string, code: string): Promise<void> {
  await db.execute(sql`update viewer_link_codes set needs_confirm = false
    where tenant_id = ${tenantId} and code = ${code} and claimed_by is null`);
}

export type LinkMerged = {
  ok: true;
  state: 'linked';
  viewerId: string;
  mergedViewerId: string;
  balance: number;
};

export type LinkResult =
  | LinkMerged
  | { ok: true; state: 'claimed' }
  | { ok: false; reason: 'unknown_code' | 'same_viewer' | 'same_platform' | 'already_claimed' };

export type LinkConfirmResult =
  | LinkMerged
  | { ok: false; reason: 'nothing_to_confirm' | 'not_claimed' | 'wrong_name' | 'same_platform' };

type CodeRow = { code: string; viewer_id: string; needs_confirm: boolean; claimed_by: string | null };

/**
 * `!link CODE`: the viewer who made the code is merged into `viewerId` (the one typing it). The
 * code is used up only by a successful link; two viewers that both have an account on the same
 * platform are refused (one person, one account per platform). A code that needs confirming is
 * only claimed (for another 10 minutes, by one viewer): whoever read it in chat could type it.
 */
export async function redeemLinkCode(
  db: AnyDb,
  q: { tenantId: string; viewerId: string; code: string; now?: Date },
): Promise<LinkResult> {
  const now = q.now ?? new Date();
  const code = q.code.trim().toUpperCase();
  return db.transaction(async (tx) => {
    const t = tx as unknown as AnyDb;
    const [found] = await rows<CodeRow>(
      t,
      sql`select code, viewer_id, needs_confirm, claimed_by from viewer_link_codes
          where tenant_id = ${q.tenantId} and code = ${code} and expires_at > ${now.toISOString()} for update`,
    );
    if (!found) return { ok: false, reason: 'unknown_code' } as const;
    if (found.viewer_id === q.viewerId) return { ok: false, reason: 'same_viewer' } as const;
    if (found.claimed_by === q.viewerId) return { ok: true, state: 'claimed' } as const;
    if (found.claimed_by) return { ok: false, reason: 'already_claimed' } as const;
    if (await sharePlatform(t, q.tenantId, q.viewerId, found.viewer_id))
      return { ok: false, reason: 'same_platform' } as const;
    if (found.needs_confirm) {
      const expiresAt = new Date(now.getTime() + linkCodeTtlMs);
      await t.execute(sql`update viewer_link_codes set claimed_by = ${q.viewerId}, expires_at = ${expiresAt.toISOString()}
        where tenant_id = ${q.tenantId} and code = ${code}`);
      return { ok: true, state: 'claimed' } as const;
    }
    return link(t, { tenantId: q.tenantId, code, keepId: q.viewerId, goneId: found.viewer_id });
  });
}

/**
 * `!link yes <name>` by the owner of a claimed code: links when `name` is a name of the viewer who
 * claimed it (an account's user name or the display name, any case, `@` ignored), merging the owner
 * into the claimant as a direct `!link CODE` would. A wrong name voids the code, so a claim cannot
 * be retried with guessed names.
 */
export async function confirmLinkCode(
  db: AnyDb,
  q: { tenantId: string; viewerId: string; name: string; now?: Date },
): Promise<LinkConfirmResult> {
  const now = q.now ?? new Date();
  const name = q.name.trim().replace(/^@/, '').toLowerCase();
  return db.transaction(async (tx) => {
    const t = tx as unknown as AnyDb;
    const [found] = await rows<CodeRow>(
      t,
      sql`select code, viewer_id, needs_confirm, claimed_by from viewer_link_codes
          where tenant_id = ${q.tenantId} and viewer_id = ${q.viewerId} and needs_confirm
            and expires_at > ${now.toISOString()} for update`,
    );
    if (!found) return { ok: false, reason: 'nothing_to_confirm' } as const;
    if (!found.claimed_by) return { ok: false, reason: 'not_claimed' } as const;
    const claimant = found.claimed_by;
    const [named] = await rows<{ id: string }>(
      t,
      sql`select v.id from viewers v where v.tenant_id = ${q.tenantId} and v.id = ${claimant}
            and (lower(v.display_name) = ${name} or exists (select 1 from viewer_identities i
              where i.tenant_id = ${q.tenantId} and i.viewer_id = v.id and lower(i.user_name) = ${name}))`,
    );
    const refusal = !named
      ? 'wrong_name'
      : (await sharePlatform(t, q.tenantId, claimant, q.viewerId))
        ? 'same_platform'
        : null;
    if (refusal) {
      await t.execute(
        sql`delete from viewer_link_codes where tenant_id = ${q.tenantId} and code = ${found.code}`,
      );
      return { ok: false, reason: refusal } as const;
    }
    return link(t, { tenantId: q.tenantId, code: found.code, keepId: claimant, goneId: q.viewerId });
  });
}

/** Whether both viewers have an account on one platform (then they are two people). */
async function sharePlatform(tx: AnyDb, tenantId: string, a: string, b: string): Promise<boolean> {
  const [overlap] = await rows<{ platform: string }>(
    tx,
    sql`select a.platform from viewer_identities a join viewer_identities b
          on b.tenant_id = a.tenant_id and b.platform = a.platform and b.viewer_id = ${b}
        where a.tenant_id = ${tenantId} and a.viewer_id = ${a} limit 1`,
  );
  return overlap !== undefined;
}

/** Uses the code up and merges `goneId` into `keepId`; inside the transaction that locked the code. */
async function link(
  tx: AnyDb,
  l: { tenantId: string; code: string; keepId: string; goneId: string },
): Promise<LinkMerged> {
  await tx.execute(sql`delete from viewer_link_codes where tenant_id = ${l.tenantId} and code = ${l.code}`);
  const balance = await mergeViewers(tx, { tenantId: l.tenantId, keepId: l.keepId, goneId: l.goneId });
  // Runners cache which viewer an account is; this tells them to look again once the merge commits.
  await tx.execute(
    sql`select pg_notify('bot', ${JSON.stringify({ tenantId: l.tenantId, kind: 'viewers' })})`,
  );
  return { ok: true, state: 'linked', viewerId: l.keepId, mergedViewerId: l.goneId, balance };
}

/**
 * Moves everything of `goneId` onto `keepId` and deletes `goneId`; call inside a transaction.
 * Balance arrives as one 'merge' ledger row (the merged viewer's own history goes with it);
 * rows the kept viewer already has (a giveaway entry, a vote, a waiting queue place) win, and a
 * bet stake lost that way on a poll still running is refunded. Returns the kept balance.
 */
export async function mergeViewers(
  tx: AnyDb,
  m: { tenantId: string; keepId: string; goneId: string },
): Promise<number> {
  const { tenantId, keepId, goneId } = m;
  const locked = await rows<{ id: string; balance: string | number }>(
    tx,
    sql`select id, balance from viewers where tenant_id = ${tenantId} and id in (${keepId}, ${goneId})
        order by id for update`,
  );
  const keep = locked.find((v) => v.id === keepId);
  const gone = locked.find((v) => v.id === goneId);
  if (!keep || !gone) throw new Error('both viewers must exist in the tenant');

  await tx.execute(sql`update viewer_identities set viewer_id = ${keepId}
    where tenant_id = ${tenantId} and viewer_id = ${goneId}`);
  await tx.execute(sql`update viewers k set
      watch_minutes = k.watch_minutes + g.watch_minutes,
      messages = k.messages + g.messages,
      first_seen_at = least(k.first_seen_at, g.first_seen_at),
      last_seen_at = greatest(k.last_seen_at, g.last_seen_at)
    from viewers g where k.id = ${keepId} and g.id = ${goneId}`);

  await tx.execute(sql`update giveaway_entries e set viewer_id = ${keepId}
    where e.tenant_id = ${tenantId} and e.viewer_id = ${goneId}
      and not exists (select 1 from giveaway_entries o where o.giveaway_id = e.giveaway_id and o.viewer_id = ${keepId})`);
  await tx.execute(sql`update giveaway_winners set viewer_id = ${keepId}
    where tenant_id = ${tenantId} and viewer_id = ${goneId}`);
  const [lostStakes] = await rows<{ total: string | number | null }>(
    tx,
    sql`select sum(v.amount) as total from poll_votes v join polls p on p.id = v.poll_id
        where v.tenant_id = ${tenantId} and v.viewer_id = ${goneId} and p.state in ('open', 'closed')
          and exists (select 1 from poll_votes o where o.poll_id = v.poll_id and o.viewer_id = ${keepId})`,
  );
  await tx.execute(sql`update poll_votes v set viewer_id = ${keepId}
    where v.tenant_id = ${tenantId} and v.viewer_id = ${goneId}
      and not exists (select 1 from poll_votes o where o.poll_id = v.poll_id and o.viewer_id = ${keepId})`);
  await tx.execute(sql`update bot_viewer_queue q set viewer_id = ${keepId}
    where q.tenant_id = ${tenantId} and q.viewer_id = ${goneId}
      and (q.picked_at is not null or not exists (
        select 1 from bot_viewer_queue o where o.tenant_id = ${tenantId} and o.viewer_id = ${keepId} and o.picked_at is null))`);

  let balance = Number(keep.balance);
  const moved = Number(gone.balance);
  if (moved > 0) {
    const result = await changeBalance(tx, {
      tenantId,
      viewerId: keepId,
      delta: moved,
      reason: 'merge',
      ref: goneId,
    });
    balance = result.balance;
  }
  const refund = Number(lostStakes?.total ?? 0);
  if (refund > 0) {
    const result = await changeBalance(tx, {
      tenantId,
      viewerId: keepId,
      delta: refund,
      reason: 'refund',
      ref: 'merge',
    });
    balance = result.balance;
  }
  // Whatever is left of the merged viewer (its ledger, conflicting rows, codes) goes with it by cascade.
  await tx.execute(sql`delete from viewers where tenant_id = ${tenantId} and id = ${goneId}`);
  return balance;
}

/**
 * Counts messages and last-seen times buffered by the runner, for many viewers in one statement.
 */
export async function recordActivity(
  db: AnyDb,
  tenantId: string,
  activity: { viewerId: string; messages: number; watchMinutes: number; lastSeenAt: string }[],
): Promise<void> {
  if (activity.length === 0) return;
  await db.execute(sql`update viewers v set
      messages = v.messages + x.messages,
      watch_minutes = v.watch_minutes + x."watchMinutes",
      last_seen_at = greatest(v.last_seen_at, x."lastSeenAt")
    from jsonb_to_recordset(${JSON.stringify(activity)}::jsonb)
      as x("viewerId" uuid, messages bigint, "watchMinutes" bigint, "lastSeenAt" timestamptz)
    where v.id = x."viewerId" and v.tenant_id = ${tenantId}`);
}

/** Locks viewers' rows in one order (inside a transaction), so two moves between the same viewers cannot deadlock. */
export async function lockViewers(tx: AnyDb, tenantId: string, viewerIds: string[]): Promise<void> {
  const ids = [...new Set(viewerIds)];
  if (ids.length === 0) return;
  await tx.execute(sql`select id from viewers where tenant_id = ${tenantId}
    and id in (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )}) order by id for update`);
}
