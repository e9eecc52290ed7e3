/**
 * Google, for YouTube: the account is the YouTube channel of the person who signed in (its id is
 * what the live chat API and the quota speak of), with offline access so there is a refresh token.
 */
import type { Config } from '../../lib/env';
import { getJson, notConfigured, type OAuthProvider, trimBase } from '../provider';
import { SignInRefused } from '../refusal';

export const googleScopes = [
  'https://www.googleapis.com/auth/youtube.readonly',
  'https://www.googleapis.com/auth/youtube.force-ssl',
];

type YouTubeChannel = {
  id: string;
  snippet?: { title?: string; customUrl?: string; thumbnails?: { default?: { url?: string } } };
};

export function googleProvider(config: Config): OAuthProvider {
  if (!config.GOOGLE_CLIENT_ID || !config.GOOGLE_CLIENT_SECRET)
    throw notConfigured('google', 'Google', 'GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET');
  const api = trimBase(config.GOOGLE_API_BASE_URL);
  return {
    id: 'google',
    label: 'Google',
    authorizeUrl: `${trimBase(config.GOOGLE_AUTH_BASE_URL)}/o/oauth2/v2/auth`,
    tokenUrl: `${trimBase(config.GOOGLE_TOKEN_BASE_URL)}/token`,
    scopes: googleScopes,
    clientAuth: 'basic',
    // Google issues a refresh token only with offline access, and again only when consent is shown.
    authorizeParams: { access_type: 'offline', prompt: 'consent' },
    credentials: { clientId: config.GOOGLE_CLIENT_ID, clientSecret: config.GOOGLE_CLIENT_SECRET },
    async fetchProfile(accessToken) {
      const { items } = await getJson<{ items?: YouTubeChannel[] }>(
        `${api}/youtube/v3/channels?part=snippet&mine=true`,
        accessToken,
      );
      const channel = items?.[0];
      if (!channel) throw new SignInRefused('no_youtube_channel');
      const title = channel.snippet?.title || channel.id;
      const handle = channel.snippet?.customUrl || channel.id;
      return {
        id: channel.id,
        username: handle,
        displayName: title,
        avatarUrl: channel.snippet?.thumbnails?.default?.url ?? null,
        channel: { platform: 'youtube', id: channel.id, login: handle, displayName: title },
      };
    },
  };
}
