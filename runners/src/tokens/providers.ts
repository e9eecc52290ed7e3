/**
 * Where each platform refreshes its tokens and with which app credentials. A platform whose client
 * id or secret is not set cannot refresh anything; it is listed with the variables to set.
 */
import type { OAuthProvider } from '@homelab/db/schema';
import type { Config } from '../config';

export const tokenProviders = [
  'twitch',
  'google',
  'kick',
  'spotify',
  'discord',
] as const satisfies readonly OAuthProvider[];
export type TokenProvider = (typeof tokenProviders)[number];

export type TokenClient = {
  provider: TokenProvider;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Spotify wants the client in a Basic header; the others accept it in the form body. */
  clientAuth: 'body' | 'basic';
};

export type TokenClients = {
  clients: Map<TokenProvider, TokenClient>;
  /** Why a platform is skipped: the variables that are not set. */
  notConfigured: Partial<Record<TokenProvider, string>>;
};

type App = { clientId?: string; clientSecret?: string } | undefined;

export function tokenClients(config: Config): TokenClients {
  const apps: Record<TokenProvider, { app: App; base?: string; path: string; env: string }> = {
    twitch: { app: config.twitch, base: config.twitch?.authBaseUrl, path: '/oauth2/token', env: 'TWITCH' },
    google: { app: config.google, base: config.google?.tokenBaseUrl, path: '/token', env: 'GOOGLE' },
    kick: { app: config.kick, base: config.kick?.authBaseUrl, path: '/oauth/token', env: 'KICK' },
    spotify: { app: config.spotify, base: config.spotify?.authBaseUrl, path: '/api/token', env: 'SPOTIFY' },
    discord: {
      app: config.discord,
      base: config.discord?.baseUrl,
      path: '/api/oauth2/token',
      env: 'DISCORD',
    },
  };
  const clients = new Map<TokenProvider, TokenClient>();
  const notConfigured: TokenClients['notConfigured'] = {};
  for (const provider of tokenProviders) {
    const { app, base, path, env } = apps[provider];
    const idVariable = provider === 'discord' ? 'DISCORD_APPLICATION_ID' : `${env}_CLIENT_ID`;
    if (!app?.clientId || !app.clientSecret || !base) {
      notConfigured[provider] =
        `${idVariable} and ${env}_CLIENT_SECRET are not set: ${provider} tokens are not refreshed.`;
      continue;
    }
    clients.set(provider, {
      provider,
      tokenUrl: `${base.replace(/\/+$/, '')}${path}`,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      clientAuth: provider === 'spotify' ? 'basic' : 'body',
    });
  }
  return { clients, notConfigured };
}
