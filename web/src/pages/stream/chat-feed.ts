/**
 * The studio's chat feed as data: history and live events merged in time order without
 * duplicates (a reconnect refetches history that overlaps what streamed), capped in size.
 */
import type { ChatEvent } from './types';

/** Enough to scroll back through a busy stream without the page growing without bound. */
export const feedLimit = 500;

/** The platform's event id when it has one; otherwise what the event says about itself. */
export const eventKey = (event: ChatEvent) =>
  `${event.channelId}:${event.platformEventId ?? `${event.kind}:${event.userId ?? ''}:${event.at}:${event.text ?? ''}`}`;

export function mergeEvents(current: readonly ChatEvent[], incoming: readonly ChatEvent[]): ChatEvent[] {
  const seen = new Map(current.map((e) => [eventKey(e), e]));
  for (const event of incoming) seen.set(eventKey(event), event);
  return [...seen.values()].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)).slice(-feedLimit);
}

export interface FeedFilter {
  platform: ChatEvent['platform'] | 'all';
  kind: ChatEvent['kind'] | 'all';
}

export const matchesFilter = (event: ChatEvent, filter: FeedFilter) =>
  (filter.platform === 'all' || event.platform === filter.platform) &&
  (filter.kind === 'all' || event.kind === filter.kind);
