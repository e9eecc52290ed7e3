/**
 * The streamer's Spotify as the studio asks it: the app the tenant links and refreshes through
 * (its own when there is one, since a refresh token works only with the app that issued it), the
 * owner's linked account's bearer, then now playing, the account's product and skip.
 */
import { withTenant } from '@homelab/db/client/tenant';
import { decryptSecret } from '@homelab/db/crypto';
import { spotifyApps } from '@homelab/db/schema';
import { eq } from 'drizzle-orm';
import { type AppContext, db } from '../lib/context';
import { ApiError } from '../lib/errors';
import { accountBearer, encryptionKey, findAccount } from '../oauth/accounts';
import { type OAuthProvider, trimBase } from '../oauth/provider';
import { spotifyProvider } from '../oauth/providers/spotify';
import { type StreamScope, streamScope } from '../stream/guard';

export const linkSpotify = () =>
  new ApiError(409, 'spotify_not_linked', 'Link Spotify in the studio (Connections) first.');

/**
 * The Spotify app a tenant links and refreshes through: its own when it saved one (the secret
 * unsealed), else the server's, which is a 503 `spotify_not_configured` when there is none.
 */
export async function tenantSpotifyProvider(
  c: AppContext,
  scope: Pick<StreamScope, 'tenantId' | 'userId'>,
  key: string,
): Promise<OAuthProvider> {
  const { tenantId, userId } = scope;
  const [row] = await withTenant(db(c).db, { tenantIds: [tenantId], userId }, (tx) =>
    tx.select().from(spotifyApps).where(eq(spotifyApps.tenantId, tenantId)),
  );
  const config = c.get('config');
  if (!row) return spotifyProvider(config);
  const clientSecret = await decryptSecret(row.clientSecret, key, tenantId);
  return spotifyProvider({ ...config, SPOTIFY_CLIENT_ID: row.clientId, SPOTIFY_CLIENT_SECRET: clientSecret });
}

async function bearer(c: AppContext) {
  const key = encryptionKey(c, 'Spotify');
  const scope = streamScope(c);
  const provider = await tenantSpotifyProvider(c, scope, key);
  const account = await findAccount(c, scope.userId, 'spotify');
  return accountBearer(c, { provider, account, key, reauth: linkSpotify });
}

type SpotifyAnswer = { status: number; body: Record<string, unknown> | null };

async function spotifyCall(c: AppContext, method: 'GET' | 'POST', path: string): Promise<SpotifyAnswer> {
  const token = await bearer(c);
  const base = trimBase(c.get('config').SPOTIFY_API_BASE_URL ?? 'https://api.spotify.com');
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}` },
  }).catch(() => null);
  if (!response)
    throw new ApiError(503, 'spotify_unreachable', 'Spotify could not be reached; try again soon.');
  const text = await response.text();
  const body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  if (response.ok) return { status: response.status, body };
  const error = (body?.error ?? {}) as { message?: string; reason?: string };
  if (error.reason === 'PREMIUM_REQUIRED')
    throw new ApiError(409, 'spotify_premium_required', 'Spotify Premium is needed to control playback.');
  if (error.reason === 'NO_ACTIVE_DEVICE')
    throw new ApiError(
      409,
      'spotify_no_device',
      'Spotify is not playing on any device; start playback first.',
    );
  if (response.status === 401) throw linkSpotify();
  throw new ApiError(
    503,
    'spotify_error',
    `Spotify answered ${response.status}: ${error.message ?? 'error'}`,
  );
}

type RawTrack = { id: string; name: string; duration_ms: number; artists: { name: string }[] };

export async function spotifyNowPlaying(c: AppContext) {
  const me = await spotifyCall(c, 'GET', '/v1/me');
  const now = await spotifyCall(c, 'GET', '/v1/me/player/currently-playing');
  const item = (now.status === 204 ? null : now.body?.item) as RawTrack | null | undefined;
  return {
    product: typeof me.body?.product === 'string' ? me.body.product : null,
    playing: item
      ? {
          trackId: item.id,
          title: item.name,
          artists: item.artists.map((a) => a.name).join(', '),
          durationMs: item.duration_ms,
          progressMs: Number(now.body?.progress_ms ?? 0),
          isPlaying: Boolean(now.body?.is_playing),
        }
      : null,
  };
}

export async function spotifySkip(c: AppContext) {
  await spotifyCall(c, 'POST', '/v1/me/player/next');
}
