/** Quotes, shoutouts, keyword triggers and the viewer queue, as one feature of the bot engine. */
import type { FeatureFactory } from '../bot/types';
import { keywordTriggers } from './keywords';
import { quoteCommand } from './quotes';
import { shoutoutCommand } from './shoutout';
import { viewerQueueCommands } from './viewer-queue';

export const chatToolsFeature: FeatureFactory = (deps) => {
  const keywords = keywordTriggers(deps);
  return {
    name: 'chattools',
    commands: [quoteCommand(deps), shoutoutCommand(deps), ...viewerQueueCommands(deps)],
    onEvent: keywords.onEvent,
    invalidate: keywords.invalidate,
  };
};
