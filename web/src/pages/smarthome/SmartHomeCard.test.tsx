import type { SmartHomeOverview, SmartHomeStatus } from '@homelab/db/smarthome';
import { Route } from '@solidjs/router';
import { cleanup, fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Handler, json, stubFetch } from '../../test/fakes';
import { SmartHomeCard } from './SmartHomeCard';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const status: SmartHomeStatus = {
  state: 'connected',
  url: 'http://ha.local:8123',
  haVersion: '2025.1.0',
  lastPingAt: new Date().toISOString(),
  lastPingOk: true,
  lastError: null,
  reconnectAttempts: 0,
  queued: 0,
  nextRetryAt: null,
};

const entity = (entityId: string, state: string, name: string) => ({
  entityId,
  name,
  domain: entityId.split('.')[0]!,
  areaId: null,
  deviceId: null,
  state,
  attributes: {},
  lastChanged: '2025-01-01T00:00:00Z',
});
const scenes = ['Morning', 'Movie night', 'Away', 'Bedtime'].map((name, i) =>
  entity(`scene.s${i}`, 'scening', name),
);
const overview: SmartHomeOverview = {
  areas: [{ id: 'kitchen', name: 'Kitchen' }],
  devices: [],
  entities: [
    entity('light.a', 'on', 'A'),
    entity('light.b', 'on', 'B'),
    entity('light.c', 'off', 'C'),
    entity('switch.d', 'unavailable', 'D'),
  ],
  scenes,
};

function show(routes: Record<string, Handler>) {
  const calls = stubFetch({ 'GET /api/smarthome/overview': () => json(200, overview), ...routes });
  render(() => <Route path="/" component={() => <SmartHomeCard />} />, { location: '/' });
  return calls;
}

describe('SmartHomeCard', () => {
  it('shows the connection, lights on, and activates one of the first three scenes', async () => {
    const calls = show({
      'GET /api/smarthome/connection-status': () => json(200, status),
      'POST /api/smarthome/services': () => json(200, { status: 'applied' }),
    });
    expect(await screen.findByText('Connected')).toBeTruthy();
    await waitFor(() => expect(screen.getByText('Lights on').closest('div')!.textContent).toContain('2'));
    expect(screen.getByText('Unavailable').closest('div')!.textContent).toContain('1');
    expect(screen.queryByRole('button', { name: 'Activate scene Bedtime' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Activate scene Movie night' }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
        domain: 'scene',
        service: 'turn_on',
        entityId: 'scene.s1',
      }),
    );
    expect(screen.getByRole('link', { name: 'Open smart home' }).getAttribute('href')).toBe('/smarthome');
  });

  it('says how to connect Home Assistant when it is not configured', async () => {
    show({
      'GET /api/smarthome/connection-status': () =>
        json(200, { ...status, state: 'not_configured', url: null }),
    });
    expect(await screen.findByText('Home Assistant is not connected')).toBeTruthy();
    expect(screen.getByText('Not connected')).toBeTruthy();
    expect(screen.getByText('HOME_ASSISTANT_URL')).toBeTruthy();
  });

  it('says Home Assistant is offline with the commands waiting', async () => {
    show({
      'GET /api/smarthome/connection-status': () => json(200, { ...status, state: 'offline', queued: 4 }),
    });
    expect(await screen.findByText(/Home Assistant offline · 4 queued/)).toBeTruthy();
  });
});
