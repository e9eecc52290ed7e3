/**
 * The edge of uptime monitoring: who may call, what is refused before the monitors runner is
 * asked, that calls are signed and changes audited, and how the runner's answers and refusals
 * reach the caller. The runner is a recording HTTP server.
 */
import { describe, expect, it } from 'vitest';
import { runnerRouteSuite } from './testing';

const id = '6f1c2d3e-4b5a-4c6d-8e7f-901234567890';
const httpMonitor = {
  name: 'Shop',
  config: { type: 'http', url: 'https://shop.example.com/health' },
  intervalSeconds: 60,
};
const monitor = {
  id,
  name: 'Shop',
  type: 'http',
  config: httpMonitor.config,
  intervalSeconds: 60,
  timeoutMs: 10_000,
  retries: 0,
  tags: [],
  domain: null,
  paused: false,
  channelIds: [],
  pushUrl: null,
  state: 'pending',
  stateSince: '2026-11-01T00:00:00Z',
  lastCheckAt: null,
  lastLatencyMs: null,
  lastMessage: null,
  lastDetail: null,
  uptime: { day: null, week: null, month: null, year: null },
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
};

describe('/api/monitors', () => {
  const { runner, h, member } = runnerRouteSuite({ reply: { status: 200, body: {} }, member: true });

  it('lets anyone signed in read and only owners and admins change', async () => {
    expect((await h.call('GET', '/api/monitors', { cookie: null })).status).toBe(401);
    expect((await h.call('GET', '/api/incidents?open=true', { cookie: null })).status).toBe(401);
    runner.reply({ status: 200, body: [monitor] });
    const list = await h.call('GET', '/api/monitors', { cookie: member() });
    expect(list.status).toBe(200);
    expect(runner.seen).toHaveLength(1);
    runner.seen.length = 0;
    const refused = [
      await h.call('POST', '/api/monitors', { body: httpMonitor, cookie: member() }),
      await h.call('POST', `/api/monitors/${id}/pause`, { cookie: member() }),
      await h.call('DELETE', `/api/monitors/${id}`, { cookie: member() }),
      await h.call('POST', '/api/monitors/test', { body: httpMonitor, cookie: member() }),
      await h.call('DELETE', `/api/maintenance/${id}`, { cookie: member() }),
    ];
    expect(refused.map((res) => res.status)).toEqual([403, 403, 403, 403, 403]);
    expect(runner.seen).toHaveLength(0);
  });

  it('refuses bad input before asking the runner', async () => {
    const fast = await h.call('POST', '/api/monitors', { body: { ...httpMonitor, intervalSeconds: 10 } });
    expect(fast.status).toBe(400);
    expect(fast.json.error.fields.intervalSeconds[0]).toMatch(/at least 20 seconds/);
    const url = await h.call('POST', '/api/monitors', {
      body: { ...httpMonitor, config: { type: 'http', url: 'shop.example.com' } },
    });
    expect(url.status).toBe(400);
    expect(url.json.error.fields['config.url']).toBeDefined();
    const type = await h.call('POST', '/api/monitors/test', {
      body: { ...httpMonitor, config: { type: 'ping', host: 'a' } },
    });
    expect(type.status).toBe(400);
    const notId = await h.call('GET', '/api/monitors/shop');
    expect(notId.status).toBe(400);
    const range = await h.call('GET', `/api/monitors/${id}/history?range=2y`);
    expect(range.status).toBe(400);
    const state = await h.call('GET', '/api/monitors?state=sideways');
    expect(state.status).toBe(400);
    const window = await h.call('POST', '/api/maintenance', {
      body: { name: 'Upgrade', startsAt: '2026-11-02T10:00:00Z', endsAt: '2026-11-02T09:00:00Z' },
    });
    expect(window.status).toBe(400);
    expect(window.json.error.fields.endsAt).toBeDefined();
    expect(runner.seen).toHaveLength(0);
  });

  it('signs the call, relays the answer and audits the change without secrets', async () => {
    runner.reply({ status: 201, body: { ...monitor, name: 'Orders DB', type: 'postgres' } });
    const res = await h.call('POST', '/api/monitors', {
      body: {
        name: 'Orders DB',
        config: { type: 'postgres', url: 'postgres://shop:hunter2-secret@db:5432/shop' },
      },
    });
    expect(res.status).toBe(201);
    expect(res.json.id).toBe(id);
    expect(runner.seen).toEqual([
      expect.objectContaining({ method: 'POST', url: '/monitors/monitors', signed: true }),
    ]);
    // The runner gets the settings with their defaults filled in.
    expect(JSON.parse(runner.seen[0]!.body)).toMatchObject({
      intervalSeconds: 60,
      retries: 0,
      paused: false,
    });
    const audit = await h.call('GET', '/api/audit?limit=5');
    expect(audit.json.entries[0]).toMatchObject({
      action: 'monitors.create',
      target: id,
      outcome: 'success',
    });
    expect(JSON.stringify(audit.json)).not.toContain('hunter2');

    runner.reply({ status: 200, body: { ...monitor, paused: true, state: 'paused' } });
    const paused = await h.call('POST', `/api/monitors/${id}/pause`);
    expect(paused.json.state).toBe('paused');
    runner.reply({
      status: 200,
      body: { status: 'down', latencyMs: null, message: 'Connection refused', detail: {} },
    });
    const check = await h.call('POST', `/api/monitors/${id}/check`);
    expect(check.json.message).toBe('Connection refused');
    runner.reply({ status: 204 });
    expect((await h.call('DELETE', `/api/monitors/${id}`)).status).toBe(204);
    expect(runner.seen.slice(1).map((call) => `${call.method} ${call.url}`)).toEqual([
      `POST /monitors/monitors/${id}/pause`,
      `POST /monitors/monitors/${id}/check`,
      `DELETE /monitors/monitors/${id}`,
    ]);
    const after = await h.call('GET', '/api/audit?limit=3');
    expect(after.json.entries.map((e: { action: string }) => e.action)).toEqual([
      'monitors.delete',
      'monitors.check',
      'monitors.pause',
    ]);
  });

  it('hands filters on and answers lists in one shape', async () => {
    runner.reply({ status: 200, body: [monitor] });
    const array = await h.call('GET', '/api/monitors?tag=web&state=down', { cookie: member() });
    expect(array.json).toEqual({ monitors: [monitor] });
    expect(runner.seen[0]!.url).toBe('/monitors/monitors?tag=web&state=down');
    runner.reply({ status: 200, body: { monitors: [monitor] } });
    expect((await h.call('GET', '/api/monitors')).json).toEqual({ monitors: [monitor] });
    runner.reply({ status: 200, body: [] });
    expect((await h.call('GET', '/api/incidents?open=true')).json).toEqual({ incidents: [] });
    expect(runner.seen.at(-1)!.url).toBe('/monitors/incidents?open=true');
    runner.reply({ status: 200, body: { resolution: '1h', points: [] } });
    const history = await h.call('GET', `/api/monitors/${id}/history?range=7d`, { cookie: member() });
    expect(history.json.resolution).toBe('1h');
    expect(runner.seen.at(-1)!.url).toBe(`/monitors/monitors/${id}/history?range=7d`);
  });

  it('runs a dry check at the runner’s /test, beside the monitors', async () => {
    const result = { status: 'up', latencyMs: 12, message: 'HTTP 200', detail: {} };
    runner.reply({ status: 200, body: result });
    const res = await h.call('POST', '/api/monitors/test', { body: httpMonitor });
    expect(res.status).toBe(200);
    expect(res.json).toEqual(result);
    expect(runner.seen.at(-1)).toMatchObject({ method: 'POST', url: '/monitors/test', signed: true });
  });

  it('plans maintenance for owners and audits it', async () => {
    runner.reply({
      status: 201,
      body: {
        id,
        name: 'Upgrade',
        startsAt: '2026-11-02T09:00:00Z',
        endsAt: '2026-11-02T10:00:00Z',
        monitorIds: [],
        tags: [],
      },
    });
    const res = await h.call('POST', '/api/maintenance', {
      body: { name: 'Upgrade', startsAt: '2026-11-02T09:00:00Z', endsAt: '2026-11-02T10:00:00Z' },
    });
    expect(res.status).toBe(201);
    const audit = await h.call('GET', '/api/audit?limit=1');
    expect(audit.json.entries[0]).toMatchObject({ action: 'maintenance.create', target: id });
  });

  it("hands on the runner's refusals with their code and message", async () => {
    runner.reply({
      status: 404,
      body: { error: { code: 'not_found', message: 'No monitor with this id.' } },
    });
    const missing = await h.call('GET', `/api/monitors/${id}`);
    expect(missing.status).toBe(404);
    expect(missing.json.error).toEqual({ code: 'not_found', message: 'No monitor with this id.' });
    runner.reply({
      status: 409,
      body: { error: { code: 'name_taken', message: 'A monitor is already called Shop.' } },
    });
    const taken = await h.call('POST', '/api/monitors', { body: httpMonitor });
    expect(taken.status).toBe(409);
    expect(taken.json.error.code).toBe('name_taken');
    const audit = await h.call('GET', '/api/audit?limit=1');
    expect(audit.json.entries[0]).toMatchObject({ action: 'monitors.create', outcome: 'failure' });
  });

  it('passes the live feed through as Server-Sent Events', async () => {
    runner.reply({ status: 200, text: 'event: monitor\ndata: {}\n\n', contentType: 'text/event-stream' });
    const res = await h.call('GET', '/api/monitoring/events', { cookie: member() });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.json).toBe('event: monitor\ndata: {}\n\n');
  });
});
