/**
 * The Discord account linked to a person, on the shared OAuth accounts (oauth/accounts.ts): Discord
 * as a provider, linking at sign-in (one Discord account per person), and the person's bearer token
 * (refreshed when expired) when the desk acts as them.
 */
import { createMiddleware } from 'hono/factory';
import { type AppContext, type AppEnv, db } from '../lib/context';
import { ApiError, forbidden, unauthorized } from '../lib/errors';
import {
  accountBearer,
  encryptionKey,
  findAccount,
  inSignInTransaction,
  type LinkInput,
  linkAccount,
  markDisconnected,
} from '../oauth/accounts';
import type { OAuthProvider } from '../oauth/provider';
import { type DiscordOAuthConfig, discordOAuthConfig, personRest } from './discord-api';

export { markDisconnected };

export const discordScopes = ['identify', 'guilds'];

type DiscordUser = { id: string; username: string; global_name?: string | null; avatar: string | null };

/** Discord as an OAuth provider, reached through DISCORD_BASE_URL (a fake in tests). */
export function discordProvider(
  c: AppContext,
  config: DiscordOAuthConfig = discordOAuthConfig(c),
): OAuthProvider {
  return {
    id: 'discord',
    label: 'Discord',
    authorizeUrl: `${config.baseUrl}/oauth2/authorize`,
    tokenUrl: `${config.baseUrl}/api/oauth2/token`,
    scopes: discordScopes,
    clientAuth: 'basic',
    credentials: { clientId: config.applicationId, clientSecret: config.clientSecret },
    async fetchProfile(accessToken) {
      const user = await personRest(config.baseUrl, accessToken).get<DiscordUser>('/users/@me');
      return {
        id: user.id,
        username: user.username,
        displayName: user.global_name || user.username,
        avatarUrl: user.avatar ? `https://cdn.discordapp.com/avatars/${user.id}/${user.avatar}.png` : null,
      };
    },
  };
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

/** Finds, links or creates the person of a Discord account, in one transaction. */
export async function signInDiscordAccount(c: AppContext, input: LinkInput): Promise<string> {
  return inSignInTransaction(input.provider.label, () =>
    db(c).db.transaction(async (tx) => (await linkAccount(tx, input)).userId),
  );
}

export const findDiscordAccount = (c: AppContext, userId: string) => findAccount(c, userId, 'discord');

/** The person's Discord bearer token; a 401 discord_reauth when only a new sign-in helps. */
export async function discordBearer(c: AppContext, config: DiscordOAuthConfig, userId: string) {
  const key = encryptionKey(c, 'Discord');
  const account = await findDiscordAccount(c, userId);
  const bearer = await accountBearer(c, {
    provider: discordProvider(c, config),
    account,
    key,
    reauth: discordReauth,
  });
  // accountBearer only returns for a connected account.
  return { accountId: account!.id, discordUserId: account!.providerUserId, bearer };
}
