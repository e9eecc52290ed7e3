/** The decisions song requests make without I/O: what a request names, whether a track may be queued, how many skip votes count. */
import type { BotSettings } from '@homelab/db/stream/settings';
import type { SpotifyTrack } from './spotify';

export type SongInput = { kind: 'id'; id: string } | { kind: 'search'; q: string } | { kind: 'bad-link' };

/** `spotify:track:ID`, an open.spotify.com track link (any locale), or search text. */
export function parseSongInput(text: string): SongInput {
  const input = text.trim();
  const uri = /^spotify:track:([0-9A-Za-z]{22})$/.exec(input);
  if (uri) return { kind: 'id', id: uri[1]! };
  if (/^(https?:\/\/|www\.|open\.spotify)/i.test(input)) {
    const link =
      /^(?:https?:\/\/)?open\.spotify\.com\/(?:intl-[a-z-]+\/)?track\/([0-9A-Za-z]{22})(?:[/?#].*)?$/i.exec(
        input,
      );
    return link ? { kind: 'id', id: link[1]! } : { kind: 'bad-link' };
  }
  return { kind: 'search', q: input.slice(0, 200) };
}

export const trackLabel = (t: { name: string; artists: { name: string }[] | string }) =>
  `${t.name} — ${typeof t.artists === 'string' ? t.artists : t.artists.map((a) => a.name).join(', ')}`;

/** Why the tenant's rules refuse this track, or null when it may be queued. */
export function trackRefusal(track: SpotifyTrack, songs: BotSettings['songs']): string | null {
  if (track.durationMs > songs.maxDurationS * 1000) {
    const minutes = Math.floor(songs.maxDurationS / 60);
    const seconds = songs.maxDurationS % 60;
    return `${track.name} is too long (at most ${minutes}:${String(seconds).padStart(2, '0')}).`;
  }
  if (track.explicit && !songs.allowExplicit)
    return `${track.name} is explicit, and explicit songs are off here.`;
  const blocked = new Set(songs.blocked.map((b) => b.toLowerCase()));
  if (blocked.has(track.id.toLowerCase()) || blocked.has(track.name.toLowerCase()))
    return `${track.name} cannot be requested here.`;
  const artist = track.artists.find(
    (a) => blocked.has(a.id.toLowerCase()) || blocked.has(a.name.toLowerCase()),
  );
  if (artist) return `Songs by ${artist.name} cannot be requested here.`;
  return null;
}

/** Votes needed to skip: the share of recent chatters, at least one. */
export function skipVotesNeeded(chatters: number, share: number) {
  return Math.max(1, Math.ceil(chatters * share));
}
