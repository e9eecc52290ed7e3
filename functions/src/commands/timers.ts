/**
 * Timers: messages the bot posts every so often while chat is active (an interval and a minimum
 * number of chat lines since the last post), optionally only while live.
 */
import { botTimers } from '@homelab/db/schema';
import { createRoute, z } from '@hono/zod-openapi';
import { asc, eq } from 'drizzle-orm';
import { isUniqueViolation } from '../desk/shared';
import { auditAs } from '../lib/context';
import { conflict, notFound } from '../lib/errors';
import { createRouter, errors, jsonBody, jsonResponse } from '../lib/router';
import { inTenant, streamScope } from '../stream/guard';
import {
  changeRows,
  editErrors,
  idErrors,
  idParam,
  iso,
  listErrors,
  notifyConfig,
  platformsSchema,
  rejectTemplate,
  tags,
  templateErrors,
  templateText,
  tenant,
} from './shared';

const timerFields = {
  name: z.string().trim().min(1, 'Name the timer').max(60, 'At most 60 characters'),
  message: templateText('message'),
  intervalS: z
    .number()
    .int()
    .min(60, 'At least a minute (60 seconds)')
    .max(86_400, 'At most a day (86400 seconds)'),
  minLines: z.number().int().min(0).max(1_000, 'At most 1000 lines'),
  onlineOnly: z.boolean(),
  platforms: platformsSchema,
  enabled: z.boolean(),
};
const createInput = z
  .object({
    ...timerFields,
    intervalS: timerFields.intervalS.optional(),
    minLines: timerFields.minLines.optional(),
    onlineOnly: timerFields.onlineOnly.optional(),
    platforms: timerFields.platforms.optional(),
    enabled: timerFields.enabled.optional(),
  })
  .strict()
  .openapi('BotTimerInput');
const updateInput = z.object(timerFields).partial().strict().openapi('BotTimerUpdate');

const timerSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    message: z.string(),
    intervalS: z.number().int(),
    minLines: z.number().int(),
    onlineOnly: z.boolean(),
    platforms: z.array(z.enum(['twitch', 'youtube', 'kick'])),
    enabled: z.boolean(),
    lastRunAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('BotTimer');

const listTimers = createRoute({
  method: 'get',
  path: '/timers',
  tags,
  summary: 'Your timers, by name',
  middleware: [tenant] as const,
  responses: {
    200: jsonResponse(z.object({ timers: z.array(timerSchema) }), 'Timers'),
    ...errors(...listErrors),
  },
});
const createTimer = createRoute({
  method: 'post',
  path: '/timers',
  tags,
  summary: 'Add a timer',
  middleware: [tenant] as const,
  request: { body: jsonBody(createInput) },
  responses: {
    201: jsonResponse(timerSchema, 'Created'),
    ...errors(...editErrors),
    ...templateErrors('message'),
  },
});
const updateTimer = createRoute({
  method: 'patch',
  path: '/timers/{id}',
  tags,
  summary: 'Change a timer',
  middleware: [tenant] as const,
  request: { params: idParam, body: jsonBody(updateInput) },
  responses: {
    200: jsonResponse(timerSchema, 'Updated'),
    ...errors(...editErrors),
    ...templateErrors('message'),
  },
});
const deleteTimer = createRoute({
  method: 'delete',
  path: '/timers/{id}',
  tags,
  summary: 'Delete a timer',
  middleware: [tenant] as const,
  request: { params: idParam },
  responses: { 204: { description: 'Deleted' }, ...errors(...idErrors) },
});

type TimerRow = typeof botTimers.$inferSelect;
const timerView = (row: TimerRow) => ({
  id: row.id,
  name: row.name,
  message: row.message,
  intervalS: row.intervalS,
  minLines: row.minLines,
  onlineOnly: row.onlineOnly,
  platforms: row.platforms,
  enabled: row.enabled,
  lastRunAt: iso(row.lastRunAt),
  createdAt: row.createdAt.toISOString(),
});

const noTimer = () => notFound('This timer is not one of yours.');
const nameTaken = (name: string) => conflict(`A timer named “${name}” exists already; pick another name.`);

export const timerRoutes = createRouter()
  .openapi(listTimers, async (c) => {
    const rows = await inTenant(c, (tx) => tx.select().from(botTimers).orderBy(asc(botTimers.name)));
    return c.json({ timers: rows.map(timerView) }, 200);
  })
  .openapi(createTimer, async (c) => {
    const body = c.req.valid('json');
    const rejected = rejectTemplate('message', body.message);
    if (rejected) return c.json(rejected, 400);
    const { tenantId } = streamScope(c);
    auditAs(c, 'stream.timer.create', body.name);
    try {
      const row = await inTenant(c, async (tx) => {
        const [created] = await tx
          .insert(botTimers)
          .values({ ...body, tenantId })
          .returning();
        await notifyConfig(tx, tenantId);
        return created!;
      });
      auditAs(c, 'stream.timer.create', row.id, { name: row.name });
      return c.json(timerView(row), 201);
    } catch (error) {
      if (isUniqueViolation(error, 'bot_timers_name_idx')) throw nameTaken(body.name);
      throw error;
    }
  })
  .openapi(updateTimer, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const rejected = rejectTemplate('message', body.message);
    if (rejected) return c.json(rejected, 400);
    auditAs(c, 'stream.timer.update', id, { fields: Object.keys(body) });
    try {
      const [row] =
        Object.keys(body).length === 0
          ? await inTenant(c, (tx) => tx.select().from(botTimers).where(eq(botTimers.id, id)))
          : await changeRows(c, (tx) =>
              tx.update(botTimers).set(body).where(eq(botTimers.id, id)).returning(),
            );
      if (!row) throw noTimer();
      return c.json(timerView(row), 200);
    } catch (error) {
      if (isUniqueViolation(error, 'bot_timers_name_idx')) throw nameTaken(body.name ?? '');
      throw error;
    }
  })
  .openapi(deleteTimer, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'stream.timer.delete', id);
    const [row] = await changeRows(c, (tx) =>
      tx.delete(botTimers).where(eq(botTimers.id, id)).returning({ name: botTimers.name }),
    );
    if (!row) throw noTimer();
    auditAs(c, 'stream.timer.delete', id, { name: row.name });
    return c.body(null, 204);
  });
