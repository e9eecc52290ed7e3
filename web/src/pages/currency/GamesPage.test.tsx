import { cleanup, fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json } from '../../test/fakes';
import { showStudio } from '../stream/studio-fixtures';
import { settings } from './fixtures';
import GamesPage from './GamesPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('GamesPage', () => {
  it('explains each game, checks the bets and saves the games with the rest of the settings as they came', async () => {
    const calls = showStudio('/games', GamesPage, '/studio/games', {
      'GET /api/stream/settings': () => json(200, { settings: settings() }),
      'PUT /api/stream/settings': ({ body }) => json(200, { settings: body }),
    });
    expect(await screen.findByText(/Three alike pay 10 times the bet, two alike pay 2 times/)).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'Duel on' })).toHaveProperty('checked', true);
    expect(screen.getByRole('spinbutton', { name: 'Smallest bet (candies)' })).toHaveProperty('value', '10');

    fireEvent.input(screen.getByRole('spinbutton', { name: 'Largest bet (candies)' }), {
      target: { value: '5' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save game settings' }));
    expect(await screen.findByText('At least the smallest bet')).toBeTruthy();
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);

    fireEvent.input(screen.getByRole('spinbutton', { name: 'Largest bet (candies)' }), {
      target: { value: '500' },
    });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Slots on' }));
    fireEvent.input(screen.getByRole('spinbutton', { name: 'Chance to win (%)' }), {
      target: { value: '40' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save game settings' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    const sent = calls.find((c) => c.method === 'PUT')!.body as ReturnType<typeof settings>;
    expect(sent.games).toMatchObject({
      maxBet: 500,
      slots: { enabled: false, symbols: ['🍒', '🍋', '🍇'] },
      roulette: { enabled: true, winChance: 0.4 },
    });
    expect(sent.currency).toEqual(settings().currency);
    expect(await screen.findByText('Game settings saved')).toBeTruthy();
  });

  it('shows the error when the settings cannot load', async () => {
    showStudio('/games', GamesPage, '/studio/games', {
      'GET /api/stream/settings': () => json(404, { error: { code: 'not_found', message: 'nope' } }),
    });
    expect(await screen.findByText('Could not load the game settings')).toBeTruthy();
  });
});
