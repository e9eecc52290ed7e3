/**
 * Opening a ticket: the number and the row in one transaction, then the Discord channel (or private
 * thread) and the opening message. Discord comes second so the guild row is never locked across an
 * HTTP call; when Discord fails, the row is deleted again (its number stays used), so no ticket
 * exists without a channel.
 */
import { withTenant } from '@homelab/db/client/tenant';
import { discordGuilds, ticketCategories, tickets } from '@homelab/db/schema';
import {
  type APIChannel,
  ChannelType,
  OverwriteType,
  PermissionFlagsBits,
  type RESTAPIChannelPatchOverwrite,
} from 'discord-api-types/v10';
import { asc, eq, sql } from 'drizzle-orm';
import { conflict, notFound } from '../lib/errors';
import { withinSupportHours } from './hours';
import { defaultOutOfHours, openingMessage } from './messages';
import { ticketChannelName } from './naming';
import type { TicketDeps } from './service';
import { type CategoryRow, recordEvent, type TicketRow, uuidPattern } from './store';

export const memberAllow = String(
  PermissionFlagsBits.ViewChannel |
    PermissionFlagsBits.SendMessages |
    PermissionFlagsBits.ReadMessageHistory |
    PermissionFlagsBits.AttachFiles,
);

export type OpenTicketInput = {
  guildId: string;
  /** A category id, or a name matched case-insensitively; else the guild's first category. */
  category?: string | null;
  opener: { id: string; name: string };
  subject?: string | null;
  answers?: Record<string, string>;
  source?: { url: string; content: string; authorName: string } | null;
};

export type OpenedTicket = { ticket: TicketRow; channelId: string };

async function pickCategory(
  tx: Parameters<Parameters<TicketDeps['db']['transaction']>[0]>[0],
  wanted?: string | null,
) {
  const all = await tx
    .select()
    .from(ticketCategories)
    .orderBy(asc(ticketCategories.position), asc(ticketCategories.createdAt));
  if (wanted) {
    const hit = all.find(
      (c) =>
        (uuidPattern.test(wanted) && c.id === wanted) || c.name.toLowerCase() === wanted.trim().toLowerCase(),
    );
    if (hit) return hit;
    if (uuidPattern.test(wanted)) throw notFound('That ticket category no longer exists.');
  }
  return all[0] ?? null;
}

/** Channel mode overwrites: nobody but the opener, staff and the bot sees the channel. */
export function ticketOverwrites(
  guildId: string,
  openerId: string,
  staffRoleIds: string[],
  botUserId: string,
): RESTAPIChannelPatchOverwrite[] {
  const allow = (id: string, type: OverwriteType) => ({ id, type, allow: memberAllow, deny: '0' });
  return [
    { id: guildId, type: OverwriteType.Role, allow: '0', deny: String(PermissionFlagsBits.ViewChannel) },
    allow(openerId, OverwriteType.Member),
    ...staffRoleIds.map((id) => allow(id, OverwriteType.Role)),
    allow(botUserId, OverwriteType.Member),
  ];
}

async function createTicketChannel(
  deps: TicketDeps,
  ticket: TicketRow,
  category: CategoryRow | null,
  staffRoleIds: string[],
  name: string,
): Promise<string> {
  const reason = `Ticket #${ticket.number} opened by ${ticket.openerName}`;
  if (category?.mode === 'thread' && category.parentChannelId) {
    const thread = await deps.rest.post<APIChannel>(
      `/channels/${category.parentChannelId}/threads`,
      { name, type: ChannelType.PrivateThread, invitable: false, auto_archive_duration: 10080 },
      { reason },
    );
    await deps.rest.put(`/channels/${thread.id}/thread-members/${ticket.openerId}`);
    return thread.id;
  }
  const channel = await deps.rest.post<APIChannel>(
    `/guilds/${ticket.guildId}/channels`,
    {
      name,
      type: ChannelType.GuildText,
      parent_id: category?.parentChannelId ?? undefined,
      topic: `Ticket #${ticket.number}: ${ticket.subject}`.slice(0, 1024),
      permission_overwrites: ticketOverwrites(ticket.guildId, ticket.openerId, staffRoleIds, deps.botUserId),
    },
    { reason },
  );
  return channel.id;
}

export async function openTicket(deps: TicketDeps, input: OpenTicketInput): Promise<OpenedTicket> {
  const scope = { guildIds: [input.guildId] };
  const now = deps.now?.() ?? new Date();
  const { ticket, category, guild } = await withTenant(deps.db, scope, async (tx) => {
    const category = await pickCategory(tx, input.category);
    const [guild] = await tx
      .update(discordGuilds)
      .set({ ticketCounter: sql`${discordGuilds.ticketCounter} + 1` })
      .where(eq(discordGuilds.guildId, input.guildId))
      .returning();
    if (!guild) throw notFound('This server is not set up for tickets yet.');
    const subject = (
      input.subject?.trim() ||
      Object.values(input.answers ?? {})[0]?.trim() ||
      category?.name ||
      'Support'
    )
      .replace(/\s+/g, ' ')
      .slice(0, 100);
    const [ticket] = await tx
      .insert(tickets)
      .values({
        guildId: input.guildId,
        number: guild.ticketCounter,
        categoryId: category?.id ?? null,
        openerId: input.opener.id,
        openerName: input.opener.name,
        subject,
        answers: input.answers ?? {},
        sourceMessageUrl: input.source?.url ?? null,
        createdAt: now,
        lastActivityAt: now,
      })
      .returning();
    await recordEvent(tx, ticket!, 'opened', input.opener, {
      detail: {
        categoryId: category?.id ?? null,
        ...(input.source ? { sourceMessageUrl: input.source.url } : {}),
      },
    });
    return { ticket: ticket!, category, guild };
  });

  const staffRoleIds = [...new Set([...guild.staffRoleIds, ...(category?.staffRoleIds ?? [])])];
  const name = ticketChannelName(category?.namingPattern ?? 'ticket-{number}', {
    number: ticket.number,
    user: ticket.openerName,
    category: category?.name ?? 'ticket',
  });
  let channelId: string | null = null;
  try {
    channelId = await createTicketChannel(deps, ticket, category, staffRoleIds, name);
    const outOfHours = withinSupportHours(guild.supportHours, guild.timezone, now)
      ? null
      : (guild.outOfHoursMessage ?? defaultOutOfHours);
    await deps.rest.post(
      `/channels/${channelId}/messages`,
      openingMessage({
        ticketId: ticket.id,
        number: ticket.number,
        subject: ticket.subject,
        openerId: ticket.openerId,
        categoryName: category?.name ?? 'Ticket',
        openingMessage: category?.openingMessage ?? null,
        answers: ticket.answers,
        staffRoleIds,
        source: input.source ?? null,
        outOfHours,
      }),
    );
    const [saved] = await withTenant(deps.db, scope, (tx) =>
      tx.update(tickets).set({ channelId }).where(eq(tickets.id, ticket.id)).returning(),
    );
    if (!saved) throw conflict('The ticket was removed while it opened.');
    return { ticket: saved, channelId };
  } catch (error) {
    if (channelId) await deps.rest.delete(`/channels/${channelId}`).catch(() => undefined);
    await withTenant(deps.db, scope, (tx) => tx.delete(tickets).where(eq(tickets.id, ticket.id)));
    throw error;
  }
}
