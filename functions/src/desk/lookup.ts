/**
 * A guild's channels and roles as the bot sees them now, for the desk's pickers. Read from
 * Discord on each call (no cache), so a channel made a minute ago is there.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, errors, jsonResponse } from '../lib/router';
import { botFor, discordUnavailable, isDiscordFailure } from './discord-api';
import { deskGuild, deskScope } from './guard';
import { guildParam } from './shared';

type Channel = { id: string; name: string; type: number; parent_id?: string | null; position?: number };
type Role = { id: string; name: string; color: number; position: number; managed?: boolean };

const categoryType = 4;

const lookupRoute = createRoute({
  method: 'get',
  path: '/guilds/{guildId}/discord',
  tags: ['desk'],
  summary: 'The guild’s channels (in Discord’s order) and roles (highest first)',
  middleware: [deskGuild('staff')] as const,
  request: { params: guildParam },
  responses: {
    200: jsonResponse(
      z.object({
        channels: z.array(
          z.object({ id: z.string(), name: z.string(), type: z.number(), parentId: z.string().nullable() }),
        ),
        roles: z.array(z.object({ id: z.string(), name: z.string(), color: z.number() })),
      }),
      'Channels and roles',
    ),
    ...errors(401, 403, 404, 503),
  },
});

/** Discord's sidebar order: channels without a category first, then each category with its own. */
export function sortChannels(channels: Channel[]): Channel[] {
  const byPosition = (a: Channel, b: Channel) =>
    (a.position ?? 0) - (b.position ?? 0) || a.name.localeCompare(b.name);
  const categories = channels.filter((ch) => ch.type === categoryType).sort(byPosition);
  const children = (parent: string | null) =>
    channels.filter((ch) => ch.type !== categoryType && (ch.parent_id ?? null) === parent).sort(byPosition);
  const known = new Set(categories.map((ch) => ch.id));
  const orphans = channels.filter(
    (ch) => ch.type !== categoryType && ch.parent_id && !known.has(ch.parent_id),
  );
  return [
    ...children(null),
    ...orphans.sort(byPosition),
    ...categories.flatMap((cat) => [cat, ...children(cat.id)]),
  ];
}

export const lookupRoutes = createRouter().openapi(lookupRoute, async (c) => {
  const { guildId } = deskScope(c);
  let channels: Channel[];
  let roles: Role[];
  try {
    [channels, roles] = await Promise.all([
      botFor(c).get<Channel[]>(`/guilds/${guildId}/channels`),
      botFor(c).get<Role[]>(`/guilds/${guildId}/roles`),
    ]);
  } catch (error) {
    if (isDiscordFailure(error)) throw discordUnavailable(error);
    throw error;
  }
  return c.json(
    {
      channels: sortChannels(channels).map((ch) => ({
        id: ch.id,
        name: ch.name,
        type: ch.type,
        parentId: ch.parent_id ?? null,
      })),
      // @everyone (the guild's own id) is no role anyone picks; bots' managed roles cannot be given.
      roles: roles
        .filter((r) => r.id !== guildId && !r.managed)
        .sort((a, b) => b.position - a.position)
        .map((r) => ({ id: r.id, name: r.name, color: r.color })),
    },
    200,
  );
});
