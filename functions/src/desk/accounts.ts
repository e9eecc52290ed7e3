/**
 * The Discord account linked to a person: created or linked at sign-in (one Discord account belongs
 * to one person only), its tokens sealed with ENCRYPTION_KEY and the row id as associated data,
 * and the bearer token unsealed (refreshed when expired) when the desk acts as that person.
 */
import { decryptSecret, encryptSecret } from '@homelab/db/crypto';
import { oauthAccounts, users } from '@homelab/db/schema';
import { OAuth2Client, type OAuth2Tokens } from 'arctic';
import { and, eq } from 'drizzle-orm';
import { createMiddleware } from 'hono/factory';
import { type AppContext, type AppEnv, db } from '../lib/context';
import { ApiError, conflict, forbidden, unauthorized } from '../lib/errors';
import type { DiscordOAuthConfig } from './discord-api';
import { isUniqueViolation } from './shared';

export const discordScopes = ['identify', 'guilds'];

export type DiscordProfile = {
  id: string;
  username: string;
  global_name?: string | null;
  avatar: string | null;
};

export function discordOAuthClient(c: AppContext, config: DiscordOAuthConfig) {
  const origin = c.get('config').PUBLIC_ORIGIN ?? new URL(c.req.url).origin;
  const redirect = `${new URL(origin).origin}/api/desk/auth/discord/callback`;
  return new OAuth2Client(config.applicationId, config.clientSecret, redirect);
}

export const authorizeEndpoint = (config: DiscordOAuthConfig) => `${config.baseUrl}/oauth2/authorize`;
export const tokenEndpoint = (config: DiscordOAuthConfig) => `${config.baseUrl}/api/oauth2/token`;

export function encryptionKey(c: AppContext): string {
  const key = c.get('config').ENCRYPTION_KEY;
  if (!key) {
    throw new ApiError(
      503,
      'encryption_not_configured',
      'Signing in with Discord needs ENCRYPTION_KEY, which seals the Discord tokens at rest.',
    );
  }
  return key;
}

export const discordReauth = () =>
  new ApiError(401, 'discord_reauth', 'Discord needs you to sign in again to refresh your guilds.');

/** Signed in with a session cookie (a desk action is a person's, never an API key's). */
export const deskSession = createMiddleware<AppEnv>(async (c, next) => {
  const auth = c.get('auth');
  if (!auth) throw unauthorized('Sign in with Discord to open the ticket desk.');
  if (auth.kind !== 'session') throw forbidden('The ticket desk is for people signed in, not API keys.');
  return next();
});

function avatarUrl(profile: DiscordProfile) {
  return profile.avatar ? `https://cdn.discordapp.com/avatars/${profile.id}/${profile.avatar}.png` : null;
}

async function sealTokens(tokens: OAuth2Tokens, key: string, accountId: string) {
  return {
    accessToken: await encryptSecret(tokens.accessToken(), key, accountId),
    refreshToken: tokens.hasRefreshToken()
      ? await encryptSecret(tokens.refreshToken(), key, accountId)
      : null,
    tokenExpiresAt: expiresAt(tokens),
  };
}

function expiresAt(tokens: OAuth2Tokens): Date | null {
  return 'expires_in' in tokens.data ? tokens.accessTokenExpiresAt() : null;
}

const alreadyLinked = () =>
  conflict(
    'This Discord account is already linked to another HomeLabHub user. Sign out and sign in with Discord to use that account.',
  );

/**
 * Finds the person a Discord account belongs to, or links it to the signed-in caller, or creates a
 * guest for it; in one transaction, with the unique (provider, provider_user_id) index as the last
 * word when two sign-ins race.
 */
export async function signInDiscordAccount(
  c: AppContext,
  input: { callerUserId: string | null; profile: DiscordProfile; tokens: OAuth2Tokens; key: string },
): Promise<string> {
  const { profile, tokens, key, callerUserId } = input;
  const details = {
    username: profile.global_name || profile.username,
    avatarUrl: avatarUrl(profile),
    scopes: tokens.hasScopes() ? tokens.scopes() : discordScopes,
    state: 'connected' as const,
    lastError: null,
    updatedAt: new Date(),
  };
  try {
    return await db(c).db.transaction(async (tx) => {
      const [existing] = await tx
        .select({ id: oauthAccounts.id, userId: oauthAccounts.userId })
        .from(oauthAccounts)
        .where(and(eq(oauthAccounts.provider, 'discord'), eq(oauthAccounts.providerUserId, profile.id)))
        .for('update')
        .limit(1);
      if (existing) {
        if (callerUserId && callerUserId !== existing.userId) throw alreadyLinked();
        await tx
          .update(oauthAccounts)
          .set({ ...details, ...(await sealTokens(tokens, key, existing.id)) })
          .where(eq(oauthAccounts.id, existing.id));
        return existing.userId;
      }
      let userId = callerUserId;
      if (userId) {
        const [other] = await tx
          .select({ username: oauthAccounts.username })
          .from(oauthAccounts)
          .where(and(eq(oauthAccounts.userId, userId), eq(oauthAccounts.provider, 'discord')))
          .limit(1);
        if (other) {
          throw conflict(
            `Your account is already linked to the Discord account ${other.username}. Sign out first to sign in with a different one.`,
          );
        }
      } else {
        userId = await createGuest(tx, profile.id);
      }
      const id = crypto.randomUUID();
      await tx.insert(oauthAccounts).values({
        id,
        userId,
        provider: 'discord',
        providerUserId: profile.id,
        ...details,
        ...(await sealTokens(tokens, key, id)),
      });
      return userId;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyLinked();
    throw error;
  }
}

type Tx = Parameters<Parameters<ReturnType<typeof db>['db']['transaction']>[0]>[0];

async function createGuest(tx: Tx, discordUserId: string): Promise<string> {
  // A leftover user of that name (its Discord link removed) must not block a new sign-in.
  for (const username of [
    `discord-${discordUserId}`,
    `discord-${discordUserId}-${crypto.randomUUID().slice(0, 6)}`,
  ]) {
    const [row] = await tx
      .insert(users)
      .values({ username, passwordHash: null, role: 'guest' })
      .onConflictDoNothing()
      .returning({ id: users.id });
    if (row) return row.id;
  }
  throw conflict('Could not create an account for this Discord user; try again.');
}

export type DiscordIdentity = { discordUserId: string; username: string; avatarUrl: string | null };

export async function findDiscordAccount(c: AppContext, userId: string) {
  const [row] = await db(c)
    .db.select()
    .from(oauthAccounts)
    .where(and(eq(oauthAccounts.userId, userId), eq(oauthAccounts.provider, 'discord')))
    .limit(1);
  return row ?? null;
}

export async function markDisconnected(c: AppContext, accountId: string, reason: string) {
  await db(c)
    .db.update(oauthAccounts)
    .set({ state: 'disconnected', lastError: reason, updatedAt: new Date() })
    .where(eq(oauthAccounts.id, accountId));
}

/**
 * The person's Discord bearer token, refreshed through the refresh token when it has expired (or
 * is about to). When Discord refuses, the account is marked disconnected: only a new sign-in helps.
 */
export async function discordBearer(c: AppContext, config: DiscordOAuthConfig, userId: string) {
  const key = encryptionKey(c);
  const account = await findDiscordAccount(c, userId);
  if (account?.state !== 'connected' || !account.accessToken) throw discordReauth();
  const identity = { accountId: account.id, discordUserId: account.providerUserId };
  let bearer: string;
  try {
    bearer = await decryptSecret(account.accessToken, key, account.id);
  } catch {
    await markDisconnected(c, account.id, 'The stored token could not be decrypted.');
    throw discordReauth();
  }
  const expires = account.tokenExpiresAt?.getTime();
  if (expires === undefined || expires - 60_000 > Date.now()) return { ...identity, bearer };
  if (!account.refreshToken) {
    await markDisconnected(c, account.id, 'The token expired and there is no refresh token.');
    throw discordReauth();
  }
  let tokens: OAuth2Tokens;
  try {
    const refresh = await decryptSecret(account.refreshToken, key, account.id);
    tokens = await discordOAuthClient(c, config).refreshAccessToken(tokenEndpoint(config), refresh, []);
  } catch (error) {
    await markDisconnected(c, account.id, `Refreshing the token failed: ${(error as Error).message}`);
    throw discordReauth();
  }
  const sealed = await sealTokens(tokens, key, account.id);
  await db(c)
    .db.update(oauthAccounts)
    .set({ ...sealed, refreshToken: sealed.refreshToken ?? account.refreshToken, updatedAt: new Date() })
    .where(eq(oauthAccounts.id, account.id));
  return { ...identity, bearer: tokens.accessToken() };
}
