/**
 * How many messages a channel may send now. Twitch counts messages in any 30-second window and
 * drops (or times out the bot) past the limit, so a smoothly refilling bucket is not enough: this
 * keeps the times of the last `limit` sends and allows the next one once the oldest leaves the window.
 */
import type { ChatPlatform } from '@homelab/db/schema';

export type SendLimit = { limit: number; windowMs: number };

/** Twitch: 20 per 30 s, 100 where the bot is a moderator; Kick and YouTube: one per second. */
export function sendLimitFor(platform: ChatPlatform, botIsModerator: boolean): SendLimit {
  if (platform === 'twitch') return { limit: botIsModerator ? 100 : 20, windowMs: 30_000 };
  return { limit: 1, windowMs: 1_000 };
}

export type SendWindow = {
  /** Milliseconds until a send is allowed; 0 means now. */
  waitMs(now: number): number;
  record(now: number): void;
};

export function createSendWindow(limit: SendLimit): SendWindow {
  const sent: number[] = [];
  const forget = (now: number) => {
    while (sent.length > 0 && now - sent[0]! >= limit.windowMs) sent.shift();
  };
  return {
    waitMs(now) {
      forget(now);
      if (sent.length < limit.limit) return 0;
      return sent[0]! + limit.windowMs - now;
    },
    record(now) {
      forget(now);
      sent.push(now);
    },
  };
}
