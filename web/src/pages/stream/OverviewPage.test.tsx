import { cleanup, fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json } from '../../test/fakes';
import OverviewPage from './OverviewPage';
import { channel, chatEvent, me, showStudio } from './studio-fixtures';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const notice = {
  id: 7,
  kind: 'token_revoked',
  message: 'Twitch disconnected the bot from RigCity. Reconnect it under Connections.',
  detail: {},
  createdAt: new Date(Date.now() - 600_000).toISOString(),
  readAt: null,
};

describe('OverviewPage', () => {
  it('counts today’s events per platform and the chats connected, and marks a notice read', async () => {
    const kickChannel = channel({
      id: '55555555-5555-4555-8555-555555555555',
      platform: 'kick',
      login: 'rig',
    });
    const calls = showStudio(
      '/',
      OverviewPage,
      '/studio',
      {
        'GET /api/stream/notices': () => json(200, { notices: [notice] }),
        'GET /api/stream/events': () =>
          json(200, {
            events: [
              chatEvent({ platformEventId: 'a' }),
              chatEvent({ platformEventId: 'b' }),
              chatEvent({ platformEventId: 'c', platform: 'kick' }),
              chatEvent({ platformEventId: 'old', at: new Date(Date.now() - 3 * 86_400_000).toISOString() }),
            ],
          }),
        'GET /api/stream/channels': () =>
          json(200, {
            channels: [
              channel({
                lease: { expiresAt: new Date(Date.now() + 30_000).toISOString() },
                connection: { state: 'joined', lastEventAt: null },
              }),
              kickChannel,
            ],
          }),
        'POST /api/stream/notices/7/read': () => json(200, { ...notice, readAt: new Date().toISOString() }),
      },
      me({ channels: [channel(), kickChannel] }),
    );
    const twitch = (await screen.findByText('Twitch', { selector: 'dt' })).parentElement!;
    await waitFor(() => expect(twitch.textContent).toContain('2'));
    expect(screen.getByText('Kick', { selector: 'dt' }).parentElement!.textContent).toContain('1');
    await waitFor(() =>
      expect(screen.getByText(/of 2 chats connected/).parentElement!.textContent).toContain('1 of 2'),
    );

    fireEvent.click(await screen.findByRole('button', { name: `Mark read: ${notice.message}` }));
    expect(await screen.findByText('Nothing needs your attention')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST' && c.path === '/api/stream/notices/7/read')).toBe(true);
  });
});
