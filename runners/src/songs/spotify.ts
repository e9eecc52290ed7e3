/**
 * The streamer's Spotify, as song requests use it: the tenant owner's linked account
 * (oauth_accounts, provider 'spotify'), its access token refreshed here when it has expired or
 * Spotify refused it, with the tenant's own Spotify app (spotify_apps) when there is one, since a
 * refresh token only works with the app that issued it; then the few Web API calls songs need.
 */
import type { Pool } from '@homelab/db/client/pool';
import { decryptSecret, encryptSecret } from '@homelab/db/crypto';
import type { TransactionSql } from 'postgres';

export type SpotifyOptions = {
  clientId?: string;
  clientSecret?: string;
  authBaseUrl: string;
  apiBaseUrl: string;
};

export type SpotifyTrack = {
  id: string;
  name: string;
  artists: { id: string; name: string }[];
  durationMs: number;
  explicit: boolean;
};

/** What went wrong, worded for chat; `reason` is Spotify's (PREMIUM_REQUIRED, NO_ACTIVE_DEVICE) or ours. */
export class SpotifyError extends Error {
  override name = 'SpotifyError';
  constructor(
    message: string,
    readonly status: number,
    readonly reason?: string,
  ) {
    super(message);
  }
}

type AccountRow = {
  id: string;
  access_token: string | null;
  refresh_token: string | null;
  token_expires_at: Date | string | null;
  state: string;
};

type RawTrack = {
  id: string;
  name: string;
  duration_ms: number;
  explicit: boolean;
  artists: { id: string; name: string }[];
};

const trackOf = (t: RawTrack): SpotifyTrack => ({
  id: t.id,
  name: t.name,
  artists: t.artists.map((a) => ({ id: a.id, name: a.name })),
  durationMs: t.duration_ms,
  explicit: t.explicit,
});

/** The tenant's Spotify app: its own from spotify_apps, else the server's. */
export async function spotifyAppOf(pool: Pool, options: SpotifyOptions, key: string, tenantId: string) {
  const [own] = await pool.sql<{ client_id: string; client_secret: string }[]>`
    select client_id, client_secret from spotify_apps where tenant_id = ${tenantId}`;
  if (own)
    return { clientId: own.client_id, clientSecret: await decryptSecret(own.client_secret, key, tenantId) };
  if (!options.clientId || !options.clientSecret) return null;
  return { clientId: options.clientId, clientSecret: options.clientSecret };
}

export function createSpotify(
  pool: Pool,
  options: SpotifyOptions,
  encryptionKey: string | undefined,
  fetchImpl: typeof fetch = fetch,
) {
  const api = options.apiBaseUrl.replace(/\/+$/, '');
  const accounts = options.authBaseUrl.replace(/\/+$/, '');
  const cache = new Map<string, { value: string; expiresAt: number }>();

  function keyOrThrow() {
    if (!encryptionKey)
      throw new SpotifyError('Song requests are not set up on this server (no ENCRYPTION_KEY).', 0, 'CONFIG');
    return encryptionKey;
  }

  async function refresh(tx: TransactionSql, tenantId: string, row: AccountRow, key: string) {
    const app = await spotifyAppOf(pool, options, key, tenantId);
    if (!app || !row.refresh_token)
      throw new SpotifyError(
        'The Spotify link has expired; the streamer needs to link Spotify again.',
        401,
        'RELINK',
      );
    const refreshToken = await decryptSecret(row.refresh_token, key, row.id);
    const response = await fetchImpl(`${accounts}/api/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
      signal: AbortSignal.timeout(10_000),
    }).catch(() => null);
    if (!response) throw new SpotifyError('Spotify could not be reached; try again soon.', 0, 'NETWORK');
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok || typeof body.access_token !== 'string')
      throw new SpotifyError(
        response.status >= 500
          ? 'Spotify is having trouble; try again soon.'
          : 'Spotify refused the link; the streamer needs to link Spotify again.',
        response.status,
        'RELINK',
      );
    const expiresAt = Date.now() + (typeof body.expires_in === 'number' ? body.expires_in : 3600) * 1000;
    const sealedAccess = await encryptSecret(body.access_token, key, row.id);
    // Spotify may answer without a refresh token: the old one stays good then.
    const sealedRefresh =
      typeof body.refresh_token === 'string' ? await encryptSecret(body.refresh_token, key, row.id) : null;
    await tx`
      update oauth_accounts set access_token = ${sealedAccess},
        refresh_token = coalesce(${sealedRefresh}, refresh_token),
        token_expires_at = ${new Date(expiresAt).toISOString()}::timestamptz, last_error = null, updated_at = now()
      where id = ${row.id}`;
    return { value: body.access_token, expiresAt };
  }

  /** A usable access token; `stale` is one Spotify just refused, so it is refreshed even if not due. */
  async function token(tenantId: string, stale?: string): Promise<string> {
    const hit = cache.get(tenantId);
    if (hit && hit.value !== stale && hit.expiresAt > Date.now() + 60_000) return hit.value;
    const key = keyOrThrow();
    const fresh = await pool.sql.begin(async (tx) => {
      // The row lock keeps two requests (or two runners) from spending the refresh token twice.
      const [row] = await tx<AccountRow[]>`
        select a.id, a.access_token, a.refresh_token, a.token_expires_at, a.state
        from stream_tenants t join oauth_accounts a on a.user_id = t.owner_id and a.provider = 'spotify'
        where t.id = ${tenantId}
        for update of a`;
      if (row?.state !== 'connected' || !row.access_token)
        throw new SpotifyError(
          'Spotify is not linked; the streamer can link it in the studio.',
          401,
          'NOT_LINKED',
        );
      const value = await decryptSecret(row.access_token, key, row.id);
      const expiresAt = row.token_expires_at
        ? new Date(row.token_expires_at).getTime()
        : Number.MAX_SAFE_INTEGER;
      if (value !== stale && expiresAt > Date.now() + 60_000) return { value, expiresAt };
      return refresh(tx, tenantId, row, key);
    });
    cache.set(tenantId, fresh);
    return fresh.value;
  }

  async function call(
    tenantId: string,
    method: 'GET' | 'POST',
    path: string,
    query: Record<string, string> = {},
  ) {
    let access = await token(tenantId);
    for (let attempt = 0; ; attempt++) {
      const url = `${api}${path}${Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''}`;
      const response = await fetchImpl(url, {
        method,
        headers: { authorization: `Bearer ${access}` },
        signal: AbortSignal.timeout(10_000),
      }).catch(() => null);
      if (!response) throw new SpotifyError('Spotify could not be reached; try again soon.', 0, 'NETWORK');
      if (response.status === 401 && attempt === 0) {
        access = await token(tenantId, access);
        continue;
      }
      const text = await response.text().catch(() => '');
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
      if (response.ok) return { status: response.status, body };
      const error = (body?.error ?? {}) as { message?: string; reason?: string };
      throw new SpotifyError(
        messageFor(response.status, error.reason, error.message),
        response.status,
        error.reason,
      );
    }
  }

  return {
    async search(tenantId: string, q: string): Promise<SpotifyTrack | null> {
      const { body } = await call(tenantId, 'GET', '/v1/search', { q, type: 'track', limit: '1' });
      const first = (body as { tracks?: { items?: RawTrack[] } } | null)?.tracks?.items?.[0];
      return first ? trackOf(first) : null;
    },
    async track(tenantId: string, id: string): Promise<SpotifyTrack | null> {
      try {
        const { body } = await call(tenantId, 'GET', `/v1/tracks/${encodeURIComponent(id)}`);
        return trackOf(body as RawTrack);
      } catch (error) {
        if (error instanceof SpotifyError && (error.status === 404 || error.status === 400)) return null;
        throw error;
      }
    },
    async nowPlaying(tenantId: string) {
      const { status, body } = await call(tenantId, 'GET', '/v1/me/player/currently-playing');
      const item = status === 204 ? null : (body as { item?: RawTrack | null } | null)?.item;
      if (!item) return null;
      return {
        track: trackOf(item),
        progressMs: Number(body?.progress_ms ?? 0),
        isPlaying: !!body?.is_playing,
      };
    },
    async queue(tenantId: string, trackId: string) {
      await call(tenantId, 'POST', '/v1/me/player/queue', { uri: `spotify:track:${trackId}` });
    },
    async next(tenantId: string) {
      await call(tenantId, 'POST', '/v1/me/player/next');
    },
    async product(tenantId: string): Promise<string | null> {
      const { body } = await call(tenantId, 'GET', '/v1/me');
      return typeof body?.product === 'string' ? body.product : null;
    },
    forget(tenantId: string) {
      cache.delete(tenantId);
    },
  };
}
export type Spotify = ReturnType<typeof createSpotify>;

function messageFor(status: number, reason: string | undefined, message: string | undefined) {
  if (reason === 'PREMIUM_REQUIRED') return 'The streamer needs Spotify Premium for song requests to play.';
  if (reason === 'NO_ACTIVE_DEVICE') return 'Spotify is not playing on any device right now.';
  if (status === 401) return 'Spotify refused the link; the streamer needs to link Spotify again.';
  if (status === 403) return `Spotify refused: ${message ?? 'forbidden'}.`;
  if (status === 429) return 'Spotify is busy (rate limited); try again in a minute.';
  if (status >= 500) return 'Spotify is having trouble; try again soon.';
  return `Spotify answered ${status}${message ? `: ${message}` : ''}.`;
}
