/** The stream stats page's calls to `/api/stream/stats`. */
import type { StreamStatsApi } from '@homelab/functions';
import { streamClient, unwrap } from '../../api/client';

const stats = streamClient<StreamStatsApi>().stats;

export type StreamSession = {
  id: string;
  channelId: string;
  platform: 'twitch' | 'youtube' | 'kick';
  startedAt: string;
  endedAt: string | null;
  title: string | null;
  game: string | null;
  peakViewers: number;
  avgViewers: number | null;
  messages: number;
  chatters: number;
  newFollowers: number;
  newSubs: number;
};
export type StreamSample = { at: string; viewers: number | null; messages: number; chatters: number };
export type StreamSummary = {
  topChatters: { userName: string; messages: number }[];
  commands: { command: string; uses: number }[];
};
export type StatsDay = {
  day: string;
  streams: number;
  hours: number;
  avgViewers: number | null;
  peakViewers: number;
  messages: number;
  /** Distinct chatters of that day's busiest stream. */
  chatters: number;
  followers: number;
  subs: number;
};
export type StatsOverview = StreamSummary & { days: StatsDay[] };
export type LiveSession = StreamSession & { latest: StreamSample | null };

export const listSessions = async (cursor?: string) =>
  (await unwrap(stats.sessions.$get({ query: cursor ? { cursor } : {} }))) as {
    sessions: StreamSession[];
    nextCursor: string | null;
  };

export const getSession = async (id: string) =>
  (await unwrap(stats.sessions[':id'].$get({ param: { id } }))) as {
    session: StreamSession;
    samples: StreamSample[];
    summary: StreamSummary;
  };

/** Every UTC day of the range up to today, days without a stream as zeros. */
export const getOverview = async (days = 30) =>
  (await unwrap(stats.overview.$get({ query: { days: String(days) } }))) as StatsOverview;

export const getLive = async () =>
  ((await unwrap(stats.live.$get())) as { sessions: LiveSession[] }).sessions;
