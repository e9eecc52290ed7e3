/**
 * The platform connections this process can build, and what each one needs from the
 * configuration: a platform whose variables are missing is not connected (its channels are left
 * for a process that has them), and the runner's status says what is missing.
 */
import type { Pool } from '@homelab/db/client/pool';
import type { ChatPlatform } from '@homelab/db/schema';
import type { Config } from '../config';
import { createKickSocketConnection, defaultKickPusherUrl } from './platforms/kick-socket';
import { createTwitchConnection } from './platforms/twitch';
import { createYoutubeConnection } from './platforms/youtube';
import type { ConnectionDeps, PlatformConnection } from './types';

export type PlatformFactory = {
  platform: ChatPlatform;
  /** The variables still missing; empty when the platform can be connected. */
  missing(config: Config): string[];
  create(deps: ConnectionDeps, config: Config, pool: Pool): PlatformConnection;
};

const unset = (pairs: [string, unknown][]) => pairs.filter(([, value]) => !value).map(([name]) => name);

export const platformFactories: PlatformFactory[] = [
  {
    platform: 'twitch',
    missing: (config) =>
      unset([
        ['TWITCH_CLIENT_ID', config.twitch?.clientId],
        ['TWITCH_CLIENT_SECRET', config.twitch?.clientSecret],
        ['TWITCH_BOT_LOGIN', config.twitch?.botLogin],
        ['TWITCH_BOT_REFRESH_TOKEN', config.twitch?.botRefreshToken],
      ]),
    // Native polls use the broadcaster's stored token, so the connection reads oauth_accounts too.
    create: (deps, config, pool) =>
      createTwitchConnection(deps, { ...config.twitch!, pool, encryptionKey: config.encryptionKey }),
  },
  {
    // Kick's chat arrives by webhook (functions) or, for channels in socket mode, by kick.com's chat
    // socket; sends use the streamer's token either way.
    platform: 'kick',
    missing: (config) =>
      unset([
        ['KICK_CLIENT_ID', config.kick?.clientId],
        ['KICK_CLIENT_SECRET', config.kick?.clientSecret],
        ['ENCRYPTION_KEY', config.encryptionKey],
      ]),
    create: (deps, config, pool) =>
      createKickSocketConnection(deps, {
        pool,
        sql: pool.sql,
        apiBaseUrl: config.kick?.apiBaseUrl ?? 'https://api.kick.com',
        encryptionKey: config.encryptionKey,
        webBaseUrl: config.kick?.webBaseUrl ?? 'https://kick.com',
        pusherUrl: config.kick?.pusherUrl ?? defaultKickPusherUrl,
        executablePath: config.kick?.chromiumPath ?? '/usr/bin/chromium',
      }),
  },
  {
    platform: 'youtube',
    missing: (config) =>
      unset([
        ['GOOGLE_CLIENT_ID', config.google?.clientId],
        ['GOOGLE_CLIENT_SECRET', config.google?.clientSecret],
        ['ENCRYPTION_KEY', config.encryptionKey],
      ]),
    create: (deps, config, pool) =>
      createYoutubeConnection(deps, {
        pool,
        baseUrl: config.youtube?.baseUrl ?? 'https://www.googleapis.com',
        encryptionKey: config.encryptionKey,
      }),
  },
];
