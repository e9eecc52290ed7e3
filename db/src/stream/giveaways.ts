/**
 * Giveaway operations shared by the chat runner (keyword entries, chat commands, claims) and the
 * studio's API. The races are settled by PostgreSQL, not by the callers:
 * - one running giveaway per tenant: opening takes a per-tenant advisory lock, then inserts only
 *   when none is open or closed-but-undrawn (there is no partial unique index to lean on);
 * - an entry KEY SHARE-locks the giveaway row while it checks `state = 'open'` and inserts, so a
 *   draw (FOR UPDATE) waits for entries in flight and an entry arriving after the draw sees the
 *   row's new state and is refused; entries never block each other on that lock;
 * - one entry per viewer by the primary key (`on conflict do nothing`); the cost is charged only
 *   when the row was inserted, in the same transaction, which rolls back when the balance is short.
 */
import { sql } from 'drizzle-orm';
import type { ChatPlatform } from '../schema';
import type { botUserLevels } from '../schema/chatbot';
import type { OverlayEvent } from './overlays';

type BotUserLevel = (typeof botUserLevels)[number];

import { awardMany, changeBalance } from './currency';
import { type AnyDb, inTx, Refused, refusable, rows } from './sql';

export type GiveawayState = 'open' | 'closed' | 'drawn' | 'cancelled';
export type WinnerState = 'pending' | 'claimed' | 'expired' | 'rerolled';

export type Giveaway = {
  id: string;
  tenantId: string;
  prize: string;
  keyword: string;
  cost: number;
  subscriberLuck: number;
  minLevel: BotUserLevel;
  claimSeconds: number;
  state: GiveawayState;
  entries: number;
  createdAt: string;
  closedAt: string | null;
};

export type GiveawayWinner = {
  id: number;
  giveawayId: string;
  viewerId: string;
  userName: string;
  state: WinnerState;
  drawnAt: string;
  claimedAt: string | null;
};

type GiveawayRow = {
  id: string;
  tenant_id: string;
  prize: string;
  keyword: string;
  cost: number;
  subscriber_luck: number;
  min_level: BotUserLevel;
  claim_seconds: number;
  state: GiveawayState;
  entries: number;
  created_at: Date | string;
  closed_at: Date | string | null;
};
type WinnerRow = {
  id: string | number;
  giveaway_id: string;
  viewer_id: string;
  user_name: string;
  state: WinnerState;
  drawn_at: Date | string;
  claimed_at: Date | string | null;
};

const iso = (value: Date | string) => new Date(value).toISOString();

export function giveawayView(row: GiveawayRow): Giveaway {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    prize: row.prize,
    keyword: row.keyword,
    cost: Number(row.cost),
    subscriberLuck: Number(row.subscriber_luck),
    minLevel: row.min_level,
    claimSeconds: Number(row.claim_seconds),
    state: row.state,
    entries: Number(row.entries),
    createdAt: iso(row.created_at),
    closedAt: row.closed_at ? iso(row.closed_at) : null,
  };
}
export function winnerView(row: WinnerRow): GiveawayWinner {
  return {
    id: Number(row.id),
    giveawayId: row.giveaway_id,
    viewerId: row.viewer_id,
    userName: row.user_name,
    state: row.state,
    drawnAt: iso(row.drawn_at),
    claimedAt: row.claimed_at ? iso(row.claimed_at) : null,
  };
}

export type GiveawayInput = {
  tenantId: string;
  prize: string;
  keyword: string;
  cost?: number;
  subscriberLuck?: number;
  minLevel?: BotUserLevel;
  claimSeconds?: number;
};

/** Keywords compare case-insensitively and without surrounding space. */
export const normalizeKeyword = (keyword: string) => keyword.trim().toLowerCase();

/**
 * Opens a giveaway; `running` (nothing written) when the tenant already has one open or closed but
 * not drawn yet.
 */
export async function openGiveaway(
  db: AnyDb,
  input: GiveawayInput,
): Promise<{ ok: true; giveaway: Giveaway } | { ok: false; reason: 'running'; giveaway: Giveaway }> {
  return inTx(db, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`giveaway:${input.tenantId}`}, 0))`);
    const [created] = await rows<GiveawayRow>(
      tx,
      sql`insert into giveaways (tenant_id, prize, keyword, cost, subscriber_luck, min_level, claim_seconds)
          select ${input.tenantId}, ${input.prize}, ${input.keyword.trim()}, ${input.cost ?? 0},
                 ${input.subscriberLuck ?? 1}, ${input.minLevel ?? 'everyone'}, ${input.claimSeconds ?? 60}
          where not exists (
            select 1 from giveaways where tenant_id = ${input.tenantId} and state in ('open', 'closed')
          )
          returning *`,
    );
    if (created) return { ok: true as const, giveaway: giveawayView(created) };
    const running = await currentGiveaway(tx, input.tenantId);
    return { ok: false as const, reason: 'running' as const, giveaway: running! };
  });
}

/** The tenant's newest giveaway that is not cancelled and not finished long ago (open, closed or drawn). */
export async function currentGiveaway(db: AnyDb, tenantId: string): Promise<Giveaway | null> {
  const [row] = await rows<GiveawayRow>(
    db,
    sql`select * from giveaways where tenant_id = ${tenantId} and state <> 'cancelled'
        order by (state in ('open', 'closed')) desc, created_at desc limit 1`,
  );
  return row ? giveawayView(row) : null;
}

export async function getGiveaway(db: AnyDb, tenantId: string, id: string): Promise<Giveaway | null> {
  const [row] = await rows<GiveawayRow>(
    db,
    sql`select * from giveaways where tenant_id = ${tenantId} and id = ${id}`,
  );
  return row ? giveawayView(row) : null;
}

export async function winnersOf(
  db: AnyDb,
  tenantId: string,
  giveawayIds: string[],
): Promise<GiveawayWinner[]> {
  if (giveawayIds.length === 0) return [];
  const found = await rows<WinnerRow>(
    db,
    sql`select * from giveaway_winners where tenant_id = ${tenantId}
        and giveaway_id in (select jsonb_array_elements_text(${JSON.stringify(giveawayIds)}::jsonb)::uuid)
        order by id`,
  );
  return found.map(winnerView);
}

export type EntryInput = {
  tenantId: string;
  giveawayId: string;
  viewerId: string;
  userName: string;
  platform: ChatPlatform;
  tickets: number;
};
export type EntryResult =
  | { ok: true; charged: number }
  | { ok: false; reason: 'not_open' | 'already_entered' | 'balance'; balance?: number };

/** Enters a viewer once; see the module comment for how races are settled. */
export async function enterGiveaway(db: AnyDb, entry: EntryInput): Promise<EntryResult> {
  return refusable(() =>
    inTx<EntryResult>(db, async (tx) => {
      const [giveaway] = await rows<{ cost: number }>(
        tx,
        sql`select cost from giveaways
            where id = ${entry.giveawayId} and tenant_id = ${entry.tenantId} and state = 'open'
            for key share`,
      );
      if (!giveaway) return { ok: false, reason: 'not_open' };
      const [inserted] = await rows<{ viewer_id: string }>(
        tx,
        sql`insert into giveaway_entries (giveaway_id, tenant_id, viewer_id, user_name, platform, tickets)
            values (${entry.giveawayId}, ${entry.tenantId}, ${entry.viewerId}, ${entry.userName},
                    ${entry.platform}, ${Math.max(1, Math.trunc(entry.tickets))})
            on conflict do nothing
            returning viewer_id`,
      );
      if (!inserted) return { ok: false, reason: 'already_entered' };
      const cost = Number(giveaway.cost);
      if (cost > 0) {
        const paid = await changeBalance(tx, {
          tenantId: entry.tenantId,
          viewerId: entry.viewerId,
          delta: -cost,
          reason: 'giveaway',
          ref: entry.giveawayId,
        });
        if (!paid.ok) throw new Refused<EntryResult>({ ok: false, reason: 'balance', balance: paid.balance });
      }
      await tx.execute(sql`update giveaways set entries = entries + 1 where id = ${entry.giveawayId}`);
      return { ok: true, charged: cost };
    }),
  );
}

/** Stops entries; false when the giveaway was not open. */
export async function closeGiveaway(db: AnyDb, tenantId: string, id: string): Promise<Giveaway | null> {
  const [row] = await rows<GiveawayRow>(
    db,
    sql`update giveaways set state = 'closed', closed_at = now()
        where id = ${id} and tenant_id = ${tenantId} and state = 'open' returning *`,
  );
  return row ? giveawayView(row) : null;
}

export type DrawResult =
  | { ok: true; winner: GiveawayWinner; giveaway: Giveaway }
  | { ok: false; reason: 'not_found' | 'cancelled' | 'no_entries' };

async function drawLocked(tx: AnyDb, tenantId: string, id: string, reroll: boolean): Promise<DrawResult> {
  const [locked] = await rows<GiveawayRow>(
    tx,
    sql`select * from giveaways where id = ${id} and tenant_id = ${tenantId} for update`,
  );
  if (!locked) return { ok: false, reason: 'not_found' };
  if (locked.state === 'cancelled') return { ok: false, reason: 'cancelled' };
  if (reroll)
    await tx.execute(sql`update giveaway_winners set state = 'rerolled'
      where giveaway_id = ${id} and tenant_id = ${tenantId} and state = 'pending'`);
  // Weighted pick without replacement (Efraimidis–Spirakis): the smallest -ln(u)/tickets wins.
  const [picked] = await rows<{ viewer_id: string; user_name: string }>(
    tx,
    sql`select e.viewer_id, e.user_name from giveaway_entries e
        where e.giveaway_id = ${id} and e.tenant_id = ${tenantId}
          and not exists (select 1 from giveaway_winners w where w.giveaway_id = e.giveaway_id and w.viewer_id = e.viewer_id)
        order by -ln(1.0 - random()) / e.tickets
        limit 1`,
  );
  if (!picked) throw new Refused<DrawResult>({ ok: false, reason: 'no_entries' });
  const [winner] = await rows<WinnerRow>(
    tx,
    sql`insert into giveaway_winners (giveaway_id, tenant_id, viewer_id, user_name)
        values (${id}, ${tenantId}, ${picked.viewer_id}, ${picked.user_name}) returning *`,
  );
  const [updated] = await rows<GiveawayRow>(
    tx,
    sql`update giveaways set state = 'drawn', closed_at = coalesce(closed_at, now())
        where id = ${id} returning *`,
  );
  // The overlays show the winner; NOTIFY is delivered only if this transaction commits.
  const event: OverlayEvent = {
    id: `giveaway-${winner!.id}`,
    kind: 'giveaway_winner',
    user: picked.user_name,
    amount: null,
    message: updated!.prize,
    tier: null,
    viewers: null,
    at: new Date().toISOString(),
  };
  await tx.execute(sql`select pg_notify('overlay', ${JSON.stringify({ tenantId, event })})`);
  return { ok: true, winner: winnerView(winner!), giveaway: giveawayView(updated!) };
}

/**
 * Draws a winner among the entries that have not won yet, weighted by tickets; closes the
 * giveaway to entries in the same transaction. Drawing again adds another winner.
 */
export function drawGiveaway(db: AnyDb, tenantId: string, id: string): Promise<DrawResult> {
  return refusable(() => inTx(db, (tx) => drawLocked(tx, tenantId, id, false)));
}

/** Marks the pending winner(s) rerolled and draws again (nothing changes when nobody is left). */
export function rerollGiveaway(db: AnyDb, tenantId: string, id: string): Promise<DrawResult> {
  return refusable(() => inTx(db, (tx) => drawLocked(tx, tenantId, id, true)));
}

/** Cancels an undrawn giveaway and refunds every entry's cost. */
export async function cancelGiveaway(
  db: AnyDb,
  tenantId: string,
  id: string,
): Promise<{ giveaway: Giveaway; refunded: number } | null> {
  return inTx(db, async (tx) => {
    const [row] = await rows<GiveawayRow>(
      tx,
      sql`update giveaways set state = 'cancelled', closed_at = coalesce(closed_at, now())
          where id = ${id} and tenant_id = ${tenantId} and state in ('open', 'closed') returning *`,
    );
    if (!row) return null;
    const cost = Number(row.cost);
    let refunded = 0;
    if (cost > 0) {
      const entrants = await rows<{ viewer_id: string }>(
        tx,
        sql`select viewer_id from giveaway_entries where giveaway_id = ${id}`,
      );
      refunded = await awardMany(
        tx,
        tenantId,
        entrants.map((e) => ({ viewerId: e.viewer_id, amount: cost })),
        'refund',
        id,
      );
    }
    return { giveaway: giveawayView(row), refunded };
  });
}

export type PendingWinner = GiveawayWinner & { prize: string; tenantId: string; expiresAt: string | null };

/** Pending winners of a tenant (the runner keeps them to notice a claim in chat). */
export async function pendingWinners(db: AnyDb, tenantId: string): Promise<PendingWinner[]> {
  const found = await rows<WinnerRow & { prize: string; claim_seconds: number; tenant_id: string }>(
    db,
    sql`select w.*, g.prize, g.claim_seconds from giveaway_winners w join giveaways g on g.id = w.giveaway_id
        where w.tenant_id = ${tenantId} and w.state = 'pending' order by w.id`,
  );
  return found.map((row) => ({
    ...winnerView(row),
    prize: row.prize,
    tenantId: row.tenant_id,
    expiresAt:
      Number(row.claim_seconds) > 0
        ? new Date(new Date(row.drawn_at).getTime() + Number(row.claim_seconds) * 1000).toISOString()
        : null,
  }));
}

/**
 * A winner spoke in chat: every pending win of the viewer still inside its claim window becomes
 * claimed. Returns the claims made.
 */
export async function claimWins(
  db: AnyDb,
  tenantId: string,
  viewerId: string,
  now = new Date(),
): Promise<PendingWinner[]> {
  const found = await rows<WinnerRow & { prize: string; tenant_id: string }>(
    db,
    sql`update giveaway_winners w set state = 'claimed', claimed_at = ${now.toISOString()}::timestamptz
        from giveaways g
        where g.id = w.giveaway_id and w.tenant_id = ${tenantId} and w.viewer_id = ${viewerId} and w.state = 'pending'
          and (g.claim_seconds = 0 or w.drawn_at + make_interval(secs => g.claim_seconds) > ${now.toISOString()}::timestamptz)
        returning w.*, g.prize`,
  );
  return found.map((row) => ({
    ...winnerView(row),
    prize: row.prize,
    tenantId: row.tenant_id,
    expiresAt: null,
  }));
}

/** Pending winners past their claim window become expired (a claim time of 0 never expires). */
export async function expireWins(db: AnyDb, tenantIds: string[], now = new Date()): Promise<PendingWinner[]> {
  if (tenantIds.length === 0) return [];
  const found = await rows<WinnerRow & { prize: string; tenant_id: string }>(
    db,
    sql`update giveaway_winners w set state = 'expired'
        from giveaways g
        where g.id = w.giveaway_id and w.state = 'pending' and g.claim_seconds > 0
          and w.tenant_id in (select jsonb_array_elements_text(${JSON.stringify(tenantIds)}::jsonb)::uuid)
          and w.drawn_at + make_interval(secs => g.claim_seconds) <= ${now.toISOString()}::timestamptz
        returning w.*, g.prize`,
  );
  return found.map((row) => ({
    ...winnerView(row),
    prize: row.prize,
    tenantId: row.tenant_id,
    expiresAt: null,
  }));
}

export type GiveawayEntry = {
  viewerId: string;
  userName: string;
  platform: ChatPlatform;
  tickets: number;
  enteredAt: string;
};

/** Entries in the order they came, paged. */
export async function entriesOf(
  db: AnyDb,
  tenantId: string,
  id: string,
  page: { offset: number; limit: number },
): Promise<GiveawayEntry[]> {
  const found = await rows<{
    viewer_id: string;
    user_name: string;
    platform: ChatPlatform;
    tickets: number;
    entered_at: Date | string;
  }>(
    db,
    sql`select viewer_id, user_name, platform, tickets, entered_at from giveaway_entries
        where giveaway_id = ${id} and tenant_id = ${tenantId}
        order by entered_at, viewer_id offset ${page.offset} limit ${page.limit}`,
  );
  return found.map((row) => ({
    viewerId: row.viewer_id,
    userName: row.user_name,
    platform: row.platform,
    tickets: Number(row.tickets),
    enteredAt: iso(row.entered_at),
  }));
}

/** The tenant's giveaways, newest first. */
export async function listGiveaways(db: AnyDb, tenantId: string, limit = 50): Promise<Giveaway[]> {
  const found = await rows<GiveawayRow>(
    db,
    sql`select * from giveaways where tenant_id = ${tenantId} order by created_at desc limit ${limit}`,
  );
  return found.map(giveawayView);
}
