/**
 * The edge of Home Assistant: members read, owners and admins call services (audited), bad calls
 * and domains outside the allow-list never reach the smarthome runner, and the runner's "not
 * configured" refusal reaches the browser as a 503 with its code. The runner is a recording server.
 */
import { describe, expect, it } from 'vitest';
import { runnerRouteSuite } from '../monitors/testing';

const status = {
  state: 'connected',
  url: 'http://ha.local:8123',
  haVersion: '2025.6.1',
  lastPingAt: null,
  lastPingOk: null,
  lastError: null,
  reconnectAttempts: 0,
  queued: 0,
  nextRetryAt: null,
};

describe('/api/smarthome', () => {
  const { runner, h, member } = runnerRouteSuite({ member: true });

  it('lets members read but only owners and admins call services', async () => {
    expect((await h.call('GET', '/api/smarthome/connection-status', { cookie: null })).status).toBe(401);
    runner.reply({ status: 200, body: status });
    const res = await h.call('GET', '/api/smarthome/connection-status', { cookie: member() });
    expect(res.json).toEqual(status);
    expect(runner.seen[0]).toMatchObject({ method: 'GET', url: '/smarthome/status', signed: true });
    runner.seen.length = 0;
    const call = { domain: 'light', service: 'turn_on', entityId: 'light.floor_lamp' };
    expect((await h.call('POST', '/api/smarthome/services', { body: call, cookie: member() })).status).toBe(
      403,
    );
    expect((await h.call('POST', '/api/smarthome/test-connection', { cookie: member() })).status).toBe(403);
    expect(runner.seen).toHaveLength(0);
  });

  it('refuses domains outside the allow-list, bad service names and bad history ranges', async () => {
    const restart = await h.call('POST', '/api/smarthome/services', {
      body: { domain: 'homeassistant', service: 'restart', entityId: 'light.floor_lamp' },
    });
    expect(restart.status).toBe(400);
    expect(restart.json.error.fields.domain).toBeDefined();
    const service = await h.call('POST', '/api/smarthome/services', {
      body: { domain: 'light', service: 'turn_on; rm', entityId: 'light.floor_lamp' },
    });
    expect(service.status).toBe(400);
    const entity = await h.call('POST', '/api/smarthome/services', {
      body: { domain: 'light', service: 'turn_on', entityId: '../etc' },
    });
    expect(entity.status).toBe(400);
    expect((await h.call('GET', '/api/smarthome/entities/light.floor_lamp/history?hours=0')).status).toBe(
      400,
    );
    expect((await h.call('GET', '/api/smarthome/entities/light.floor_lamp/history?hours=169')).status).toBe(
      400,
    );
    expect(runner.seen).toHaveLength(0);
  });

  it('relays a service call and audits it with its entity', async () => {
    runner.reply({ status: 200, body: { status: 'queued', queuedUntil: '2026-11-01T00:05:00.000Z' } });
    const body = {
      domain: 'light',
      service: 'turn_on',
      entityId: 'light.floor_lamp',
      data: { brightness: 90 },
    };
    const res = await h.call('POST', '/api/smarthome/services', { body });
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('queued');
    expect(runner.seen[0]).toMatchObject({ method: 'POST', url: '/smarthome/services' });
    expect(JSON.parse(runner.seen[0]!.body)).toEqual(body);
    const audit = await h.call('GET', '/api/audit?limit=1');
    expect(audit.json.entries[0]).toMatchObject({
      action: 'smarthome.service.call',
      target: 'light.floor_lamp',
    });
  });

  it('passes the history range on to the runner', async () => {
    runner.reply({
      status: 200,
      body: { entityId: 'sensor.temp', points: [{ state: '21', at: '2026-11-01T00:00:00Z' }] },
    });
    const res = await h.call('GET', '/api/smarthome/entities/sensor.temp/history?hours=48', {
      cookie: member(),
    });
    expect(res.json.points).toHaveLength(1);
    expect(runner.seen[0]!.url).toBe('/smarthome/entities/sensor.temp/history?hours=48');
  });

  it('answers 503 not_configured when Home Assistant is not set up', async () => {
    runner.reply({
      status: 503,
      body: {
        error: {
          code: 'not_configured',
          message: 'Home Assistant is not connected: set HOME_ASSISTANT_URL.',
        },
      },
    });
    const res = await h.call('GET', '/api/smarthome/overview');
    expect(res.status).toBe(503);
    expect(res.json.error.code).toBe('not_configured');
    expect(res.json.error.message).toMatch(/HOME_ASSISTANT_URL/);
  });
});
