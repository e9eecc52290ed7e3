/**
 * The built-ins' settings (currency, games, giveaways, built-in commands, timezone) as one
 * document. GET answers it with every default filled in; PUT replaces it; PATCH merges a part into
 * it (objects merge key by key, arrays and values replace), so a page that edits one section
 * leaves the others as they are. Both refuse unknown keys, naming the path.
 */
import { botSettings } from '@homelab/db/schema';
import { botSettingsSchema, readBotSettings } from '@homelab/db/stream/settings';
import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { auditAs } from '../lib/context';
import { badRequest, fieldErrors } from '../lib/errors';
import { createRouter, errors, jsonBody, jsonResponse } from '../lib/router';
import { inTenant, streamScope, streamTenant } from '../stream/guard';
import { notifyConfig, tags } from './shared';

const tenant = streamTenant();

const settingsDocument = z
  .record(z.string(), z.unknown())
  .describe('See botSettingsSchema (db/src/stream/settings.ts) for every key and its default.')
  .openapi('BotSettings');

const getSettings = createRoute({
  method: 'get',
  path: '/settings',
  tags,
  summary: "The bot's settings, every default filled in",
  middleware: [tenant] as const,
  responses: {
    200: jsonResponse(z.object({ settings: settingsDocument }), 'Settings'),
    ...errors(401, 403, 404),
  },
});
const putSettings = createRoute({
  method: 'put',
  path: '/settings',
  tags,
  summary: "Replace the bot's settings (missing keys take their defaults)",
  middleware: [tenant] as const,
  request: { body: jsonBody(settingsDocument) },
  responses: {
    200: jsonResponse(z.object({ settings: settingsDocument }), 'Saved'),
    ...errors(400, 401, 403, 404),
  },
});
const patchSettings = createRoute({
  method: 'patch',
  path: '/settings',
  tags,
  summary: "Change part of the bot's settings (objects merge, values replace)",
  middleware: [tenant] as const,
  request: { body: jsonBody(settingsDocument) },
  responses: {
    200: jsonResponse(z.object({ settings: settingsDocument }), 'Saved'),
    ...errors(400, 401, 403, 404),
  },
});

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The first key of `input` that the schema dropped (the schema strips unknown keys at every level). */
function unknownKey(input: unknown, parsed: unknown, path: string[] = []): string[] | null {
  if (!isObject(input) || !isObject(parsed)) return null;
  for (const [key, value] of Object.entries(input)) {
    if (!(key in parsed)) return [...path, key];
    const deeper = unknownKey(value, parsed[key], [...path, key]);
    if (deeper) return deeper;
  }
  return null;
}

function mergeInto(base: Record<string, unknown>, change: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...base };
  for (const [key, value] of Object.entries(change)) {
    const current = merged[key];
    merged[key] = isObject(current) && isObject(value) ? mergeInto(current, value) : value;
  }
  return merged;
}

/** Validates a whole settings document: a 400 naming the path of the first problem. */
function validSettings(input: Record<string, unknown>) {
  const parsed = botSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.length ? ` (${first.path.join('.')})` : '';
    throw badRequest(
      `Check the settings${where}: ${first?.message ?? 'invalid'}.`,
      fieldErrors(parsed.error.issues),
    );
  }
  const extra = unknownKey(input, parsed.data);
  if (extra) {
    const path = extra.join('.');
    throw badRequest(`Check the settings (${path}): there is no such setting.`, {
      [path]: ['There is no such setting'],
    });
  }
  return parsed.data;
}

type Tx = Parameters<Parameters<typeof inTenant>[1]>[0];

async function storedSettings(tx: Tx) {
  const [row] = await tx.select({ settings: botSettings.settings }).from(botSettings);
  return readBotSettings(row?.settings);
}

async function saveSettings(tx: Tx, tenantId: string, settings: Record<string, unknown>) {
  await tx
    .insert(botSettings)
    .values({ tenantId, settings })
    .onConflictDoUpdate({ target: botSettings.tenantId, set: { settings, updatedAt: sql`now()` } });
  await notifyConfig(tx, tenantId);
}

export const settingsRoutes = createRouter()
  .openapi(getSettings, async (c) => {
    const settings = await inTenant(c, storedSettings);
    return c.json({ settings }, 200);
  })
  .openapi(putSettings, async (c) => {
    const settings = validSettings(c.req.valid('json'));
    const { tenantId } = streamScope(c);
    auditAs(c, 'stream.settings.replace', tenantId);
    await inTenant(c, (tx) => saveSettings(tx, tenantId, settings));
    return c.json({ settings }, 200);
  })
  .openapi(patchSettings, async (c) => {
    const change = c.req.valid('json');
    const { tenantId } = streamScope(c);
    auditAs(c, 'stream.settings.update', tenantId, { sections: Object.keys(change) });
    const settings = await inTenant(c, async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`bot_settings:${tenantId}`}))`);
      const merged = validSettings(mergeInto(await storedSettings(tx), change));
      await saveSettings(tx, tenantId, merged);
      return merged;
    });
    return c.json({ settings }, 200);
  });
