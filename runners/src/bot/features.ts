/**
 * The chat features, in the order they see each event: giveaway entries and claims, votes and
 * bets come first (they may consume a line), then what counts every line (currency, stats, timer
 * line counts, keyword triggers); built-ins answer commands by name, and custom commands answer
 * the rest.
 */
import { chatToolsFeature } from '../chattools/feature';
import { commandsFeature } from '../commands/feature';
import { timersFeature } from '../commands/timers';
import { currencyFeature } from '../currency/feature';
import { gamesFeature } from '../games/feature';
import { giveawaysFeature } from '../giveaways/feature';
import { pollsFeature } from '../giveaways/polls';
import { streamStatsFeature } from '../streamstats/feature';
import type { FeatureFactory } from './types';

export const botFeatures: FeatureFactory[] = [
  giveawaysFeature,
  pollsFeature,
  currencyFeature,
  streamStatsFeature,
  timersFeature,
  chatToolsFeature,
  gamesFeature,
  commandsFeature,
];
