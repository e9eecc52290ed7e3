import { cleanup, fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json } from '../../test/fakes';
import { showStudio } from '../stream/studio-fixtures';
import SongsPage from './SongsPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const songs = {
  enabled: true,
  minLevel: 'everyone',
  cost: 0,
  perUser: 2,
  maxQueue: 30,
  maxDurationS: 600,
  allowExplicit: false,
  blocked: ['Nickelback'],
  skipShare: 0.3,
};
const request = (id: number, title: string, state = 'queued') => ({
  id,
  trackId: `t${id}`,
  title,
  artists: 'Band',
  durationMs: 185_000,
  explicit: false,
  userName: 'ann',
  platform: 'twitch',
  state,
  requestedAt: '2026-01-01T00:00:00Z',
});
const app = {
  clientId: null,
  updatedAt: null,
  serverApp: true,
  help: 'Spotify needs Premium; 25 users per app.',
};

function routes(extra = {}) {
  let queue = [request(1, 'Playing Song', 'playing'), request(2, 'Waiting Song')];
  return {
    'GET /api/stream/songs/now-playing': () =>
      json(200, {
        linked: true,
        product: 'premium',
        problem: null,
        playing: {
          trackId: 't1',
          title: 'Playing Song',
          artists: 'Band',
          durationMs: 185_000,
          progressMs: 61_000,
          isPlaying: true,
        },
      }),
    'GET /api/stream/songs/queue': () => json(200, { requests: queue }),
    'DELETE /api/stream/songs/requests/2': () => {
      queue = queue.filter((r) => r.id !== 2);
      return new Response(null, { status: 204 });
    },
    'POST /api/stream/songs/skip': () => new Response(null, { status: 204 }),
    'GET /api/stream/settings': () => json(200, { settings: { songs } }),
    'PATCH /api/stream/settings': ({ body }: { body: unknown }) => json(200, { settings: body }),
    'GET /api/stream/songs/app': () => json(200, app),
    'PUT /api/stream/songs/app': () => json(200, { ...app, clientId: 'a'.repeat(32) }),
    ...extra,
  };
}

describe('SongsPage', () => {
  it('shows now playing and the queue, removes a request, skips, and saves the rules', async () => {
    const calls = showStudio('/songs', SongsPage, '/studio/songs', routes());
    expect(await screen.findByText(/Spotify is linked \(Premium\)/)).toBeTruthy();
    expect(await screen.findByText('Waiting Song')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Remove Playing Song' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Remove Waiting Song' }));
    await waitFor(() => expect(screen.queryByText('Waiting Song')).toBeNull());
    fireEvent.click(screen.getByRole('button', { name: 'Skip song' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));

    fireEvent.input(await screen.findByRole('textbox', { name: 'Longest song (minutes)' }), {
      target: { value: '0' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save song settings' }));
    expect(await screen.findByText('From 1 to 60 minutes')).toBeTruthy();
    fireEvent.input(screen.getByRole('textbox', { name: 'Longest song (minutes)' }), {
      target: { value: '5' },
    });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Allow explicit songs' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save song settings' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    const sent = calls.find((c) => c.method === 'PATCH')!.body as { songs: typeof songs };
    expect(sent.songs).toMatchObject({ maxDurationS: 300, allowExplicit: true, blocked: ['Nickelback'] });
  });

  it('explains Premium and the own app, and saves the app without showing the secret again', async () => {
    const calls = showStudio('/songs', SongsPage, '/studio/songs', routes());
    expect(await screen.findByText(/25 users per app/)).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Client ID'), { target: { value: 'a'.repeat(32) } });
    fireEvent.input(screen.getByLabelText('Client secret'), { target: { value: 'b'.repeat(32) } });
    fireEvent.click(screen.getByRole('button', { name: 'Save Spotify app' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')!.body).toEqual({
      clientId: 'a'.repeat(32),
      clientSecret: 'b'.repeat(32),
    });
    await waitFor(() => expect((screen.getByLabelText('Client secret') as HTMLInputElement).value).toBe(''));
  });

  it('says when Spotify is not linked, the queue is empty, or loading fails', async () => {
    showStudio(
      '/songs',
      SongsPage,
      '/studio/songs',
      routes({
        'GET /api/stream/songs/now-playing': () =>
          json(200, { linked: false, product: null, playing: null, problem: 'Link Spotify first.' }),
        'GET /api/stream/songs/queue': () => json(200, { requests: [] }),
        'GET /api/stream/songs/app': () => json(503, { error: { code: 'down', message: 'Database down' } }),
      }),
    );
    expect(await screen.findByText(/Spotify is not linked/)).toBeTruthy();
    expect(await screen.findByText('No songs requested')).toBeTruthy();
    expect((await screen.findAllByText(/Database down/)).length).toBeGreaterThan(0);
  });
});
