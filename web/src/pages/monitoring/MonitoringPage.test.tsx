import { Route } from '@solidjs/router';
import { cleanup, render, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource, json, stubFetch } from '../../test/fakes';
import { manyMonitors } from '../../test/monitoring-fixtures';
import MonitoringPage from './MonitoringPage';

beforeEach(() => FakeEventSource.install());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const domains = [
  { domain: 'rig-city.com', host: 'rig-city.com', http: 'up', tls: 'down', dns: null },
  { domain: 'rig-city.com', host: 'api.rig-city.com', http: 'pending', tls: null, dns: 'up' },
];

describe('MonitoringPage', () => {
  it('renders a thousand monitors from one list, without a request per row, and patches one live', async () => {
    const monitors = manyMonitors(1000);
    const calls = stubFetch({
      'GET /api/monitors': () => json(200, { monitors }),
      'GET /api/domains': () => json(200, { domains }),
    });
    render(() => <Route path="/monitoring" component={MonitoringPage} />, { location: '/monitoring' });

    await screen.findByText('monitor 0001', undefined, { timeout: 10_000 });
    // Role queries walk the accessibility tree per call, too slow over 1,000 rows: plain selectors here.
    const table = screen.getByText('monitor 0001').closest('table')!;
    expect(table.querySelectorAll('tbody th[scope="row"]')).toHaveLength(1000);
    // Group headings: the three domains and the catch-all.
    expect(
      [...table.querySelectorAll('th[scope="colgroup"]')].map((th) => th.textContent?.split(' ')[0]),
    ).toEqual(['evindrake.net', 'rig-city.com', 'scarletredjoker.com', 'No']);
    expect(calls.map((c) => `${c.method} ${c.path}`).sort()).toEqual([
      'GET /api/domains',
      'GET /api/monitors',
    ]);

    // The domains view says each check's state in words.
    const domainRow = screen.getByText('rig-city.com', { selector: 'a' }).closest('tr')!;
    expect(within(domainRow).getByText('Down')).toBeTruthy();
    expect(within(domainRow).getByText('not checked')).toBeTruthy();

    const row = () => screen.getByText('monitor 0002').closest('tr')!;
    expect(within(row()).getByText('Up')).toBeTruthy();
    const neighbour = screen.getByText('monitor 0003').closest('tr');
    const events = FakeEventSource.find('/api/monitoring/events');
    events.open();
    events.emit('monitor', {
      id: monitors[1]!.id,
      state: 'down',
      lastCheckAt: new Date().toISOString(),
      lastLatencyMs: 900,
      lastMessage: 'connection refused',
    });
    await waitFor(() => expect(within(row()).getByText('Down')).toBeTruthy());
    expect(within(row()).getByText('900 ms')).toBeTruthy();
    // Only the changed row is redrawn: its neighbour is the very same element.
    expect(screen.getByText('monitor 0003').closest('tr')).toBe(neighbour);
    // A latency seen live joins the first one: the row's sparkline appears, still without a fetch.
    expect(row().querySelector('svg[role="img"]')?.getAttribute('aria-label')).toMatch(
      /monitor 0002 latency: latest 900 ms/,
    );
    expect(calls).toHaveLength(2);
  }, 30_000);

  it('filters from the box and pauses the selected monitors', async () => {
    const monitors = manyMonitors(8);
    const calls = stubFetch({
      'GET /api/monitors': () => json(200, { monitors }),
      'GET /api/domains': () => json(200, { domains: [] }),
      'POST /api/monitors/00000000-0000-4000-8000-000000000002/pause': () => json(200, monitors[1]),
    });
    render(() => <Route path="/monitoring" component={MonitoringPage} />, {
      location: '/monitoring?filter=evindrake',
    });
    await screen.findByRole('link', { name: 'monitor 0002' });
    expect(screen.getAllByRole('rowheader').map((r) => r.textContent)).toEqual([
      expect.stringContaining('monitor 0002'),
      expect.stringContaining('monitor 0006'),
    ]);
    expect(screen.getByText('No domains yet')).toBeTruthy();

    screen.getByRole('checkbox', { name: 'Select monitor 0002' }).click();
    screen.getByRole('button', { name: 'Pause' }).click();
    await waitFor(() => expect(calls.some((c) => c.path.endsWith('/pause'))).toBe(true));
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual([
      '/api/monitors/00000000-0000-4000-8000-000000000002/pause',
    ]);
  });

  it('says so when the monitors cannot be loaded, with a retry', async () => {
    stubFetch({
      'GET /api/monitors': () => json(500, { error: { code: 'internal', message: 'Database on fire.' } }),
      'GET /api/domains': () => json(200, { domains: [] }),
    });
    render(() => <Route path="/monitoring" component={MonitoringPage} />, { location: '/monitoring' });
    expect(await screen.findByText('Could not load the monitors')).toBeTruthy();
    expect(screen.getByText('Database on fire.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
