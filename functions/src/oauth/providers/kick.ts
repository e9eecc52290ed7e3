/** Kick (id.kick.com, OAuth 2.1: PKCE S256 required): the broadcaster's account and channel. */
import type { Config } from '../../lib/env';
import { getJson, notConfigured, type OAuthProvider, trimBase } from '../provider';

export const kickScopes = [
  'user:read',
  'channel:read',
  'chat:write',
  'events:subscribe',
  // Moderation (delete, timeout, ban) as the streamer.
  'moderation:ban',
  'moderation:chat_message:manage',
];

type KickUser = { user_id: number; name: string; profile_picture?: string | null };
type KickChannel = { broadcaster_user_id: number; slug: string };

export function kickProvider(config: Config): OAuthProvider {
  if (!config.KICK_CLIENT_ID || !config.KICK_CLIENT_SECRET)
    throw notConfigured('kick', 'Kick', 'KICK_CLIENT_ID and KICK_CLIENT_SECRET');
  const api = trimBase(config.KICK_API_BASE_URL);
  const auth = trimBase(config.KICK_AUTH_BASE_URL);
  return {
    id: 'kick',
    label: 'Kick',
    authorizeUrl: `${auth}/oauth/authorize`,
    tokenUrl: `${auth}/oauth/token`,
    scopes: kickScopes,
    clientAuth: 'body',
    credentials: { clientId: config.KICK_CLIENT_ID, clientSecret: config.KICK_CLIENT_SECRET },
    async fetchProfile(accessToken) {
      // Without ids both answer for the token's own user; the slug is only on the channel.
      const users = await getJson<{ data: KickUser[] }>(`${api}/public/v1/users`, accessToken);
      const user = users.data[0];
      if (!user) throw new Error('Kick answered no user for the token');
      const channels = await getJson<{ data: KickChannel[] }>(`${api}/public/v1/channels`, accessToken);
      const channel = channels.data.find((c) => c.broadcaster_user_id === user.user_id) ?? channels.data[0];
      if (!channel) throw new Error('Kick answered no channel for the token');
      const id = String(user.user_id);
      return {
        id,
        username: user.name,
        displayName: user.name,
        avatarUrl: user.profile_picture || null,
        channel: {
          platform: 'kick',
          id: String(channel.broadcaster_user_id),
          login: channel.slug,
          displayName: user.name,
        },
      };
    },
  };
}
