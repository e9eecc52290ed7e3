import { Route } from '@solidjs/router';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Handler, json, stubFetch } from '../../test/fakes';
import { conversationId, detail, toolCall } from './fixtures';
import IncidentsPage from './IncidentsPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const diagnosis = {
  id: 'd0000000-0000-4000-8000-000000000001',
  incidentId: 'i0000000-0000-4000-8000-000000000001',
  conversationId,
  state: 'resolved',
  source: 'rules',
  problem: 'crash_loop',
  subject: 'nextcloud',
  summary: 'nextcloud restarted 6 times in 2 minutes: out of memory.',
  evidence: [
    { tool: 'container_logs', summary: 'OOM in the last lines', excerpt: 'Killed process 42 (php-fpm)' },
  ],
  plan: [{ tool: 'restart_container', args: { container: 'nextcloud' }, why: 'Clears the stuck worker.' }],
  runbookId: null,
  resolution: 'Restarted; healthy again.',
  createdAt: '2026-01-30T10:00:02.000Z',
  updatedAt: '2026-01-30T10:03:00.000Z',
  incident: {
    cause: 'HTTP 502',
    source: 'Nextcloud',
    startedAt: '2026-01-30T10:00:00.000Z',
    resolvedAt: '2026-01-30T10:03:00.000Z',
  },
};

function show(routes: Record<string, Handler>) {
  const calls = stubFetch(routes);
  render(() => <Route path="/jarvis/incidents" component={IncidentsPage} />, {
    location: '/jarvis/incidents',
  });
  return calls;
}

describe('IncidentsPage', () => {
  it('shows an incident’s timeline: evidence, plan, the approved action with its verification, resolution', async () => {
    const restart = toolCall({
      state: 'succeeded',
      decidedBy: 'web',
      decidedByLabel: 'owner',
      verification: { ok: true, detail: 'nextcloud is healthy' },
    });
    show({
      'GET /api/jarvis/diagnoses': () => json(200, { diagnoses: [diagnosis] }),
      [`GET /api/jarvis/conversations/${conversationId}`]: () =>
        json(200, detail({ toolCalls: [toolCall({ tool: 'container_logs', risk: 'read' }), restart] })),
    });
    const timeline = await screen.findByRole('list', { name: 'Timeline of Nextcloud' });
    expect(within(timeline).getByText('Incident opened')).toBeTruthy();
    expect(within(timeline).getByText('Killed process 42 (php-fpm)')).toBeTruthy();
    expect(within(timeline).getByText('Clears the stuck worker.')).toBeTruthy();
    expect(within(timeline).getByText('Restarted; healthy again.')).toBeTruthy();

    fireEvent.click(within(timeline).getByRole('button', { name: 'Approvals and verification' }));
    const card = await screen.findByRole('article', { name: 'Tool call restart_container' });
    expect(within(card).getByText(/nextcloud is healthy/)).toBeTruthy();
    expect(screen.queryByRole('article', { name: 'Tool call container_logs' })).toBeNull();
  });

  it('searches past diagnoses and says when none matches', async () => {
    const calls = show({ 'GET /api/jarvis/diagnoses': () => json(200, { diagnoses: [] }) });
    expect(await screen.findByText('No incidents diagnosed yet')).toBeTruthy();
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search past diagnoses' }), {
      target: { value: 'oom' },
    });
    await waitFor(() => expect(screen.getByText('No diagnosis matches')).toBeTruthy());
    await waitFor(() => expect(calls.filter((c) => c.path === '/api/jarvis/diagnoses')).toHaveLength(2), {
      timeout: 2000,
    });
  });
});
