/**
 * Custom chat commands: the streamer's `!name` replies. Names and aliases are unique across the
 * tenant's commands and the built-ins, and a response is stored only when it parses, so a broken
 * template shows in the editor and never in chat.
 */
import { botCommands, botResponseTypes, botUserLevels } from '@homelab/db/schema';
import { builtinCommands, builtinNames } from '@homelab/db/stream/builtins';
import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, eq, ne, or, sql } from 'drizzle-orm';
import { auditAs } from '../lib/context';
import { badRequest, conflict, notFound } from '../lib/errors';
import { createRouter, errors, jsonBody, jsonResponse } from '../lib/router';
import { inTenant, streamScope } from '../stream/guard';
import {
  changeRows,
  editErrors,
  idErrors,
  idParam,
  listErrors,
  notifyConfig,
  platformsSchema,
  rejectTemplate,
  type Tx,
  tags,
  templateErrors,
  templateText,
  tenant,
} from './shared';

const maxCooldown = 86_400;

const commandName = z
  .string()
  .trim()
  .regex(/^!?[A-Za-z0-9_-]{1,40}$/, 'Use 1–40 letters, digits, _ or - (without spaces)');
const cooldown = z.number().int().min(0).max(maxCooldown, 'At most a day (86400 seconds)');

const commandFields = {
  name: commandName,
  aliases: z.array(commandName).max(10, 'At most 10 aliases'),
  response: templateText('response'),
  responseType: z.enum(botResponseTypes),
  platforms: platformsSchema,
  minLevel: z.enum(botUserLevels),
  globalCooldownS: cooldown,
  userCooldownS: cooldown,
  cost: z.number().int().min(0).max(1_000_000_000),
  enabled: z.boolean(),
};

const createInput = z
  .object({
    ...commandFields,
    aliases: commandFields.aliases.optional(),
    responseType: commandFields.responseType.optional(),
    platforms: commandFields.platforms.optional(),
    minLevel: commandFields.minLevel.optional(),
    globalCooldownS: commandFields.globalCooldownS.optional(),
    userCooldownS: commandFields.userCooldownS.optional(),
    cost: commandFields.cost.optional(),
    enabled: commandFields.enabled.optional(),
  })
  .strict()
  .openapi('BotCommandInput');
const updateInput = z.object(commandFields).partial().strict().openapi('BotCommandUpdate');

const commandSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    aliases: z.array(z.string()),
    response: z.string(),
    responseType: z.enum(botResponseTypes),
    platforms: z.array(z.enum(['twitch', 'youtube', 'kick'])),
    minLevel: z.enum(botUserLevels),
    globalCooldownS: z.number().int(),
    userCooldownS: z.number().int(),
    cost: z.number().int(),
    enabled: z.boolean(),
    uses: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('BotCommand');

const builtinSchema = z
  .object({
    name: z.string(),
    aliases: z.array(z.string()),
    level: z.enum([...botUserLevels, 'modLevel']),
    area: z.string(),
    description: z.string(),
    usage: z.string(),
  })
  .openapi('BotBuiltinCommand');

const listCommands = createRoute({
  method: 'get',
  path: '/commands',
  tags,
  summary: 'Your custom commands, by name',
  middleware: [tenant] as const,
  responses: {
    200: jsonResponse(z.object({ commands: z.array(commandSchema) }), 'Commands'),
    ...errors(...listErrors),
  },
});
const listBuiltins = createRoute({
  method: 'get',
  path: '/commands/builtins',
  tags,
  summary: "The bot's built-in commands; custom commands cannot take their names",
  middleware: [tenant] as const,
  responses: {
    200: jsonResponse(z.object({ commands: z.array(builtinSchema) }), 'Built-in commands'),
    ...errors(...listErrors),
  },
});
const getCommand = createRoute({
  method: 'get',
  path: '/commands/{id}',
  tags,
  summary: 'One custom command',
  middleware: [tenant] as const,
  request: { params: idParam },
  responses: { 200: jsonResponse(commandSchema, 'Command'), ...errors(...idErrors) },
});
const createCommand = createRoute({
  method: 'post',
  path: '/commands',
  tags,
  summary: 'Add a custom command',
  middleware: [tenant] as const,
  request: { body: jsonBody(createInput) },
  responses: {
    201: jsonResponse(commandSchema, 'Created'),
    ...errors(...editErrors),
    ...templateErrors('response'),
  },
});
const updateCommand = createRoute({
  method: 'patch',
  path: '/commands/{id}',
  tags,
  summary: 'Change a custom command',
  middleware: [tenant] as const,
  request: { params: idParam, body: jsonBody(updateInput) },
  responses: {
    200: jsonResponse(commandSchema, 'Updated'),
    ...errors(...editErrors),
    ...templateErrors('response'),
  },
});
const deleteCommand = createRoute({
  method: 'delete',
  path: '/commands/{id}',
  tags,
  summary: 'Delete a custom command',
  middleware: [tenant] as const,
  request: { params: idParam },
  responses: { 204: { description: 'Deleted' }, ...errors(...idErrors) },
});

type CommandRow = typeof botCommands.$inferSelect;
const commandView = (row: CommandRow) => ({
  id: row.id,
  name: row.name,
  aliases: row.aliases,
  response: row.response,
  responseType: row.responseType,
  platforms: row.platforms,
  minLevel: row.minLevel,
  globalCooldownS: row.globalCooldownS,
  userCooldownS: row.userCooldownS,
  cost: row.cost,
  enabled: row.enabled,
  uses: row.uses,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const noCommand = () => notFound('This command is not one of yours.');
const normalName = (name: string) => name.replace(/^!/, '').toLowerCase();

/**
 * Refuses a name or alias used twice in the command, by a built-in or by another command. Runs
 * under a per-tenant lock so two saves cannot both take the same alias (the index covers names only).
 */
async function claimNames(tx: Tx, tenantId: string, names: string[], exceptId?: string) {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw badRequest(`!${name} is listed twice; names and aliases must differ.`);
    seen.add(name);
    if (builtinNames.has(name)) {
      throw conflict(`!${name} is a built-in command; pick another name or alias.`);
    }
  }
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`bot_commands:${tenantId}`}))`);
  const list = sql`array[${sql.join(
    names.map((name) => sql`${name}`),
    sql`, `,
  )}]::text[]`;
  const [clash] = await tx
    .select({ name: botCommands.name, aliases: botCommands.aliases })
    .from(botCommands)
    .where(
      and(
        exceptId ? ne(botCommands.id, exceptId) : undefined,
        or(sql`${botCommands.name} = any(${list})`, sql`${botCommands.aliases} && ${list}`),
      ),
    )
    .limit(1);
  if (clash) {
    const taken = names.find((name) => name === clash.name || clash.aliases.includes(name));
    const how = taken === clash.name ? 'is already a command' : `is already an alias of !${clash.name}`;
    throw conflict(`!${taken} ${how}.`);
  }
}

export const commandRoutes = createRouter()
  .openapi(listCommands, async (c) => {
    const rows = await inTenant(c, (tx) => tx.select().from(botCommands).orderBy(asc(botCommands.name)));
    return c.json({ commands: rows.map(commandView) }, 200);
  })
  .openapi(listBuiltins, (c) => c.json({ commands: builtinCommands.map((command) => ({ ...command })) }, 200))
  .openapi(getCommand, async (c) => {
    const { id } = c.req.valid('param');
    const [row] = await inTenant(c, (tx) => tx.select().from(botCommands).where(eq(botCommands.id, id)));
    if (!row) throw noCommand();
    return c.json(commandView(row), 200);
  })
  .openapi(createCommand, async (c) => {
    const body = c.req.valid('json');
    const rejected = rejectTemplate('response', body.response);
    if (rejected) return c.json(rejected, 400);
    const { tenantId } = streamScope(c);
    const name = normalName(body.name);
    const aliases = (body.aliases ?? []).map(normalName);
    auditAs(c, 'stream.command.create', name, { aliases });
    const row = await inTenant(c, async (tx) => {
      await claimNames(tx, tenantId, [name, ...aliases]);
      const [created] = await tx
        .insert(botCommands)
        .values({ ...body, tenantId, name, aliases })
        .returning();
      await notifyConfig(tx, tenantId);
      return created!;
    });
    auditAs(c, 'stream.command.create', row.id, { name, aliases });
    return c.json(commandView(row), 201);
  })
  .openapi(updateCommand, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const rejected = rejectTemplate('response', body.response);
    if (rejected) return c.json(rejected, 400);
    const { tenantId } = streamScope(c);
    const change = {
      ...body,
      name: body.name === undefined ? undefined : normalName(body.name),
      aliases: body.aliases?.map(normalName),
    };
    auditAs(c, 'stream.command.update', id, { fields: Object.keys(body) });
    const row = await inTenant(c, async (tx) => {
      const [current] = await tx
        .select({ name: botCommands.name, aliases: botCommands.aliases })
        .from(botCommands)
        .where(eq(botCommands.id, id));
      if (!current) throw noCommand();
      if (change.name !== undefined || change.aliases !== undefined) {
        const names = [change.name ?? current.name, ...(change.aliases ?? current.aliases)];
        await claimNames(tx, tenantId, names, id);
      }
      const [updated] = await tx
        .update(botCommands)
        .set({ ...change, updatedAt: new Date() })
        .where(eq(botCommands.id, id))
        .returning();
      await notifyConfig(tx, tenantId);
      return updated!;
    });
    return c.json(commandView(row), 200);
  })
  .openapi(deleteCommand, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'stream.command.delete', id);
    const [row] = await changeRows(c, (tx) =>
      tx.delete(botCommands).where(eq(botCommands.id, id)).returning({ name: botCommands.name }),
    );
    if (!row) throw noCommand();
    auditAs(c, 'stream.command.delete', id, { name: row.name });
    return c.body(null, 204);
  });
