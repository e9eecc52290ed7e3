import { Route } from '@solidjs/router';
import { cleanup, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../../test/fakes';
import { AutomationsCard } from './AutomationsCard';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function show(summary: Record<string, number>) {
  stubFetch({ 'GET /api/automations/summary': () => json(200, summary) });
  render(() => <Route path="/" component={AutomationsCard} />, { location: '/' });
}

describe('AutomationsCard', () => {
  it('shows the hooks, failures in the last 24 hours and a link to the page', async () => {
    show({ hooks: 3, enabled: 2, failures24h: 4, pending: 1 });
    expect(await screen.findByText('2 of 3 enabled')).toBeTruthy();
    expect(screen.getByText('4')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open automations' }).getAttribute('href')).toBe('/automations');
  });

  it('says how to connect n8n when there is no hook', async () => {
    show({ hooks: 0, enabled: 0, failures24h: 0, pending: 0 });
    expect(await screen.findByText(/Not connected to n8n/)).toBeTruthy();
  });
});
