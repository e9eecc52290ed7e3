/**
 * Reads a Discord presence: a Streaming activity (type 1) names the platform by its URL (Twitch or
 * YouTube); for Twitch, `details` is the stream title and `state` the game.
 */
import type { GatewayActivity } from 'discord-api-types/v10';
import type { StreamInfo } from './machine';

export function platformOfUrl(url: string | null | undefined): 'twitch' | 'youtube' | null {
  if (!url) return null;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
  if (host === 'twitch.tv' || host.endsWith('.twitch.tv')) return 'twitch';
  if (host === 'youtu.be' || host === 'youtube.com' || host.endsWith('.youtube.com')) return 'youtube';
  return null;
}

/** The YouTube video id of a watch or live link, for the Data API check. */
export function youtubeVideoId(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    if (u.hostname === 'youtu.be') return u.pathname.slice(1) || null;
    const v = u.searchParams.get('v');
    if (v) return v;
    const live = u.pathname.match(/^\/(?:live|shorts|embed)\/([\w-]{6,})/);
    return live?.[1] ?? null;
  } catch {
    return null;
  }
}

export function streamFromActivities(
  activities: readonly Partial<GatewayActivity>[] | undefined,
): StreamInfo | null {
  for (const activity of activities ?? []) {
    if (activity.type !== 1) continue;
    const platform = platformOfUrl(activity.url);
    if (!platform) continue;
    return {
      platform,
      url: activity.url ?? null,
      title: activity.details ?? null,
      game: activity.state ?? null,
    };
  }
  return null;
}
