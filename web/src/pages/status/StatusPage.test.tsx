import { Route } from '@solidjs/router';
import { cleanup, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../../test/fakes';
import StatusPage from './StatusPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const today = new Date().toISOString().slice(0, 10);

describe('StatusPage', () => {
  it('shows a visitor the overall state and each service’s 90 days, asking nothing but the status', async () => {
    const calls = stubFetch({
      'GET /api/status/rig-city.com': () =>
        json(200, {
          domain: 'rig-city.com',
          updatedAt: new Date().toISOString(),
          monitors: [
            { name: 'Website', type: 'http', state: 'up', uptime90d: 1, days: [{ date: today, uptime: 1 }] },
            {
              name: 'Certificate',
              type: 'tls',
              state: 'down',
              uptime90d: 0.5,
              days: [{ date: today, uptime: 0.5 }],
            },
          ],
        }),
    });
    render(() => <Route path="/status/:domain" component={StatusPage} />, {
      location: '/status/rig-city.com',
    });
    expect(await screen.findByText('Some services are having problems')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Website' })).toBeTruthy();
    expect(screen.getByText('Down')).toBeTruthy();
    expect(
      screen.getByRole('img', { name: /Certificate uptime: 50\.00% up over 90 days, 1 day with downtime/ }),
    ).toBeTruthy();
    expect(calls.map((c) => c.path)).toEqual(['/api/status/rig-city.com']);
  });

  it('says when a domain has no status page', async () => {
    stubFetch({
      'GET /api/status/nope.example': () =>
        json(404, { error: { code: 'status_page_not_found', message: 'No status page for nope.example.' } }),
    });
    render(() => <Route path="/status/:domain" component={StatusPage} />, {
      location: '/status/nope.example',
    });
    expect(await screen.findByText('No status page for nope.example.')).toBeTruthy();
  });
});
