import type { SmartHomeOverview, SmartHomeStatus } from '@homelab/db/smarthome';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource, type Handler, json, stubFetch } from '../../test/fakes';
import { ToastRegion } from '../../ui/Toast';
import { connected, entity } from './fixtures';
import SmartHomePage from './SmartHomePage';

const ceiling = entity('light.kitchen_ceiling', 'on', {
  name: 'Kitchen ceiling',
  areaId: 'kitchen',
  attributes: { brightness: 128, supported_color_modes: ['brightness'] },
});
const coffee = entity('switch.coffee', 'off', { name: 'Coffee machine', areaId: 'kitchen' });
const thermostat = entity('climate.living', 'heat', {
  name: 'Thermostat',
  areaId: 'living',
  attributes: {
    temperature: 21,
    current_temperature: 19.5,
    min_temp: 7,
    max_temp: 30,
    target_temp_step: 0.5,
  },
});
const hallTemp = entity('sensor.hall_temperature', '18.2', {
  name: 'Hall temperature',
  attributes: { unit_of_measurement: '°C' },
});
const movie = entity('scene.movie_night', 'scening', { name: 'Movie night' });

const overview: SmartHomeOverview = {
  areas: [
    { id: 'kitchen', name: 'Kitchen' },
    { id: 'living', name: 'Living room' },
  ],
  devices: [],
  entities: [ceiling, coffee, thermostat, hallTemp, movie],
  scenes: [movie],
};

beforeEach(() => FakeEventSource.install());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function show(status: SmartHomeStatus = connected, extra: Record<string, Handler> = {}) {
  const calls = stubFetch({
    'GET /api/smarthome/connection-status': () => json(200, status),
    'GET /api/smarthome/overview': () => json(200, overview),
    ...extra,
  });
  render(() => (
    <>
      <SmartHomePage />
      <ToastRegion />
    </>
  ));
  return calls;
}

const switchNamed = (name: string) => screen.findByRole('switch', { name });

describe('SmartHomePage', () => {
  it('shows each room with its devices, the rest under Other, and the quick scenes', async () => {
    show();
    const kitchen = await screen.findByRole('region', { name: 'Kitchen' });
    expect(
      within(kitchen).getByRole('switch', { name: 'Kitchen ceiling' }).getAttribute('aria-checked'),
    ).toBe('true');
    expect(within(kitchen).getByRole('switch', { name: 'Coffee machine' }).getAttribute('aria-checked')).toBe(
      'false',
    );
    expect(
      within(kitchen)
        .getByRole('slider', { name: 'Brightness of Kitchen ceiling' })
        .getAttribute('aria-valuetext'),
    ).toBe('50 %');
    const living = screen.getByRole('region', { name: 'Living room' });
    expect(within(living).getByText('21 °C')).toBeTruthy();
    const other = screen.getByRole('region', { name: 'Other' });
    expect(within(other).getByText('18.2 °C')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Activate scene Movie night' })).toBeTruthy();
    expect(screen.getByText(/1 light on/)).toBeTruthy();
    expect(screen.getByText('Connected')).toBeTruthy();
  });

  it('turns a switch on with one service call, shows it at once, then follows the live state', async () => {
    const calls = show(connected, { 'POST /api/smarthome/services': () => json(200, { status: 'applied' }) });
    const toggle = await switchNamed('Coffee machine');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
        domain: 'switch',
        service: 'turn_on',
        entityId: 'switch.coffee',
      }),
    );

    // Someone switched it off again at the wall: the page follows Home Assistant.
    FakeEventSource.find('/api/smarthome/events').emit('state', {
      type: 'state',
      entity: { ...coffee, state: 'off' },
    });
    await waitFor(() => expect(toggle.getAttribute('aria-checked')).toBe('false'));
  });

  it('sets the thermostat one step up', async () => {
    const calls = show(connected, { 'POST /api/smarthome/services': () => json(200, { status: 'applied' }) });
    fireEvent.click(await screen.findByRole('button', { name: 'Raise the target of Thermostat' }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
        domain: 'climate',
        service: 'set_temperature',
        entityId: 'climate.living',
        data: { temperature: 21.5 },
      }),
    );
    expect(screen.getByText('21.5 °C')).toBeTruthy();
  });

  it('puts a failed toggle back and says why', async () => {
    show(connected, {
      'POST /api/smarthome/services': () =>
        json(502, { error: { code: 'home_assistant_error', message: 'Entity not found.' } }),
    });
    const toggle = await switchNamed('Kitchen ceiling');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-checked')).toBe('false');
    await screen.findByText('Could not turn off Kitchen ceiling: Entity not found.');
    expect(toggle.getAttribute('aria-checked')).toBe('true');
  });

  it('says a command will apply later when Home Assistant is offline', async () => {
    show(connected, {
      'POST /api/smarthome/services': () =>
        json(202, { status: 'queued', queuedUntil: new Date(Date.now() + 60_000).toISOString() }),
    });
    fireEvent.click(await switchNamed('Coffee machine'));
    await screen.findByText(/Home Assistant is offline: turn on Coffee machine will apply when it is back/);
  });

  it('shows the offline banner with the reconnect attempt and queued commands, live', async () => {
    show();
    await screen.findByRole('region', { name: 'Kitchen' });
    expect(screen.queryByText('Home Assistant offline')).toBeNull();
    FakeEventSource.find('/api/smarthome/events').emit('status', {
      type: 'status',
      status: {
        ...connected,
        state: 'offline',
        lastError: 'Connection refused.',
        reconnectAttempts: 3,
        queued: 2,
        nextRetryAt: new Date(Date.now() + 8_000).toISOString(),
      },
    });
    const banner = (await screen.findByText('Home Assistant offline')).closest('[role="alert"]')!;
    expect(banner.textContent).toContain('Connection refused.');
    expect(banner.textContent).toContain('Reconnect attempt 3');
    expect(banner.textContent).toContain('2 commands queued');
    expect(screen.getByText('Offline')).toBeTruthy();
    // What was last known stays usable.
    expect(screen.getByRole('region', { name: 'Kitchen' })).toBeTruthy();
  });

  it('explains how to connect Home Assistant when it is not configured', async () => {
    show(
      { ...connected, state: 'not_configured', url: null },
      {
        'GET /api/smarthome/overview': () =>
          json(503, { error: { code: 'not_configured', message: 'Home Assistant is not configured.' } }),
      },
    );
    expect(await screen.findByText('Home Assistant is not connected')).toBeTruthy();
    expect(screen.getByText('HOME_ASSISTANT_TOKEN')).toBeTruthy();
    expect(screen.getByText(/Long-lived access tokens/)).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Kitchen' })).toBeNull();
  });

  it('filters by kind and by name', async () => {
    show();
    await screen.findByRole('region', { name: 'Kitchen' });
    fireEvent.change(screen.getByLabelText('Show only'), { target: { value: 'climate' } });
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Kitchen' })).toBeNull());
    expect(screen.getByRole('region', { name: 'Living room' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Show only'), { target: { value: '' } });
    fireEvent.input(screen.getByLabelText('Search devices'), { target: { value: 'coffee' } });
    await waitFor(() => expect(screen.queryByRole('switch', { name: 'Kitchen ceiling' })).toBeNull());
    expect(screen.getByRole('switch', { name: 'Coffee machine' })).toBeTruthy();
  });

  it('opens an entity’s history as a chart of its numbers', async () => {
    show(connected, {
      'GET /api/smarthome/entities/sensor.hall_temperature/history': () =>
        json(200, {
          entityId: 'sensor.hall_temperature',
          points: [
            { state: '17.5', at: '2025-01-01T00:00:00Z' },
            { state: '18.2', at: '2025-01-01T01:00:00Z' },
          ],
        }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Hall temperature: details and history' }));
    const dialog = screen.getByRole('dialog', { name: 'Hall temperature' });
    expect(await within(dialog).findByRole('img', { name: /latest: Hall temperature 18.2 °C/ })).toBeTruthy();
  });

  it('says when the smart home service cannot be reached, with a retry', async () => {
    show(connected, {
      'GET /api/smarthome/connection-status': () =>
        json(503, { error: { code: 'runner_unavailable', message: 'The smarthome runner is down.' } }),
    });
    expect(await screen.findByText('Could not reach the smart home service')).toBeTruthy();
    expect(screen.getByText('The smarthome runner is down.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
