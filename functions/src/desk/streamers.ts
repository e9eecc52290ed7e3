/**
 * The streamers a guild announces: the ones discovered from presence and the ones added by hand,
 * each with where its go-live state stands. Admins add, pause (enabled), set a Kick channel or
 * rename; the go-live runner does the rest.
 */
import { type StreamerView, streamerInputSchema } from '@homelab/db/discord';
import { goLiveStreamers } from '@homelab/db/schema';
import { z } from '@hono/zod-openapi';
import { asc, eq, sql } from 'drizzle-orm';
import { auditAs } from '../lib/context';
import { conflict, notFound } from '../lib/errors';
import { createRouter } from '../lib/router';
import { deskScope, inGuild } from './guard';
import { deleteInGuild, guildItemRoutes, rowInGuild } from './item-routes';
import { iso, isUniqueViolation } from './shared';

const fields = streamerInputSchema.shape;

/** Only these change by hand; the state machine's columns belong to the runner. */
const streamerPatchSchema = z
  .object({
    displayName: fields.displayName.optional(),
    enabled: z.boolean().optional(),
    kickSlug: fields.kickSlug.unwrap().optional(),
  })
  .strict()
  .openapi('StreamerPatch');

export const streamerView = z
  .object({
    id: z.string(),
    discordUserId: z.string(),
    displayName: z.string(),
    source: z.enum(['discovered', 'manual']),
    enabled: z.boolean(),
    kickSlug: z.string().nullable(),
    state: z.enum(['offline', 'pending', 'live', 'ending']),
    platform: z.enum(['twitch', 'youtube', 'kick']).nullable(),
    url: z.string().nullable(),
    title: z.string().nullable(),
    game: z.string().nullable(),
    liveSince: z.string().nullable(),
  })
  .openapi('Streamer');

type Row = typeof goLiveStreamers.$inferSelect;

function toView(row: Row): StreamerView {
  return {
    id: row.id,
    discordUserId: row.discordUserId,
    displayName: row.displayName,
    source: row.source,
    enabled: row.enabled,
    kickSlug: row.kickSlug,
    state: row.state,
    platform: row.platform,
    url: row.url,
    title: row.title,
    game: row.game,
    liveSince: iso(row.liveSince),
  };
}

const routes = guildItemRoutes({
  items: 'streamers',
  view: streamerView,
  input: streamerInputSchema.meta({ id: 'StreamerInput' }),
  patch: streamerPatchSchema,
  summaries: {
    list: 'Streamers (discovered and manual) with their live state; live ones first',
    create: 'Add a streamer by hand (admins)',
    update: 'Pause or resume, set the Kick channel or the display name (admins)',
    delete: 'Remove a streamer (admins); a discovered one comes back if they stream again',
  },
  conflictOn: ['create'],
  created: 'Added',
  deleted: 'Removed',
});

const missing = () => notFound('No such streamer in this guild.');

export const streamerRoutes = createRouter()
  .openapi(routes.list, async (c) => {
    const { guildId } = deskScope(c);
    const rows = await inGuild(c, (tx) =>
      tx
        .select()
        .from(goLiveStreamers)
        .where(eq(goLiveStreamers.guildId, guildId))
        .orderBy(sql`${goLiveStreamers.state} = 'offline'`, asc(sql`lower(${goLiveStreamers.displayName})`)),
    );
    return c.json({ streamers: rows.map(toView) }, 200);
  })
  .openapi(routes.create, async (c) => {
    const { guildId } = deskScope(c);
    const input = c.req.valid('json');
    auditAs(c, 'desk.streamer.create', input.discordUserId, { displayName: input.displayName });
    try {
      const row = await inGuild(c, async (tx) => {
        const [created] = await tx
          .insert(goLiveStreamers)
          .values({ ...input, guildId, source: 'manual' })
          .returning();
        return created!;
      });
      auditAs(c, 'desk.streamer.create', row.id, { discordUserId: row.discordUserId });
      return c.json(toView(row), 201);
    } catch (error) {
      if (isUniqueViolation(error, 'go_live_streamers_guild_user_idx')) {
        throw conflict('This Discord user is already on the streamer list; change that entry instead.');
      }
      throw error;
    }
  })
  .openapi(routes.update, async (c) => {
    const { guildId } = deskScope(c);
    const { id } = c.req.valid('param');
    const changes = c.req.valid('json');
    auditAs(c, 'desk.streamer.update', id, changes);
    const [row] = await inGuild(c, (tx) =>
      tx
        .update(goLiveStreamers)
        .set({ ...changes, updatedAt: new Date() })
        .where(rowInGuild(goLiveStreamers, id, guildId))
        .returning(),
    );
    if (!row) throw missing();
    return c.json(toView(row), 200);
  })
  .openapi(routes.delete, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'desk.streamer.delete', id);
    if (!(await deleteInGuild(c, goLiveStreamers, id))) throw missing();
    return c.body(null, 204);
  });
