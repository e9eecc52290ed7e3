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

  describe('a Kick channel’s chat mode', () => {
    const kickChannelId = '44444444-4444-4444-8444-444444444444';
    const kick = channel({
      id: kickChannelId,
      platform: 'kick',
      platformChannelId: '668',
      login: 'rigcity',
      displayName: 'RigCity on Kick',
      chatMode: 'webhook',
    });
    const withKick = me({
      accounts: [
        {
          provider: 'kick',
          username: 'rigcity',
          state: 'connected',
          tokenExpiresAt: null,
          lastError: null,
        },
      ],
      channels: [kick],
    });

    it('offers webhooks or the chat socket for Kick only, and saves the choice', async () => {
      const calls = showStudio(
        '/connections',
        ConnectionsPage,
        '/studio/connections',
        {
          'GET /api/stream/channels': () => json(200, { channels: [held, kick] }),
          [`PATCH /api/stream/channels/${kickChannelId}`]: () => json(200, { ...kick, chatMode: 'socket' }),
        },
        withKick,
      );
      const section = (await screen.findByRole('heading', { name: 'Kick' })).closest('section')!;
      const group = await within(section).findByRole('group', { name: 'Read chat through' });
      const webhooks = within(group).getByRole('radio', { name: /Kick’s webhooks \(official\)/ });
      const socket = within(group).getByRole('radio', { name: /kick\.com’s chat socket/ });
      expect((webhooks as HTMLInputElement).checked).toBe(true);
      expect(group.textContent).toContain('Needs Chromium on the server');
      const twitch = screen.getByRole('heading', { name: 'Twitch' }).closest('section')!;
      expect(within(twitch).queryByRole('group', { name: 'Read chat through' })).toBeNull();

      fireEvent.click(socket);
      expect(
        await screen.findByText('The bot reads RigCity on Kick’s chat from kick.com’s socket'),
      ).toBeTruthy();
      expect((socket as HTMLInputElement).checked).toBe(true);
      expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ chatMode: 'socket' });
    });

    it('says why a choice was not saved and keeps the previous one', async () => {
      showStudio(
        '/connections',
        ConnectionsPage,
        '/studio/connections',
        {
          'GET /api/stream/channels': () => json(200, { channels: [kick] }),
          [`PATCH /api/stream/channels/${kickChannelId}`]: () =>
            json(503, { error: { code: 'unavailable', message: 'The database is not answering.' } }),
        },
        withKick,
      );
      const group = await screen.findByRole('group', { name: 'Read chat through' });
      const socket = within(group).getByRole('radio', { name: /kick\.com’s chat socket/ });
      fireEvent.click(socket);
      expect((await within(group).findByRole('alert')).textContent).toContain(
        'The database is not answering.',
      );
      expect((socket as HTMLInputElement).checked).toBe(false);
      expect(
        (within(group).getByRole('radio', { name: /Kick’s webhooks/ }) as HTMLInputElement).checked,
      ).toBe(true);
    });
  });
});
