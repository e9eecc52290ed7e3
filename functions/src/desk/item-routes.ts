/**
 * The routes of a guild's list of things (categories, panels, streamers): staff read it, admins
 * add, change and delete, always within the guild in the path. One declaration, so the three lists
 * answer alike.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { AppContext } from '../lib/context';
import { errors, jsonBody, jsonResponse } from '../lib/router';
import { deskGuild, deskScope, inGuild } from './guard';
import { guildItemParam, guildParam } from './shared';

const tags = ['desk'];

export function guildItemRoutes<
  Items extends string,
  View extends z.ZodType,
  Input extends z.ZodType,
  Patch extends z.ZodType,
>(o: {
  /** The path segment and the list's key, e.g. 'categories'. */
  items: Items;
  view: View;
  input: Input;
  patch: Patch;
  summaries: { list: string; create: string; update: string; delete: string };
  /** Writes that answer 409 (a name or a person already on the list). */
  conflictOn?: ('create' | 'update')[];
  /** How the answers to a create and a delete describe themselves (default Created, Deleted). */
  created?: string;
  deleted?: string;
}) {
  const collection = `/guilds/{guildId}/${o.items}` as const;
  const item = `${collection}/{id}` as const;
  const list = z.object({ [o.items]: z.array(o.view) } as { [K in Items]: z.ZodArray<View> });
  const writeErrors = (write: 'create' | 'update') =>
    o.conflictOn?.includes(write) ? errors(400, 401, 403, 404, 409, 429) : errors(400, 401, 403, 404, 429);
  return {
    list: createRoute({
      method: 'get',
      path: collection,
      tags,
      summary: o.summaries.list,
      middleware: [deskGuild('staff')] as const,
      request: { params: guildParam },
      responses: {
        200: jsonResponse(list, o.items.charAt(0).toUpperCase() + o.items.slice(1)),
        ...errors(401, 403, 404),
      },
    }),
    create: createRoute({
      method: 'post',
      path: collection,
      tags,
      summary: o.summaries.create,
      middleware: [deskGuild('admin')] as const,
      request: { params: guildParam, body: jsonBody(o.input) },
      responses: { 201: jsonResponse(o.view, o.created ?? 'Created'), ...writeErrors('create') },
    }),
    update: createRoute({
      method: 'patch',
      path: item,
      tags,
      summary: o.summaries.update,
      middleware: [deskGuild('admin')] as const,
      request: { params: guildItemParam, body: jsonBody(o.patch) },
      responses: { 200: jsonResponse(o.view, 'Updated'), ...writeErrors('update') },
    }),
    delete: createRoute({
      method: 'delete',
      path: item,
      tags,
      summary: o.summaries.delete,
      middleware: [deskGuild('admin')] as const,
      request: { params: guildItemParam },
      responses: { 204: { description: o.deleted ?? 'Deleted' }, ...errors(401, 403, 404, 429) },
    }),
  };
}

/** The row `id` of a guild table, only if it belongs to the guild in scope. */
export function rowInGuild(table: { id: PgColumn; guildId: PgColumn }, id: string, guildId: string): SQL {
  return and(eq(table.id, id), eq(table.guildId, guildId))!;
}

/** Deletes row `id` of the guild in scope; false when the guild has no such row. */
export async function deleteInGuild(
  c: AppContext,
  table: PgTable & { id: PgColumn; guildId: PgColumn },
  id: string,
): Promise<boolean> {
  const { guildId } = deskScope(c);
  const rows = await inGuild(c, (tx) =>
    tx
      .delete(table)
      .where(rowInGuild(table, id, guildId))
      .returning({ id: table.id }),
  );
  return rows.length > 0;
}
