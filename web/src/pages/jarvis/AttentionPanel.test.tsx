import { Route } from '@solidjs/router';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Handler, json, stubFetch } from '../../test/fakes';
import { AttentionPanel } from './AttentionPanel';
import { attention, detail, toolCall } from './fixtures';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function show(routes: Record<string, Handler>) {
  const calls = stubFetch(routes);
  render(
    () => (
      <>
        <Route path="/" component={() => <AttentionPanel />} />
        <Route path="/jarvis/:id" component={() => <p>Conversation page</p>} />
      </>
    ),
    { location: '/' },
  );
  return calls;
}

describe('AttentionPanel', () => {
  it('lists incidents with their diagnosis and approves a waiting call from the home page', async () => {
    const call = { ...toolCall(), conversationTitle: 'nextcloud crash-looping' };
    let decided = false;
    const calls = show({
      'GET /api/jarvis/attention': () =>
        json(
          200,
          decided
            ? attention()
            : attention({
                incidents: [
                  {
                    id: 'i0000000-0000-4000-8000-000000000001',
                    cause: 'HTTP 502',
                    lastMessage: 'Bad gateway',
                    source: 'Nextcloud',
                    startedAt: '2026-01-30T09:58:00.000Z',
                    diagnosis: {
                      id: 'd0000000-0000-4000-8000-000000000001',
                      state: 'diagnosed',
                      summary: 'nextcloud restarts every 20 s: out of memory.',
                    },
                  },
                ],
                approvals: { count: 1, calls: [call] },
                certificates: [
                  { monitorId: 'm1', name: 'rig-city.com', daysLeft: 5, validTo: '2026-02-04T00:00:00.000Z' },
                ],
              }),
        ),
      [`POST /api/jarvis/tool-calls/${call.id}/approve`]: () => {
        decided = true;
        return json(200, { ...call, state: 'approved' });
      },
    });
    expect(await screen.findByText('nextcloud restarts every 20 s: out of memory.')).toBeTruthy();
    expect(screen.getByText('Diagnosed')).toBeTruthy();
    expect(screen.getByText('in 5 days')).toBeTruthy();
    expect(screen.getByText('Model gpt-4o-mini')).toBeTruthy();
    const card = screen.getByRole('article', { name: 'Tool call restart_container' });
    expect(within(card).getByText('In “nextcloud crash-looping”')).toBeTruthy();
    fireEvent.click(within(card).getByRole('button', { name: 'Approve restart_container on nextcloud' }));
    expect(await screen.findByText(/All clear/)).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual([
      `/api/jarvis/tool-calls/${call.id}/approve`,
    ]);
  });

  it('says all is clear, and that no model is configured', async () => {
    show({
      'GET /api/jarvis/attention': () =>
        json(200, attention({ model: { connected: true, configured: false, model: null } })),
    });
    expect(await screen.findByText(/All clear/)).toBeTruthy();
    expect(screen.getByText('No model: rules only')).toBeTruthy();
  });

  it('shows the error with a retry when the list cannot be loaded', async () => {
    show({
      'GET /api/jarvis/attention': () =>
        json(500, { error: { code: 'internal', message: 'The database did not answer.' } }),
    });
    expect(await screen.findByText('Could not load the attention list')).toBeTruthy();
    expect(screen.getByText('The database did not answer.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('starts a conversation from the Ask Jarvis box and opens it', async () => {
    const calls = show({
      'GET /api/jarvis/attention': () => json(200, attention()),
      'POST /api/jarvis/conversations': () => json(201, detail()),
    });
    fireEvent.input(await screen.findByLabelText('Ask Jarvis'), {
      target: { value: 'Why is nextcloud down?' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Ask' }));
    expect(await screen.findByText('Conversation page')).toBeTruthy();
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ message: 'Why is nextcloud down?' }),
    );
  });
});
