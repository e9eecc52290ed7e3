/** Twitch (id.twitch.tv): the broadcaster's account, with the scopes the bot reads and chats with. */
import type { Config } from '../../lib/env';
import { getJson, notConfigured, type OAuthProvider, trimBase } from '../provider';

export const twitchScopes = [
  'chat:read',
  'chat:edit',
  'channel:read:subscriptions',
  'bits:read',
  'channel:read:redemptions',
  'moderator:read:followers',
  // Native polls beside chat polls.
  'channel:read:polls',
  'channel:manage:polls',
];

type HelixUser = { id: string; login: string; display_name: string; profile_image_url?: string };

export function twitchProvider(config: Config): OAuthProvider {
  if (!config.TWITCH_CLIENT_ID || !config.TWITCH_CLIENT_SECRET)
    throw notConfigured('twitch', 'Twitch', 'TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET');
  const auth = trimBase(config.TWITCH_AUTH_BASE_URL);
  const api = trimBase(config.TWITCH_API_BASE_URL);
  const clientId = config.TWITCH_CLIENT_ID;
  return {
    id: 'twitch',
    label: 'Twitch',
    authorizeUrl: `${auth}/oauth2/authorize`,
    tokenUrl: `${auth}/oauth2/token`,
    scopes: twitchScopes,
    // Twitch reads client_id and client_secret from the body only.
    clientAuth: 'body',
    credentials: { clientId, clientSecret: config.TWITCH_CLIENT_SECRET },
    async fetchProfile(accessToken) {
      // Helix wants the app's Client-Id beside the user's token.
      const { data } = await getJson<{ data: HelixUser[] }>(`${api}/helix/users`, accessToken, {
        'client-id': clientId,
      });
      const user = data[0];
      if (!user) throw new Error('Twitch answered no user for the token');
      return {
        id: user.id,
        username: user.login,
        displayName: user.display_name || user.login,
        avatarUrl: user.profile_image_url || null,
        channel: {
          platform: 'twitch',
          id: user.id,
          login: user.login,
          displayName: user.display_name || user.login,
        },
      };
    },
  };
}
