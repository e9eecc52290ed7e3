import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json } from '../../test/fakes';
import { showStudio } from '../stream/studio-fixtures';
import CurrencyPage from './CurrencyPage';
import { ledgerEntry, settings, viewer, viewerId } from './fixtures';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** Records the query strings the page asks with (the fetch stub keys on the path alone). */
function recordUrls() {
  const inner = globalThis.fetch;
  const urls: string[] = [];
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
    urls.push(String(input instanceof Request ? input.url : input));
    return inner(input, init);
  });
  return urls;
}

describe('CurrencyPage', () => {
  it('ranks viewers, searches, opens one with accounts and ledger, and grants with the API’s refusal shown', async () => {
    let balance = 1_500;
    const calls = showStudio('/currency', CurrencyPage, '/studio/currency', {
      'GET /api/stream/settings': () => json(200, { settings: settings() }),
      'GET /api/stream/currency/viewers': () =>
        json(200, {
          viewers: [
            viewer({ balance }),
            viewer({ id: '8'.repeat(8), rank: 2, displayName: 'sam', balance: 10, identities: [] }),
          ],
          nextCursor: null,
        }),
      [`GET /api/stream/currency/viewers/${viewerId}`]: () =>
        json(200, { viewer: viewer({ balance }), ledger: [ledgerEntry()] }),
      [`POST /api/stream/currency/viewers/${viewerId}/grant`]: ({ body }) => {
        const { amount } = body as { amount: number };
        if (balance + amount < 0)
          return json(409, {
            error: {
              code: 'conflict',
              message: `That would take the balance below 0: the viewer has ${balance}.`,
            },
          });
        balance += amount;
        return json(200, {
          balance,
          entry: ledgerEntry({ id: 2, delta: amount, balanceAfter: balance, reason: 'grant' }),
        });
      },
    });
    const row = (await screen.findByRole('button', { name: 'Goldie' })).closest('tr')!;
    expect(within(row).getByText('#1')).toBeTruthy();
    expect(within(row).getByText('1,500')).toBeTruthy();
    expect(within(row).getByText('2h 5m')).toBeTruthy();
    expect(within(row).getByText('Kick: goldie_kick')).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: 'candies' })).toBeTruthy();

    const urls = recordUrls();
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search viewers' }), { target: { value: 'gold' } });
    await waitFor(() => expect(urls.some((u) => u.includes('search=gold'))).toBe(true));
    fireEvent.change(screen.getByRole('combobox', { name: 'Rank by' }), { target: { value: 'watch' } });
    await waitFor(() => expect(urls.some((u) => u.includes('sort=watch'))).toBe(true));

    fireEvent.click(screen.getByRole('button', { name: 'Goldie' }));
    const dialog = await screen.findByRole('dialog', { name: 'Viewer Goldie' });
    expect(await within(dialog).findByText('Linked accounts')).toBeTruthy();
    expect(within(dialog).getByText('Twitch: Goldie')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Give or take' }));
    const grant = await screen.findByRole('dialog', { name: 'Give or take candies: Goldie' });
    fireEvent.click(within(grant).getByRole('button', { name: 'Apply' }));
    expect(await within(grant).findByText('A whole number other than 0; negative takes')).toBeTruthy();
    expect(within(grant).getByText('Say why, e.g. "won the art contest"')).toBeTruthy();
    fireEvent.input(within(grant).getByRole('spinbutton', { name: 'Amount' }), {
      target: { value: '-2000' },
    });
    fireEvent.input(within(grant).getByRole('textbox', { name: 'Reason' }), {
      target: { value: 'cheating' },
    });
    fireEvent.click(within(grant).getByRole('button', { name: 'Apply' }));
    expect(await within(grant).findByText(/below 0: the viewer has 1500/)).toBeTruthy();
    fireEvent.input(within(grant).getByRole('spinbutton', { name: 'Amount' }), { target: { value: '250' } });
    fireEvent.click(within(grant).getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: /Give or take/ })).toBeNull());
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([
      { amount: -2000, reason: 'cheating' },
      { amount: 250, reason: 'cheating' },
    ]);
    expect(await screen.findByText('Goldie now has 1,750 candies')).toBeTruthy();
  });

  it('saves the earning settings with the rest of the settings as they came', async () => {
    const calls = showStudio('/currency', CurrencyPage, '/studio/currency', {
      'GET /api/stream/settings': () => json(200, { settings: settings() }),
      'PUT /api/stream/settings': ({ body }) => json(200, { settings: body }),
      'GET /api/stream/currency/viewers': () => json(200, { viewers: [], nextCursor: null }),
    });
    expect(await screen.findByText('No viewers yet')).toBeTruthy();
    const perMinute = await screen.findByRole('spinbutton', { name: 'Per minute watched' });
    fireEvent.input(perMinute, { target: { value: '-1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save currency settings' }));
    expect(await screen.findByText('A whole number from 0 to 1000')).toBeTruthy();
    fireEvent.input(perMinute, { target: { value: '5' } });
    fireEvent.input(screen.getByRole('textbox', { name: 'Name' }), { target: { value: 'gems' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save currency settings' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    const sent = calls.find((c) => c.method === 'PUT')!.body as ReturnType<typeof settings>;
    expect(sent.currency).toMatchObject({
      name: 'gems',
      perMinute: 5,
      perMessage: 2,
      subscriberMultiplier: 1.5,
    });
    expect(sent.games).toEqual(settings().games);
    expect(sent.timezone).toBe('Europe/Berlin');
  });

  it('shows the error with a retry when the leaderboard cannot load', async () => {
    showStudio('/currency', CurrencyPage, '/studio/currency', {
      'GET /api/stream/settings': () => json(200, { settings: settings() }),
      'GET /api/stream/currency/viewers': () =>
        json(500, { error: { code: 'internal', message: 'Database down' } }),
    });
    expect(await screen.findByText('Could not load the viewers')).toBeTruthy();
    expect(screen.getByRole('button', { name: /Retry|Try again/ })).toBeTruthy();
  });
});
