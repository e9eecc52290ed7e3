/**
 * The outside accounts linked to people: linked or created at sign-in (one platform account belongs
 * to one person; the unique (provider, provider_user_id) index is the last word when two sign-ins
 * race), their tokens sealed with ENCRYPTION_KEY and the row id as associated data, and the bearer
 * token unsealed (refreshed when it has expired) when the system acts as that person.
 */
import { decryptSecret, encryptSecret } from '@homelab/db/crypto';
import { oauthAccounts, users } from '@homelab/db/schema';
import type { OAuth2Tokens } from 'arctic';
import { and, eq } from 'drizzle-orm';
import { isUniqueViolation } from '../desk/shared';
import { type AppContext, db } from '../lib/context';
import { ApiError, conflict } from '../lib/errors';
import { grantedScopes, refreshTokens, tokenExpiry } from './client';
import type { OAuthProvider, Profile, ProviderId } from './provider';

export type Tx = Parameters<Parameters<ReturnType<typeof db>['db']['transaction']>[0]>[0];
export type OAuthAccount = typeof oauthAccounts.$inferSelect;

export function encryptionKey(c: AppContext, label: string): string {
  const key = c.get('config').ENCRYPTION_KEY;
  if (!key) {
    throw new ApiError(
      503,
      'encryption_not_configured',
      `Signing in with ${label} needs ENCRYPTION_KEY, which seals the ${label} tokens at rest.`,
    );
  }
  return key;
}

export async function sealTokens(tokens: OAuth2Tokens, key: string, accountId: string) {
  return {
    accessToken: await encryptSecret(tokens.accessToken(), key, accountId),
    refreshToken: tokens.hasRefreshToken()
      ? await encryptSecret(tokens.refreshToken(), key, accountId)
      : null,
    tokenExpiresAt: tokenExpiry(tokens),
  };
}

/** The platform account is someone else's: it is never moved to the caller. */
export const accountInUse = (label: string) =>
  new ApiError(
    409,
    'account_in_use',
    `This ${label} account is already linked to another HomeLabHub user. Sign out and sign in with ${label} to use that account.`,
  );

export type LinkInput = {
  provider: Pick<OAuthProvider, 'id' | 'label' | 'scopes'>;
  profile: Profile;
  tokens: OAuth2Tokens;
  key: string;
  /** The person signed in when the callback came, who links the account; null signs in. */
  callerUserId: string | null;
};

/**
 * Finds the person the account belongs to, or links it to the caller, or creates a guest for it;
 * inside the caller's transaction, the account row locked while it is decided.
 */
export async function linkAccount(tx: Tx, input: LinkInput): Promise<{ userId: string; accountId: string }> {
  const { provider, profile, tokens, key, callerUserId } = input;
  const details = {
    username: profile.displayName || profile.username,
    avatarUrl: profile.avatarUrl,
    scopes: grantedScopes(tokens, provider.scopes),
    state: 'connected' as const,
    lastError: null,
    updatedAt: new Date(),
  };
  const [existing] = await tx
    .select({ id: oauthAccounts.id, userId: oauthAccounts.userId })
    .from(oauthAccounts)
    .where(and(eq(oauthAccounts.provider, provider.id), eq(oauthAccounts.providerUserId, profile.id)))
    .for('update')
    .limit(1);
  if (existing) {
    if (callerUserId && callerUserId !== existing.userId) throw accountInUse(provider.label);
    await tx
      .update(oauthAccounts)
      .set({ ...details, ...(await sealTokens(tokens, key, existing.id)) })
      .where(eq(oauthAccounts.id, existing.id));
    return { userId: existing.userId, accountId: existing.id };
  }
  let userId = callerUserId;
  if (userId) {
    const [other] = await tx
      .select({ username: oauthAccounts.username })
      .from(oauthAccounts)
      .where(and(eq(oauthAccounts.userId, userId), eq(oauthAccounts.provider, provider.id)))
      .limit(1);
    if (other) {
      throw new ApiError(
        409,
        'provider_already_linked',
        `Your account is already linked to the ${provider.label} account ${other.username}. Sign out first to sign in with a different one.`,
      );
    }
  } else {
    userId = await createGuest(tx, provider.id, profile.id);
  }
  const accountId = crypto.randomUUID();
  await tx.insert(oauthAccounts).values({
    id: accountId,
    userId,
    provider: provider.id,
    providerUserId: profile.id,
    ...details,
    ...(await sealTokens(tokens, key, accountId)),
  });
  return { userId, accountId };
}

/** Runs a sign-in's transaction; a unique violation there is a race lost to another link of the account. */
export async function inSignInTransaction<T>(label: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isUniqueViolation(error)) throw accountInUse(label);
    throw error;
  }
}

async function createGuest(tx: Tx, provider: ProviderId, providerUserId: string): Promise<string> {
  // A leftover user of that name (its link removed) must not block a new sign-in.
  for (const username of [
    `${provider}-${providerUserId}`,
    `${provider}-${providerUserId}-${crypto.randomUUID().slice(0, 6)}`,
  ]) {
    const [row] = await tx
      .insert(users)
      .values({ username, passwordHash: null, role: 'guest' })
      .onConflictDoNothing()
      .returning({ id: users.id });
    if (row) return row.id;
  }
  throw conflict('Could not create an account for this sign-in; try again.');
}

export async function findAccount(c: AppContext, userId: string, provider: ProviderId) {
  const [row] = await db(c)
    .db.select()
    .from(oauthAccounts)
    .where(and(eq(oauthAccounts.userId, userId), eq(oauthAccounts.provider, provider)))
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
 * The account's bearer token, refreshed through its refresh token when it has expired (or is about
 * to). When that fails the account is marked disconnected and `reauth()` thrown: only a new sign-in helps.
 */
export async function accountBearer(
  c: AppContext,
  input: { provider: OAuthProvider; account: OAuthAccount | null; key: string; reauth: () => Error },
): Promise<string> {
  const { provider, account, key, reauth } = input;
  if (account?.state !== 'connected' || !account.accessToken) throw reauth();
  let bearer: string;
  try {
    bearer = await decryptSecret(account.accessToken, key, account.id);
  } catch {
    await markDisconnected(c, account.id, 'The stored token could not be decrypted.');
    throw reauth();
  }
  const expires = account.tokenExpiresAt?.getTime();
  if (expires === undefined || expires - 60_000 > Date.now()) return bearer;
  if (!account.refreshToken) {
    await markDisconnected(c, account.id, 'The token expired and there is no refresh token.');
    throw reauth();
  }
  let tokens: OAuth2Tokens;
  try {
    tokens = await refreshTokens(provider, await decryptSecret(account.refreshToken, key, account.id));
  } catch (error) {
    await markDisconnected(c, account.id, `Refreshing the token failed: ${(error as Error).message}`);
    throw reauth();
  }
  const sealed = await sealTokens(tokens, key, account.id);
  await db(c)
    .db.update(oauthAccounts)
    // Providers that rotate refresh tokens send a new one; the others keep the old one valid.
    .set({ ...sealed, refreshToken: sealed.refreshToken ?? account.refreshToken, updatedAt: new Date() })
    .where(eq(oauthAccounts.id, account.id));
  return tokens.accessToken();
}
