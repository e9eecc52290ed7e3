/**
 * `/api/stream/ai`: the AI persona (the tenant's default, and optionally one per channel that
 * overrides it), the tokens spent per day against the budget, and a test that shows what the bot
 * would send the model for a message. The test does not call the model: the model's address and
 * key are the runners' configuration, and a reply in chat (`!ai …`) is the real test.
 */
import { aiPersonas, aiUsage, streamChannels } from '@homelab/db/schema';
import { askTurn, defaultPersona, type Persona, systemPrompt } from '@homelab/db/stream/persona-prompt';
import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, eq, gte, isNull, sql } from 'drizzle-orm';
import { notifyConfig, tags } from '../commands/shared';
import { auditAs } from '../lib/context';
import { notFound } from '../lib/errors';
import { createRouter, errors, jsonBody, jsonResponse } from '../lib/router';
import { inTenant, streamScope, streamTenant } from '../stream/guard';

const tenant = streamTenant();
const tones = ['friendly', 'witty', 'hype', 'calm', 'sarcastic'] as const;

const personaFields = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'Name the persona')
      .max(25, 'At most 25 characters (a chat name)')
      .regex(/^[\p{L}\p{N}_]+$/u, 'Letters, digits and _ only, as a chat name'),
    prompt: z.string().trim().max(1_000, 'At most 1000 characters'),
    tone: z.enum(tones),
    emoji: z.number().int().min(0).max(3),
    languages: z
      .array(z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'A language code such as en or pt-BR'))
      .min(1, 'At least one language')
      .max(5, 'At most 5 languages'),
    onMention: z.boolean(),
    command: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[\p{L}\p{N}_-]{1,40}$/u, 'A command word without ! (letters, digits, _ or -)'),
    memory: z.number().int().min(0).max(50, 'At most 50 lines'),
    perUserPerMinute: z.number().int().min(0).max(60),
    perChannelPerMinute: z.number().int().min(0).max(600),
    dailyTokenBudget: z.number().int().min(0).max(100_000_000),
    fallback: z.string().trim().min(1, 'Write a fallback line').max(200, 'At most 200 characters'),
    factEveryMinutes: z.number().int().min(0).max(1_440, 'At most once a day (1440 minutes)'),
    enabled: z.boolean(),
  })
  .strict();

const personaSchema = personaFields.openapi('AiPersona');
const personaInput = personaFields
  .extend({
    channelId: z.uuid().nullable().optional().describe('A channel of yours; null or absent: the default'),
  })
  .strict()
  .openapi('AiPersonaInput');
const channelQuery = z.object({ channelId: z.uuid({ error: 'must be a channel id' }).optional() });

const personaAnswer = z
  .object({
    persona: personaSchema,
    /** Where the persona shown comes from: the channel's own, the tenant's default, or the built-in defaults. */
    source: z.enum(['channel', 'tenant', 'default']),
    channels: z.array(
      z.object({ id: z.uuid(), platform: z.string(), displayName: z.string(), custom: z.boolean() }),
    ),
  })
  .openapi('AiPersonaAnswer');

const dayUsage = z.object({
  day: z.string(),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  requests: z.number().int(),
  fallbacks: z.number().int(),
});
const usageAnswer = z
  .object({
    today: dayUsage.extend({ budget: z.number().int() }),
    /** The last 30 days (UTC), oldest first, days without calls included as zeros. */
    days: z.array(dayUsage),
  })
  .openapi('AiUsage');

const testInput = z
  .object({
    message: z.string().trim().min(1, 'Write a message').max(500, 'At most 500 characters'),
    channelId: z.uuid().optional(),
  })
  .strict()
  .openapi('AiTestInput');
const testAnswer = z
  .object({
    system: z.string(),
    messages: z.array(z.object({ role: z.enum(['system', 'user']), content: z.string() })),
    enabled: z.boolean(),
    note: z.string(),
  })
  .openapi('AiTestPreview');

const getPersona = createRoute({
  method: 'get',
  path: '/ai/persona',
  tags,
  summary: 'The AI persona of a channel (or the default)',
  middleware: [tenant] as const,
  request: { query: channelQuery },
  responses: { 200: jsonResponse(personaAnswer, 'The persona'), ...errors(400, 401, 403, 404) },
});
const putPersona = createRoute({
  method: 'put',
  path: '/ai/persona',
  tags,
  summary: 'Save the default persona, or a channel’s own',
  middleware: [tenant] as const,
  request: { body: jsonBody(personaInput) },
  responses: { 200: jsonResponse(personaAnswer, 'Saved'), ...errors(400, 401, 403, 404) },
});
const deletePersona = createRoute({
  method: 'delete',
  path: '/ai/persona',
  tags,
  summary: 'Drop a channel’s own persona (it then uses the default)',
  middleware: [tenant] as const,
  request: { query: z.object({ channelId: z.uuid({ error: 'must be a channel id' }) }) },
  responses: { 204: { description: 'Dropped' }, ...errors(400, 401, 403, 404) },
});
const getUsage = createRoute({
  method: 'get',
  path: '/ai/usage',
  tags,
  summary: 'Tokens and calls today and over the last 30 days',
  middleware: [tenant] as const,
  responses: { 200: jsonResponse(usageAnswer, 'Usage'), ...errors(401, 403, 404) },
});
const testPersona = createRoute({
  method: 'post',
  path: '/ai/test',
  tags,
  summary: 'What the bot would send the model for a chat message',
  middleware: [tenant] as const,
  request: { body: jsonBody(testInput) },
  responses: { 200: jsonResponse(testAnswer, 'The request preview'), ...errors(400, 401, 403, 404) },
});

type Tx = Parameters<Parameters<typeof inTenant>[1]>[0];
type PersonaRow = typeof aiPersonas.$inferSelect;

const view = (row: PersonaRow): Persona => ({
  name: row.name,
  prompt: row.prompt,
  tone: row.tone,
  emoji: row.emoji,
  languages: row.languages,
  onMention: row.onMention,
  command: row.command,
  memory: row.memory,
  perUserPerMinute: row.perUserPerMinute,
  perChannelPerMinute: row.perChannelPerMinute,
  dailyTokenBudget: row.dailyTokenBudget,
  fallback: row.fallback,
  factEveryMinutes: row.factEveryMinutes,
  enabled: row.enabled,
});

const noChannel = () => notFound('This channel is not one of yours.');

/** The persona a channel uses (its own, else the default), with the tenant's channels for the picker. */
async function resolve(tx: Tx, channelId: string | undefined) {
  const channels = await tx
    .select({
      id: streamChannels.id,
      platform: streamChannels.platform,
      displayName: streamChannels.displayName,
    })
    .from(streamChannels)
    .orderBy(asc(streamChannels.platform), asc(streamChannels.displayName));
  if (channelId && !channels.some((ch) => ch.id === channelId)) throw noChannel();
  const rows = await tx.select().from(aiPersonas);
  const own = channelId ? rows.find((r) => r.channelId === channelId) : undefined;
  const base = rows.find((r) => r.channelId === null);
  const row = own ?? base;
  return {
    persona: row ? view(row) : { ...defaultPersona },
    source: own ? ('channel' as const) : base ? ('tenant' as const) : ('default' as const),
    channels: channels.map((ch) => ({ ...ch, custom: rows.some((r) => r.channelId === ch.id) })),
  };
}

const utcDay = (date: Date) => date.toISOString().slice(0, 10);

export const aiRoutes = createRouter()
  .openapi(getPersona, async (c) => {
    const { channelId } = c.req.valid('query');
    return c.json(await inTenant(c, (tx) => resolve(tx, channelId)), 200);
  })
  .openapi(putPersona, async (c) => {
    const { channelId = null, ...persona } = c.req.valid('json');
    const { tenantId } = streamScope(c);
    auditAs(c, 'stream.ai.persona', channelId ?? 'default', { fields: Object.keys(persona) });
    const answer = await inTenant(c, async (tx) => {
      if (channelId) {
        const [channel] = await tx
          .select({ id: streamChannels.id })
          .from(streamChannels)
          .where(eq(streamChannels.id, channelId));
        if (!channel) throw noChannel();
      }
      const values = { ...persona, updatedAt: new Date() };
      const scope = channelId ? eq(aiPersonas.channelId, channelId) : isNull(aiPersonas.channelId);
      const updated = await tx
        .update(aiPersonas)
        .set(values)
        .where(and(eq(aiPersonas.tenantId, tenantId), scope))
        .returning();
      if (updated.length === 0) await tx.insert(aiPersonas).values({ ...values, tenantId, channelId });
      await notifyConfig(tx, tenantId);
      return resolve(tx, channelId ?? undefined);
    });
    return c.json(answer, 200);
  })
  .openapi(deletePersona, async (c) => {
    const { channelId } = c.req.valid('query');
    const { tenantId } = streamScope(c);
    auditAs(c, 'stream.ai.persona.reset', channelId);
    const removed = await inTenant(c, async (tx) => {
      const rows = await tx
        .delete(aiPersonas)
        .where(eq(aiPersonas.channelId, channelId))
        .returning({ id: aiPersonas.id });
      if (rows.length > 0) await notifyConfig(tx, tenantId);
      return rows.length;
    });
    if (removed === 0) throw notFound('This channel has no persona of its own.');
    return c.body(null, 204);
  })
  .openapi(getUsage, async (c) => {
    const now = new Date();
    const today = utcDay(now);
    const from = utcDay(new Date(now.getTime() - 29 * 86_400_000));
    const { rows, budget } = await inTenant(c, async (tx) => {
      const rows = await tx
        .select({
          day: sql<string>`${aiUsage.day}::text`,
          promptTokens: aiUsage.promptTokens,
          completionTokens: aiUsage.completionTokens,
          requests: aiUsage.requests,
          fallbacks: aiUsage.fallbacks,
        })
        .from(aiUsage)
        .where(gte(aiUsage.day, from))
        .orderBy(asc(aiUsage.day));
      const [base] = await tx
        .select({ budget: aiPersonas.dailyTokenBudget })
        .from(aiPersonas)
        .where(isNull(aiPersonas.channelId));
      return { rows, budget: base?.budget ?? defaultPersona.dailyTokenBudget };
    });
    const byDay = new Map(rows.map((r) => [r.day, r]));
    const days = Array.from({ length: 30 }, (_, i) => {
      const day = utcDay(new Date(now.getTime() - (29 - i) * 86_400_000));
      return byDay.get(day) ?? { day, promptTokens: 0, completionTokens: 0, requests: 0, fallbacks: 0 };
    });
    return c.json({ today: { ...days.at(-1)!, day: today, budget }, days }, 200);
  })
  .openapi(testPersona, async (c) => {
    const { message, channelId } = c.req.valid('json');
    const { persona } = await inTenant(c, (tx) => resolve(tx, channelId));
    const system = systemPrompt(persona, 'chat');
    return c.json(
      {
        system,
        messages: [
          { role: 'system' as const, content: system },
          { role: 'user' as const, content: askTurn('A viewer', message) },
        ],
        enabled: persona.enabled,
        note: `In chat the bot also sends the last ${persona.memory} chat lines as context, then checks the answer (moderation model, banned words, links, length) before saying it. Type !${persona.command} ${message.slice(0, 40)} in your chat to hear the real answer.`,
      },
      200,
    );
  });
