import type { GamingStatus } from '@homelab/db/gaming';
import { Route } from '@solidjs/router';
import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../../test/fakes';
import { online } from './fixtures';
import { GamingCard } from './GamingCard';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const status: GamingStatus = {
  ...online,
  state: 'offline',
  version: null,
  reason: 'Sunshine is not reachable: ETIMEDOUT.',
};

function show(routes: Parameters<typeof stubFetch>[0]) {
  const calls = stubFetch(routes);
  render(() => <Route path="/" component={() => <GamingCard />} />, { location: '/' });
  return calls;
}

describe('GamingCard', () => {
  it('offers to wake an offline PC and links to the page', async () => {
    const calls = show({
      'GET /api/gaming/status': () => json(200, status),
      'POST /api/gaming/wake': () => json(202, { progress: { ...status.wol.progress, state: 'waiting' } }),
    });
    expect(await screen.findByText('Offline')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open game streaming' }).getAttribute('href')).toBe('/gaming');
    fireEvent.click(screen.getByRole('button', { name: 'Wake gaming PC' }));
    await vi.waitFor(() => expect(calls.some((call) => call.path === '/api/gaming/wake')).toBe(true));
  });

  it('shows the running application when online, without a wake button', async () => {
    show({
      'GET /api/gaming/status': () =>
        json(200, {
          ...status,
          state: 'online',
          reason: null,
          currentApp: { name: 'Desktop', uuid: 'D', launchedAt: new Date().toISOString() },
        }),
    });
    expect(await screen.findByText('Desktop')).toBeTruthy();
    expect(screen.getByText('Online')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Wake gaming PC' })).toBeNull();
  });

  it('says it is not connected and how to connect', async () => {
    show({ 'GET /api/gaming/status': () => json(200, { ...status, state: 'not_configured' }) });
    expect(await screen.findByText('Not connected')).toBeTruthy();
    expect(screen.getByText('SUNSHINE_URL')).toBeTruthy();
  });
});
