import { cleanup, fireEvent, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json } from '../../test/fakes';
import { guildId, me, showDesk } from './desk-fixtures';
import GuildPickerPage from './GuildPickerPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('GuildPickerPage', () => {
  it('lists the guilds with their access level, each a link to its tickets', async () => {
    showDesk(
      '/',
      GuildPickerPage,
      '/desk',
      {},
      me({
        guilds: [
          { guildId, name: 'Rig City', iconUrl: null, level: 'admin' },
          {
            guildId: '300000000000000002',
            name: 'Speedrun Club',
            iconUrl: 'https://cdn.example/i.png',
            level: 'staff',
          },
        ],
      }),
    );
    const link = await screen.findByRole('link', { name: /Rig City/ });
    expect(link.getAttribute('href')).toBe(`/desk/${guildId}`);
    expect(link.textContent).toContain('Admin');
    expect(screen.getByRole('link', { name: /Speedrun Club/ }).textContent).toContain('Staff');
  });

  it('explains an empty list and refreshes it from Discord', async () => {
    const calls = showDesk(
      '/',
      GuildPickerPage,
      '/desk',
      {
        'POST /api/desk/guilds/refresh': () =>
          json(200, { guilds: [{ guildId, name: 'Rig City', iconUrl: null, level: 'staff' }] }),
      },
      me({ guilds: [] }),
    );
    expect(await screen.findByText('No guilds to show yet')).toBeTruthy();
    expect(screen.getByText(/the bot is in that Discord server and you have Manage Server/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Refresh from Discord' }));
    expect(await screen.findByRole('link', { name: /Rig City/ })).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST' && c.path === '/api/desk/guilds/refresh')).toBe(true);
  });
});
