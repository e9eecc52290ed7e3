/** The providers a streamer signs in or links with, by the name in the URL. */
import type { Config } from '../../lib/env';
import type { OAuthProvider } from '../provider';
import { googleProvider } from './google';
import { kickProvider } from './kick';
import { spotifyProvider } from './spotify';
import { twitchProvider } from './twitch';

export const streamProviderIds = ['twitch', 'google', 'kick', 'spotify'] as const;
export type StreamProviderId = (typeof streamProviderIds)[number];

const builders: Record<StreamProviderId, (config: Config) => OAuthProvider> = {
  twitch: twitchProvider,
  google: googleProvider,
  kick: kickProvider,
  spotify: spotifyProvider,
};

/** The provider from the configuration; a 503 `<provider>_not_configured` when its app is missing. */
export function streamProvider(config: Config, id: StreamProviderId): OAuthProvider {
  return builders[id](config);
}
