/**
 * Ticket categories of a guild: what a panel button opens, with its form, staff roles, mode,
 * naming pattern and SLA targets. Deleting one leaves its tickets (their category becomes none)
 * and takes it off the panels that offered it.
 */
import { type CategoryInput, categoryInputSchema } from '@homelab/db/discord';
import { ticketCategories, ticketPanels } from '@homelab/db/schema';
import { z } from '@hono/zod-openapi';
import { and, asc, eq, sql } from 'drizzle-orm';
import { type AppContext, auditAs } from '../lib/context';
import { conflict, notFound } from '../lib/errors';
import { createRouter } from '../lib/router';
import { deskScope, inGuild } from './guard';
import { guildItemRoutes, rowInGuild } from './item-routes';
import { iso, isUniqueViolation, parseMerged, patchBody } from './shared';

const formField = z.object({
  id: z.string(),
  label: z.string(),
  style: z.enum(['short', 'paragraph']),
  required: z.boolean(),
  placeholder: z.string().optional(),
  minLength: z.number().optional(),
  maxLength: z.number().optional(),
});

export const categoryView = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    emoji: z.string().nullable(),
    form: z.array(formField),
    staffRoleIds: z.array(z.string()),
    mode: z.enum(['channel', 'thread']),
    parentChannelId: z.string().nullable(),
    namingPattern: z.string(),
    openingMessage: z.string().nullable(),
    slaFirstResponseMinutes: z.number().nullable(),
    slaResolutionMinutes: z.number().nullable(),
    escalationRoleId: z.string().nullable(),
    position: z.number(),
    createdAt: z.string(),
  })
  .openapi('TicketCategory');

type Row = typeof ticketCategories.$inferSelect;

function toView(row: Row) {
  const { guildId: _g, ...rest } = row;
  return { ...rest, createdAt: iso(row.createdAt)! };
}

const routes = guildItemRoutes({
  items: 'categories',
  view: categoryView,
  input: categoryInputSchema.meta({ id: 'CategoryInput' }),
  patch: patchBody('CategoryPatch'),
  summaries: {
    list: 'Ticket categories, in panel order',
    create: 'Add a category (admins)',
    update: 'Change a category (admins); the fields not given stay',
    delete: 'Delete a category (admins); its tickets stay, without a category',
  },
  conflictOn: ['create', 'update'],
});

const missing = () => notFound('No such category in this guild.');

async function saving<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error, 'ticket_categories_guild_name_idx')) {
      throw conflict(`A category named "${name}" already exists in this guild. Pick another name.`);
    }
    throw error;
  }
}

function inputOf(row: Row): CategoryInput {
  const { id: _i, guildId: _g, createdAt: _c, ...input } = row;
  return input;
}

async function findOne(c: AppContext, id: string) {
  const scope = deskScope(c);
  const [row] = await inGuild(c, (tx) =>
    tx
      .select()
      .from(ticketCategories)
      .where(rowInGuild(ticketCategories, id, scope.guildId))
      .limit(1),
  );
  if (!row) throw missing();
  return row;
}

export const categoryRoutes = createRouter()
  .openapi(routes.list, async (c) => {
    const { guildId } = deskScope(c);
    const rows = await inGuild(c, (tx) =>
      tx
        .select()
        .from(ticketCategories)
        .where(eq(ticketCategories.guildId, guildId))
        .orderBy(asc(ticketCategories.position), asc(ticketCategories.name)),
    );
    return c.json({ categories: rows.map(toView) }, 200);
  })
  .openapi(routes.create, async (c) => {
    const { guildId } = deskScope(c);
    const input = c.req.valid('json');
    auditAs(c, 'desk.category.create', guildId, { name: input.name });
    const row = await saving(input.name, () =>
      inGuild(c, async (tx) => {
        const [created] = await tx
          .insert(ticketCategories)
          .values({ ...input, guildId })
          .returning();
        return created!;
      }),
    );
    auditAs(c, 'desk.category.create', row.id, { name: row.name });
    return c.json(toView(row), 201);
  })
  .openapi(routes.update, async (c) => {
    const { guildId } = deskScope(c);
    const { id } = c.req.valid('param');
    auditAs(c, 'desk.category.update', id);
    const current = await findOne(c, id);
    const input = parseMerged(categoryInputSchema, { ...inputOf(current), ...c.req.valid('json') });
    auditAs(c, 'desk.category.update', id, { name: input.name });
    const row = await saving(input.name, () =>
      inGuild(c, async (tx) => {
        const [updated] = await tx
          .update(ticketCategories)
          .set(input)
          .where(rowInGuild(ticketCategories, id, guildId))
          .returning();
        return updated;
      }),
    );
    if (!row) throw missing();
    return c.json(toView(row), 200);
  })
  .openapi(routes.delete, async (c) => {
    const { guildId } = deskScope(c);
    const { id } = c.req.valid('param');
    auditAs(c, 'desk.category.delete', id);
    const deleted = await inGuild(c, async (tx) => {
      const rows = await tx
        .delete(ticketCategories)
        .where(rowInGuild(ticketCategories, id, guildId))
        .returning({ id: ticketCategories.id });
      if (rows.length) {
        await tx
          .update(ticketPanels)
          .set({ categoryIds: sql`array_remove(${ticketPanels.categoryIds}, ${id}::uuid)` })
          .where(and(eq(ticketPanels.guildId, guildId), sql`${id}::uuid = any(${ticketPanels.categoryIds})`));
      }
      return rows.length;
    });
    if (!deleted) throw missing();
    return c.body(null, 204);
  });
