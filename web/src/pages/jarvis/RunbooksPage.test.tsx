import { Route } from '@solidjs/router';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Handler, json, stubFetch } from '../../test/fakes';
import RunbooksPage from './RunbooksPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const runbook = {
  id: 'r0000000-0000-4000-8000-000000000001',
  title: 'Container crash-looping',
  symptoms: ['crash loop', 'restarting'],
  body: '1. Read the logs.\n2. Restart it.',
  allowedTools: ['restart_container'],
  createdAt: '2026-01-30T10:00:00.000Z',
  updatedAt: '2026-01-30T10:00:00.000Z',
};

function show(routes: Record<string, Handler>) {
  const calls = stubFetch(routes);
  render(() => <Route path="/jarvis/runbooks" component={RunbooksPage} />, { location: '/jarvis/runbooks' });
  return calls;
}

describe('RunbooksPage', () => {
  it('edits a runbook’s steps and allowed tools', async () => {
    const calls = show({
      'GET /api/jarvis/runbooks': () => json(200, { runbooks: [runbook] }),
      [`PUT /api/jarvis/runbooks/${runbook.id}`]: ({ body }) =>
        json(200, { ...runbook, ...(body as object) }),
    });
    expect(await screen.findByText('Symptoms: crash loop, restarting')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Edit Container crash-looping' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.input(within(dialog).getByLabelText('Steps (markdown)'), {
      target: { value: '1. Restart it.' },
    });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /run_check/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save runbook' }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
        title: 'Container crash-looping',
        symptoms: ['crash loop', 'restarting'],
        body: '1. Restart it.',
        allowedTools: ['restart_container', 'run_check'],
      }),
    );
  });

  it('says when there are none, and when they cannot be loaded', async () => {
    show({ 'GET /api/jarvis/runbooks': () => json(200, { runbooks: [] }) });
    expect(await screen.findByText('No runbooks yet')).toBeTruthy();
    cleanup();
    show({
      'GET /api/jarvis/runbooks': () => json(500, { error: { code: 'internal', message: 'Broken.' } }),
    });
    expect(await screen.findByText('Could not load the runbooks')).toBeTruthy();
  });
});
