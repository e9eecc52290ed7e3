/**
 * `/api/stream`: the chat tools a streamer manages in the studio — quotes, keyword triggers,
 * counters and the viewer queue. Every change runs as the tenant (Row-Level Security), is
 * audited, and tells the chat runners to drop what they cached ({kind: 'config'}).
 */
import { botCounters, botKeywords, botQuotes, botUserLevels, botViewerQueue } from '@homelab/db/schema';
import { counterNamePattern } from '@homelab/db/stream/commands';
import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { auditAs } from '../lib/context';
import { ApiError, notFound } from '../lib/errors';
import { createRouter, errors, jsonBody, jsonResponse, writeErrors } from '../lib/router';
import { inTenant, streamScope } from '../stream/guard';
import { changeRows, iso, listErrors, notifyConfig, templateProblem, tenant } from './shared';

const tags = ['stream'];

const serialId = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const uuidId = z.object({ id: z.uuid({ error: 'must be a keyword id' }) });
const counterName = z.object({
  name: z.string().regex(counterNamePattern, 'letters, digits, _ and -, at most 40'),
});

const quoteSchema = z
  .object({
    id: z.number().int(),
    number: z.number().int(),
    text: z.string(),
    author: z.string().nullable(),
    game: z.string().nullable(),
    addedBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('BotQuote');
const quoteInput = z
  .object({
    text: z.string().trim().min(1, 'Write the quote').max(400, 'Quotes hold at most 400 characters'),
    author: z.string().trim().max(60).nullable().optional(),
    game: z.string().trim().max(100).nullable().optional(),
  })
  .strict();

const keywordSchema = z
  .object({
    id: z.uuid(),
    pattern: z.string(),
    response: z.string(),
    cooldownS: z.number().int(),
    minLevel: z.enum(botUserLevels),
    enabled: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('BotKeyword');
const keywordInput = z
  .object({
    pattern: z
      .string()
      .trim()
      .min(1, 'Write a word or phrase')
      .max(100, 'Patterns hold at most 100 characters')
      .refine((p) => p.replace(/\*/g, '').trim().length > 0, 'A pattern needs more than wildcards'),
    response: z.string().trim().min(1, 'Write the response').max(500),
    cooldownS: z.number().int().min(0).max(86_400).default(30),
    minLevel: z.enum(botUserLevels).default('everyone'),
    enabled: z.boolean().default(true),
  })
  .strict();
const keywordPatch = z
  .object({
    pattern: keywordInput.shape.pattern.optional(),
    response: keywordInput.shape.response.optional(),
    cooldownS: z.number().int().min(0).max(86_400).optional(),
    minLevel: z.enum(botUserLevels).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

const counterSchema = z
  .object({ name: z.string(), value: z.number().int(), updatedAt: z.string() })
  .openapi('BotCounter');
const counterInput = z
  .object({
    value: z
      .number()
      .int()
      .min(-(2 ** 53 - 1))
      .max(2 ** 53 - 1),
  })
  .strict();

const queueEntrySchema = z
  .object({
    id: z.number().int(),
    userName: z.string(),
    platform: z.enum(['twitch', 'youtube', 'kick']),
    note: z.string().nullable(),
    joinedAt: z.string(),
    pickedAt: z.string().nullable(),
  })
  .openapi('BotQueueEntry');
const queueSchema = z
  .object({ open: z.boolean(), waiting: z.array(queueEntrySchema), picked: z.array(queueEntrySchema) })
  .openapi('BotQueue');
const pickInput = z
  .object({ count: z.number().int().min(1).max(10).default(1), random: z.boolean().default(false) })
  .strict();

const listQuotes = createRoute({
  tags,
  middleware: [tenant] as const,
  method: 'get',
  path: '/quotes',
  summary: 'Quotes, newest number first',
  responses: {
    200: jsonResponse(z.object({ quotes: z.array(quoteSchema) }), 'Quotes'),
    ...errors(...listErrors),
  },
});
const addQuote = createRoute({
  tags,
  middleware: [tenant] as const,
  method: 'post',
  path: '/quotes',
  summary: 'Add a quote (it takes the next number)',
  request: { body: jsonBody(quoteInput) },
  responses: { 201: jsonResponse(quoteSchema, 'Added'), ...errors(...writeErrors) },
});
const editQuote = createRoute({
  tags,
  middleware: [tenant] as const,
  method: 'patch',
  path: '/quotes/{id}',
  summary: "Change a quote's text, author or game",
  request: { params: serialId, body: jsonBody(quoteInput.partial().strict()) },
  responses: { 200: jsonResponse(quoteSchema, 'Changed'), ...errors(...writeErrors) },
});
const deleteQuote = createRoute({
  tags,
  middleware: [tenant] as const,
  method: 'delete',
  path: '/quotes/{id}',
  summary: 'Delete a quote',
  request: { params: serialId },
  responses: { 204: { description: 'Deleted' }, ...errors(...writeErrors) },
});
const listKeywords = createRoute({
  tags,
  middleware: [tenant] as const,
  method: 'get',
  path: '/keywords',
  summary: 'Keyword triggers',
  responses: {
    200: jsonResponse(z.object({ keywords: z.array(keywordSchema) }), 'Keywords'),
    ...errors(...listErrors),
  },
});
const createKeyword = createRoute({
  tags,
  middleware: [tenant] as const,
  method: 'post',
  path: '/keywords',
  summary: 'Add a keyword trigger (the response is checked like a command response)',
  request: { body: jsonBody(keywordInput) },
  responses: { 201: jsonResponse(keywordSchema, 'Added'), ...errors(...writeErrors) },
});
const updateKeyword = createRoute({
  tags,
  middleware: [tenant] as const,
  method: 'patch',
  path: '/keywords/{id}',
  summary: 'Change a keyword trigger',
  request: { params: uuidId, body: jsonBody(keywordPatch) },
  responses: { 200: jsonResponse(keywordSchema, 'Changed'), ...errors(...writeErrors) },
});
const deleteKeyword = createRoute({
  tags,
  middleware: [tenant] as const,
  method: 'delete',
  path: '/keywords/{id}',
  summary: 'Delete a keyword trigger',
  request: { params: uuidId },
  responses: { 204: { description: 'Deleted' }, ...errors(...writeErrors) },
});
const listCounters = createRoute({
  tags,
  middleware: [tenant] as const,
  method: 'get',
  path: '/counters',
  summary: 'Counters (`$(count name)`, `!counter`)',
  responses: {
    200: jsonResponse(z.object({ counters: z.array(counterSchema) }), 'Counters'),
    ...errors(...listErrors),
  },
});
const setCounter = createRoute({
  tags,
  middleware: [tenant] as const,
  method: 'put',
  path: '/counters/{name}',
  summary: 'Set a counter (created when new)',
  request: { params: counterName, body: jsonBody(counterInput) },
  responses: { 200: jsonResponse(counterSchema, 'Set'), ...errors(...writeErrors) },
});
const deleteCounter = createRoute({
  tags,
  middleware: [tenant] as const,
  method: 'delete',
  path: '/counters/{name}',
  summary: 'Delete a counter',
  request: { params: counterName },
  responses: { 204: { description: 'Deleted' }, ...errors(...writeErrors) },
});
const getQueue = createRoute({
  tags,
  middleware: [tenant] as const,
  method: 'get',
  path: '/queue',
  summary: 'The viewer queue: who waits, in order, and the last 20 picked',
  responses: { 200: jsonResponse(queueSchema, 'Queue'), ...errors(...listErrors) },
});
const pickQueue = createRoute({
  tags,
  middleware: [tenant] as const,
  method: 'post',
  path: '/queue/pick',
  summary: 'Pick the next viewers (or random ones)',
  request: { body: jsonBody(pickInput) },
  responses: {
    200: jsonResponse(z.object({ picked: z.array(queueEntrySchema) }), 'Picked'),
    ...errors(...writeErrors),
  },
});
const removeQueueEntry = createRoute({
  tags,
  middleware: [tenant] as const,
  method: 'delete',
  path: '/queue/{id}',
  summary: 'Take a viewer out of the queue',
  request: { params: serialId },
  responses: { 204: { description: 'Removed' }, ...errors(...writeErrors) },
});
const clearQueue = createRoute({
  tags,
  middleware: [tenant] as const,
  method: 'post',
  path: '/queue/clear',
  summary: 'Remove everyone waiting',
  responses: {
    200: jsonResponse(z.object({ removed: z.number().int() }), 'Cleared'),
    ...errors(...writeErrors),
  },
});
const openQueue = createRoute({
  tags,
  middleware: [tenant] as const,
  method: 'post',
  path: '/queue/{state}',
  summary: 'Open or close the queue for `!join`',
  request: { params: z.object({ state: z.enum(['open', 'close']) }) },
  responses: { 200: jsonResponse(z.object({ open: z.boolean() }), 'Changed'), ...errors(...writeErrors) },
});

/** A response that does not parse: 400 with where, so the editor can mark it. */
function checkTemplate(response: string | undefined) {
  const problem = response === undefined ? null : templateProblem(response);
  if (!problem) return;
  const { message, start, end } = problem;
  throw new ApiError(400, 'invalid_template', `The response does not parse: ${message}`, {
    response: [message],
    'response.start': [String(start)],
    'response.end': [String(end)],
  });
}

const quoteView = (r: typeof botQuotes.$inferSelect) => ({
  id: r.id,
  number: r.number,
  text: r.text,
  author: r.author,
  game: r.game,
  addedBy: r.addedBy,
  createdAt: r.createdAt.toISOString(),
});
const keywordView = (r: typeof botKeywords.$inferSelect) => ({
  id: r.id,
  pattern: r.pattern,
  response: r.response,
  cooldownS: r.cooldownS,
  minLevel: r.minLevel,
  enabled: r.enabled,
  createdAt: r.createdAt.toISOString(),
});
const counterView = (r: typeof botCounters.$inferSelect) => ({
  name: r.name,
  value: r.value,
  updatedAt: r.updatedAt.toISOString(),
});
const entryView = (r: typeof botViewerQueue.$inferSelect) => ({
  id: r.id,
  userName: r.userName,
  platform: r.platform,
  note: r.note,
  joinedAt: r.joinedAt.toISOString(),
  pickedAt: iso(r.pickedAt),
});

const noQuote = () => notFound('This quote is not one of yours.');
const noKeyword = () => notFound('This keyword is not one of yours.');

export const chatToolRoutes = createRouter()
  .openapi(listQuotes, async (c) => {
    const rows = await inTenant(c, (tx) => tx.select().from(botQuotes).orderBy(desc(botQuotes.number)));
    return c.json({ quotes: rows.map(quoteView) }, 200);
  })
  .openapi(addQuote, async (c) => {
    const body = c.req.valid('json');
    const { tenantId } = streamScope(c);
    auditAs(c, 'stream.quote.add', undefined, { length: body.text.length });
    const row = await inTenant(c, async (tx) => {
      // The transaction lock makes concurrent adds of one tenant take numbers one after another.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`bot_quotes:${tenantId}`}))`);
      const [added] = await tx
        .insert(botQuotes)
        .values({
          tenantId,
          number: sql`(select coalesce(max(number), 0) + 1 from bot_quotes where tenant_id = ${tenantId})`,
          text: body.text,
          author: body.author || null,
          game: body.game || null,
          addedBy: 'studio',
        })
        .returning();
      return added!;
    });
    return c.json(quoteView(row), 201);
  })
  .openapi(editQuote, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    auditAs(c, 'stream.quote.edit', String(id));
    const [row] = await inTenant(c, (tx) =>
      Object.keys(body).length === 0
        ? tx.select().from(botQuotes).where(eq(botQuotes.id, id))
        : tx
            .update(botQuotes)
            .set({
              ...(body.text !== undefined && { text: body.text }),
              ...(body.author !== undefined && { author: body.author || null }),
              ...(body.game !== undefined && { game: body.game || null }),
            })
            .where(eq(botQuotes.id, id))
            .returning(),
    );
    if (!row) throw noQuote();
    return c.json(quoteView(row), 200);
  })
  .openapi(deleteQuote, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'stream.quote.delete', String(id));
    const deleted = await inTenant(c, (tx) =>
      tx.delete(botQuotes).where(eq(botQuotes.id, id)).returning({ id: botQuotes.id }),
    );
    if (deleted.length === 0) throw noQuote();
    return c.body(null, 204);
  })
  .openapi(listKeywords, async (c) => {
    const rows = await inTenant(c, (tx) =>
      tx.select().from(botKeywords).orderBy(asc(botKeywords.createdAt), asc(botKeywords.id)),
    );
    return c.json({ keywords: rows.map(keywordView) }, 200);
  })
  .openapi(createKeyword, async (c) => {
    const body = c.req.valid('json');
    checkTemplate(body.response);
    const { tenantId } = streamScope(c);
    auditAs(c, 'stream.keyword.create', undefined, { pattern: body.pattern });
    const row = await inTenant(c, async (tx) => {
      const [added] = await tx
        .insert(botKeywords)
        .values({ tenantId, ...body })
        .returning();
      await notifyConfig(tx, tenantId);
      return added!;
    });
    auditAs(c, 'stream.keyword.create', row.id, { pattern: body.pattern });
    return c.json(keywordView(row), 201);
  })
  .openapi(updateKeyword, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    checkTemplate(body.response);
    auditAs(c, 'stream.keyword.update', id, body.pattern ? { pattern: body.pattern } : undefined);
    const [row] =
      Object.keys(body).length === 0
        ? await inTenant(c, (tx) => tx.select().from(botKeywords).where(eq(botKeywords.id, id)))
        : await changeRows(c, (tx) =>
            tx.update(botKeywords).set(body).where(eq(botKeywords.id, id)).returning(),
          );
    if (!row) throw noKeyword();
    return c.json(keywordView(row), 200);
  })
  .openapi(deleteKeyword, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'stream.keyword.delete', id);
    const deleted = await changeRows(c, (tx) =>
      tx.delete(botKeywords).where(eq(botKeywords.id, id)).returning({ id: botKeywords.id }),
    );
    if (deleted.length === 0) throw noKeyword();
    return c.body(null, 204);
  })
  .openapi(listCounters, async (c) => {
    const rows = await inTenant(c, (tx) => tx.select().from(botCounters).orderBy(asc(botCounters.name)));
    return c.json({ counters: rows.map(counterView) }, 200);
  })
  .openapi(setCounter, async (c) => {
    const { name } = c.req.valid('param');
    const { value } = c.req.valid('json');
    const { tenantId } = streamScope(c);
    auditAs(c, 'stream.counter.set', name, { value });
    const row = await inTenant(c, async (tx) => {
      const [saved] = await tx
        .insert(botCounters)
        .values({ tenantId, name, value })
        .onConflictDoUpdate({
          target: [botCounters.tenantId, botCounters.name],
          set: { value, updatedAt: new Date() },
        })
        .returning();
      await notifyConfig(tx, tenantId);
      return saved!;
    });
    return c.json(counterView(row), 200);
  })
  .openapi(deleteCounter, async (c) => {
    const { name } = c.req.valid('param');
    auditAs(c, 'stream.counter.delete', name);
    const deleted = await changeRows(c, (tx) =>
      tx.delete(botCounters).where(eq(botCounters.name, name)).returning({ name: botCounters.name }),
    );
    if (deleted.length === 0) throw notFound('There is no counter with this name.');
    return c.body(null, 204);
  })
  .openapi(getQueue, async (c) => {
    const { tenantId } = streamScope(c);
    const result = await inTenant(c, async (tx) => {
      const waiting = await tx
        .select()
        .from(botViewerQueue)
        .where(isNull(botViewerQueue.pickedAt))
        .orderBy(asc(botViewerQueue.id));
      const picked = await tx
        .select()
        .from(botViewerQueue)
        .where(isNotNull(botViewerQueue.pickedAt))
        .orderBy(desc(botViewerQueue.pickedAt), desc(botViewerQueue.id))
        .limit(20);
      const settings = (await tx.execute(
        sql`select coalesce((settings #>> '{builtins,queue,open}')::boolean, false) as open
            from bot_settings where tenant_id = ${tenantId}`,
      )) as unknown as { open: boolean }[] | { rows: { open: boolean }[] };
      const rows = Array.isArray(settings) ? settings : settings.rows;
      return { open: rows[0]?.open ?? false, waiting: waiting.map(entryView), picked: picked.map(entryView) };
    });
    return c.json(result, 200);
  })
  .openapi(pickQueue, async (c) => {
    const { count, random } = c.req.valid('json');
    const { tenantId } = streamScope(c);
    auditAs(c, 'stream.queue.pick', undefined, { count, random });
    const picked = await inTenant(c, (tx) =>
      tx
        .update(botViewerQueue)
        .set({ pickedAt: new Date() })
        .where(
          sql`${botViewerQueue.id} in (select id from bot_viewer_queue where tenant_id = ${tenantId}
              and picked_at is null order by ${random ? sql`random()` : sql`id`} limit ${count} for update skip locked)`,
        )
        .returning(),
    );
    picked.sort((a, b) => a.id - b.id);
    return c.json({ picked: picked.map(entryView) }, 200);
  })
  .openapi(removeQueueEntry, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'stream.queue.remove', String(id));
    const deleted = await inTenant(c, (tx) =>
      tx.delete(botViewerQueue).where(eq(botViewerQueue.id, id)).returning({ id: botViewerQueue.id }),
    );
    if (deleted.length === 0) throw notFound('This queue entry is not one of yours.');
    return c.body(null, 204);
  })
  .openapi(clearQueue, async (c) => {
    auditAs(c, 'stream.queue.clear');
    const deleted = await inTenant(c, (tx) =>
      tx
        .delete(botViewerQueue)
        .where(and(isNull(botViewerQueue.pickedAt)))
        .returning({ id: botViewerQueue.id }),
    );
    return c.json({ removed: deleted.length }, 200);
  })
  .openapi(openQueue, async (c) => {
    const { state } = c.req.valid('param');
    const open = state === 'open';
    const { tenantId } = streamScope(c);
    auditAs(c, `stream.queue.${state}`);
    await inTenant(c, async (tx) => {
      await tx.execute(sql`insert into bot_settings (tenant_id, settings)
        values (${tenantId}, ${JSON.stringify({ builtins: { queue: { open } } })}::jsonb)
        on conflict (tenant_id) do update set
          settings = jsonb_set(
            jsonb_set(
              jsonb_set(bot_settings.settings, '{builtins}', coalesce(bot_settings.settings -> 'builtins', '{}'::jsonb)),
              '{builtins,queue}', coalesce(bot_settings.settings #> '{builtins,queue}', '{}'::jsonb)),
            '{builtins,queue,open}', to_jsonb(${open}::boolean)),
          updated_at = now()`);
      await notifyConfig(tx, tenantId);
    });
    return c.json({ open }, 200);
  });
