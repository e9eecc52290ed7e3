/**
 * The studio's calls for song requests (`/api/stream`): the queue, Spotify's now playing and skip,
 * the tenant's own Spotify app, and the `songs` part of the bot settings.
 */
import type { BotSettingsApi, SongsApi } from '@homelab/functions';
import { streamClient, unwrap } from '../../api/client';
import { openShape } from '../monitoring/api';

const songs = streamClient<SongsApi>().songs;
const settings = streamClient<BotSettingsApi>().settings;

export interface SongRequest {
  id: number;
  trackId: string;
  title: string;
  artists: string;
  durationMs: number;
  explicit: boolean;
  userName: string;
  platform: 'twitch' | 'youtube' | 'kick' | null;
  state: 'queued' | 'playing';
  requestedAt: string;
}

export interface NowPlaying {
  linked: boolean;
  product: string | null;
  playing: {
    trackId: string;
    title: string;
    artists: string;
    durationMs: number;
    progressMs: number;
    isPlaying: boolean;
  } | null;
  problem: string | null;
}

export interface SpotifyApp {
  clientId: string | null;
  updatedAt: string | null;
  serverApp: boolean;
  help: string;
}

export interface SongSettings {
  enabled: boolean;
  minLevel: 'everyone' | 'follower' | 'subscriber' | 'vip' | 'moderator' | 'broadcaster';
  cost: number;
  perUser: number;
  maxQueue: number;
  maxDurationS: number;
  allowExplicit: boolean;
  blocked: string[];
  skipShare: number;
}

export const listSongQueue = async (): Promise<SongRequest[]> =>
  openShape<{ requests: SongRequest[] }>(await unwrap(songs.queue.$get())).requests;

export const removeSongRequest = async (id: number): Promise<void> => {
  await unwrap(songs.requests[':id'].$delete({ param: { id: String(id) } }));
};

export const getNowPlaying = async (): Promise<NowPlaying> =>
  openShape<NowPlaying>(await unwrap(songs['now-playing'].$get()));

export const skipSong = async (): Promise<void> => {
  await unwrap(songs.skip.$post());
};

export const getSpotifyApp = async (): Promise<SpotifyApp> =>
  openShape<SpotifyApp>(await unwrap(songs.app.$get()));

export const saveSpotifyApp = async (clientId: string, clientSecret: string): Promise<SpotifyApp> =>
  openShape<SpotifyApp>(await unwrap(songs.app.$put({ json: { clientId, clientSecret } })));

export const deleteSpotifyApp = async (): Promise<void> => {
  await unwrap(songs.app.$delete());
};

export const getSongSettings = async (): Promise<SongSettings> =>
  openShape<{ songs: SongSettings }>((await unwrap(settings.$get())).settings).songs;

export const saveSongSettings = async (next: SongSettings): Promise<SongSettings> =>
  openShape<{ songs: SongSettings }>(
    (
      await unwrap(
        settings.$patch({ json: { songs: next } as Parameters<typeof settings.$patch>[0]['json'] }),
      )
    ).settings,
  ).songs;
