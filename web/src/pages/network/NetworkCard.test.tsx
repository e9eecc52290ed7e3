import { Route } from '@solidjs/router';
import { cleanup, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../../test/fakes';
import { NetworkCard } from './NetworkCard';
import { overview } from './overview.fixture';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const show = () => render(() => <Route path="/" component={() => <NetworkCard />} />, { location: '/' });

describe('NetworkCard', () => {
  it('shows the public IP, traffic without container links, ports and DNS mismatches, with a link', async () => {
    stubFetch({ 'GET /api/network/overview': () => json(200, overview) });
    show();
    expect(await screen.findByText('203.0.113.10')).toBeTruthy();
    expect(screen.getByText('1.5 KB/s')).toBeTruthy();
    expect(screen.getByText('3')).toBeTruthy();
    expect(screen.getByText('1 of 2 names do not point at the public IP.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open network' }).getAttribute('href')).toBe('/network');
  });

  it('says how to connect when the network runner is down', async () => {
    stubFetch({
      'GET /api/network/overview': () =>
        json(503, { error: { code: 'runner_unavailable', message: 'The network runner is not connected.' } }),
    });
    show();
    expect(await screen.findByText('Network runner not connected')).toBeTruthy();
  });
});
