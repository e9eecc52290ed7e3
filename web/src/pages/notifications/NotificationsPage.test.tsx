import { Route } from '@solidjs/router';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../../test/fakes';
import NotificationsPage from './NotificationsPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const channel = {
  id: '11111111-1111-4111-8111-111111111111',
  name: 'Discord ops',
  type: 'discord',
  enabled: true,
};
const failed = {
  id: 7,
  channelId: channel.id,
  event: 'incident.opened',
  title: 'rig-city.com is down',
  status: 'failed',
  attempts: 5,
  lastError: 'Discord answered 429',
  createdAt: new Date().toISOString(),
  sentAt: null,
};

function show(extra: Parameters<typeof stubFetch>[0] = {}, location = '/notifications') {
  const calls = stubFetch({
    'GET /api/notifications/channels': () => json(200, { channels: [channel] }),
    'GET /api/notifications/deliveries': () => json(200, { deliveries: [failed] }),
    ...extra,
  });
  render(() => <Route path="/notifications" component={NotificationsPage} />, { location });
  return calls;
}

describe('NotificationsPage', () => {
  it('sends a test and shows how it went, and retries a failed delivery', async () => {
    const calls = show({
      'POST /api/notifications/channels/11111111-1111-4111-8111-111111111111/test': () =>
        json(200, { ...failed, id: 8, status: 'failed', lastError: 'webhook URL is gone (404)' }),
      'POST /api/notifications/deliveries/7/retry': () => json(200, { ...failed, status: 'pending' }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Send test to Discord ops' }));
    expect(await screen.findByText('Test of Discord ops: not delivered')).toBeTruthy();
    expect(screen.getByText('webhook URL is gone (404)')).toBeTruthy();

    const row = screen.getByText('rig-city.com is down').closest('tr')!;
    expect(within(row).getByText('Failed')).toBeTruthy();
    expect(within(row).getByText('Discord answered 429')).toBeTruthy();
    fireEvent.click(within(row).getByRole('button', { name: 'Retry delivery of rig-city.com is down' }));
    await waitFor(() =>
      expect(calls.some((c) => c.path === '/api/notifications/deliveries/7/retry')).toBe(true),
    );
  });

  it('shows the dynamic DNS tab: the agreed IP with its sources, records and history', async () => {
    show(
      {
        'GET /api/ddns/status': () =>
          json(200, {
            publicIp: {
              ip: '203.0.113.7',
              at: new Date().toISOString(),
              sources: [
                { source: 'https://api.ipify.org', ip: '203.0.113.7', error: null },
                { source: 'https://icanhazip.com', ip: null, error: 'timed out' },
              ],
            },
            sources: [],
            lastCheck: null,
          }),
        'GET /api/ddns/records': () =>
          json(200, {
            records: [
              {
                id: 'r1',
                provider: 'zoneedit',
                hostname: 'home.rig-city.com',
                username: 'evin',
                enabled: true,
                lastIp: '203.0.113.7',
                lastStatus: 'good',
                lastError: null,
              },
            ],
          }),
        'GET /api/ddns/history': () => json(200, { history: [] }),
      },
      '/notifications?tab=ddns',
    );
    expect(await screen.findByText('203.0.113.7', { selector: 'p' })).toBeTruthy();
    expect(screen.getByText('icanhazip.com: timed out')).toBeTruthy();
    expect(await screen.findByText('home.rig-city.com')).toBeTruthy();
    expect(screen.getByText('No changes yet')).toBeTruthy();
  });
});
