/**
 * The 'transcript' job, queued when a ticket closes: store the transcript, post it to the guild's
 * transcript channel, send the opener the exit survey, then delete the channel or archive and lock
 * the thread. Every step can run again on a retry without doing anything twice.
 */
import { DiscordApiError, type DiscordRest } from '@homelab/db/discord/rest';
import type { APIChannel, APIMessage, APIRole } from 'discord-api-types/v10';
import type { Sql } from 'postgres';
import { z } from 'zod';
import type { Logger } from '../log';
import type { JobContext } from '../runner';
import { fetchChannelMessages } from './channel-messages';
import { messageNonce } from './nonce';
import { type ClosedTicket, loadTicket, markJobStep, saveTranscript, transcriptMessageCount } from './store';
import { surveyMessage } from './survey';
import { renderTranscript } from './transcript';

export const transcriptPayloadSchema = z.object({
  ticketId: z.string().uuid(),
  guildId: z.string().min(1),
  /** Steps finished by earlier tries of this job. */
  done: z.array(z.string()).default([]),
});

export type TranscriptJobDeps = {
  sql: Sql;
  /** Null without a bot token: the job fails and retries until one is configured. */
  rest: DiscordRest | null;
  publicOrigin?: string;
  log: Logger;
};

export type TranscriptJobResult =
  | { skipped: 'ticket_missing' | 'reopened' }
  | { messages: number; posted: boolean; surveyed: boolean; removed: boolean };

export const notConfiguredError =
  'Discord is not configured (DISCORD_BOT_TOKEN is unset): the transcript is made once the bot token is set and this job retries.';

// Discord error codes: the user does not accept DMs from the bot; the user no longer exists.
const cannotMessageUser = 50007;
const unknownUser = 10013;

export async function runTranscriptJob(
  deps: TranscriptJobDeps,
  payload: Record<string, unknown>,
  job: Pick<JobContext, 'id'>,
): Promise<TranscriptJobResult> {
  const input = transcriptPayloadSchema.parse(payload);
  const ticket = await loadTicket(deps.sql, input.ticketId);
  if (!ticket || ticket.guildId !== input.guildId) return { skipped: 'ticket_missing' };
  // Reopened before this job ran: the channel is in use again.
  if (ticket.status !== 'closed') return { skipped: 'reopened' };
  if (!deps.rest) throw new Error(notConfiguredError);
  const rest = deps.rest;
  const done = new Set(input.done);
  const step = async (name: string, work: () => Promise<boolean>) => {
    if (done.has(name)) return true;
    const result = await work();
    await markJobStep(deps.sql, job.id, name);
    return result;
  };

  await step('stored', async () => {
    const messages = ticket.channelId ? await readMessages(rest, ticket.channelId, deps.log) : [];
    const transcript = renderTranscript({
      guild: { name: ticket.guildName, timezone: ticket.timezone },
      ticket: {
        number: ticket.number,
        subject: ticket.subject,
        categoryName: ticket.categoryName,
        openerId: ticket.openerId,
        openerName: ticket.openerName,
        claimerId: ticket.claimedBy,
        claimerName: ticket.claimerName,
        openedAt: ticket.openedAt,
        closedAt: ticket.closedAt,
        closedByName: ticket.closedByName,
        closeReason: ticket.closeReason,
      },
      messages,
      roles: await roleNames(rest, ticket.guildId, deps.log),
    });
    await saveTranscript(deps.sql, {
      ticketId: ticket.id,
      guildId: ticket.guildId,
      ...transcript,
      messageCount: messages.length,
    });
    return true;
  });
  const messageCount = await transcriptMessageCount(deps.sql, ticket.id);
  const posted = await step('posted', () => postTranscriptLink(deps, rest, ticket, messageCount));
  const surveyed = await step('surveyed', () => sendSurvey(rest, ticket, deps.log));
  const removed = ticket.channelId ? await removeTicketPlace(rest, ticket) : false;
  return { messages: messageCount, posted, surveyed, removed };
}

/** Role names for mentions; without them the transcript still reads, with role ids. */
async function roleNames(rest: DiscordRest, guildId: string, log: Logger) {
  try {
    const roles = await rest.get<APIRole[]>(`/guilds/${guildId}/roles`);
    return new Map(roles.map((role) => [role.id, role.name]));
  } catch (error) {
    log.warn('could not read the guild roles; role mentions stay as ids', { guildId, err: error });
    return new Map<string, string>();
  }
}

async function readMessages(rest: DiscordRest, channelId: string, log: Logger): Promise<APIMessage[]> {
  try {
    return await fetchChannelMessages(rest, channelId);
  } catch (error) {
    if (error instanceof DiscordApiError && error.status === 404) {
      log.warn('ticket channel is gone; transcript has no messages', { channelId });
      return [];
    }
    throw error;
  }
}

export function ticketLink(publicOrigin: string | undefined, guildId: string, ticketId: string) {
  return publicOrigin ? `${publicOrigin.replace(/\/+$/, '')}/desk/${guildId}/tickets/${ticketId}` : null;
}

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

async function postTranscriptLink(
  deps: TranscriptJobDeps,
  rest: DiscordRest,
  ticket: ClosedTicket,
  messageCount: number,
) {
  if (!ticket.transcriptChannelId) return false;
  const link = ticketLink(deps.publicOrigin, ticket.guildId, ticket.id);
  const fields = [
    { name: 'Opened by', value: `<@${ticket.openerId}>`, inline: true },
    { name: 'Claimed by', value: ticket.claimedBy ? `<@${ticket.claimedBy}>` : '—', inline: true },
    { name: 'Category', value: cut(ticket.categoryName ?? '—', 1024), inline: true },
    { name: 'Closed by', value: cut(ticket.closedByName ?? 'automatically', 1024), inline: true },
    { name: 'Messages', value: String(messageCount), inline: true },
    { name: 'Reason', value: cut(ticket.closeReason ?? '—', 1024) },
  ];
  try {
    await rest.post(`/channels/${ticket.transcriptChannelId}/messages`, {
      nonce: messageNonce(ticket, 'transcript'),
      enforce_nonce: true,
      allowed_mentions: { parse: [] },
      embeds: [
        {
          title: cut(`Ticket #${ticket.number}: ${ticket.subject}`, 256),
          ...(link ? { url: link, description: `[Read the transcript](${link})` } : {}),
          color: 0x5865f2,
          fields,
          ...(ticket.closedAt ? { timestamp: ticket.closedAt.toISOString() } : {}),
        },
      ],
    });
    return true;
  } catch (error) {
    // A deleted transcript channel or missing permission will not fix itself on a retry; the transcript is stored.
    if (error instanceof DiscordApiError && (error.status === 403 || error.status === 404)) {
      deps.log.warn('could not post to the transcript channel', {
        channelId: ticket.transcriptChannelId,
        err: error,
      });
      return false;
    }
    throw error;
  }
}

async function sendSurvey(rest: DiscordRest, ticket: ClosedTicket, log: Logger) {
  if (!ticket.surveyEnabled) return false;
  try {
    const dm = await rest.post<APIChannel>('/users/@me/channels', { recipient_id: ticket.openerId });
    await rest.post(`/channels/${dm.id}/messages`, {
      ...surveyMessage({
        guildId: ticket.guildId,
        guildName: ticket.guildName,
        ticketId: ticket.id,
        ticketNumber: ticket.number,
        subject: ticket.subject,
      }),
      nonce: messageNonce(ticket, 'survey'),
      enforce_nonce: true,
    });
    return true;
  } catch (error) {
    // People may close their DMs to server bots; that is their choice, not a failure.
    if (
      error instanceof DiscordApiError &&
      (error.code === cannotMessageUser || error.code === unknownUser)
    ) {
      log.info('opener does not accept DMs; no survey sent', { ticketId: ticket.id });
      return false;
    }
    throw error;
  }
}

const threadTypes = new Set([10, 11, 12]);

async function removeTicketPlace(rest: DiscordRest, ticket: ClosedTicket) {
  const channelId = ticket.channelId as string;
  const reason = `Ticket #${ticket.number} closed`;
  try {
    let mode = ticket.mode;
    if (!mode) {
      // The category was deleted: the channel itself says whether it is a thread.
      const channel = await rest.get<APIChannel>(`/channels/${channelId}`);
      mode = threadTypes.has(channel.type) ? 'thread' : 'channel';
    }
    if (mode === 'thread')
      await rest.patch(`/channels/${channelId}`, { archived: true, locked: true }, { reason });
    else await rest.delete(`/channels/${channelId}`, { reason });
    return true;
  } catch (error) {
    // Already gone (an earlier try, or someone deleted it by hand): the goal is reached.
    if (error instanceof DiscordApiError && error.status === 404) return true;
    throw error;
  }
}
