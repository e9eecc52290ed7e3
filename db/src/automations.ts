/**
 * Automations as the API speaks them: the hooks events go out through (n8n and the like), their
 * delivery log, and the signed inbound calls that let a workflow act on the homelab. Shared by the
 * automations runner, the functions that validate requests and the web page's forms.
 */
import { z } from 'zod';
import { automationDeliveryStatuses, automationEventTypes } from './schema/integrations';

export type { AutomationEventType } from './schema/integrations';
export { automationDeliveryStatuses, automationEventTypes };

/** The events a hook may subscribe to: `test` is only ever sent by hand, to one hook. */
export const subscribableEventTypes = automationEventTypes.filter((type) => type !== 'test');

const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .url('must be a URL')
  .refine((value) => /^https?:\/\//i.test(value), 'must be an http:// or https:// URL');

export const automationHookInputSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(100),
  url: httpUrl,
  /** Empty: every event. */
  events: z
    .array(z.enum(subscribableEventTypes as [string, ...string[]]))
    .max(automationEventTypes.length)
    .default([]),
  enabled: z.boolean().default(true),
  /** Generated when left out; shown once, on create. On update, a new value replaces the old one. */
  secret: z.string().min(16, 'must be at least 16 characters').max(200).optional(),
});
export type AutomationHookInput = z.input<typeof automationHookInputSchema>;

export const automationHookSchema = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Deliveries that failed for good in the last 24 hours. */
  failures24h: z.number().int(),
  lastDelivery: z.object({ status: z.enum(automationDeliveryStatuses), at: z.string() }).nullable(),
});
export type AutomationHook = z.infer<typeof automationHookSchema>;

export const automationHookCreatedSchema = z.object({
  hook: automationHookSchema,
  /** The signing secret, in clear this once. */
  secret: z.string(),
});

export const automationDeliverySchema = z.object({
  id: z.number().int(),
  hookId: z.string(),
  hookName: z.string(),
  eventId: z.number().int(),
  event: z.string(),
  status: z.enum(automationDeliveryStatuses),
  attempts: z.number().int(),
  responseStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});
export type AutomationDelivery = z.infer<typeof automationDeliverySchema>;

export const automationDeliveriesQuerySchema = z.object({
  hookId: z.uuid('must be a hook id').optional(),
  status: z.enum(automationDeliveryStatuses).optional(),
  /** The oldest id of the previous page: deliveries older than it. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const automationDeliveryPageSchema = z.object({
  deliveries: z.array(automationDeliverySchema),
  /** Pass as `before` for the next page; null on the last one. */
  nextBefore: z.number().int().nullable(),
});

export const automationSummarySchema = z.object({
  hooks: z.number().int(),
  enabled: z.number().int(),
  failures24h: z.number().int(),
  pending: z.number().int(),
});
export type AutomationSummary = z.infer<typeof automationSummarySchema>;

/** What an outbound delivery's body is. */
export type AutomationEnvelope = {
  id: string;
  event: string;
  occurredAt: string;
  payload: Record<string, unknown>;
};

/** The inbound webhook's headers: `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">` and unix seconds. */
export const inboundSignatureHeader = 'X-HomeLabHub-Signature';
export const inboundTimestampHeader = 'X-HomeLabHub-Timestamp';
/** Older (or further in the future) than this and a signed call is refused: a captured one cannot be replayed later. */
export const inboundToleranceSeconds = 300;

export const automationInboundSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('run_runbook'),
    /** The runbook's id or its title (case does not matter). */
    runbook: z.string().trim().min(1).max(200),
    /** What to run it on: a container, host or service name. */
    target: z.string().trim().min(1).max(200).optional(),
    note: z.string().trim().max(2000).optional(),
  }),
  z.object({
    action: z.literal('discord_message'),
    channelId: z.string().regex(/^\d{5,20}$/, 'must be a Discord channel id'),
    content: z.string().trim().min(1, 'is required').max(2000, 'must be at most 2000 characters'),
  }),
]);
export type AutomationInbound = z.infer<typeof automationInboundSchema>;
