/** What every settings section gets from its page: the guild, whether it may change it, its Discord lookup. */
import type { Loaded } from '../monitoring/load';
import type { DiscordLookup } from './types';

export interface SectionProps {
  guildId: string;
  readOnly: () => boolean;
  lookup: Loaded<DiscordLookup>;
}
