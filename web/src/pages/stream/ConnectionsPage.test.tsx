import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json } from '../../test/fakes';
import ConnectionsPage from './ConnectionsPage';
import { channel, me, showStudio, twitchChannelId } from './studio-fixtures';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const held = channel({
  lease: { expiresAt: new Date(Date.now() + 30_000).toISOString() },
  connection: { state: 'joined', lastEventAt: null },
});

describe('ConnectionsPage', () => {
  it('shows a disconnected token with its reason and a Reconnect link to the platform sign-in', async () => {
    const who = me({
      accounts: [
        {
          provider: 'twitch',
          username: 'rigcity',
          state: 'disconnected',
          tokenExpiresAt: null,
          lastError: 'Twitch revoked the token (the app was disconnected).',
        },
      ],
    });
    showStudio(
      '/connections',
      ConnectionsPage,
      '/studio/connections',
      { 'GET /api/stream/channels': () => json(200, { channels: [held] }) },
      who,
    );
    const twitch = (await screen.findByRole('heading', { name: 'Twitch' })).closest('section')!;
    expect(twitch.textContent).toContain('Disconnected');
    expect(twitch.textContent).toContain('Twitch revoked the token');
    expect(within(twitch).getByRole('link', { name: 'Reconnect Twitch' }).getAttribute('href')).toBe(
      '/api/stream/auth/twitch?next=%2Fstudio%2Fconnections',
    );
    await waitFor(() => expect(twitch.textContent).toContain('Chat connected'));
    expect(twitch.textContent).not.toContain('runner-a');

    const kick = screen.getByRole('heading', { name: 'Kick' }).closest('section')!;
    expect(within(kick).getByRole('link', { name: 'Link Kick' }).getAttribute('href')).toBe(
      '/api/stream/auth/kick?next=%2Fstudio%2Fconnections',
    );
    const spotify = screen.getByRole('heading', { name: 'Spotify' }).closest('section')!;
    expect(spotify.textContent).toContain('Song requests need Spotify Premium');
    expect(spotify.textContent).toContain('25 users');
  });

  it('turns the bot off in a channel', async () => {
    const calls = showStudio('/connections', ConnectionsPage, '/studio/connections', {
      'GET /api/stream/channels': () => json(200, { channels: [held] }),
      [`PATCH /api/stream/channels/${twitchChannelId}`]: () => json(200, { ...held, enabled: false }),
    });
    const toggle = await screen.findByRole('checkbox', { name: 'Bot joins RigCity’s chat' });
    expect((toggle as HTMLInputElement).checked).toBe(true);
    fireEvent.click(toggle);
    expect(await screen.findByText('The bot leaves RigCity')).toBeTruthy();
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ enabled: false });
  });
});
