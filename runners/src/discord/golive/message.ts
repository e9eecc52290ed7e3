/**
 * The announcement message: the guild's template as content, an embed with the stream's title,
 * game, link and platform colour, and allowed_mentions naming exactly who may be pinged.
 */

import { renderGoLiveTemplate } from '@homelab/db/discord/template';
import type { StreamPlatform } from '@homelab/db/schema';
import type { GuildGoLive, StreamerRow } from './store';

export const platformLabels: Record<StreamPlatform, string> = {
  twitch: 'Twitch',
  youtube: 'YouTube',
  kick: 'Kick',
};
const platformColours: Record<StreamPlatform, number> = {
  twitch: 0x9146ff,
  youtube: 0xff0000,
  kick: 0x53fc18,
};
const endedColour = 0x747f8d;

export type GoLiveMessage = {
  content: string;
  embeds: Record<string, unknown>[];
  allowed_mentions: { parse: never[]; roles: string[]; users: string[] };
};

export function buildGoLiveMessage(
  streamer: StreamerRow,
  guild: GuildGoLive,
  options: { ping: boolean; ended: boolean },
): GoLiveMessage {
  const platform = streamer.platform ?? 'twitch';
  const label = platformLabels[platform];
  const role = options.ping && guild.go_live_mention_role_id ? guild.go_live_mention_role_id : null;
  const mentionsStreamer = guild.go_live_template.includes('{mention}');
  const content = renderGoLiveTemplate(guild.go_live_template, {
    streamer: streamer.display_name,
    mention: `<@${streamer.discord_user_id}>`,
    platform: label,
    title: streamer.title,
    game: streamer.game,
    url: streamer.url,
    role: role ? `<@&${role}>` : '',
  });
  const embed: Record<string, unknown> = {
    author: { name: `${streamer.display_name} ${options.ended ? 'was' : 'is'} live on ${label}` },
    title: (streamer.title || `${streamer.display_name} on ${label}`).slice(0, 256),
    color: options.ended ? endedColour : platformColours[platform],
    ...(streamer.url ? { url: streamer.url } : {}),
    ...(options.ended ? { description: 'The stream has ended.' } : {}),
    ...(streamer.game
      ? { fields: [{ name: 'Playing', value: streamer.game.slice(0, 1024), inline: true }] }
      : {}),
    ...(streamer.live_since ? { timestamp: new Date(streamer.live_since).toISOString() } : {}),
  };
  return {
    content,
    embeds: [embed],
    allowed_mentions: {
      parse: [],
      roles: role ? [role] : [],
      users: mentionsStreamer ? [streamer.discord_user_id] : [],
    },
  };
}
