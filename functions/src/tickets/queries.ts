/** Reading tickets for the desk: the filtered, searchable list (newest first, paged by number) and one ticket in full. */
import type { TicketListQuery, TicketSummary } from '@homelab/db/discord';
import { ticketCategories, ticketEvents, tickets, ticketTranscripts } from '@homelab/db/schema';
import { and, asc, desc, eq, ilike, inArray, lt, or, type SQL } from 'drizzle-orm';
import type { TicketRow, Tx } from './store';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toSummary(t: TicketRow, categoryName: string | null): TicketSummary {
  return {
    id: t.id,
    number: t.number,
    subject: t.subject,
    status: t.status,
    priority: t.priority,
    categoryId: t.categoryId,
    categoryName,
    openerId: t.openerId,
    openerName: t.openerName,
    claimedBy: t.claimedBy,
    channelId: t.channelId,
    createdAt: t.createdAt.toISOString(),
    lastActivityAt: t.lastActivityAt.toISOString(),
    closedAt: iso(t.closedAt),
    rating: t.rating,
  };
}

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (m) => `\\${m}`);

export async function listTickets(tx: Tx, query: TicketListQuery) {
  const where: SQL[] = [];
  if (query.status === 'active') where.push(inArray(tickets.status, ['open', 'awaiting_user']));
  else if (query.status !== 'all') where.push(eq(tickets.status, query.status));
  if (query.categoryId) where.push(eq(tickets.categoryId, query.categoryId));
  if (query.claimedBy) where.push(eq(tickets.claimedBy, query.claimedBy));
  if (query.priority) where.push(eq(tickets.priority, query.priority));
  if (query.before) where.push(lt(tickets.number, query.before));
  if (query.q) {
    const number = /^#?(\d{1,9})$/.exec(query.q);
    const pattern = `%${likeEscape(query.q)}%`;
    const text = or(ilike(tickets.subject, pattern), ilike(tickets.openerName, pattern))!;
    where.push(number ? or(eq(tickets.number, Number(number[1])), text)! : text);
  }
  const rows = await tx
    .select({ ticket: tickets, categoryName: ticketCategories.name })
    .from(tickets)
    .leftJoin(ticketCategories, eq(ticketCategories.id, tickets.categoryId))
    .where(and(...where))
    .orderBy(desc(tickets.number))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return {
    tickets: page.map((r) => toSummary(r.ticket, r.categoryName)),
    nextBefore: rows.length > query.limit ? page.at(-1)!.ticket.number : null,
  };
}

export async function ticketSummaryOf(tx: Tx, ticketId: string) {
  const [row] = await tx
    .select({ ticket: tickets, categoryName: ticketCategories.name })
    .from(tickets)
    .leftJoin(ticketCategories, eq(ticketCategories.id, tickets.categoryId))
    .where(eq(tickets.id, ticketId));
  return row ? toSummary(row.ticket, row.categoryName) : null;
}

export async function readTicket(tx: Tx, ticketId: string) {
  const [row] = await tx
    .select({ ticket: tickets, categoryName: ticketCategories.name })
    .from(tickets)
    .leftJoin(ticketCategories, eq(ticketCategories.id, tickets.categoryId))
    .where(eq(tickets.id, ticketId));
  if (!row) return null;
  const t = row.ticket;
  const events = await tx
    .select()
    .from(ticketEvents)
    .where(eq(ticketEvents.ticketId, ticketId))
    .orderBy(asc(ticketEvents.id));
  const [transcript] = await tx
    .select({ messageCount: ticketTranscripts.messageCount, createdAt: ticketTranscripts.createdAt })
    .from(ticketTranscripts)
    .where(eq(ticketTranscripts.ticketId, ticketId));
  return {
    ticket: {
      ...toSummary(t, row.categoryName),
      answers: t.answers,
      members: t.members,
      closeReason: t.closeReason,
      ratingComment: t.ratingComment,
      sourceMessageUrl: t.sourceMessageUrl,
      firstResponseAt: iso(t.firstResponseAt),
    },
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      actorId: e.actorId,
      actorName: e.actorName,
      body: e.body,
      detail: e.detail,
      createdAt: e.createdAt.toISOString(),
    })),
    transcript: transcript
      ? { messageCount: transcript.messageCount, createdAt: transcript.createdAt.toISOString() }
      : null,
  };
}
