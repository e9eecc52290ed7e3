/** The shapes the desk's ticket routes answer with, for validation of the OpenAPI document and the typed client. */
import { ticketEventKinds, ticketPriorities, ticketStatuses } from '@homelab/db/schema';
import { z } from '@hono/zod-openapi';

export const ticketSummary = z
  .object({
    id: z.string(),
    number: z.number().int(),
    subject: z.string(),
    status: z.enum(ticketStatuses),
    priority: z.enum(ticketPriorities),
    categoryId: z.string().nullable(),
    categoryName: z.string().nullable(),
    openerId: z.string(),
    openerName: z.string(),
    claimedBy: z.string().nullable(),
    channelId: z.string().nullable(),
    createdAt: z.string(),
    lastActivityAt: z.string(),
    closedAt: z.string().nullable(),
    rating: z.number().int().nullable(),
  })
  .meta({ id: 'TicketSummary' });

export const ticketDetail = ticketSummary
  .extend({
    answers: z.record(z.string(), z.string()),
    members: z.array(z.string()),
    closeReason: z.string().nullable(),
    ratingComment: z.string().nullable(),
    sourceMessageUrl: z.string().nullable(),
    firstResponseAt: z.string().nullable(),
  })
  .meta({ id: 'TicketDetail' });

export const ticketEventView = z
  .object({
    id: z.number().int(),
    kind: z.enum(ticketEventKinds),
    actorId: z.string().nullable(),
    actorName: z.string().nullable(),
    body: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()).nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'TicketEvent' });

export const ticketList = z
  .object({ tickets: z.array(ticketSummary), nextBefore: z.number().int().nullable() })
  .meta({ id: 'TicketList' });

export const ticketView = z
  .object({
    ticket: ticketDetail,
    events: z.array(ticketEventView),
    transcript: z.object({ messageCount: z.number().int(), createdAt: z.string() }).nullable(),
  })
  .meta({ id: 'TicketView' });

export const publishedPanel = z
  .object({ panelId: z.string(), channelId: z.string(), messageId: z.string(), edited: z.boolean() })
  .meta({ id: 'PublishedPanel' });
