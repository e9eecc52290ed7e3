import { readBotSettings } from '@homelab/db/stream/settings';
import { describe, expect, it } from 'vitest';
import { parseSongInput, skipVotesNeeded, trackRefusal } from './rules';

const id = '4uLU6hMCjMI75M1A2tKUQC';
const songs = (input: Record<string, unknown> = {}) => readBotSettings({ songs: input }).songs;
const track = {
  id,
  name: 'Song',
  artists: [{ id: 'artist1', name: 'Band' }],
  durationMs: 180_000,
  explicit: false,
};

describe('song request rules', () => {
  it('reads Spotify uris and track links, refuses other links, searches the rest', () => {
    expect(parseSongInput(`spotify:track:${id}`)).toEqual({ kind: 'id', id });
    expect(parseSongInput(`https://open.spotify.com/track/${id}?si=abc`)).toEqual({ kind: 'id', id });
    expect(parseSongInput(`open.spotify.com/intl-de/track/${id}`)).toEqual({ kind: 'id', id });
    expect(parseSongInput('https://open.spotify.com/album/abc')).toEqual({ kind: 'bad-link' });
    expect(parseSongInput('https://youtu.be/x')).toEqual({ kind: 'bad-link' });
    expect(parseSongInput('  never gonna give ')).toEqual({ kind: 'search', q: 'never gonna give' });
  });

  it('refuses long, explicit and blocked tracks by id, title or artist', () => {
    expect(trackRefusal(track, songs())).toBeNull();
    expect(trackRefusal({ ...track, durationMs: 200_000 }, songs({ maxDurationS: 190 }))).toMatch(
      /at most 3:10/,
    );
    expect(trackRefusal({ ...track, explicit: true }, songs())).toMatch(/explicit/);
    expect(trackRefusal({ ...track, explicit: true }, songs({ allowExplicit: true }))).toBeNull();
    expect(trackRefusal(track, songs({ blocked: [id] }))).toMatch(/cannot be requested/);
    expect(trackRefusal(track, songs({ blocked: ['band'] }))).toBe('Songs by Band cannot be requested here.');
    expect(trackRefusal(track, songs({ blocked: ['artist1'] }))).toMatch(/Band/);
  });

  it('needs at least one skip vote', () => {
    expect(skipVotesNeeded(0, 0.3)).toBe(1);
    expect(skipVotesNeeded(10, 0.3)).toBe(3);
    expect(skipVotesNeeded(7, 0.5)).toBe(4);
  });
});
