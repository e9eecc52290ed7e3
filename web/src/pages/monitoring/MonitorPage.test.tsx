import { Route } from '@solidjs/router';
import { cleanup, fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource, json, stubFetch } from '../../test/fakes';
import { monitor } from '../../test/monitoring-fixtures';
import MonitorPage from './MonitorPage';

beforeEach(() => FakeEventSource.install());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const id = '00000000-0000-4000-8000-000000000001';
const inTenDays = new Date(Date.now() + 10 * 86_400_000 + 3_600_000).toISOString();
const tls = monitor({
  name: 'rig-city.com certificate',
  type: 'tls',
  config: { type: 'tls', host: 'rig-city.com', port: 443, expiryDays: 14 },
  state: 'down',
  lastMessage: 'certificate expires in 10 days',
  lastDetail: { issuer: "Let's Encrypt R11", subject: 'CN=rig-city.com', validTo: inTenDays, daysLeft: 10 },
});
const today = new Date().toISOString();

function show(overrides: Parameters<typeof stubFetch>[0] = {}) {
  const calls = stubFetch({
    [`GET /api/monitors/${id}`]: () => json(200, tls),
    [`GET /api/monitors/${id}/history`]: () =>
      json(200, {
        resolution: '3h',
        points: [{ at: today, checks: 4, upChecks: 3, latencyAvgMs: 80, latencyMaxMs: 120 }],
      }),
    [`GET /api/monitors/${id}/incidents`]: () =>
      json(200, {
        incidents: [
          {
            id: 'i1',
            monitorId: id,
            alertRuleId: null,
            cause: 'certificate expires in 10 days',
            lastMessage: null,
            startedAt: new Date(Date.now() - 7_200_000).toISOString(),
            resolvedAt: null,
            silenced: false,
          },
        ],
      }),
    ...overrides,
  });
  render(() => <Route path="/monitoring/:id" component={MonitorPage} />, { location: `/monitoring/${id}` });
  return calls;
}

describe('MonitorPage', () => {
  it('shows the bars, the certificate, the open incident and stays put on a live update', async () => {
    const calls = show();
    expect(await screen.findByRole('heading', { name: /rig-city\.com certificate/ })).toBeTruthy();
    expect(
      await screen.findByRole('img', { name: /uptime: 75\.00% up over 90 days, 1 day with downtime/ }),
    ).toBeTruthy();
    expect(screen.getByText('10 days')).toBeTruthy();
    expect(screen.getByText("Let's Encrypt R11")).toBeTruthy();
    expect(await screen.findByText('Open')).toBeTruthy();
    expect(screen.getByText(/ongoing for 2h/)).toBeTruthy();
    const historyCalls = () => calls.filter((c) => c.path.endsWith('/history')).length;
    await waitFor(() => expect(historyCalls()).toBe(3)); // the bars' 30 d and 1 y, the chart's 24 h

    const events = FakeEventSource.find('/api/monitoring/events');
    events.open();
    events.emit('monitor', { id, state: 'up', lastCheckAt: today, lastLatencyMs: 40, lastMessage: 'valid' });
    await waitFor(() =>
      expect(screen.getByRole('heading', { name: /rig-city\.com certificate/ }).textContent).toContain('Up'),
    );
    // Patched in place: the chart is not rebuilt, so history is not fetched again.
    expect(historyCalls()).toBe(3);
  });

  it('checks now and deletes after confirming', async () => {
    const calls = show({
      [`POST /api/monitors/${id}/check`]: () =>
        json(200, { status: 'up', latencyMs: 35, message: 'certificate valid for 80 days', detail: {} }),
      [`DELETE /api/monitors/${id}`]: () => json(204, null),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Check now' }));
    expect(await screen.findByText('certificate valid for 80 days')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Delete monitor' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE')).toBe(true));
  });

  it('offers the push URL of a push monitor to copy', async () => {
    show({
      [`GET /api/monitors/${id}`]: () =>
        json(
          200,
          monitor({ type: 'push', config: { type: 'push' }, pushUrl: '/api/push/abcdefghijklmnopqrstu' }),
        ),
    });
    expect(await screen.findByText(`${window.location.origin}/api/push/abcdefghijklmnopqrstu`)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy push URL' })).toBeTruthy();
  });
});
