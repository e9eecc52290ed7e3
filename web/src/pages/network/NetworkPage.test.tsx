import { Route } from '@solidjs/router';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Handler, json, stubFetch } from '../../test/fakes';
import NetworkPage from './NetworkPage';
import { overview } from './overview.fixture';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function show(routes: Record<string, Handler> = {}) {
  const calls = stubFetch({
    'GET /api/network/overview': () => json(200, overview),
    'GET /api/network/history': () =>
      json(200, {
        iface: 'eth0',
        range: '1h',
        bucketSeconds: 30,
        points: [
          { at: '2026-11-29T13:59:00Z', rx: 1000, tx: 100 },
          { at: '2026-11-29T13:59:30Z', rx: 3000, tx: 200 },
        ],
      }),
    ...routes,
  });
  render(() => <Route path="/network" component={NetworkPage} />, { location: '/network' });
  return calls;
}

describe('NetworkPage', () => {
  it('shows each interface with its live throughput and history, folding container links away', async () => {
    show();
    const eth0 = await screen.findByRole('region', { name: 'eth0' });
    expect(within(eth0).getByText('1.5 KB/s')).toBeTruthy();
    expect(within(eth0).getByText('up')).toBeTruthy();
    expect(
      await within(eth0).findByRole('img', { name: /eth0 throughput, 1 hour, latest: Received/ }),
    ).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'veth1a2b' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Show 1 container links' }));
    expect(await screen.findByRole('region', { name: 'veth1a2b' })).toBeTruthy();
  });

  it('asks for a longer history when another range is picked', async () => {
    const calls = show();
    const eth0 = await screen.findByRole('region', { name: 'eth0' });
    fireEvent.click(within(eth0).getByRole('tab', { name: '7 days' }));
    await waitFor(() => expect(calls.filter((c) => c.path === '/api/network/history')).toHaveLength(2));
    expect(within(eth0).getByRole('tab', { name: '7 days' }).getAttribute('aria-selected')).toBe('true');
  });

  it('lists listening ports with the container linked, filters and sorts them', async () => {
    show();
    const ports = await screen.findByRole('region', { name: 'Listening ports' });
    const link = within(ports).getByRole('link', { name: /web/ });
    expect(link.getAttribute('href')).toBe('/docker/containers/abc123');
    expect(within(ports).getByText('[::]:22')).toBeTruthy();
    expect(within(ports).getByText('unknown')).toBeTruthy();
    expect(within(ports).getByText('Some processes are hidden')).toBeTruthy();

    fireEvent.input(within(ports).getByLabelText('Filter ports'), { target: { value: 'sshd' } });
    expect(within(ports).getByText('1 of 3 ports')).toBeTruthy();
    expect(within(ports).queryByText('0.0.0.0:8080')).toBeNull();

    fireEvent.input(within(ports).getByLabelText('Filter ports'), { target: { value: '' } });
    fireEvent.change(within(ports).getByLabelText('Sort by'), { target: { value: 'protocol' } });
    const rows = within(ports).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.querySelector('td:nth-child(2)')?.textContent)).toEqual([
      '[::]:22',
      '0.0.0.0:8080',
      '127.0.0.53:53',
    ]);
  });

  it('summarises connections and warns about names that do not point here', async () => {
    show();
    const connections = await screen.findByRole('region', { name: 'Connections (7)' });
    expect(within(connections).getByText('ESTABLISHED')).toBeTruthy();
    expect(within(connections).getByText('192.168.1.100')).toBeTruthy();
    const dns = screen.getByRole('region', { name: 'Public IP and DNS' });
    expect(within(dns).getByText('203.0.113.10')).toBeTruthy();
    expect(within(dns).getByRole('alert').textContent).toContain(
      'old.evindrake.net does not resolve to 203.0.113.10',
    );
    expect(within(dns).getAllByText('No')).toHaveLength(1);
    expect(screen.getByRole('region', { name: 'Twingate' }).textContent).toContain('No Twingate connector');
  });

  it('says when the network runner is not connected', async () => {
    show({
      'GET /api/network/overview': () =>
        json(503, {
          error: {
            code: 'runner_unavailable',
            message: 'The network runner is not connected right now; it will be retried.',
          },
        }),
    });
    expect(await screen.findByText('Could not load the network overview')).toBeTruthy();
    expect(
      screen.getByText('The network runner is not connected right now; it will be retried.'),
    ).toBeTruthy();
  });
});
