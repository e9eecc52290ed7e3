import { cleanup, fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json } from '../../test/fakes';
import { guildId, showDesk } from './desk-fixtures';
import GoLivePage from './GoLivePage';
import { lookup, settings } from './SettingsPage.test';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('GoLivePage', () => {
  it('previews the template with its variables filled in, as the user types', async () => {
    showDesk('/:guildId/go-live', GoLivePage, `/desk/${guildId}/go-live`, {
      [`GET /api/desk/guilds/${guildId}`]: () => json(200, settings),
      [`GET /api/desk/guilds/${guildId}/discord`]: () => json(200, lookup),
      [`GET /api/desk/guilds/${guildId}/streamers`]: () =>
        json(200, {
          streamers: [
            {
              id: 's1',
              discordUserId: '200000000000000007',
              displayName: 'Nova',
              source: 'manual',
              enabled: true,
              kickSlug: null,
              state: 'live',
              platform: 'twitch',
              url: 'https://twitch.tv/nova',
              title: 'Any% attempts',
              game: null,
              liveSince: new Date().toISOString(),
            },
          ],
        }),
    });
    const preview = await screen.findByLabelText('Preview');
    await waitFor(() =>
      expect(preview.textContent).toBe(
        '@Live alerts Rig City is live on Twitch: Late-night build stream https://twitch.tv/rigcity',
      ),
    );
    fireEvent.input(screen.getByLabelText('Message template'), {
      target: { value: '{streamer} plays {game} {unknown}' },
    });
    expect(preview.textContent).toBe('Rig City plays Factorio {unknown}');
    expect(screen.getByText('{mention}')).toBeTruthy();

    const row = (await screen.findByText('Nova')).closest('tr')!;
    expect(row.textContent).toContain('Live');
    expect(row.textContent).toContain('Twitch');
  });
});
