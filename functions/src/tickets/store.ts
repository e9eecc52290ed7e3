/**
 * SQL shared by the ticket operations: one ticket with what deciding on it needs (its category and
 * the guild's staff roles), and the event row every operation writes.
 */
import type { RequestDb } from '@homelab/db/client/request';
import {
  discordGuilds,
  type TicketEventKind,
  ticketCategories,
  ticketEvents,
  tickets,
} from '@homelab/db/schema';
import { eq } from 'drizzle-orm';

export type Db = RequestDb['db'];
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type TicketRow = typeof tickets.$inferSelect;
export type CategoryRow = typeof ticketCategories.$inferSelect;
export type GuildRow = typeof discordGuilds.$inferSelect;
export type LoadedTicket = {
  ticket: TicketRow;
  category: Pick<CategoryRow, 'id' | 'name' | 'staffRoleIds' | 'mode'> | null;
  guildStaffRoleIds: string[];
};

async function loadWhere(tx: Tx, where: ReturnType<typeof eq>): Promise<LoadedTicket | null> {
  const [row] = await tx
    .select({
      ticket: tickets,
      categoryId: ticketCategories.id,
      categoryName: ticketCategories.name,
      categoryStaff: ticketCategories.staffRoleIds,
      categoryMode: ticketCategories.mode,
      guildStaff: discordGuilds.staffRoleIds,
    })
    .from(tickets)
    .innerJoin(discordGuilds, eq(discordGuilds.guildId, tickets.guildId))
    .leftJoin(ticketCategories, eq(ticketCategories.id, tickets.categoryId))
    .where(where)
    .limit(1);
  if (!row) return null;
  return {
    ticket: row.ticket,
    category:
      row.categoryId && row.categoryName && row.categoryStaff && row.categoryMode
        ? {
            id: row.categoryId,
            name: row.categoryName,
            staffRoleIds: row.categoryStaff,
            mode: row.categoryMode,
          }
        : null,
    guildStaffRoleIds: row.guildStaff,
  };
}

/** A ticket of the transaction's guild (RLS hides every other guild's). */
export function loadTicket(tx: Tx, ticketId: string) {
  if (!uuidPattern.test(ticketId)) return Promise.resolve(null);
  return loadWhere(tx, eq(tickets.id, ticketId));
}

export function loadTicketByChannel(tx: Tx, channelId: string) {
  return loadWhere(tx, eq(tickets.channelId, channelId));
}

export type EventActor = { id: string | null; name: string | null };

export async function recordEvent(
  tx: Tx,
  ticket: Pick<TicketRow, 'id' | 'guildId'>,
  kind: TicketEventKind,
  actor: EventActor,
  extra: { body?: string | null; detail?: Record<string, unknown> } = {},
) {
  await tx.insert(ticketEvents).values({
    guildId: ticket.guildId,
    ticketId: ticket.id,
    kind,
    actorId: actor.id,
    actorName: actor.name,
    body: extra.body ?? null,
    detail: extra.detail ?? null,
  });
}
