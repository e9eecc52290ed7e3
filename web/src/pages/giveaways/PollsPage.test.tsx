import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json } from '../../test/fakes';
import { showStudio } from '../stream/studio-fixtures';
import type { Poll } from './api';
import PollsPage from './PollsPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const id = '55555555-5555-4555-8555-555555555555';
const bet = (over: Partial<Poll> = {}): Poll => ({
  id,
  kind: 'bet',
  question: 'Win the match?',
  options: ['yes', 'no'],
  state: 'open',
  winningOption: null,
  closesAt: null,
  createdAt: new Date().toISOString(),
  tallies: [
    { option: 0, label: 'yes', votes: 3, amount: 75 },
    { option: 1, label: 'no', votes: 1, amount: 25 },
  ],
  ...over,
});
const show = (routes: Parameters<typeof showStudio>[3]) =>
  showStudio('/polls', PollsPage, '/studio/polls', routes);

describe('PollsPage', () => {
  it('shows live tallies as bars and resolves a bet on the chosen option', async () => {
    const calls = show({
      'GET /api/stream/polls': () => json(200, { polls: [bet()] }),
      [`POST /api/stream/polls/${id}/resolve`]: () => {
        const { tallies, ...poll } = bet({ state: 'resolved', winningOption: 1 });
        return json(200, { poll, tallies });
      },
    });
    expect(await screen.findByRole('heading', { name: 'Win the match?' })).toBeTruthy();
    const yes = screen.getByRole('meter', { name: 'yes' });
    expect(yes.getAttribute('aria-valuenow')).toBe('75');
    fireEvent.click(screen.getByRole('button', { name: 'Resolve' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('Winning option', { exact: false }), {
      target: { value: '1' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Resolve and pay out' }));
    await waitFor(() => expect(calls.find((c) => c.path.endsWith('/resolve'))?.body).toEqual({ option: 1 }));
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Win the match?' })).toBeNull());
    expect(screen.getByRole('table').textContent).toContain('Resolved');
  });

  it('opens a poll with options one per line, refusing a single option', async () => {
    const calls = show({
      'GET /api/stream/polls': () => json(200, { polls: [] }),
      'POST /api/stream/polls': (call) => {
        const body = call.body as { question: string; options: string[] };
        const { tallies, ...poll } = bet({
          kind: 'poll',
          question: body.question,
          options: body.options,
          tallies: body.options.map((label, option) => ({ option, label, votes: 0, amount: 0 })),
        });
        return json(201, { poll, tallies });
      },
    });
    const form = await screen.findByRole('form', { name: 'Open a poll or bet' });
    fireEvent.input(within(form).getByLabelText('Question', { exact: false }), {
      target: { value: 'Snack?' },
    });
    fireEvent.input(within(form).getByLabelText('Options (one per line)'), { target: { value: 'chips' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Open poll' }));
    expect(await within(form).findByText('Give 2 to 10 options, one per line')).toBeTruthy();
    fireEvent.input(within(form).getByLabelText('Options (one per line)'), {
      target: { value: 'chips\n fruit \n' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Open poll' }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
        kind: 'poll',
        question: 'Snack?',
        options: ['chips', 'fruit'],
      }),
    );
    expect(await screen.findByRole('heading', { name: 'Snack?' })).toBeTruthy();
  });

  it('shows an empty history', async () => {
    show({ 'GET /api/stream/polls': () => json(200, { polls: [] }) });
    expect(await screen.findByText('No polls or bets yet.')).toBeTruthy();
  });
});
