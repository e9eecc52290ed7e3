/**
 * Polls and bets shared by the chat runner and the studio's API. One open poll and one running bet
 * (open or closed, not yet resolved) per tenant, settled under a per-tenant advisory lock. A vote
 * is one row per viewer (changing it is an upsert); a bet is one row per viewer too, staked from
 * the balance in the same transaction and never changed once placed. Resolving pays the winners
 * the whole pot in proportion to their stakes: each gets floor(pot × stake / winning stakes), and
 * the few units the flooring leaves go to the largest winning stake (earliest bet on a tie). With
 * no winning stake every bet is refunded. Cancelling refunds every stake.
 */
import { sql } from 'drizzle-orm';
import { awardMany, changeBalance } from './currency';
import { type AnyDb, inTx, Refused, refusable, rows } from './sql';

export type PollKind = 'poll' | 'bet';
export type PollState = 'open' | 'closed' | 'resolved' | 'cancelled';

export type Poll = {
  id: string;
  tenantId: string;
  kind: PollKind;
  question: string;
  options: string[];
  state: PollState;
  winningOption: number | null;
  /** The native poll run beside it on Twitch, and its final votes once ended (see PollNative). */
  native: PollNative;
  closesAt: string | null;
  createdAt: string;
};
export type Tally = { option: number; label: string; votes: number; amount: number };

/**
 * A poll's native twin on Twitch: its Helix id while it runs; once the chat poll is closed or
 * cancelled the runner holding the Twitch channel ends it (`twitchEnded` claims that, once) and
 * keeps its final votes per option in `twitchVotes`, which the tallies add to chat's votes.
 */
export type PollNative = { twitch?: string; twitchVotes?: number[]; twitchEnded?: boolean };

type PollRow = {
  id: string;
  tenant_id: string;
  kind: PollKind;
  question: string;
  options: string[] | string;
  state: PollState;
  winning_option: number | null;
  native: PollNative | string | null;
  closes_at: Date | string | null;
  created_at: Date | string;
};

const iso = (value: Date | string) => new Date(value).toISOString();

/**
 * A text[] as the driver hands it: an array, or the literal `{a,"b c"}` where the connection does
 * not fetch array types (functions on workerd).
 */
export function textArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  const inner = value.slice(1, -1);
  const out: string[] = [];
  let i = 0;
  while (i < inner.length) {
    let item = '';
    if (inner[i] === '"') {
      i++;
      while (i < inner.length && inner[i] !== '"') {
        if (inner[i] === '\\') i++;
        item += inner[i];
        i++;
      }
      i++;
    } else {
      while (i < inner.length && inner[i] !== ',') item += inner[i++];
    }
    out.push(item);
    i++;
  }
  return out;
}

export function pollView(row: PollRow): Poll {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    kind: row.kind,
    question: row.question,
    options: textArray(row.options),
    state: row.state,
    winningOption: row.winning_option === null ? null : Number(row.winning_option),
    native: (typeof row.native === 'string' ? JSON.parse(row.native) : row.native) ?? {},
    closesAt: row.closes_at ? iso(row.closes_at) : null,
    createdAt: iso(row.created_at),
  };
}

export type PollInput = {
  tenantId: string;
  kind: PollKind;
  question: string;
  options: string[];
  closesAt?: Date | null;
};

/** Opens a poll or a bet; `running` (nothing written) when one of its kind is still going. */
export async function createPoll(
  db: AnyDb,
  input: PollInput,
): Promise<{ ok: true; poll: Poll } | { ok: false; reason: 'running'; poll: Poll }> {
  return inTx(db, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`poll:${input.tenantId}`}, 0))`);
    const running = await runningPoll(tx, input.tenantId, input.kind);
    if (running) return { ok: false as const, reason: 'running' as const, poll: running };
    const [row] = await rows<PollRow>(
      tx,
      sql`insert into polls (tenant_id, kind, question, options, closes_at)
          values (${input.tenantId}, ${input.kind}, ${input.question}, ${sql`array[${sql.join(
            input.options.map((o) => sql`${o}`),
            sql`, `,
          )}]::text[]`}, ${input.closesAt?.toISOString() ?? null})
          returning *`,
    );
    return { ok: true as const, poll: pollView(row!) };
  });
}

/** The open poll, or the bet that is open or closed but not resolved yet. */
export async function runningPoll(db: AnyDb, tenantId: string, kind: PollKind): Promise<Poll | null> {
  const states = kind === 'poll' ? sql`('open')` : sql`('open', 'closed')`;
  const [row] = await rows<PollRow>(
    db,
    sql`select * from polls where tenant_id = ${tenantId} and kind = ${kind} and state in ${states}
        order by created_at desc limit 1`,
  );
  return row ? pollView(row) : null;
}

export async function getPoll(db: AnyDb, tenantId: string, id: string): Promise<Poll | null> {
  const [row] = await rows<PollRow>(
    db,
    sql`select * from polls where tenant_id = ${tenantId} and id = ${id}`,
  );
  return row ? pollView(row) : null;
}

export async function listPolls(db: AnyDb, tenantId: string, limit = 50): Promise<Poll[]> {
  const found = await rows<PollRow>(
    db,
    sql`select * from polls where tenant_id = ${tenantId} order by created_at desc limit ${limit}`,
  );
  return found.map(pollView);
}

/** Votes (or stakes) per option, every option present; a poll's native Twitch votes count in. */
export async function talliesOf(db: AnyDb, poll: Poll): Promise<Tally[]> {
  const found = await rows<{ option: number; votes: string | number; amount: string | number }>(
    db,
    sql`select option, count(*) as votes, coalesce(sum(amount), 0) as amount from poll_votes
        where poll_id = ${poll.id} and tenant_id = ${poll.tenantId} group by option`,
  );
  return poll.options.map((label, option) => {
    const row = found.find((r) => Number(r.option) === option);
    const native = poll.kind === 'poll' ? Number(poll.native.twitchVotes?.[option] ?? 0) || 0 : 0;
    return { option, label, votes: Number(row?.votes ?? 0) + native, amount: Number(row?.amount ?? 0) };
  });
}

/** Merges `patch` into a poll's native ids and counts. */
export async function setPollNative(
  db: AnyDb,
  tenantId: string,
  id: string,
  patch: PollNative,
): Promise<Poll | null> {
  const [row] = await rows<PollRow>(
    db,
    sql`update polls set native = native || ${JSON.stringify(patch)}::jsonb
        where id = ${id} and tenant_id = ${tenantId} returning *`,
  );
  return row ? pollView(row) : null;
}

/**
 * Claims the ending of a closed or cancelled poll's native Twitch poll: the poll when this caller
 * is the one to end it, null when there is none or someone already did.
 */
export async function claimNativeEnd(db: AnyDb, tenantId: string, id: string): Promise<Poll | null> {
  const [row] = await rows<PollRow>(
    db,
    sql`update polls set native = native || '{"twitchEnded": true}'::jsonb
        where id = ${id} and tenant_id = ${tenantId} and state in ('closed', 'cancelled')
          and native ->> 'twitch' is not null and native ->> 'twitchEnded' is null
        returning *`,
  );
  return row ? pollView(row) : null;
}

/** Closed or cancelled polls whose native Twitch poll was not ended yet (newest first). */
export async function unendedNativePolls(db: AnyDb, tenantId: string): Promise<Poll[]> {
  const found = await rows<PollRow>(
    db,
    sql`select * from polls where tenant_id = ${tenantId} and kind = 'poll'
          and state in ('closed', 'cancelled') and native ->> 'twitch' is not null and native ->> 'twitchEnded' is null
        order by created_at desc limit 10`,
  );
  return found.map(pollView);
}

export type VoteResult = { ok: true; changed: boolean } | { ok: false; reason: 'not_open' | 'bad_option' };

/** A viewer's vote in an open poll (0-based option); voting again changes it. */
export async function vote(
  db: AnyDb,
  v: { tenantId: string; pollId: string; viewerId: string; option: number },
): Promise<VoteResult> {
  return inTx<VoteResult>(db, async (tx) => {
    const [poll] = await rows<{ n: number }>(
      tx,
      sql`select cardinality(options) as n from polls
          where id = ${v.pollId} and tenant_id = ${v.tenantId} and kind = 'poll' and state = 'open' for key share`,
    );
    if (!poll) return { ok: false, reason: 'not_open' };
    if (!Number.isInteger(v.option) || v.option < 0 || v.option >= Number(poll.n))
      return { ok: false, reason: 'bad_option' };
    const [row] = await rows<{ inserted: boolean }>(
      tx,
      sql`insert into poll_votes (poll_id, tenant_id, viewer_id, option) values (${v.pollId}, ${v.tenantId}, ${v.viewerId}, ${v.option})
          on conflict (poll_id, viewer_id) do update set option = excluded.option, at = now()
          returning (xmax = 0) as inserted`,
    );
    return { ok: true, changed: !row!.inserted };
  });
}

export type BetResult =
  | { ok: true; balance: number }
  | {
      ok: false;
      reason: 'not_open' | 'bad_option' | 'bad_amount' | 'already_bet' | 'balance';
      balance?: number;
    };

/** Places a viewer's one bet: the stake leaves the balance in the same transaction. */
export async function placeBet(
  db: AnyDb,
  b: { tenantId: string; pollId: string; viewerId: string; option: number; amount: number },
): Promise<BetResult> {
  if (!Number.isSafeInteger(b.amount) || b.amount <= 0) return { ok: false, reason: 'bad_amount' };
  return refusable(() =>
    inTx<BetResult>(db, async (tx) => {
      const [poll] = await rows<{ n: number }>(
        tx,
        sql`select cardinality(options) as n from polls
            where id = ${b.pollId} and tenant_id = ${b.tenantId} and kind = 'bet' and state = 'open' for key share`,
      );
      if (!poll) return { ok: false, reason: 'not_open' };
      if (!Number.isInteger(b.option) || b.option < 0 || b.option >= Number(poll.n))
        return { ok: false, reason: 'bad_option' };
      const [inserted] = await rows<{ viewer_id: string }>(
        tx,
        sql`insert into poll_votes (poll_id, tenant_id, viewer_id, option, amount)
            values (${b.pollId}, ${b.tenantId}, ${b.viewerId}, ${b.option}, ${b.amount})
            on conflict do nothing returning viewer_id`,
      );
      if (!inserted) return { ok: false, reason: 'already_bet' };
      const paid = await changeBalance(tx, {
        tenantId: b.tenantId,
        viewerId: b.viewerId,
        delta: -b.amount,
        reason: 'bet',
        ref: b.pollId,
      });
      if (!paid.ok) throw new Refused<BetResult>({ ok: false, reason: 'balance', balance: paid.balance });
      return { ok: true, balance: paid.balance };
    }),
  );
}

async function lockPoll(tx: AnyDb, tenantId: string, id: string): Promise<Poll | null> {
  const [row] = await rows<PollRow>(
    tx,
    sql`select * from polls where id = ${id} and tenant_id = ${tenantId} for update`,
  );
  return row ? pollView(row) : null;
}

async function setState(tx: AnyDb, id: string, state: PollState, winningOption: number | null = null) {
  const [row] = await rows<PollRow>(
    tx,
    sql`update polls set state = ${state}, winning_option = ${winningOption} where id = ${id} returning *`,
  );
  return pollView(row!);
}

export type PollChange =
  | { ok: true; poll: Poll; tallies: Tally[] }
  | { ok: false; reason: 'not_found' | 'state' };

/** Stops voting or betting (a bet then waits for its result). */
export async function closePoll(db: AnyDb, tenantId: string, id: string): Promise<PollChange> {
  return inTx<PollChange>(db, async (tx) => {
    const poll = await lockPoll(tx, tenantId, id);
    if (!poll) return { ok: false, reason: 'not_found' };
    if (poll.state !== 'open') return { ok: false, reason: 'state' };
    const closed = await setState(tx, id, 'closed');
    return { ok: true, poll: closed, tallies: await talliesOf(tx, closed) };
  });
}

export type Payout = { viewerId: string; amount: number };

/**
 * Splits the pot among the winning stakes (see the module comment). Pure, so the rounding is
 * tested on its own.
 */
export function splitPot(pot: number, winners: { viewerId: string; stake: number; at?: string }[]): Payout[] {
  const total = winners.reduce((sum, w) => sum + BigInt(w.stake), 0n);
  if (total === 0n) return [];
  const payouts = winners.map((w) => ({
    viewerId: w.viewerId,
    amount: Number((BigInt(pot) * BigInt(w.stake)) / total),
  }));
  const remainder = pot - payouts.reduce((sum, p) => sum + p.amount, 0);
  if (remainder > 0) {
    let largest = 0;
    for (let i = 1; i < winners.length; i++) if (winners[i]!.stake > winners[largest]!.stake) largest = i;
    payouts[largest]!.amount += remainder;
  }
  return payouts;
}

export type ResolveResult =
  | { ok: true; poll: Poll; tallies: Tally[]; payouts: Payout[]; pot: number; refunded: boolean }
  | { ok: false; reason: 'not_found' | 'state' | 'bad_option' };

/** Settles a bet on the winning option (0-based); a poll is just closed with its result. */
export async function resolveBet(
  db: AnyDb,
  tenantId: string,
  id: string,
  option: number,
): Promise<ResolveResult> {
  return inTx<ResolveResult>(db, async (tx) => {
    const poll = await lockPoll(tx, tenantId, id);
    if (!poll) return { ok: false, reason: 'not_found' };
    if (poll.kind !== 'bet' || (poll.state !== 'open' && poll.state !== 'closed'))
      return { ok: false, reason: 'state' };
    if (!Number.isInteger(option) || option < 0 || option >= poll.options.length)
      return { ok: false, reason: 'bad_option' };
    const bets = await rows<{ viewer_id: string; option: number; amount: string | number }>(
      tx,
      sql`select viewer_id, option, amount from poll_votes where poll_id = ${id} order by at, viewer_id`,
    );
    const pot = bets.reduce((sum, b) => sum + Number(b.amount), 0);
    const winners = bets
      .filter((b) => Number(b.option) === option)
      .map((b) => ({ viewerId: b.viewer_id, stake: Number(b.amount) }));
    const refunded = winners.length === 0;
    const payouts = refunded
      ? bets.map((b) => ({ viewerId: b.viewer_id, amount: Number(b.amount) }))
      : splitPot(pot, winners);
    await awardMany(tx, tenantId, payouts, refunded ? 'refund' : 'bet', id);
    const resolved = await setState(tx, id, 'resolved', option);
    return { ok: true, poll: resolved, tallies: await talliesOf(tx, resolved), payouts, pot, refunded };
  });
}

/** Cancels a poll or an unresolved bet; every stake goes back. */
export async function cancelPoll(
  db: AnyDb,
  tenantId: string,
  id: string,
): Promise<{ ok: true; poll: Poll; refunds: Payout[] } | { ok: false; reason: 'not_found' | 'state' }> {
  return inTx(db, async (tx) => {
    const poll = await lockPoll(tx, tenantId, id);
    if (!poll) return { ok: false as const, reason: 'not_found' as const };
    if (poll.state !== 'open' && poll.state !== 'closed')
      return { ok: false as const, reason: 'state' as const };
    const stakes = await rows<{ viewer_id: string; amount: string | number }>(
      tx,
      sql`select viewer_id, amount from poll_votes where poll_id = ${id} and amount > 0`,
    );
    const refunds = stakes.map((s) => ({ viewerId: s.viewer_id, amount: Number(s.amount) }));
    await awardMany(tx, tenantId, refunds, 'refund', id);
    return { ok: true as const, poll: await setState(tx, id, 'cancelled'), refunds };
  });
}

/** "1" → 0; anything but a whole number in range → null. */
export function optionIndex(text: string, count: number): number | null {
  if (!/^\d{1,2}$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n >= 1 && n <= count ? n - 1 : null;
}

/** Announce text of the results: `Q — a: 3 (60%), b: 2 (40%)`. */
export function describeTallies(poll: Poll, tallies: Tally[]): string {
  const total = tallies.reduce((sum, t) => sum + (poll.kind === 'bet' ? t.amount : t.votes), 0);
  const parts = tallies.map((t) => {
    const value = poll.kind === 'bet' ? t.amount : t.votes;
    const share = total > 0 ? Math.round((value / total) * 100) : 0;
    return `${t.option + 1}. ${t.label}: ${value} (${share}%)`;
  });
  return `${poll.question} — ${parts.join(', ')}`;
}
