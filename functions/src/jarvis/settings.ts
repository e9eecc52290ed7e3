/**
 * `/api/jarvis/settings` and `/usage`: the owner's budgets, prices, autonomy switch and Discord
 * approvers (the settings row 'jarvis', read by the runner on every turn), and the tokens spent.
 */
import { jarvisSettingsKey, jarvisSettingsSchema, readJarvisSettings } from '@homelab/db/jarvis/settings';
import { jarvisUsage, settings } from '@homelab/db/schema';
import { createRoute } from '@hono/zod-openapi';
import { asc, eq, gt, sql } from 'drizzle-orm';
import { operator, reader } from '../auth/middleware';
import { type AppContext, auditAs, db } from '../lib/context';
import { createRouter, errors, jsonBody, jsonResponse, writeErrors } from '../lib/router';
import { usageSchema } from './schemas';

const tags = ['jarvis'];
const settingsSchema = jarvisSettingsSchema.meta({ id: 'JarvisSettings' });

const getSettings = createRoute({
  method: 'get',
  path: '/settings',
  tags,
  summary: 'Budgets, prices, the autonomy switch and who may approve from Discord',
  middleware: [reader] as const,
  responses: { 200: jsonResponse(settingsSchema, 'Settings'), ...errors(401, 403, 503) },
});
const putSettings = createRoute({
  method: 'put',
  path: '/settings',
  tags,
  summary: 'Replace the settings (fields left out take their defaults)',
  middleware: [operator] as const,
  request: { body: jsonBody(settingsSchema) },
  responses: { 200: jsonResponse(settingsSchema, 'Saved'), ...errors(...writeErrors) },
});
const getUsage = createRoute({
  method: 'get',
  path: '/usage',
  tags,
  summary: 'Tokens and cost today and over the last 30 days, and the daily budget',
  middleware: [reader] as const,
  responses: { 200: jsonResponse(usageSchema, 'Usage'), ...errors(401, 403, 503) },
});

export async function loadJarvisSettings(c: AppContext) {
  const [row] = await db(c).db.select().from(settings).where(eq(settings.key, jarvisSettingsKey));
  return readJarvisSettings(row?.value);
}

export const settingsRoutes = createRouter()
  .openapi(getSettings, async (c) => c.json(await loadJarvisSettings(c), 200))
  .openapi(putSettings, async (c) => {
    const value = c.req.valid('json');
    auditAs(c, 'jarvis.settings.update', jarvisSettingsKey, value);
    const updatedBy = c.get('auth')!.user.id;
    await db(c)
      .db.insert(settings)
      .values({ key: jarvisSettingsKey, value, updatedBy })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedBy, updatedAt: sql`now()` } });
    return c.json(value, 200);
  })
  .openapi(getUsage, async (c) => {
    const { db: database } = db(c);
    const [rows, current, [clock]] = await Promise.all([
      database
        .select({
          day: sql<string>`${jarvisUsage.day}::text`,
          promptTokens: jarvisUsage.promptTokens,
          completionTokens: jarvisUsage.completionTokens,
          costMicros: jarvisUsage.costMicros,
        })
        .from(jarvisUsage)
        .where(gt(jarvisUsage.day, sql`current_date - 30`))
        .orderBy(asc(jarvisUsage.day)),
      loadJarvisSettings(c),
      // The database's day, the one the runner counts tokens against.
      database.execute<{ today: string }>(sql`select current_date::text as today`),
    ]);
    const days = rows.map((day) => ({ ...day, costMicros: Number(day.costMicros) }));
    const zero = { promptTokens: 0, completionTokens: 0, costMicros: 0 };
    const total = days.reduce(
      (sum, d) => ({
        promptTokens: sum.promptTokens + d.promptTokens,
        completionTokens: sum.completionTokens + d.completionTokens,
        costMicros: sum.costMicros + d.costMicros,
      }),
      zero,
    );
    const today = clock!.today;
    return c.json(
      {
        today: days.find((d) => d.day === today) ?? { day: today, ...zero },
        dailyTokenBudget: current.dailyTokenBudget,
        last30Days: days,
        total30Days: total,
      },
      200,
    );
  });
