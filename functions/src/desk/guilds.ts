/**
 * The caller and their guilds (`/me`, a refresh from Discord) and a guild's settings: ticket
 * hours, staff roles, transcripts and the go-live setup. Reading takes staff, changing takes admin.
 */
import { guildSettingsSchema } from '@homelab/db/discord';
import { discordGuilds } from '@homelab/db/schema';
import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { toUser, userSchema } from '../auth/schemas';
import { type AppContext, auditAs } from '../lib/context';
import { notFound } from '../lib/errors';
import { createRouter, errors, jsonBody, jsonResponse } from '../lib/router';
import { listDeskGuilds, refreshGuildAccess } from './access';
import { deskSession, discordBearer, discordReauth, findDiscordAccount, markDisconnected } from './accounts';
import { discordOAuthConfig, discordUnavailable, isBearerRefused, isDiscordFailure } from './discord-api';
import { deskGuild, deskScope, inGuild } from './guard';
import { guildParam } from './shared';

const tags = ['desk'];

export const deskGuildSchema = z
  .object({
    guildId: z.string(),
    name: z.string(),
    iconUrl: z.string().nullable(),
    level: z.enum(['admin', 'staff']),
  })
  .openapi('DeskGuild');

const hours = z.object({ from: z.string(), to: z.string() });
export const guildSettingsView = z
  .object({
    guildId: z.string(),
    name: z.string(),
    iconUrl: z.string().nullable(),
    level: z.enum(['admin', 'staff']),
    timezone: z.string(),
    supportHours: hours.extend({ days: z.array(z.number()) }).nullable(),
    outOfHoursMessage: z.string().nullable(),
    staffRoleIds: z.array(z.string()),
    autoCloseHours: z.number().nullable(),
    surveyEnabled: z.boolean(),
    transcriptChannelId: z.string().nullable(),
    logChannelId: z.string().nullable(),
    goLiveChannelId: z.string().nullable(),
    goLiveTemplate: z.string(),
    goLiveMentionRoleId: z.string().nullable(),
    goLiveLiveRoleId: z.string().nullable(),
    goLiveDiscoverRoleId: z.string().nullable(),
    goLiveAutoDiscover: z.boolean(),
    goLiveQuietHours: hours.nullable(),
    goLiveEndAction: z.enum(['edit', 'delete']),
  })
  .openapi('DeskGuildSettings');

const meRoute = createRoute({
  method: 'get',
  path: '/me',
  tags,
  summary: 'The signed-in person, their Discord account and the guilds they may open',
  middleware: [deskSession] as const,
  responses: {
    200: jsonResponse(
      z.object({
        user: userSchema,
        discord: z
          .object({ id: z.string(), username: z.string(), avatarUrl: z.string().nullable() })
          .nullable(),
        guilds: z.array(deskGuildSchema),
      }),
      'Who is signed in',
    ),
    ...errors(401, 403),
  },
});

const refreshRoute = createRoute({
  method: 'post',
  path: '/guilds/refresh',
  tags,
  summary: 'Read the guild list and roles from Discord again',
  middleware: [deskSession] as const,
  responses: {
    200: jsonResponse(z.object({ guilds: z.array(deskGuildSchema) }), 'The guilds now accessible'),
    ...errors(401, 403, 429, 503),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/guilds/{guildId}',
  tags,
  summary: 'A guild’s ticket and go-live settings',
  middleware: [deskGuild('staff')] as const,
  request: { params: guildParam },
  responses: { 200: jsonResponse(guildSettingsView, 'Settings'), ...errors(401, 403, 404) },
});

const patchRoute = createRoute({
  method: 'patch',
  path: '/guilds/{guildId}',
  tags,
  summary: 'Change a guild’s settings (admins); only the fields given change',
  middleware: [deskGuild('admin')] as const,
  request: { params: guildParam, body: jsonBody(guildSettingsSchema.meta({ id: 'GuildSettingsInput' })) },
  responses: { 200: jsonResponse(guildSettingsView, 'Updated'), ...errors(400, 401, 403, 404, 429) },
});

type GuildRow = typeof discordGuilds.$inferSelect;

function toSettings(row: GuildRow, level: 'admin' | 'staff') {
  const { createdAt: _c, updatedAt: _u, ticketCounter: _t, ...settings } = row;
  return { ...settings, level };
}

async function loadGuild(c: AppContext) {
  const scope = deskScope(c);
  const [row] = await inGuild(c, (tx) =>
    tx.select().from(discordGuilds).where(eq(discordGuilds.guildId, scope.guildId)).limit(1),
  );
  if (!row) throw notFound('This guild is not in your ticket desk.');
  return toSettings(row, scope.level);
}

export const guildRoutes = createRouter()
  .openapi(meRoute, async (c) => {
    const auth = c.get('auth')!;
    const account = await findDiscordAccount(c, auth.user.id);
    return c.json(
      {
        user: toUser(auth.user),
        discord: account
          ? { id: account.providerUserId, username: account.username, avatarUrl: account.avatarUrl }
          : null,
        guilds: await listDeskGuilds(c, auth.user.id),
      },
      200,
    );
  })
  .openapi(refreshRoute, async (c) => {
    auditAs(c, 'desk.guilds.refresh');
    const config = discordOAuthConfig(c);
    const userId = c.get('auth')!.user.id;
    const { accountId, discordUserId, bearer } = await discordBearer(c, config, userId);
    try {
      const guilds = await refreshGuildAccess(c, {
        baseUrl: config.baseUrl,
        botToken: config.botToken,
        userId,
        discordUserId,
        bearerToken: bearer,
      });
      return c.json({ guilds }, 200);
    } catch (error) {
      // A revoked authorization shows up as a 401 on the person's own guild list.
      if (isBearerRefused(error)) {
        await markDisconnected(c, accountId, 'Discord refused the stored token.');
        throw discordReauth();
      }
      if (isDiscordFailure(error)) throw discordUnavailable(error);
      throw error;
    }
  })
  .openapi(getRoute, async (c) => c.json(await loadGuild(c), 200))
  .openapi(patchRoute, async (c) => {
    const scope = deskScope(c);
    const changes = c.req.valid('json');
    auditAs(c, 'desk.guild.update', scope.guildId, { fields: Object.keys(changes) });
    if (Object.keys(changes).length) {
      await inGuild(c, (tx) =>
        tx
          .update(discordGuilds)
          .set({ ...changes, updatedAt: new Date() })
          .where(eq(discordGuilds.guildId, scope.guildId)),
      );
    }
    return c.json(await loadGuild(c), 200);
  });
