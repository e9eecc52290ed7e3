/**
 * The ticket desk's gate: the caller must be signed in (with Discord linked) and hold access to the
 * `:guildId` in the path; the work then runs as that guild's tenant, so Row-Level Security
 * limits every query to it even where a WHERE is missing.
 */
import { withTenant } from '@homelab/db/client/tenant';
import { discordGuildAccess, type GuildAccessLevel, oauthAccounts } from '@homelab/db/schema';
import { and, eq } from 'drizzle-orm';
import { createMiddleware } from 'hono/factory';
import { type AppContext, type AppEnv, db } from '../lib/context';
import { forbidden, notFound, unauthorized } from '../lib/errors';

export type DeskScope = {
  guildId: string;
  level: GuildAccessLevel;
  /** The HomeLabHub user. */
  userId: string;
  /** Who they are on Discord: actions from the desk are recorded as theirs. */
  discordUserId: string;
  discordUsername: string;
};

const guildIdPattern = /^\d{5,20}$/;

/** Staff may work tickets; 'admin' (Manage Server on Discord) is needed to change the guild's setup. */
export function deskGuild(need: GuildAccessLevel = 'staff') {
  return createMiddleware<AppEnv>(async (c, next) => {
    const auth = c.get('auth');
    if (!auth) throw unauthorized('Sign in with Discord to open the ticket desk.');
    if (auth.kind !== 'session')
      throw forbidden('The ticket desk is for people signed in with Discord, not API keys.');
    const guildId = c.req.param('guildId') ?? '';
    // One answer for "no such guild" and "not yours": the desk does not confirm a guild exists.
    const missing = () => notFound('This guild is not in your ticket desk.');
    if (!guildIdPattern.test(guildId)) throw missing();
    const [row] = await withTenant(db(c).db, { guildIds: [], userId: auth.user.id }, (tx) =>
      tx
        .select({
          level: discordGuildAccess.level,
          discordUserId: oauthAccounts.providerUserId,
          discordUsername: oauthAccounts.username,
        })
        .from(discordGuildAccess)
        .innerJoin(
          oauthAccounts,
          and(eq(oauthAccounts.userId, discordGuildAccess.userId), eq(oauthAccounts.provider, 'discord')),
        )
        .where(and(eq(discordGuildAccess.userId, auth.user.id), eq(discordGuildAccess.guildId, guildId)))
        .limit(1),
    );
    if (!row) throw missing();
    if (need === 'admin' && row.level !== 'admin') {
      throw forbidden("Only the guild's admins (Manage Server on Discord) can change this.");
    }
    c.set('desk', { guildId, userId: auth.user.id, ...row });
    await next();
  });
}

/** The desk scope the guard set; a route without the guard has none. */
export function deskScope(c: AppContext): DeskScope {
  const scope = c.get('desk');
  if (!scope) throw new Error('deskScope() called on a route without deskGuild()');
  return scope;
}

/** Runs work as the guarded guild's tenant (one transaction). */
export function inGuild<T>(
  c: AppContext,
  work: Parameters<typeof withTenant<ReturnType<typeof db>['db'], T>>[2],
): Promise<T> {
  const scope = deskScope(c);
  return withTenant(db(c).db, { guildIds: [scope.guildId], userId: scope.userId }, work);
}
