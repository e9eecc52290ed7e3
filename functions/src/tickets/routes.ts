/**
 * The ticket desk's ticket routes (`/api/desk/guilds/:guildId/tickets`): list and search, read one
 * with its history and transcript, reply as the bot, note, act; and publishing a panel
 * (`/api/desk/guilds/:guildId/panels/:panelId/publish`). Every route runs as the guarded guild's
 * tenant, so another guild's ticket id is simply not found.
 */
import {
  ticketActionSchema,
  ticketListQuerySchema,
  ticketNoteSchema,
  ticketReplySchema,
} from '@homelab/db/discord';
import { createDiscordRest, DiscordApiError } from '@homelab/db/discord/rest';
import { ticketTranscripts } from '@homelab/db/schema';
import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { deskGuild, deskScope, inGuild } from '../desk/guard';
import { type AppContext, auditAs, db } from '../lib/context';
import { ApiError, notFound, unavailable } from '../lib/errors';
import { createRouter, errors, jsonBody, jsonResponse, readErrors, writeErrors } from '../lib/router';
import { publishPanel } from './panel';
import { listTickets, readTicket, ticketSummaryOf } from './queries';
import { publishedPanel, ticketList, ticketSummary, ticketView } from './schemas';
import {
  type Actor,
  addMember,
  addNote,
  claimTicket,
  closeTicket,
  markAwaitingUser,
  releaseTicket,
  removeMember,
  renameTicket,
  reopenTicket,
  replyToTicket,
  setPriority,
  type TicketDeps,
  transferTicket,
} from './service';

const tags = ['ticket desk'];
const staff = deskGuild('staff');
const admin = deskGuild('admin');
const ticketParam = z.object({ ticketId: z.uuid({ error: 'must be a ticket id' }) });

/** The bot's REST client for the desk's Discord side effects; a bot without a token cannot act. */
function discordDeps(c: AppContext): TicketDeps {
  const config = c.get('config');
  if (!config.DISCORD_BOT_TOKEN || !config.DISCORD_APPLICATION_ID) {
    throw unavailable('discord_not_configured', 'The Discord bot is not configured (DISCORD_BOT_TOKEN).');
  }
  return {
    db: db(c).db,
    rest: createDiscordRest({ token: config.DISCORD_BOT_TOKEN, baseUrl: config.DISCORD_BASE_URL }),
    botUserId: config.DISCORD_APPLICATION_ID,
  };
}

function deskActor(c: AppContext): Actor {
  const scope = deskScope(c);
  return { via: 'desk', id: scope.discordUserId, name: scope.discordUsername };
}

/** Discord's refusals become a 502 that says so, not a 500. */
async function viaDiscord<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DiscordApiError) {
      const why = error.status === 403 ? 'the bot lacks a permission there' : `it answered ${error.status}`;
      throw new ApiError(502, 'discord_failed', `Discord did not accept this: ${why}.`);
    }
    throw error;
  }
}

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Tickets of the guild, newest first; search by number, subject or opener',
  middleware: [staff] as const,
  request: { query: ticketListQuerySchema.meta({ id: 'TicketListQuery' }) },
  responses: { 200: jsonResponse(ticketList, 'Tickets'), ...errors(400, 404, ...readErrors) },
});
const readRoute = createRoute({
  method: 'get',
  path: '/{ticketId}',
  tags,
  summary: 'One ticket with its history (notes included) and whether a transcript exists',
  middleware: [staff] as const,
  request: { params: ticketParam },
  responses: { 200: jsonResponse(ticketView, 'The ticket'), ...errors(400, 404, ...readErrors) },
});
const transcriptRoute = createRoute({
  method: 'get',
  path: '/{ticketId}/transcript',
  tags,
  summary: 'The stored transcript, as sandboxed HTML or plain text',
  middleware: [staff] as const,
  request: { params: ticketParam, query: z.object({ format: z.enum(['html', 'text']).default('html') }) },
  responses: {
    200: {
      description: 'The transcript',
      content: { 'text/html': { schema: z.string() }, 'text/plain': { schema: z.string() } },
    },
    ...errors(400, 404, ...readErrors),
  },
});
const replyRoute = createRoute({
  method: 'post',
  path: '/{ticketId}/replies',
  tags,
  summary: 'Reply in the ticket channel as the bot, signed with your name',
  middleware: [staff] as const,
  request: { params: ticketParam, body: jsonBody(ticketReplySchema.meta({ id: 'TicketReplyInput' })) },
  responses: { 201: jsonResponse(ticketSummary, 'Posted'), ...errors(...writeErrors) },
});
const noteRoute = createRoute({
  method: 'post',
  path: '/{ticketId}/notes',
  tags,
  summary: 'Add a note only staff see (never sent to Discord)',
  middleware: [staff] as const,
  request: { params: ticketParam, body: jsonBody(ticketNoteSchema.meta({ id: 'TicketNoteInput' })) },
  responses: { 201: jsonResponse(ticketSummary, 'Noted'), ...errors(...writeErrors) },
});
const actionRoute = createRoute({
  method: 'post',
  path: '/{ticketId}/actions',
  tags,
  summary: 'Claim, release, transfer, prioritise, rename, add or remove members, close or reopen',
  middleware: [staff] as const,
  request: { params: ticketParam, body: jsonBody(ticketActionSchema.meta({ id: 'TicketActionInput' })) },
  responses: { 200: jsonResponse(ticketSummary, 'The ticket after the action'), ...errors(...writeErrors) },
});
const publishRoute = createRoute({
  method: 'post',
  path: '/{panelId}/publish',
  tags,
  summary: 'Post the panel, or update it where it was posted',
  middleware: [admin] as const,
  request: { params: z.object({ panelId: z.uuid({ error: 'must be a panel id' }) }) },
  responses: { 200: jsonResponse(publishedPanel, 'Where the panel is'), ...errors(...writeErrors) },
});

const transcriptCsp = "sandbox; default-src 'none'; img-src https: data:; style-src 'unsafe-inline'";

async function summaryOrMissing(c: AppContext, ticketId: string) {
  const summary = await inGuild(c, (tx) => ticketSummaryOf(tx, ticketId));
  if (!summary) throw notFound('That ticket does not exist.');
  return summary;
}

export const deskTicketRoutes = createRouter()
  .openapi(listRoute, async (c) =>
    c.json(await inGuild(c, (tx) => listTickets(tx, c.req.valid('query'))), 200),
  )
  .openapi(readRoute, async (c) => {
    const view = await inGuild(c, (tx) => readTicket(tx, c.req.valid('param').ticketId));
    if (!view) throw notFound('That ticket does not exist.');
    return c.json(view, 200);
  })
  .openapi(transcriptRoute, async (c) => {
    const { ticketId } = c.req.valid('param');
    const { format } = c.req.valid('query');
    const [transcript] = await inGuild(c, (tx) =>
      tx
        .select({ html: ticketTranscripts.html, text: ticketTranscripts.text })
        .from(ticketTranscripts)
        .where(eq(ticketTranscripts.ticketId, ticketId)),
    );
    if (!transcript) throw notFound('This ticket has no transcript yet.');
    c.header('cache-control', 'private, no-store');
    c.header('x-content-type-options', 'nosniff');
    if (format === 'text') {
      c.header('content-type', 'text/plain; charset=utf-8');
      return c.body(transcript.text, 200);
    }
    // The transcript holds members' words: rendered with no script, no forms, no outside requests but images.
    c.header('content-security-policy', transcriptCsp);
    // The desk shows it in a sandboxed frame of its own origin.
    c.header('x-frame-options', 'SAMEORIGIN');
    c.header('content-type', 'text/html; charset=utf-8');
    return c.body(transcript.html, 200);
  })
  .openapi(replyRoute, async (c) => {
    const { ticketId } = c.req.valid('param');
    const { body } = c.req.valid('json');
    auditAs(c, 'desk.ticket.reply', ticketId);
    const { guildId } = deskScope(c);
    await viaDiscord(() => replyToTicket(discordDeps(c), guildId, ticketId, deskActor(c), body));
    return c.json(await summaryOrMissing(c, ticketId), 201);
  })
  .openapi(noteRoute, async (c) => {
    const { ticketId } = c.req.valid('param');
    const { body } = c.req.valid('json');
    auditAs(c, 'desk.ticket.note', ticketId);
    const { guildId } = deskScope(c);
    // Notes never reach Discord, so they work without the bot being configured.
    await addNote({ db: db(c).db }, guildId, ticketId, deskActor(c), body);
    return c.json(await summaryOrMissing(c, ticketId), 201);
  })
  .openapi(actionRoute, async (c) => {
    const { ticketId } = c.req.valid('param');
    const action = c.req.valid('json');
    auditAs(
      c,
      `desk.ticket.${action.action}`,
      ticketId,
      action.action === 'close' ? { reason: action.reason } : undefined,
    );
    const { guildId } = deskScope(c);
    const actor = deskActor(c);
    const deps = discordDeps(c);
    await viaDiscord(async () => {
      switch (action.action) {
        case 'claim':
          return claimTicket(deps, guildId, ticketId, actor);
        case 'release':
          return releaseTicket(deps, guildId, ticketId, actor);
        case 'transfer':
          return transferTicket(deps, guildId, ticketId, actor, { id: action.to });
        case 'priority':
          return setPriority(deps, guildId, ticketId, actor, action.priority);
        case 'awaiting_user':
          return markAwaitingUser(deps, guildId, ticketId, actor);
        case 'rename':
          return renameTicket(deps, guildId, ticketId, actor, action.name);
        case 'add_member':
          return addMember(deps, guildId, ticketId, actor, action.userId);
        case 'remove_member':
          return removeMember(deps, guildId, ticketId, actor, action.userId);
        case 'close':
          return closeTicket(deps, guildId, ticketId, actor, action.reason);
        case 'reopen':
          return reopenTicket(deps, guildId, ticketId, actor);
      }
    });
    return c.json(await summaryOrMissing(c, ticketId), 200);
  });

export const panelPublishRoutes = createRouter().openapi(publishRoute, async (c) => {
  const { panelId } = c.req.valid('param');
  auditAs(c, 'desk.panel.publish', panelId);
  const { guildId } = deskScope(c);
  const published = await viaDiscord(() => publishPanel(discordDeps(c), guildId, panelId));
  return c.json(published, 200);
});
