import { Route } from '@solidjs/router';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Handler, json, stubFetch } from '../../test/fakes';
import AutonomyPage from './AutonomyPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const settings = {
  autonomyEnabled: true,
  autoInvestigate: true,
  dailyTokenBudget: 500_000,
  conversationTokenBudget: 100_000,
  maxStepsPerTurn: 12,
  pricePerMillionInput: 0.15,
  pricePerMillionOutput: 0.6,
  discordChannelId: null,
  discordApproverIds: [],
};
const zero = { promptTokens: 0, completionTokens: 0, costMicros: 0 };
const usage = {
  today: { day: '2026-01-30', promptTokens: 40_000, completionTokens: 10_000, costMicros: 12_000 },
  dailyTokenBudget: 500_000,
  last30Days: [],
  total30Days: zero,
};
const grant = {
  id: 'p0000000-0000-4000-8000-000000000001',
  tool: 'restart_container',
  target: 'web-*',
  autonomous: true,
  createdAt: '2026-01-30T10:00:00.000Z',
};

function show(routes: Record<string, Handler> = {}) {
  const calls = stubFetch({
    'GET /api/jarvis/settings': () => json(200, settings),
    'GET /api/jarvis/usage': () => json(200, usage),
    'GET /api/jarvis/policies': () => json(200, { policies: [grant] }),
    ...routes,
  });
  render(() => <Route path="/jarvis/autonomy" component={AutonomyPage} />, { location: '/jarvis/autonomy' });
  return calls;
}

describe('AutonomyPage', () => {
  it('offers autonomy for reversible tools only: destructive tools always ask, with no control', async () => {
    show();
    const restart = await screen.findByRole('listitem', { name: 'restart_container' });
    expect(within(restart).getByText('web-*')).toBeTruthy();
    expect(within(restart).getByLabelText('Allow restart_container without asking on')).toBeTruthy();

    const destructive = screen.getByRole('region', { name: 'Destructive tools' });
    const removal = within(destructive).getByText('remove_volume').closest('li')!;
    expect(within(removal).getByText('Always asks')).toBeTruthy();
    expect(within(removal).getByText('Remove a volume and its data.')).toBeTruthy();
    expect(within(destructive).queryAllByRole('textbox')).toHaveLength(0);
    expect(within(destructive).queryAllByRole('button')).toHaveLength(0);
    expect(screen.queryByLabelText('Allow remove_volume without asking on')).toBeNull();
  });

  it('grants a target pattern and takes a grant back', async () => {
    const calls = show({
      'POST /api/jarvis/policies': ({ body }) =>
        json(201, { ...grant, id: 'p0000000-0000-4000-8000-000000000002', ...(body as object) }),
      [`DELETE /api/jarvis/policies/${grant.id}`]: () => json(204, null),
    });
    const stop = await screen.findByRole('listitem', { name: 'stop_container' });
    fireEvent.input(within(stop).getByLabelText('Allow stop_container without asking on'), {
      target: { value: 'media-*' },
    });
    fireEvent.click(within(stop).getByRole('button', { name: 'Allow' }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
        tool: 'stop_container',
        target: 'media-*',
        autonomous: true,
      }),
    );
    fireEvent.click(
      screen.getByRole('button', { name: 'Stop letting restart_container act alone on web-*' }),
    );
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE')).toBe(true));
  });

  it('saves the master switch and the Discord approvers', async () => {
    const calls = show({ 'PUT /api/jarvis/settings': ({ body }) => json(200, body) });
    const master = await screen.findByRole('checkbox', { name: 'Autonomy on' });
    expect(screen.getByText(/50,000 of 500,000 tokens/)).toBeTruthy();
    fireEvent.click(master);
    fireEvent.input(screen.getByLabelText('Discord approvers'), {
      target: { value: '123456789012345678\n223456789012345678' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'PUT')?.body).toMatchObject({
        autonomyEnabled: false,
        discordApproverIds: ['123456789012345678', '223456789012345678'],
      }),
    );
  });

  it('shows the error when the grants cannot be loaded', async () => {
    show({
      'GET /api/jarvis/policies': () =>
        json(503, { error: { code: 'database_unavailable', message: 'The database is not reachable.' } }),
    });
    expect(await screen.findByText('Could not load the autonomy grants')).toBeTruthy();
  });
});
