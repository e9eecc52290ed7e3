/**
 * The chat features, in the order they see each event: giveaway entries and claims, votes and
 * bets come first (they may consume a line), then what counts every line (currency, stats, timer
 * line counts, keyword triggers); built-ins answer commands by name, and custom commands answer
 * the rest.
 */
import { chatToolsFeature } from '../chattools/feature';
import { commandsFeature } from '../commands/feature';
import { timersFeature } from '../commands/timers';
import type { Config } from '../config';
import { currencyFeature } from '../currency/feature';
import { gamesFeature } from '../games/feature';
import { giveawaysFeature } from '../giveaways/feature';
import { pollsFeature } from '../giveaways/polls';
import { createModerationFeature } from '../moderation/feature';
import { createSongsFeature } from '../songs/feature';
import { createAiFeature } from '../streamai/feature';
import { streamStatsFeature } from '../streamstats/feature';
import type { FeatureFactory } from './types';

/** What the features that call outside services (AI, Spotify) need from the configuration. */
export type BotFeatureConfig = Partial<Pick<Config, 'ai' | 'spotify' | 'encryptionKey'>>;

export const createBotFeatures = (config: BotFeatureConfig = {}): FeatureFactory[] => [
  // First: a message it acts on is consumed, so nothing else answers or rewards it.
  createModerationFeature({ ai: config.ai }),
  giveawaysFeature,
  pollsFeature,
  currencyFeature,
  streamStatsFeature,
  timersFeature,
  chatToolsFeature,
  gamesFeature,
  ...(config.ai ? [createAiFeature({ ai: config.ai })] : []),
  createSongsFeature({
    spotify: config.spotify ?? {
      authBaseUrl: 'https://accounts.spotify.com',
      apiBaseUrl: 'https://api.spotify.com',
    },
    encryptionKey: config.encryptionKey,
  }),
  commandsFeature,
];
