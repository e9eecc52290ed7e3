/**
 * Home Assistant through the whole stack against the fake: the owner sees the connection, rooms
 * and devices, a light toggled through /api/smarthome/services changes the fake and comes back on
 * the live stream; when Home Assistant drops every socket and refuses new ones the status says
 * offline, a call is queued, and it is applied once the connection is back. A stack without Home
 * Assistant settings answers "not configured" and keeps running.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FakeHomeAssistant, sampleHouse, startFakeHomeAssistant } from '../fakes/home-assistant/server';
import { startTestStack } from '../support/stack';
import { until } from '../support/until';
import { signedInAs } from '../support/users';

type Api = Awaited<ReturnType<typeof signedInAs>>;

/** Reads Server-Sent Events until `match` sees the one wanted (or the time runs out). */
async function waitForEvent(
  url: string,
  cookie: string,
  match: (event: string, data: unknown) => boolean,
  start: () => Promise<void>,
) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 20_000);
  try {
    const res = await fetch(url, { headers: { cookie }, signal: abort.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let started = false;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('the event stream ended');
      buffer += value;
      // The stream's first event (the status) proves it is subscribed; only then act.
      if (!started) {
        started = true;
        await start();
      }
      const blocks = buffer.split('\n\n');
      buffer = blocks.pop() ?? '';
      for (const block of blocks) {
        const event = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (event && data && match(event, JSON.parse(data))) return JSON.parse(data);
      }
    }
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

describe('smart home through the stack', () => {
  let ha: FakeHomeAssistant;
  let stack: Awaited<ReturnType<typeof startTestStack>>;
  let owner: Api;

  beforeAll(async () => {
    ha = await startFakeHomeAssistant({ seed: sampleHouse });
    stack = await startTestStack({
      adminUrl: inject('e2eAdminUrl'),
      label: 'smarthome',
      env: { HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: ha.token },
    });
    owner = await signedInAs(stack, 'owner', 'smarthome-api-owner');
  });
  afterAll(async () => {
    await stack?.stop();
    await ha?.close();
  });

  it('shows the connection, rooms, devices and scenes', async () => {
    const status = await until(
      'connected',
      () => owner.call('GET', '/api/smarthome/connection-status'),
      (res) => res.json?.state === 'connected',
    );
    expect(status.json).toMatchObject({ url: ha.url, haVersion: ha.haVersion, queued: 0, lastError: null });
    const overview = await owner.call('GET', '/api/smarthome/overview');
    expect(overview.status).toBe(200);
    expect(overview.json.areas.map((a: { name: string }) => a.name).sort()).toEqual([
      'Bedroom',
      'Living Room',
    ]);
    expect(overview.json.devices.map((d: { id: string }) => d.id)).toContain('dev-thermo');
    expect(
      overview.json.entities.find((e: { entityId: string }) => e.entityId === 'light.floor_lamp'),
    ).toMatchObject({
      name: 'Floor lamp',
      areaId: 'living_room',
      state: 'off',
    });
    expect(overview.json.scenes.map((s: { entityId: string }) => s.entityId)).toEqual(['scene.movie_night']);
    const test = await owner.call('POST', '/api/smarthome/test-connection');
    expect(test.json).toMatchObject({ ok: true, error: null });
  });

  it('toggles a light, and the live stream reports the new state', async () => {
    const event = await waitForEvent(
      `${stack.url}/api/smarthome/events`,
      owner.cookie!,
      (type, data) =>
        type === 'state' &&
        (data as { entity: { entityId: string; state: string } }).entity.entityId === 'light.floor_lamp' &&
        (data as { entity: { state: string } }).entity.state === 'on',
      async () => {
        const res = await owner.call('POST', '/api/smarthome/services', {
          domain: 'light',
          service: 'toggle',
          entityId: 'light.floor_lamp',
        });
        expect(res.status).toBe(200);
        expect(res.json).toEqual({ status: 'applied' });
      },
    );
    expect(event.entity.name).toBe('Floor lamp');
    expect(ha.states.get('light.floor_lamp')?.state).toBe('on');
    const audit = await owner.call('GET', '/api/audit?limit=5');
    expect(audit.json.entries.map((e: { action: string }) => e.action)).toContain('smarthome.service.call');
    const history = await owner.call('GET', '/api/smarthome/entities/light.floor_lamp/history?hours=1');
    expect(history.json.points.map((p: { state: string }) => p.state)).toEqual(['off', 'on']);
  });

  it('refuses a domain outside the allow-list before it reaches Home Assistant', async () => {
    const before = ha.calls.length;
    const res = await owner.call('POST', '/api/smarthome/services', {
      domain: 'homeassistant',
      service: 'restart',
      entityId: 'light.floor_lamp',
    });
    expect(res.status).toBe(400);
    expect(ha.calls.length).toBe(before);
  });

  it('queues a call while Home Assistant is away and applies it when it is back', async () => {
    ha.setDown(true);
    ha.dropAll();
    const offline = await until(
      'offline',
      () => owner.call('GET', '/api/smarthome/connection-status'),
      (res) => res.json?.state === 'offline',
    );
    expect(offline.json.lastError).toBeTruthy();
    const queued = await owner.call('POST', '/api/smarthome/services', {
      domain: 'switch',
      service: 'turn_off',
      entityId: 'switch.desk_plug',
    });
    expect(queued.status).toBe(200);
    expect(queued.json.status).toBe('queued');
    expect((await owner.call('GET', '/api/smarthome/connection-status')).json.queued).toBe(1);
    expect(ha.states.get('switch.desk_plug')?.state).toBe('on');
    ha.setDown(false);
    await until(
      'reconnected and replayed',
      () => owner.call('GET', '/api/smarthome/connection-status'),
      (res) => res.json?.state === 'connected' && res.json.queued === 0,
    );
    await until(
      'the plug off',
      () => ha.states.get('switch.desk_plug')?.state,
      (state) => state === 'off',
    );
    expect(ha.calls.filter((c) => c.entityId === 'switch.desk_plug')).toHaveLength(1);
  });
});

describe('smart home without Home Assistant settings', () => {
  let stack: Awaited<ReturnType<typeof startTestStack>>;
  let owner: Api;

  beforeAll(async () => {
    stack = await startTestStack({ adminUrl: inject('e2eAdminUrl'), label: 'smarthome-unset' });
    owner = await signedInAs(stack, 'owner', 'smarthome-unset-owner');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('answers not configured, and the runner keeps running', async () => {
    const status = await until(
      'the runner',
      () => owner.call('GET', '/api/smarthome/connection-status'),
      (res) => res.status === 200,
    );
    expect(status.json).toMatchObject({ state: 'not_configured', url: null });
    const overview = await owner.call('GET', '/api/smarthome/overview');
    expect(overview.status).toBe(503);
    expect(overview.json.error.code).toBe('not_configured');
    expect(overview.json.error.message).toMatch(/HOME_ASSISTANT_URL/);
    const call = await owner.call('POST', '/api/smarthome/services', {
      domain: 'light',
      service: 'turn_on',
      entityId: 'light.floor_lamp',
    });
    expect(call.json.error.code).toBe('not_configured');
    expect((await owner.call('GET', '/api/smarthome/connection-status')).json.state).toBe('not_configured');
  });
});
