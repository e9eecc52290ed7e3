/**
 * The ticket operations Discord and the desk share. Each runs as one transaction of its guild's
 * tenant and records a ticket_events row; the Discord call that makes the change visible runs
 * inside that transaction when the change depends on it (rename, members, replies), so a refusal
 * from Discord leaves the database as it was. Notices that only inform are posted afterwards.
 */

import { withTenant } from '@homelab/db/client/tenant';
import type { DiscordRest } from '@homelab/db/discord/rest';
import { discordGuilds, jobs, type TicketEventKind, type TicketPriority, tickets } from '@homelab/db/schema';
import { OverwriteType } from 'discord-api-types/v10';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { conflict, forbidden, notFound } from '../lib/errors';
import { clip, notice, replyMessage } from './messages';
import { sanitizeChannelName } from './naming';
import { memberAllow } from './open';
import { type DiscordMember, isTicketStaff } from './staff';
import {
  type Db,
  type EventActor,
  type LoadedTicket,
  loadTicket,
  loadTicketByChannel,
  recordEvent,
  type TicketRow,
  type Tx,
} from './store';

export { type OpenedTicket, type OpenTicketInput, openTicket } from './open';

export type TicketDeps = {
  db: Db;
  rest: DiscordRest;
  /** The bot's user id (the application id), given access to ticket channels. */
  botUserId: string;
  now?: () => Date;
};

/**
 * Who acts: a Discord member (checked against the staff roles here) or a desk user, whom the desk
 * guard already admitted as staff of the guild.
 */
export type Actor =
  | { via: 'discord'; id: string; name: string; member: DiscordMember }
  | { via: 'desk'; id: string; name: string };

export const notStaffMessage = 'Only support staff can do that.';

/** Staff may act on any ticket of the guild; with `openerMay`, so may the person who opened it. */
export function mayAct(actor: Actor, loaded: LoadedTicket, openerMay = false): boolean {
  if (actor.via === 'desk') return true;
  if (openerMay && actor.id === loaded.ticket.openerId) return true;
  return isTicketStaff(actor.member, [...loaded.guildStaffRoleIds, ...(loaded.category?.staffRoleIds ?? [])]);
}

const label = (t: Pick<TicketRow, 'number'>) => `#${t.number}`;

function assertOpen(ticket: TicketRow) {
  if (ticket.status === 'closed') throw conflict(`Ticket ${label(ticket)} is closed.`);
}

/** Adds the guild's row the first time the bot hears from it (tickets need its counter). */
export async function ensureGuild(deps: Pick<TicketDeps, 'db' | 'rest'>, guildId: string) {
  return withTenant(deps.db, { guildIds: [guildId] }, async (tx) => {
    const [known] = await tx
      .select({ guildId: discordGuilds.guildId })
      .from(discordGuilds)
      .where(eq(discordGuilds.guildId, guildId));
    if (known) return false;
    const guild = await deps.rest.get<{ name?: string }>(`/guilds/${guildId}`).catch(() => null);
    await tx
      .insert(discordGuilds)
      .values({ guildId, name: guild?.name ?? guildId })
      .onConflictDoNothing();
    return true;
  });
}

/** Finds the ticket a command is used in (its channel or thread). */
export async function ticketInChannel(db: Db, guildId: string, channelId: string) {
  return withTenant(db, { guildIds: [guildId] }, (tx) => loadTicketByChannel(tx, channelId));
}

export async function findTicket(db: Db, guildId: string, ticketId: string) {
  return withTenant(db, { guildIds: [guildId] }, (tx) => loadTicket(tx, ticketId));
}

/** Runs a staff operation on one ticket of the guild: loaded, staff checked, then `work`. */
async function staffOperation<T>(
  deps: Pick<TicketDeps, 'db'>,
  guildId: string,
  ticketId: string,
  actor: Actor,
  work: (tx: Tx, loaded: LoadedTicket) => Promise<T>,
  openerMay = false,
): Promise<T> {
  return withTenant(deps.db, { guildIds: [guildId] }, async (tx) => {
    const loaded = await loadTicket(tx, ticketId);
    if (!loaded) throw notFound('That ticket does not exist (any more).');
    if (!mayAct(actor, loaded, openerMay)) throw forbidden(notStaffMessage);
    return work(tx, loaded);
  });
}

type TicketChanges = PgUpdateSetSource<typeof tickets>;

/** Changes the ticket's row and records the change as an event, in the operation's transaction. */
async function changeTicket(
  tx: Tx,
  ticket: TicketRow,
  changes: TicketChanges,
  kind: TicketEventKind,
  actor: EventActor,
  extra?: { detail?: Record<string, unknown> },
) {
  const [updated] = await tx.update(tickets).set(changes).where(eq(tickets.id, ticket.id)).returning();
  await recordEvent(tx, ticket, kind, actor, extra);
  return updated!;
}

/** Where a person's access to a ticket lives: thread membership in thread mode, else a permission overwrite. */
function memberPath(channelId: string, mode: string | undefined, userId: string) {
  return mode === 'thread'
    ? `/channels/${channelId}/thread-members/${userId}`
    : `/channels/${channelId}/permissions/${userId}`;
}

/** Posts an informational notice; the change is already committed, so a failure only loses the notice. */
async function postNotice(deps: TicketDeps, channelId: string | null, text: string) {
  if (!channelId) return;
  await deps.rest.post(`/channels/${channelId}/messages`, notice(text)).catch(() => undefined);
}

async function claimerName(tx: Tx, ticket: TicketRow) {
  const [row] = await tx.execute<{ actor_name: string | null }>(
    sql`select actor_name from ticket_events where ticket_id = ${ticket.id} and kind in ('claimed', 'transferred')
        order by id desc limit 1`,
  );
  return row?.actor_name ?? `<@${ticket.claimedBy}>`;
}

export async function claimTicket(deps: TicketDeps, guildId: string, ticketId: string, actor: Actor) {
  const ticket = await staffOperation(deps, guildId, ticketId, actor, async (tx, { ticket }) => {
    assertOpen(ticket);
    // The conditional update is the arbiter: of two simultaneous claims exactly one gets a row back.
    const [won] = await tx
      .update(tickets)
      .set({ claimedBy: actor.id, claimedAt: sql`now()` })
      .where(and(eq(tickets.id, ticket.id), isNull(tickets.claimedBy)))
      .returning();
    if (!won) {
      const [current] = await tx.select().from(tickets).where(eq(tickets.id, ticket.id));
      if (current?.claimedBy === actor.id) throw conflict(`You already claimed ticket ${label(ticket)}.`);
      throw conflict(`Already claimed by ${current ? await claimerName(tx, current) : 'someone else'}.`);
    }
    await recordEvent(tx, won, 'claimed', actor);
    return won;
  });
  await postNotice(deps, ticket.channelId, `Ticket ${label(ticket)} claimed by <@${actor.id}>.`);
  return ticket;
}

export async function releaseTicket(deps: TicketDeps, guildId: string, ticketId: string, actor: Actor) {
  const ticket = await staffOperation(deps, guildId, ticketId, actor, async (tx, { ticket }) => {
    assertOpen(ticket);
    if (!ticket.claimedBy) throw conflict(`Ticket ${label(ticket)} is not claimed.`);
    return changeTicket(tx, ticket, { claimedBy: null, claimedAt: null }, 'released', actor, {
      detail: { from: ticket.claimedBy },
    });
  });
  await postNotice(deps, ticket.channelId, `Ticket ${label(ticket)} is unclaimed again.`);
  return ticket;
}

export async function transferTicket(
  deps: TicketDeps,
  guildId: string,
  ticketId: string,
  actor: Actor,
  to: { id: string; name?: string },
) {
  const ticket = await staffOperation(deps, guildId, ticketId, actor, async (tx, { ticket }) => {
    assertOpen(ticket);
    if (ticket.claimedBy === to.id) throw conflict(`Ticket ${label(ticket)} is already theirs.`);
    // The event's actor name is the new claimer's, so "Already claimed by …" can name them.
    return changeTicket(
      tx,
      ticket,
      { claimedBy: to.id, claimedAt: sql`now()` },
      'transferred',
      { id: to.id, name: to.name ?? null },
      { detail: { from: ticket.claimedBy, to: to.id, by: actor.id, byName: actor.name } },
    );
  });
  await postNotice(
    deps,
    ticket.channelId,
    `Ticket ${label(ticket)} transferred to <@${to.id}> by <@${actor.id}>.`,
  );
  return ticket;
}

export async function addMember(
  deps: TicketDeps,
  guildId: string,
  ticketId: string,
  actor: Actor,
  userId: string,
) {
  const ticket = await staffOperation(deps, guildId, ticketId, actor, async (tx, loaded) => {
    const { ticket } = loaded;
    assertOpen(ticket);
    if (userId === ticket.openerId || ticket.members.includes(userId)) {
      throw conflict(`<@${userId}> is already in ticket ${label(ticket)}.`);
    }
    const updated = await changeTicket(
      tx,
      ticket,
      { members: sql`array_append(${tickets.members}, ${userId})` },
      'member_added',
      actor,
      { detail: { userId } },
    );
    if (ticket.channelId) {
      const path = memberPath(ticket.channelId, loaded.category?.mode, userId);
      if (loaded.category?.mode === 'thread') {
        await deps.rest.put(path);
      } else {
        await deps.rest.put(
          path,
          { type: OverwriteType.Member, allow: memberAllow, deny: '0' },
          { reason: `Added to ticket #${ticket.number} by ${actor.name}` },
        );
      }
    }
    return updated;
  });
  await postNotice(deps, ticket.channelId, `<@${userId}> was added to the ticket by <@${actor.id}>.`);
  return ticket;
}

export async function removeMember(
  deps: TicketDeps,
  guildId: string,
  ticketId: string,
  actor: Actor,
  userId: string,
) {
  const ticket = await staffOperation(deps, guildId, ticketId, actor, async (tx, loaded) => {
    const { ticket } = loaded;
    assertOpen(ticket);
    if (userId === ticket.openerId) throw conflict('The person who opened the ticket stays in it.');
    if (!ticket.members.includes(userId)) throw conflict(`<@${userId}> is not in ticket ${label(ticket)}.`);
    const updated = await changeTicket(
      tx,
      ticket,
      { members: sql`array_remove(${tickets.members}, ${userId})` },
      'member_removed',
      actor,
      { detail: { userId } },
    );
    if (ticket.channelId) {
      await deps.rest.delete(memberPath(ticket.channelId, loaded.category?.mode, userId), {
        reason: `Removed from ticket #${ticket.number} by ${actor.name}`,
      });
    }
    return updated;
  });
  await postNotice(deps, ticket.channelId, `<@${userId}> was removed from the ticket by <@${actor.id}>.`);
  return ticket;
}

export async function renameTicket(
  deps: TicketDeps,
  guildId: string,
  ticketId: string,
  actor: Actor,
  name: string,
) {
  return staffOperation(deps, guildId, ticketId, actor, async (tx, { ticket }) => {
    assertOpen(ticket);
    const clean = sanitizeChannelName(name);
    if (!clean) throw conflict('Use letters or digits in the name.');
    await recordEvent(tx, ticket, 'renamed', actor, { detail: { name: clean } });
    if (ticket.channelId) {
      await deps.rest.patch(
        `/channels/${ticket.channelId}`,
        { name: clean },
        { reason: `Renamed by ${actor.name}` },
      );
    }
    return { ticket, name: clean };
  });
}

export async function setPriority(
  deps: TicketDeps,
  guildId: string,
  ticketId: string,
  actor: Actor,
  priority: TicketPriority,
) {
  return staffOperation(deps, guildId, ticketId, actor, async (tx, { ticket }) => {
    assertOpen(ticket);
    return changeTicket(tx, ticket, { priority }, 'priority', actor, {
      detail: { from: ticket.priority, to: priority },
    });
  });
}

/** Waits for the opener; the gateway runner sets the ticket open again when they write. */
export async function markAwaitingUser(deps: TicketDeps, guildId: string, ticketId: string, actor: Actor) {
  const ticket = await staffOperation(deps, guildId, ticketId, actor, async (tx, { ticket }) => {
    assertOpen(ticket);
    if (ticket.status === 'awaiting_user')
      throw conflict(`Ticket ${label(ticket)} is already waiting for an answer.`);
    return changeTicket(tx, ticket, { status: 'awaiting_user' }, 'awaiting_user', actor);
  });
  if (ticket.channelId) {
    await deps.rest
      .post(`/channels/${ticket.channelId}/messages`, {
        content: `<@${ticket.openerId}>, staff are waiting for your answer.`,
        allowed_mentions: { parse: [], users: [ticket.openerId] },
      })
      .catch(() => undefined);
  }
  return ticket;
}

/** A note for staff only: stored as an event, never sent to Discord. */
export async function addNote(
  deps: Pick<TicketDeps, 'db'>,
  guildId: string,
  ticketId: string,
  actor: Actor,
  body: string,
) {
  return staffOperation(deps, guildId, ticketId, actor, async (tx, { ticket }) => {
    await recordEvent(tx, ticket, 'note', actor, { body });
    return ticket;
  });
}

/** A reply from the desk, posted by the bot with the staff member's name; the first one counts as the first response. */
export async function replyToTicket(
  deps: TicketDeps,
  guildId: string,
  ticketId: string,
  actor: Actor,
  body: string,
) {
  return staffOperation(deps, guildId, ticketId, actor, async (tx, { ticket }) => {
    assertOpen(ticket);
    if (!ticket.channelId) throw conflict(`Ticket ${label(ticket)} has no channel to post in.`);
    const [updated] = await tx
      .update(tickets)
      .set({ firstResponseAt: sql`coalesce(${tickets.firstResponseAt}, now())`, lastActivityAt: sql`now()` })
      .where(eq(tickets.id, ticket.id))
      .returning();
    const message = await deps.rest.post<{ id: string }>(
      `/channels/${ticket.channelId}/messages`,
      replyMessage(actor.name, body),
    );
    await recordEvent(tx, ticket, 'reply', actor, { body, detail: { messageId: message?.id ?? null } });
    return updated!;
  });
}

/**
 * Closes the ticket and, in the same transaction, queues its transcript for the tickets runner
 * (which saves it, sends the survey and removes the channel): no closed ticket without its job.
 * Staff close any ticket; the person who opened it may close their own.
 */
export async function closeTicket(
  deps: TicketDeps,
  guildId: string,
  ticketId: string,
  actor: Actor,
  reason: string | null,
) {
  const ticket = await staffOperation(
    deps,
    guildId,
    ticketId,
    actor,
    async (tx, { ticket }) => {
      const [closed] = await tx
        .update(tickets)
        .set({
          status: 'closed',
          closedAt: sql`now()`,
          closedBy: actor.id,
          closeReason: reason?.trim() || null,
        })
        .where(and(eq(tickets.id, ticket.id), ne(tickets.status, 'closed')))
        .returning();
      if (!closed) throw conflict(`Ticket ${label(ticket)} is already closed.`);
      await recordEvent(tx, closed, 'closed', actor, { body: closed.closeReason });
      await tx.insert(jobs).values({
        runner: 'tickets',
        kind: 'transcript',
        payload: { ticketId: closed.id, guildId: closed.guildId },
      });
      await tx.execute(sql`select pg_notify('jobs', 'tickets')`);
      return closed;
    },
    true,
  );
  const why = ticket.closeReason ? `: ${clip(ticket.closeReason, 500)}` : '.';
  await postNotice(
    deps,
    ticket.channelId,
    `Ticket ${label(ticket)} closed by <@${actor.id}>${why} The transcript is being saved and this channel will be removed.`,
  );
  return ticket;
}

const isNotFound = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { status?: unknown }).status === 404;

/** Reopens a closed ticket while its channel still exists; a queued transcript is called off. */
export async function reopenTicket(deps: TicketDeps, guildId: string, ticketId: string, actor: Actor) {
  const ticket = await staffOperation(deps, guildId, ticketId, actor, async (tx, loaded) => {
    const { ticket } = loaded;
    if (ticket.status !== 'closed') throw conflict(`Ticket ${label(ticket)} is not closed.`);
    const gone = () =>
      conflict(`Ticket ${label(ticket)} can no longer be reopened: its channel was removed.`);
    if (!ticket.channelId) throw gone();
    try {
      const channel = await deps.rest.get<{ thread_metadata?: { archived?: boolean; locked?: boolean } }>(
        `/channels/${ticket.channelId}`,
      );
      if (channel?.thread_metadata?.archived || channel?.thread_metadata?.locked) {
        await deps.rest.patch(`/channels/${ticket.channelId}`, { archived: false, locked: false });
      }
    } catch (error) {
      if (isNotFound(error)) throw gone();
      throw error;
    }
    const [reopened] = await tx
      .update(tickets)
      .set({ status: 'open', closedAt: null, closedBy: null, closeReason: null, lastActivityAt: sql`now()` })
      .where(and(eq(tickets.id, ticket.id), eq(tickets.status, 'closed')))
      .returning();
    if (!reopened) throw conflict(`Ticket ${label(ticket)} is not closed.`);
    await tx.execute(
      sql`delete from jobs where runner = 'tickets' and kind = 'transcript' and status = 'queued'
          and payload->>'ticketId' = ${ticket.id}`,
    );
    await recordEvent(tx, reopened, 'reopened', actor);
    return reopened;
  });
  await postNotice(deps, ticket.channelId, `Ticket ${label(ticket)} reopened by <@${actor.id}>.`);
  return ticket;
}

/** The exit survey: only the opener rates, once per ticket. */
export async function rateTicket(db: Db, guildId: string, ticketId: string, userId: string, stars: number) {
  return withTenant(db, { guildIds: [guildId] }, async (tx) => {
    const loaded = await loadTicket(tx, ticketId);
    if (!loaded || loaded.ticket.openerId !== userId) throw notFound('That ticket is not yours to rate.');
    const [rated] = await tx
      .update(tickets)
      .set({ rating: stars })
      .where(and(eq(tickets.id, ticketId), isNull(tickets.rating)))
      .returning();
    if (!rated) throw conflict('You already rated this ticket. Thank you!');
    await recordEvent(tx, rated, 'rated', { id: userId, name: rated.openerName }, { detail: { stars } });
    return rated;
  });
}

export async function commentOnRating(
  db: Db,
  guildId: string,
  ticketId: string,
  userId: string,
  comment: string,
) {
  return withTenant(db, { guildIds: [guildId] }, async (tx) => {
    const [updated] = await tx
      .update(tickets)
      .set({ ratingComment: comment })
      .where(and(eq(tickets.id, ticketId), eq(tickets.openerId, userId), isNull(tickets.ratingComment)))
      .returning();
    if (updated) {
      await recordEvent(
        tx,
        updated,
        'rated',
        { id: userId, name: updated.openerName },
        {
          body: comment,
          detail: { stars: updated.rating },
        },
      );
    }
    return updated ?? null;
  });
}
