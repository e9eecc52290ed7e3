import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json } from '../../test/fakes';
import { showStudio } from '../stream/studio-fixtures';
import type { Giveaway } from './api';
import GiveawaysPage, { currentOf } from './GiveawaysPage';
import { claimLeft } from './WinnerList';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const id = '33333333-3333-4333-8333-333333333333';
const giveaway = (over: Partial<Giveaway> = {}): Giveaway => ({
  id,
  prize: 'A game key',
  keyword: '!enter',
  cost: 0,
  subscriberLuck: 2,
  minLevel: 'everyone',
  claimSeconds: 60,
  state: 'open',
  entries: 12,
  createdAt: new Date(Date.now() - 60_000).toISOString(),
  closedAt: null,
  winners: [],
  ...over,
});
const show = (routes: Parameters<typeof showStudio>[3]) =>
  showStudio('/giveaways', GiveawaysPage, '/studio/giveaways', routes);

describe('GiveawaysPage', () => {
  it('shows the running giveaway with its entries and draws a winner after a confirm', async () => {
    const drawn = giveaway({
      state: 'drawn',
      winners: [
        {
          id: 1,
          viewerId: '44444444-4444-4444-8444-444444444444',
          userName: 'alice',
          state: 'pending',
          drawnAt: new Date().toISOString(),
          claimedAt: null,
          expiresAt: new Date(Date.now() + 45_000).toISOString(),
        },
      ],
    });
    const calls = show({
      'GET /api/stream/giveaways': () => json(200, { giveaways: [giveaway()] }),
      [`POST /api/stream/giveaways/${id}/draw`]: () => json(200, drawn),
    });
    expect(await screen.findByRole('heading', { name: 'A game key' })).toBeTruthy();
    expect(screen.getByTestId('entries').textContent).toBe('12');
    fireEvent.click(screen.getByRole('button', { name: 'Draw winner' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('Draw a winner?');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Draw winner' }));
    await waitFor(() => expect(calls.some((c) => c.path === `/api/stream/giveaways/${id}/draw`)).toBe(true));
    expect(await screen.findByText('alice')).toBeTruthy();
    expect(screen.getByRole('timer').textContent).toMatch(/^4\ds left to claim$/);
    expect(screen.getByRole('button', { name: 'Reroll' })).toBeTruthy();
  });

  it('starts a giveaway from the form, checking the fields first', async () => {
    const calls = show({
      'GET /api/stream/giveaways': () => json(200, { giveaways: [] }),
      'POST /api/stream/giveaways': (call) => json(201, giveaway(call.body as Partial<Giveaway>)),
    });
    const form = await screen.findByRole('form', { name: 'Start a giveaway' });
    fireEvent.click(within(form).getByRole('button', { name: 'Start giveaway' }));
    expect(await within(form).findByText('Name the prize')).toBeTruthy();
    fireEvent.input(within(form).getByLabelText('Prize', { exact: false }), { target: { value: 'Headset' } });
    fireEvent.input(within(form).getByLabelText('Cost', { exact: false }), { target: { value: '25' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Start giveaway' }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({ prize: 'Headset', cost: 25 }),
    );
    expect(await screen.findByRole('heading', { name: 'Headset' })).toBeTruthy();
  });

  it('says what went wrong when the list fails', async () => {
    show({
      'GET /api/stream/giveaways': () =>
        json(503, { error: { code: 'db_down', message: 'The database is down.' } }),
    });
    expect(await screen.findByText('The database is down.', { exact: false })).toBeTruthy();
  });

  it('picks the running giveaway and counts down a claim', () => {
    const old = giveaway({ id: 'old', state: 'drawn' });
    expect(currentOf([old])).toBeNull();
    expect(currentOf([giveaway({ state: 'closed' }), old])?.state).toBe('closed');
    const now = Date.parse('2026-01-01T00:00:00Z');
    const winner = {
      id: 1,
      viewerId: 'v',
      userName: 'a',
      state: 'pending' as const,
      drawnAt: '',
      claimedAt: null,
      expiresAt: '2026-01-01T00:00:30Z',
    };
    expect(claimLeft(winner, now)).toBe('30s left to claim');
    expect(claimLeft(winner, now + 31_000)).toBe('Claim time is up');
    expect(claimLeft({ ...winner, state: 'claimed' }, now)).toBe('Claimed');
  });
});
