/**
 * A channel's OAuth access token, read from its linked oauth_accounts row and unsealed. The tokens
 * runner refreshes the rows; connections only read them, so a refreshed token is picked up here.
 */
import type { Pool } from '@homelab/db/client/pool';
import { decryptSecret } from '@homelab/db/crypto';

export class ChannelTokenError extends Error {
  override name = 'ChannelTokenError';
}

type TokenRow = {
  id: string;
  access_token: string | null;
  token_expires_at: Date | string | null;
  state: string;
  scopes: string[] | null;
};

/** The channel's access token, or a ChannelTokenError saying why there is none to use. */
export async function readChannelToken(pool: Pool, channelId: string, encryptionKey: string | undefined) {
  if (!encryptionKey)
    throw new ChannelTokenError('ENCRYPTION_KEY is not configured, so stored tokens cannot be read.');
  const rows = await pool.sql<TokenRow[]>`
    select a.id, a.access_token, a.token_expires_at, a.state, a.scopes
    from stream_channels c join oauth_accounts a on a.id = c.account_id
    where c.id = ${channelId}`;
  const row = rows[0];
  if (!row) throw new ChannelTokenError('The channel has no linked account.');
  if (row.state !== 'connected')
    throw new ChannelTokenError('The linked account is disconnected; sign in again.');
  if (!row.access_token) throw new ChannelTokenError('The linked account has no access token.');
  const value = await decryptSecret(row.access_token, encryptionKey, row.id).catch((error: Error) => {
    throw new ChannelTokenError(error.message);
  });
  return {
    value,
    expiresAt: row.token_expires_at ? new Date(row.token_expires_at).getTime() : null,
    /** What the streamer granted at sign-in (oauth_accounts.scopes). */
    scopes: row.scopes ?? [],
  };
}

/** Caches a channel's token until shortly before it expires, or until told it was refused. */
export function createTokenCache(pool: Pool, encryptionKey: string | undefined) {
  const cache = new Map<string, { value: string; expiresAt: number | null; scopes: string[] }>();
  async function read(channelId: string) {
    const hit = cache.get(channelId);
    if (hit && (hit.expiresAt === null || hit.expiresAt > Date.now() + 60_000)) return hit;
    const token = await readChannelToken(pool, channelId, encryptionKey);
    cache.set(channelId, token);
    return token;
  }
  return {
    async get(channelId: string): Promise<string> {
      return (await read(channelId)).value;
    },
    /** The token with the scopes it was granted. */
    read,
    /** The platform answered 401: read the row again next time (the tokens runner may have refreshed it). */
    forget(channelId: string) {
      cache.delete(channelId);
    },
  };
}
