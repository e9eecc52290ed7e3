/**
 * Which guilds a person may open in the desk: the guilds they share with the bot, as admin when they
 * can manage the guild on Discord (or own it), as staff when they hold one of its staff roles.
 * Refreshed at sign-in and on request; the rows it writes are what the desk guard checks.
 */

import { withTenant } from '@homelab/db/client/tenant';
import type { DeskGuild } from '@homelab/db/discord';
import {
  discordGuildAccess,
  discordGuilds,
  type GuildAccessLevel,
  ticketCategories,
} from '@homelab/db/schema';
import { eq, inArray } from 'drizzle-orm';
import { type AppContext, db } from '../lib/context';
import { botRest, discordStatus, personRest } from './discord-api';

type PartialGuild = { id: string; name: string; icon: string | null; owner?: boolean; permissions?: string };
type Member = { roles: string[] };

const administrator = 0x8n;
const manageGuild = 0x20n;

export function canManage(guild: PartialGuild): boolean {
  if (guild.owner) return true;
  let permissions: bigint;
  try {
    permissions = BigInt(guild.permissions ?? '0');
  } catch {
    return false;
  }
  return (permissions & (administrator | manageGuild)) !== 0n;
}

export function guildIconUrl(guildId: string, icon: string | null): string | null {
  return icon ? `https://cdn.discordapp.com/icons/${guildId}/${icon}.png` : null;
}

export type AccessRefresh = {
  baseUrl: string;
  botToken: string;
  userId: string;
  discordUserId: string;
  bearerToken: string;
};

export async function refreshGuildAccess(c: AppContext, input: AccessRefresh): Promise<DeskGuild[]> {
  const bot = botRest(input.baseUrl, input.botToken);
  const [mine, botGuilds] = await Promise.all([
    personRest(input.baseUrl, input.bearerToken).get<PartialGuild[]>('/users/@me/guilds'),
    bot.get<PartialGuild[]>('/users/@me/guilds'),
  ]);
  const served = new Map(botGuilds.map((g) => [g.id, g]));
  const shared = mine.filter((g) => served.has(g.id) && /^\d{1,20}$/.test(g.id));
  const ids = shared.map((g) => g.id);
  const handle = db(c).db;

  const staffRoles = ids.length
    ? await withTenant(handle, { guildIds: ids, userId: input.userId }, async (tx) => {
        for (const g of shared) {
          const botView = served.get(g.id)!;
          const values = { guildId: g.id, name: botView.name, iconUrl: guildIconUrl(g.id, botView.icon) };
          await tx
            .insert(discordGuilds)
            .values(values)
            .onConflictDoUpdate({
              target: discordGuilds.guildId,
              set: { name: values.name, iconUrl: values.iconUrl, updatedAt: new Date() },
            });
        }
        const guildRoles = await tx
          .select({ guildId: discordGuilds.guildId, roles: discordGuilds.staffRoleIds })
          .from(discordGuilds)
          .where(inArray(discordGuilds.guildId, ids));
        const categoryRoles = await tx
          .select({ guildId: ticketCategories.guildId, roles: ticketCategories.staffRoleIds })
          .from(ticketCategories)
          .where(inArray(ticketCategories.guildId, ids));
        const roles = new Map<string, Set<string>>();
        for (const row of [...guildRoles, ...categoryRoles]) {
          const set = roles.get(row.guildId) ?? new Set<string>();
          for (const r of row.roles) set.add(r);
          roles.set(row.guildId, set);
        }
        return roles;
      })
    : new Map<string, Set<string>>();

  const levels = new Map<string, GuildAccessLevel>();
  await Promise.all(
    shared.map(async (g) => {
      if (canManage(g)) {
        levels.set(g.id, 'admin');
        return;
      }
      const wanted = staffRoles.get(g.id);
      if (!wanted?.size) return;
      try {
        const member = await bot.get<Member>(`/guilds/${g.id}/members/${input.discordUserId}`);
        if (member.roles.some((r) => wanted.has(r))) levels.set(g.id, 'staff');
      } catch (error) {
        // Not (or no longer) a member: no access, rather than failing everyone's sign-in.
        if (discordStatus(error) !== 404) throw error;
      }
    }),
  );

  const granted = [...levels.keys()];
  await withTenant(handle, { guildIds: granted, userId: input.userId }, async (tx) => {
    await tx.delete(discordGuildAccess).where(eq(discordGuildAccess.userId, input.userId));
    if (granted.length) {
      await tx
        .insert(discordGuildAccess)
        .values(granted.map((guildId) => ({ userId: input.userId, guildId, level: levels.get(guildId)! })));
    }
  });

  return shared
    .filter((g) => levels.has(g.id))
    .map((g) => {
      const botView = served.get(g.id)!;
      return {
        guildId: g.id,
        name: botView.name,
        iconUrl: guildIconUrl(g.id, botView.icon),
        level: levels.get(g.id)!,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The guilds a person's access rows name, with their names (read as those guilds' tenant). */
export async function listDeskGuilds(c: AppContext, userId: string): Promise<DeskGuild[]> {
  const handle = db(c).db;
  const access = await withTenant(handle, { guildIds: [], userId }, (tx) =>
    tx
      .select({ guildId: discordGuildAccess.guildId, level: discordGuildAccess.level })
      .from(discordGuildAccess)
      .where(eq(discordGuildAccess.userId, userId)),
  );
  if (!access.length) return [];
  const ids = access.map((a) => a.guildId);
  const guilds = await withTenant(handle, { guildIds: ids, userId }, (tx) =>
    tx
      .select({ guildId: discordGuilds.guildId, name: discordGuilds.name, iconUrl: discordGuilds.iconUrl })
      .from(discordGuilds)
      .where(inArray(discordGuilds.guildId, ids)),
  );
  const level = new Map(access.map((a) => [a.guildId, a.level]));
  return guilds
    .map((g) => ({ ...g, level: level.get(g.guildId)! }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
