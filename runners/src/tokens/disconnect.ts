/**
 * What happens when a platform no longer accepts an account's tokens: the account is marked
 * disconnected with the reason, and the streamer whose channel uses it is told in the studio.
 */
import type { Pool } from '@homelab/db/client/pool';
import { oauthAccounts, streamChannels, streamNotices, streamTenants } from '@homelab/db/schema';
import { eq } from 'drizzle-orm';
import type { TokenProvider } from './providers';

export type Tx = Parameters<Parameters<Pool['db']['transaction']>[0]>[0];
type Db = Pool['db'] | Tx;

export type AccountRef = { id: string; userId: string; provider: TokenProvider; username: string };

const platformNames: Record<TokenProvider, string> = {
  twitch: 'Twitch',
  google: 'YouTube (Google)',
  kick: 'Kick',
  spotify: 'Spotify',
  discord: 'Discord',
};

/**
 * The tenants to tell about an account: those whose channels use it, and, for the stream
 * platforms, the tenant its owner runs (a Spotify link has no channel).
 */
export async function tenantsOfAccount(db: Db, account: AccountRef): Promise<string[]> {
  const viaChannels = await db
    .selectDistinct({ tenantId: streamChannels.tenantId })
    .from(streamChannels)
    .where(eq(streamChannels.accountId, account.id));
  const owned =
    account.provider === 'discord'
      ? []
      : await db
          .select({ tenantId: streamTenants.id })
          .from(streamTenants)
          .where(eq(streamTenants.ownerId, account.userId));
  return [...new Set([...viaChannels, ...owned].map((row) => row.tenantId))];
}

async function notify(
  db: Db,
  account: AccountRef,
  kind: 'token_revoked' | 'token_refresh_failed',
  message: string,
  error: string,
) {
  const tenantIds = await tenantsOfAccount(db, account);
  if (tenantIds.length === 0) return;
  await db.insert(streamNotices).values(
    tenantIds.map((tenantId) => ({
      tenantId,
      kind,
      message,
      detail: { accountId: account.id, provider: account.provider, username: account.username, error },
    })),
  );
}

export async function disconnectAccount(db: Db, account: AccountRef, reason: string) {
  await db
    .update(oauthAccounts)
    .set({ state: 'disconnected', lastError: reason, updatedAt: new Date() })
    .where(eq(oauthAccounts.id, account.id));
  const platform = platformNames[account.provider];
  await notify(
    db,
    account,
    'token_revoked',
    `${platform} no longer accepts the bot's access to ${account.username}. Sign in with ${platform} again to reconnect it.`,
    reason,
  );
}

/** A refresh that keeps failing for reasons on the platform's side: the account stays connected. */
export async function recordRefreshFailure(
  db: Db,
  account: AccountRef & { lastError: string | null },
  reason: string,
  tellStreamer: boolean,
) {
  await db
    .update(oauthAccounts)
    .set({ lastError: reason, updatedAt: new Date() })
    .where(eq(oauthAccounts.id, account.id));
  // Only the first failure of a streak is told; the next runs retry quietly.
  if (!tellStreamer || account.lastError) return;
  const platform = platformNames[account.provider];
  await notify(
    db,
    account,
    'token_refresh_failed',
    `Refreshing the ${platform} access of ${account.username} failed; it is retried every 30 minutes.`,
    reason,
  );
}
