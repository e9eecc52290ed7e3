import type { SmartHomeEvent } from '@homelab/db/smarthome';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type FakeHomeAssistant,
  sampleHouse,
  startFakeHomeAssistant,
} from '../../../e2e/fakes/home-assistant/server';
import { HttpError } from '../internal/errors';
import { createLogger, type LogLevel } from '../log';
import { createSmartHomeClient, type SmartHomeClient } from './client';

let fake: FakeHomeAssistant;
let client: SmartHomeClient | undefined;
let lines: { line: string; level: LogLevel }[];

const log = () => createLogger({ level: 'debug', write: (line, level) => lines.push({ line, level }) });

function start(overrides: Partial<Parameters<typeof createSmartHomeClient>[0]> = {}) {
  client = createSmartHomeClient({
    url: fake.url,
    token: fake.token,
    log: log(),
    backoff: { baseMs: 50, maxMs: 200 },
    timeoutMs: 2_000,
    ...overrides,
  });
  client.start();
  return client;
}

async function until(check: () => boolean, what: string, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeEach(async () => {
  lines = [];
  fake = await startFakeHomeAssistant({ seed: sampleHouse });
});
afterEach(async () => {
  client?.stop();
  client = undefined;
  await fake.close();
});

describe('the Home Assistant connection', () => {
  it('connects, and shows rooms, devices and entities with their areas', async () => {
    const ha = start();
    await until(() => ha.status().state === 'connected', 'connected');
    expect(ha.status().haVersion).toBe(fake.haVersion);
    const overview = await ha.overview();
    expect(overview.areas.map((a) => a.name)).toEqual(['Living Room', 'Bedroom']);
    expect(overview.devices.find((d) => d.id === 'dev-lamp')?.manufacturer).toBe('Signify');
    const lamp = overview.entities.find((e) => e.entityId === 'light.floor_lamp');
    expect(lamp).toMatchObject({
      name: 'Floor lamp',
      domain: 'light',
      areaId: 'living_room',
      deviceId: 'dev-lamp',
      state: 'off',
    });
    expect(overview.entities.find((e) => e.entityId === 'cover.bedroom_blind')?.areaId).toBe('bedroom');
    expect(overview.scenes.map((s) => s.entityId)).toEqual(['scene.movie_night']);
  });

  it('applies a service call at once and streams the new state', async () => {
    const ha = start();
    await until(() => ha.status().state === 'connected', 'connected');
    const events: SmartHomeEvent[] = [];
    ha.subscribe((event) => events.push(event));
    expect(
      await ha.callService({
        domain: 'light',
        service: 'turn_on',
        entityId: 'light.floor_lamp',
        data: { brightness: 128 },
      }),
    ).toEqual({ status: 'applied' });
    expect(fake.states.get('light.floor_lamp')?.attributes.brightness).toBe(128);
    await until(
      () =>
        events.some(
          (e) => e.type === 'state' && e.entity.entityId === 'light.floor_lamp' && e.entity.state === 'on',
        ),
      'state event',
    );
    expect(ha.entity('light.floor_lamp')?.state).toBe('on');
  });

  it('refuses a call on an entity Home Assistant does not have', async () => {
    const ha = start();
    await until(() => ha.status().state === 'connected', 'connected');
    await expect(
      ha.callService({ domain: 'light', service: 'turn_on', entityId: 'light.nowhere' }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('replays 5 calls queued while the socket was dropped, once each and in order, after reconnecting', async () => {
    const ha = start();
    await until(() => ha.status().state === 'connected', 'connected');
    fake.setDown(true);
    fake.dropAll();
    await until(() => ha.status().state === 'offline', 'offline');
    const calls = [
      { domain: 'light', service: 'turn_on', entityId: 'light.floor_lamp', data: { brightness: 40 } },
      { domain: 'switch', service: 'turn_off', entityId: 'switch.desk_plug' },
      {
        domain: 'climate',
        service: 'set_temperature',
        entityId: 'climate.thermostat',
        data: { temperature: 22.5 },
      },
      { domain: 'cover', service: 'open_cover', entityId: 'cover.bedroom_blind' },
      { domain: 'light', service: 'toggle', entityId: 'light.floor_lamp' },
    ] as const;
    for (const input of calls) {
      const result = await ha.callService({
        ...input,
        data: 'data' in input ? { ...input.data } : undefined,
      });
      expect(result.status).toBe('queued');
      expect(Date.parse(result.queuedUntil ?? '')).toBeGreaterThan(Date.now());
    }
    expect(ha.status().queued).toBe(5);
    expect(fake.calls).toEqual([]);
    fake.setDown(false);
    await until(
      () => ha.status().state === 'connected' && ha.status().queued === 0 && fake.calls.length >= 5,
      'replay',
    );
    // A reconnect must not replay them a second time.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.calls.map((c) => `${c.domain}.${c.service} ${c.entityId}`)).toEqual([
      'light.turn_on light.floor_lamp',
      'switch.turn_off switch.desk_plug',
      'climate.set_temperature climate.thermostat',
      'cover.open_cover cover.bedroom_blind',
      'light.toggle light.floor_lamp',
    ]);
    expect(fake.states.get('light.floor_lamp')?.state).toBe('off');
    expect(fake.states.get('climate.thermostat')?.attributes.temperature).toBe(22.5);
    expect(fake.states.get('cover.bedroom_blind')?.state).toBe('open');
  });

  it('drops queued calls that expired before the connection came back, and logs them', async () => {
    const ha = start({ queueTtlMs: 100 });
    await until(() => ha.status().state === 'connected', 'connected');
    fake.setDown(true);
    fake.dropAll();
    await until(() => ha.status().state === 'offline', 'offline');
    await ha.callService({ domain: 'switch', service: 'turn_off', entityId: 'switch.desk_plug' });
    await new Promise((resolve) => setTimeout(resolve, 150));
    fake.setDown(false);
    await until(() => ha.status().state === 'connected', 'reconnected');
    await until(() => lines.some((l) => l.line.includes('expired')), 'the drop logged');
    expect(fake.calls).toEqual([]);
    expect(fake.states.get('switch.desk_plug')?.state).toBe('on');
    expect(ha.status().queued).toBe(0);
  });

  it('backs off while Home Assistant is down and says why', async () => {
    fake.setDown(true);
    const ha = start();
    await until(() => ha.status().reconnectAttempts >= 2, 'two retries');
    const status = ha.status();
    expect(status.state).toBe('offline');
    expect(status.lastError).toMatch(/could not be reached/);
    expect(status.nextRetryAt).not.toBeNull();
    fake.setDown(false);
    await until(() => ha.status().state === 'connected', 'connected');
    expect(ha.status().reconnectAttempts).toBe(0);
  });

  it('reports a refused token clearly', async () => {
    fake.rejectToken(true);
    const ha = start();
    await until(() => ha.status().lastError !== null, 'an error');
    expect(ha.status().state).toBe('offline');
    expect(ha.status().lastError).toMatch(/refused the access token/);
    const test = await ha.testConnection();
    expect(test.ok).toBe(false);
    expect(test.error).toMatch(/access token/);
  });

  it('checks health over REST on its interval and says when the token stops working', async () => {
    const ha = start({ healthIntervalMs: 50 });
    await until(() => ha.status().lastPingOk === true, 'a good health check');
    expect(ha.status().lastPingAt).not.toBeNull();
    fake.rejectToken(true);
    await until(() => ha.status().lastPingOk === false, 'a failed health check');
    expect(ha.status().lastError).toMatch(/refused the access token/);
  });

  it('tests the connection with its latency', async () => {
    const ha = start();
    await until(() => ha.status().state === 'connected', 'connected');
    const test = await ha.testConnection();
    expect(test).toMatchObject({ ok: true, error: null });
    expect(test.latencyMs).toBeGreaterThanOrEqual(0);
    expect(test.status.lastPingOk).toBe(true);
  });

  it('reads an entity history from the REST API', async () => {
    const ha = start();
    await until(() => ha.status().state === 'connected', 'connected');
    await ha.callService({ domain: 'switch', service: 'turn_off', entityId: 'switch.desk_plug' });
    const history = await ha.history('switch.desk_plug', 1);
    expect(history.entityId).toBe('switch.desk_plug');
    expect(history.points.map((p) => p.state)).toEqual(['on', 'off']);
  });

  it('answers not configured without a URL or token, and never connects', async () => {
    const ha = createSmartHomeClient({ url: undefined, token: undefined, log: log() });
    ha.start();
    expect(ha.status()).toMatchObject({ state: 'not_configured', url: null, queued: 0 });
    const refusal = await ha.overview().catch((error) => error);
    expect(refusal).toBeInstanceOf(HttpError);
    expect(refusal).toMatchObject({ status: 503, code: 'not_configured' });
    await expect(
      ha.callService({ domain: 'light', service: 'turn_on', entityId: 'light.a' }),
    ).rejects.toMatchObject({ code: 'not_configured' });
    ha.stop();
  });
});
