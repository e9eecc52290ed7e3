import { Route } from '@solidjs/router';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource, type Handler, json, stubFetch } from '../../test/fakes';
import { conversationId, detail, toolCall } from './fixtures';
import JarvisPage from './JarvisPage';

beforeEach(() => FakeEventSource.install());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const base = `/api/jarvis/conversations/${conversationId}`;

function show(routes: Record<string, Handler>, location = `/jarvis/${conversationId}`) {
  const calls = stubFetch({
    'GET /api/jarvis/conversations': () => json(200, { conversations: [detail().conversation], total: 1 }),
    ...routes,
  });
  render(
    () => (
      <>
        <Route path="/jarvis" component={JarvisPage} />
        <Route path="/jarvis/:id" component={JarvisPage} />
      </>
    ),
    { location },
  );
  return calls;
}

describe('JarvisPage', () => {
  it('shows a proposed call exactly and posts the approval', async () => {
    const call = toolCall();
    const calls = show({
      [`GET ${base}`]: () =>
        json(
          200,
          detail({ conversation: { ...detail().conversation, state: 'waiting' }, toolCalls: [call] }),
        ),
      [`POST /api/jarvis/tool-calls/${call.id}/approve`]: () =>
        json(200, { ...call, state: 'approved', decidedBy: 'web', decidedByLabel: 'owner' }),
    });
    const card = await screen.findByRole('article', { name: 'Tool call restart_container' });
    expect(within(card).getByText('Reversible')).toBeTruthy();
    expect(within(card).getByText('Waiting for approval')).toBeTruthy();
    expect(within(card).getByText('nextcloud')).toBeTruthy();
    const args = within(card).getByRole('region', { name: 'Arguments of restart_container' });
    expect(JSON.parse(args.textContent ?? '')).toEqual({ container: 'nextcloud', timeoutSeconds: 10 });
    expect(screen.getByText('1,500 tokens · < $0.01')).toBeTruthy();

    fireEvent.click(within(card).getByRole('button', { name: 'Approve restart_container on nextcloud' }));
    await waitFor(() => expect(within(card).getByText('Approved')).toBeTruthy());
    expect(calls.find((c) => c.method === 'POST')).toMatchObject({
      path: `/api/jarvis/tool-calls/${call.id}/approve`,
    });
    expect(within(card).queryByRole('button', { name: /Approve/ })).toBeNull();
  });

  it('asks for confirmation, with the exact call, before approving a destructive call, and can deny', async () => {
    const removal = toolCall({
      id: 'a0000000-0000-4000-8000-000000000002',
      tool: 'remove_volume',
      args: { volume: 'pgdata' },
      target: 'pgdata',
      risk: 'destructive',
    });
    const calls = show({
      [`GET ${base}`]: () => json(200, detail({ toolCalls: [removal] })),
      [`POST /api/jarvis/tool-calls/${removal.id}/deny`]: () =>
        json(200, { ...removal, state: 'denied', decidedBy: 'web', decidedByLabel: 'owner' }),
    });
    const card = await screen.findByRole('article', { name: 'Tool call remove_volume' });
    fireEvent.click(within(card).getByRole('button', { name: 'Approve remove_volume on pgdata' }));
    const dialog = await screen.findByRole('dialog', { name: 'Run remove_volume?' });
    expect(within(dialog).getByRole('region', { name: 'The call to approve' }).textContent).toContain(
      '"volume": "pgdata"',
    );
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));

    fireEvent.click(within(card).getByRole('button', { name: 'Deny remove_volume on pgdata' }));
    await waitFor(() => expect(within(card).getByText('Denied')).toBeTruthy());
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual([
      `/api/jarvis/tool-calls/${removal.id}/deny`,
    ]);
  });

  it('shows the answer as it streams in, then the stored message and the call as it runs', async () => {
    show({
      [`GET ${base}`]: () =>
        json(200, detail({ conversation: { ...detail().conversation, state: 'running' } })),
    });
    expect(await screen.findByText('Jarvis is thinking…')).toBeTruthy();
    const feed = FakeEventSource.find(`${base}/stream`);
    feed.open();
    feed.emit('delta', { text: 'The container ' });
    feed.emit('delta', { text: 'keeps crashing' });
    expect(await screen.findByText(/The container keeps crashing/)).toBeTruthy();
    expect(screen.getByText(/writing…/)).toBeTruthy();

    feed.emit('tool', { call: toolCall({ tool: 'container_logs', risk: 'read', state: 'running' }) });
    const card = await screen.findByRole('article', { name: 'Tool call container_logs' });
    feed.emit('tool', {
      call: toolCall({
        tool: 'container_logs',
        risk: 'read',
        state: 'succeeded',
        result: { summary: '200 lines, 3 errors' },
      }),
    });
    await waitFor(() => expect(within(card).getByText('200 lines, 3 errors')).toBeTruthy());

    feed.emit('message', {
      message: {
        id: 2,
        role: 'assistant',
        content: 'The container keeps crashing: out of memory.',
        at: '2026-01-30T10:00:20.000Z',
      },
    });
    expect(await screen.findByText('The container keeps crashing: out of memory.')).toBeTruthy();
    expect(screen.queryByText(/writing…/)).toBeNull();
  });

  it('explains why Jarvis stopped', async () => {
    show({
      [`GET ${base}`]: () =>
        json(
          200,
          detail({ conversation: { ...detail().conversation, state: 'failed', stopReason: 'no_model' } }),
        ),
    });
    expect(await screen.findByText(/No AI model is configured on the server/)).toBeTruthy();
  });

  it('says when there are no conversations, and when the conversation cannot be loaded', async () => {
    stubFetch({
      'GET /api/jarvis/conversations': () => json(200, { conversations: [], total: 0 }),
      [`GET ${base}`]: () =>
        json(404, { error: { code: 'not_found', message: 'There is no such conversation.' } }),
    });
    render(() => <Route path="/jarvis/:id" component={JarvisPage} />, {
      location: `/jarvis/${conversationId}`,
    });
    expect(await screen.findByText('No conversations yet')).toBeTruthy();
    expect(await screen.findByText('There is no such conversation.')).toBeTruthy();
  });
});
