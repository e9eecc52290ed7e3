/**
 * Ticket panels of a guild: the message with a button (or a select) per category. These routes
 * keep the panel's definition; posting it to Discord is the publish route of the tickets area.
 */
import { type PanelInput, panelInputSchema } from '@homelab/db/discord';
import { ticketCategories, ticketPanels } from '@homelab/db/schema';
import { z } from '@hono/zod-openapi';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { type AppContext, auditAs } from '../lib/context';
import { badRequest, notFound } from '../lib/errors';
import { createRouter } from '../lib/router';
import { deskScope, inGuild } from './guard';
import { deleteInGuild, guildItemRoutes, rowInGuild } from './item-routes';
import { iso, parseMerged, patchBody } from './shared';

export const panelView = z
  .object({
    id: z.string(),
    channelId: z.string(),
    messageId: z.string().nullable(),
    title: z.string(),
    description: z.string().nullable(),
    style: z.enum(['buttons', 'select']),
    categoryIds: z.array(z.string()),
    createdAt: z.string(),
  })
  .openapi('TicketPanel');

type Row = typeof ticketPanels.$inferSelect;

function toView(row: Row) {
  const { guildId: _g, ...rest } = row;
  return { ...rest, createdAt: iso(row.createdAt)! };
}

const routes = guildItemRoutes({
  items: 'panels',
  view: panelView,
  input: panelInputSchema.meta({ id: 'PanelInput' }),
  patch: patchBody('PanelPatch'),
  summaries: {
    list: 'Ticket panels',
    create: 'Add a panel (admins); publish it to post it in Discord',
    update: 'Change a panel (admins); publish again to update the message',
    delete: 'Delete a panel (admins); a posted message stays in Discord',
  },
});

const missing = () => notFound('No such panel in this guild.');

/** Every category a panel offers must be one of this guild's (RLS hides the others anyway). */
async function checkCategories(c: AppContext, input: PanelInput) {
  const { guildId } = deskScope(c);
  const found = await inGuild(c, (tx) =>
    tx
      .select({ id: ticketCategories.id })
      .from(ticketCategories)
      .where(and(eq(ticketCategories.guildId, guildId), inArray(ticketCategories.id, input.categoryIds))),
  );
  const known = new Set(found.map((r) => r.id));
  const unknown = input.categoryIds.filter((id) => !known.has(id));
  if (unknown.length) {
    throw badRequest('Some categories are not in this guild.', {
      categoryIds: [`Unknown categories: ${unknown.join(', ')}`],
    });
  }
  if (new Set(input.categoryIds).size !== input.categoryIds.length) {
    throw badRequest('Each category once.', { categoryIds: ['Each category once'] });
  }
}

export const panelRoutes = createRouter()
  .openapi(routes.list, async (c) => {
    const { guildId } = deskScope(c);
    const rows = await inGuild(c, (tx) =>
      tx
        .select()
        .from(ticketPanels)
        .where(eq(ticketPanels.guildId, guildId))
        .orderBy(asc(ticketPanels.createdAt)),
    );
    return c.json({ panels: rows.map(toView) }, 200);
  })
  .openapi(routes.create, async (c) => {
    const { guildId } = deskScope(c);
    const input = c.req.valid('json');
    auditAs(c, 'desk.panel.create', guildId, { title: input.title });
    await checkCategories(c, input);
    const row = await inGuild(c, async (tx) => {
      const [created] = await tx
        .insert(ticketPanels)
        .values({ ...input, guildId })
        .returning();
      return created!;
    });
    auditAs(c, 'desk.panel.create', row.id, { title: row.title });
    return c.json(toView(row), 201);
  })
  .openapi(routes.update, async (c) => {
    const { guildId } = deskScope(c);
    const { id } = c.req.valid('param');
    auditAs(c, 'desk.panel.update', id);
    const [current] = await inGuild(c, (tx) =>
      tx
        .select()
        .from(ticketPanels)
        .where(rowInGuild(ticketPanels, id, guildId))
        .limit(1),
    );
    if (!current) throw missing();
    const { channelId, title, description, style, categoryIds } = current;
    const input = parseMerged(panelInputSchema, {
      ...{ channelId, title, description, style, categoryIds },
      ...c.req.valid('json'),
    });
    await checkCategories(c, input);
    const [row] = await inGuild(c, (tx) =>
      tx
        .update(ticketPanels)
        .set(input)
        .where(rowInGuild(ticketPanels, id, guildId))
        .returning(),
    );
    if (!row) throw missing();
    return c.json(toView(row), 200);
  })
  .openapi(routes.delete, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'desk.panel.delete', id);
    if (!(await deleteInGuild(c, ticketPanels, id))) throw missing();
    return c.body(null, 204);
  });
