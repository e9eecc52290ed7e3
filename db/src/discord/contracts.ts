/**
 * What the ticket desk and the go-live settings accept: one set of zod schemas for the API
 * (functions), the web app's forms and the runners, so a rule is written once.
 */
import { z } from 'zod';
import {
  type goLiveStates,
  type streamPlatforms,
  type ticketEventKinds,
  ticketModes,
  ticketPriorities,
  ticketStatuses,
} from '../schema/discord';

export const snowflake = z.string().regex(/^\d{5,20}$/, 'Use a Discord id (digits only)');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a 24-hour time such as 09:00');

export function isTimeZone(value: string) {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const supportHoursSchema = z.object({
  days: z
    .array(z.number().int().min(0).max(6))
    .min(1, 'Pick at least one day')
    .max(7)
    .refine((days) => new Set(days).size === days.length, 'Each day once'),
  from: hhmm,
  to: hhmm,
});

export const quietHoursSchema = z.object({ from: hhmm, to: hhmm });

export const guildSettingsSchema = z
  .object({
    timezone: z.string().refine(isTimeZone, 'Use an IANA time zone such as Europe/Berlin'),
    supportHours: supportHoursSchema.nullable(),
    outOfHoursMessage: z.string().trim().max(1000).nullable(),
    staffRoleIds: z.array(snowflake).max(25),
    autoCloseHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .nullable(),
    surveyEnabled: z.boolean(),
    transcriptChannelId: snowflake.nullable(),
    logChannelId: snowflake.nullable(),
    goLiveChannelId: snowflake.nullable(),
    goLiveTemplate: z.string().trim().min(1, 'Write the message').max(2000),
    goLiveMentionRoleId: snowflake.nullable(),
    goLiveLiveRoleId: snowflake.nullable(),
    goLiveDiscoverRoleId: snowflake.nullable(),
    goLiveAutoDiscover: z.boolean(),
    goLiveQuietHours: quietHoursSchema.nullable(),
    goLiveEndAction: z.enum(['edit', 'delete']),
  })
  .partial()
  .strict();
export type GuildSettingsInput = z.infer<typeof guildSettingsSchema>;

export const ticketFormFieldSchema = z.object({
  id: z.string().regex(/^[a-z0-9_-]{1,40}$/, 'Use lowercase letters, digits, - or _'),
  label: z.string().trim().min(1).max(45, 'Discord allows 45 characters in a field label'),
  style: z.enum(['short', 'paragraph']),
  required: z.boolean(),
  placeholder: z.string().max(100).optional(),
  minLength: z.number().int().min(0).max(4000).optional(),
  maxLength: z.number().int().min(1).max(4000).optional(),
});

const namingPattern = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .refine((v) => v.includes('{number}'), 'Include {number} so names stay unique');

export const categoryInputSchema = z
  .object({
    name: z.string().trim().min(1, 'Name the category').max(80),
    description: z.string().trim().max(100).nullable().default(null),
    emoji: z.string().trim().max(64).nullable().default(null),
    form: z
      .array(ticketFormFieldSchema)
      .max(5, 'A Discord form holds at most 5 fields')
      .refine((fields) => new Set(fields.map((f) => f.id)).size === fields.length, 'Field ids must differ')
      .default([]),
    staffRoleIds: z.array(snowflake).max(25).default([]),
    mode: z.enum(ticketModes).default('channel'),
    parentChannelId: snowflake.nullable().default(null),
    namingPattern: namingPattern.default('ticket-{number}'),
    openingMessage: z.string().trim().max(2000).nullable().default(null),
    slaFirstResponseMinutes: z
      .number()
      .int()
      .min(1)
      .max(60 * 24 * 30)
      .nullable()
      .default(null),
    slaResolutionMinutes: z
      .number()
      .int()
      .min(1)
      .max(60 * 24 * 90)
      .nullable()
      .default(null),
    escalationRoleId: snowflake.nullable().default(null),
    position: z.number().int().min(0).max(1000).default(0),
  })
  .strict()
  .refine((c) => c.mode === 'channel' || c.parentChannelId !== null, {
    message: 'Thread mode needs the channel the private threads start in',
    path: ['parentChannelId'],
  });
export type CategoryInput = z.infer<typeof categoryInputSchema>;

export const panelInputSchema = z
  .object({
    channelId: snowflake,
    title: z.string().trim().min(1, 'Give the panel a title').max(256),
    description: z.string().trim().max(4000).nullable().default(null),
    style: z.enum(['buttons', 'select']).default('buttons'),
    categoryIds: z.array(z.string().uuid()).min(1, 'Pick at least one category').max(25),
  })
  .strict();
export type PanelInput = z.infer<typeof panelInputSchema>;

export const ticketListQuerySchema = z.object({
  status: z.enum([...ticketStatuses, 'active', 'all']).default('active'),
  q: z.string().trim().max(200).optional(),
  categoryId: z.string().uuid().optional(),
  claimedBy: snowflake.optional(),
  priority: z.enum(ticketPriorities).optional(),
  /** Ticket number to continue below (newest first). */
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type TicketListQuery = z.infer<typeof ticketListQuerySchema>;

export const ticketReplySchema = z
  .object({ body: z.string().trim().min(1, 'Write something').max(2000) })
  .strict();
export const ticketNoteSchema = ticketReplySchema;

/** Staff actions on a ticket, from the desk; the same operations the Discord buttons run. */
export const ticketActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('claim') }),
  z.object({ action: z.literal('release') }),
  z.object({ action: z.literal('transfer'), to: snowflake }),
  z.object({ action: z.literal('priority'), priority: z.enum(ticketPriorities) }),
  z.object({ action: z.literal('awaiting_user') }),
  z.object({ action: z.literal('rename'), name: z.string().trim().min(1).max(100) }),
  z.object({ action: z.literal('add_member'), userId: snowflake }),
  z.object({ action: z.literal('remove_member'), userId: snowflake }),
  z.object({ action: z.literal('close'), reason: z.string().trim().max(500).nullable().default(null) }),
  z.object({ action: z.literal('reopen') }),
]);
export type TicketAction = z.infer<typeof ticketActionSchema>;

export const streamerInputSchema = z
  .object({
    discordUserId: snowflake,
    displayName: z.string().trim().min(1).max(100),
    enabled: z.boolean().default(true),
    kickSlug: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{2,40}$/, 'Use the Kick channel name as in its URL')
      .nullable()
      .default(null),
  })
  .strict();
export type StreamerInput = z.infer<typeof streamerInputSchema>;

export const analyticsQuerySchema = z.object({ days: z.coerce.number().int().min(1).max(365).default(30) });

/** The shapes the desk API answers with (dates as ISO strings). */
export type DeskGuild = { guildId: string; name: string; iconUrl: string | null; level: 'admin' | 'staff' };
export type TicketSummary = {
  id: string;
  number: number;
  subject: string;
  status: (typeof ticketStatuses)[number];
  priority: (typeof ticketPriorities)[number];
  categoryId: string | null;
  categoryName: string | null;
  openerId: string;
  openerName: string;
  claimedBy: string | null;
  channelId: string | null;
  createdAt: string;
  lastActivityAt: string;
  closedAt: string | null;
  rating: number | null;
};
export type TicketEventView = {
  id: number;
  kind: (typeof ticketEventKinds)[number];
  actorId: string | null;
  actorName: string | null;
  body: string | null;
  detail: Record<string, unknown> | null;
  createdAt: string;
};
export type StreamerView = {
  id: string;
  discordUserId: string;
  displayName: string;
  source: 'discovered' | 'manual';
  enabled: boolean;
  kickSlug: string | null;
  state: (typeof goLiveStates)[number];
  platform: (typeof streamPlatforms)[number] | null;
  url: string | null;
  title: string | null;
  game: string | null;
  liveSince: string | null;
};

export { goLiveTemplateVariables } from './template';
