/** Spotify: linked to a streamer for song requests and now-playing; no chat channel of its own. */
import type { Config } from '../../lib/env';
import { getJson, notConfigured, type OAuthProvider, trimBase } from '../provider';

export const spotifyScopes = [
  'user-read-playback-state',
  'user-modify-playback-state',
  'user-read-currently-playing',
];

type SpotifyUser = { id: string; display_name?: string | null; images?: { url: string }[] };

export function spotifyProvider(config: Config): OAuthProvider {
  if (!config.SPOTIFY_CLIENT_ID || !config.SPOTIFY_CLIENT_SECRET)
    throw notConfigured('spotify', 'Spotify', 'SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET');
  const auth = trimBase(config.SPOTIFY_AUTH_BASE_URL);
  const api = trimBase(config.SPOTIFY_API_BASE_URL);
  return {
    id: 'spotify',
    label: 'Spotify',
    authorizeUrl: `${auth}/authorize`,
    tokenUrl: `${auth}/api/token`,
    scopes: spotifyScopes,
    clientAuth: 'basic',
    credentials: { clientId: config.SPOTIFY_CLIENT_ID, clientSecret: config.SPOTIFY_CLIENT_SECRET },
    async fetchProfile(accessToken) {
      const me = await getJson<SpotifyUser>(`${api}/v1/me`, accessToken);
      return {
        id: me.id,
        username: me.display_name || me.id,
        displayName: me.display_name || me.id,
        avatarUrl: me.images?.[0]?.url ?? null,
      };
    },
  };
}
