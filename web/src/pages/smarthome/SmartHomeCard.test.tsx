import type { SmartHomeOverview } from '@homelab/db/smarthome';
import { Route } from '@solidjs/router';
import { cleanup, fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Handler, json, stubFetch } from '../../test/fakes';
import { connected, entity } from './fixtures';
import { SmartHomeCard } from './SmartHomeCard';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const scenes = ['Morning', 'Movie night', 'Away', 'Bedtime'].map((name, i) =>
  entity(`scene.s${i}`, 'scening', { name }),
);
const overview: SmartHomeOverview = {
  areas: [{ id: 'kitchen', name: 'Kitchen' }],
  devices: [],
  entities: [
    entity('light.a', 'on', { name: 'A' }),
    entity('light.b', 'on', { name: 'B' }),
    entity('light.c', 'off', { name: 'C' }),
    entity('switch.d', 'unavailable', { name: 'D' }),
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
      'GET /api/smarthome/connection-status': () => json(200, connected),
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
        json(200, { ...connected, state: 'not_configured', url: null }),
    });
    expect(await screen.findByText('Home Assistant is not connected')).toBeTruthy();
    expect(screen.getByText('Not connected')).toBeTruthy();
    expect(screen.getByText('HOME_ASSISTANT_URL')).toBeTruthy();
  });

  it('says Home Assistant is offline with the commands waiting', async () => {
    show({
      'GET /api/smarthome/connection-status': () => json(200, { ...connected, state: 'offline', queued: 4 }),
    });
    expect(await screen.findByText(/Home Assistant offline · 4 queued/)).toBeTruthy();
  });
});
