import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NotifyEvent, notify } from '../notifications/notify';
import type { RunnerHandle } from '../runner';
import { privateDatabaseUrl } from '../testing/database';
import { caller } from '../testing/docker-routes';
import { waitFor } from '../testing/helpers';
import { sseReader } from '../testing/sse';
import { createMonitorsRunner } from './service';
import { monitorsContext, parseExposition } from './testing';

// Checks reach every monitor of the database, so this file has one of its own.
const databaseUrl = await privateDatabaseUrl();
const context = monitorsContext(databaseUrl);
const sql = context.ctx.pool.sql as Sql;
let server: Server;
let base: string;
let healthy = true;
let handle: RunnerHandle;
let call: ReturnType<typeof caller>;
const notified: NotifyEvent[] = [];
let clock = Date.now();
let channelId: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const ok = req.url === '/ok' || (req.url === '/switch' && healthy);
    res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' });
    res.end(ok ? 'fine' : 'unavailable');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const [channel] = await sql<{ id: string }[]>`
    insert into notification_channels (name, type, config_sealed) values ('ops', 'webhook', 'unused') returning id`;
  channelId = channel!.id;
  handle = await createMonitorsRunner({
    // The production notify, watched: every call still records its deliveries.
    notify: async (s, event) => {
      notified.push(event);
      await notify(s, event);
    },
    now: () => clock,
    compactSchedule: '0 0 1 1 *',
    eventThrottleMs: 50,
  }).start(context.ctx);
  call = caller(handle.routes!);
});

afterAll(async () => {
  await handle?.stop();
  await new Promise((resolve) => server?.close(resolve));
  await context.close();
});

// A day-long interval keeps the scheduler out of the way: these tests check on demand.
const httpMonitor = (name: string, path: string, extra: Record<string, unknown> = {}) => ({
  name,
  config: { type: 'http', url: `${base}${path}` },
  intervalSeconds: 86_400,
  channelIds: [channelId],
  ...extra,
});

async function created(body: unknown) {
  const res = await call('/monitors', { method: 'POST', json: body });
  expect(res.status).toBe(201);
  return res.body as { id: string; name: string; pushUrl: string | null; state: string };
}

/** Waits for the first check a new monitor gets right after it is created. */
async function firstCheck(id: string) {
  expect(await waitFor(async () => (await call(`/monitors/${id}`)).body.lastCheckAt !== null)).toBe(true);
}

describe('monitors runner', () => {
  it('tolerates one failure with retries=1, then opens one incident, and closes it when the site is back', async () => {
    healthy = true;
    const monitor = await created(httpMonitor('switching site', '/switch', { retries: 1 }));
    await firstCheck(monitor.id);
    expect((await call(`/monitors/${monitor.id}`)).body.state).toBe('up');

    healthy = false;
    const first = await call(`/monitors/${monitor.id}/check`, { method: 'POST' });
    expect(first.body).toMatchObject({ status: 'down' });
    expect((await call(`/monitors/${monitor.id}`)).body.state).toBe('up');
    expect((await call(`/monitors/${monitor.id}/incidents`)).body.incidents).toEqual([]);

    await call(`/monitors/${monitor.id}/check`, { method: 'POST' });
    expect((await call(`/monitors/${monitor.id}`)).body.state).toBe('down');
    await call(`/monitors/${monitor.id}/check`, { method: 'POST' });
    const open = (await call('/incidents?open=true')).body.incidents;
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ monitorId: monitor.id, silenced: false, resolvedAt: null });
    expect(open[0].cause).toBe(first.body.message);

    healthy = true;
    const back = await call(`/monitors/${monitor.id}/check`, { method: 'POST' });
    expect(back.body.status).toBe('up');
    expect((await call(`/monitors/${monitor.id}`)).body.state).toBe('up');
    expect((await call('/incidents?open=true')).body.incidents).toEqual([]);
    const [incident] = (await call(`/monitors/${monitor.id}/incidents`)).body.incidents;
    expect(incident.resolvedAt).not.toBeNull();

    const mine = notified.filter((event) => event.groupKey === `incident:${incident.id}`);
    expect(mine.map((event) => event.kind)).toEqual(['opened', 'resolved']);
    expect(mine[0]!.title).toBe('switching site is down');
    expect(mine[0]!.body).toContain(first.body.message);
    expect(mine[0]!.channelIds).toEqual([channelId]);
    // The opened message was still pending (no sender runs here), so the two became one delivery.
    const deliveries = await sql<{ event: string }[]>`
      select event from notification_deliveries where group_key = ${`incident:${incident.id}`}`;
    expect(deliveries.map((row) => row.event)).toEqual(['resolved']);

    const [total] = await sql<{ count: number }[]>`
      select sum(checks)::int as count from monitor_results where monitor_id = ${monitor.id}`;
    expect(total?.count).toBe(5);
    const uptime = (await call(`/monitors/${monitor.id}`)).body.uptime;
    expect(uptime.day).toBeCloseTo(2 / 5);
  });

  it('records outages in a maintenance window silenced, with the state `maintenance`', async () => {
    const monitor = await created(httpMonitor('maintained', '/fail', { tags: ['upgrade'], paused: true }));
    const now = Date.now();
    const window = await call('/maintenance', {
      method: 'POST',
      json: {
        name: 'upgrade night',
        startsAt: new Date(now - 60_000).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
        tags: ['upgrade'],
      },
    });
    expect(window.status).toBe(201);
    await call(`/monitors/${monitor.id}/resume`, { method: 'POST' });
    await firstCheck(monitor.id);
    const before = notified.length;
    await call(`/monitors/${monitor.id}/check`, { method: 'POST' });
    expect((await call(`/monitors/${monitor.id}`)).body.state).toBe('maintenance');
    const incidents = (await call(`/monitors/${monitor.id}/incidents`)).body.incidents;
    expect(incidents).toHaveLength(1);
    expect(incidents[0].silenced).toBe(true);
    expect(notified.length).toBe(before);
    expect((await call('/maintenance')).body.windows.map((w: { id: string }) => w.id)).toContain(
      window.body.id,
    );

    expect((await call(`/maintenance/${window.body.id}`, { method: 'DELETE' })).status).toBe(204);
    await call(`/monitors/${monitor.id}/check`, { method: 'POST' });
    expect((await call(`/monitors/${monitor.id}`)).body.state).toBe('down');
    // Still the silenced incident: no second one, no message for it.
    expect((await call(`/monitors/${monitor.id}/incidents`)).body.incidents).toHaveLength(1);
    expect(notified.length).toBe(before);
    await call(`/monitors/${monitor.id}/pause`, { method: 'POST' });
  });

  it('takes push heartbeats, and marks the monitor down when they stop', async () => {
    const monitor = await created({ name: 'nightly backup', config: { type: 'push' }, intervalSeconds: 60 });
    expect(monitor.pushUrl).toMatch(/^\/api\/push\/[\w-]{32}$/);
    const token = monitor.pushUrl!.split('/').pop();
    expect((await call('/push/nope-nope-nope-nope-nope', { method: 'POST' })).status).toBe(404);

    clock = Date.now();
    expect((await call(`/push/${token}`, { method: 'POST' })).status).toBe(200);
    expect((await call(`/monitors/${monitor.id}`)).body).toMatchObject({
      state: 'up',
      lastMessage: 'Heartbeat received',
    });
    await call(`/push/${token}?status=down&msg=disk%20full`, { method: 'POST' });
    expect((await call(`/monitors/${monitor.id}`)).body).toMatchObject({
      state: 'down',
      lastMessage: 'disk full',
    });
    await call(`/push/${token}`, { method: 'GET' });
    expect((await call(`/monitors/${monitor.id}`)).body.state).toBe('up');

    // 60 s interval, 20 % grace: 71 s without a beat is still fine, 73 s is not.
    clock += 71_000;
    expect((await call(`/monitors/${monitor.id}/check`, { method: 'POST' })).body.message).toBe(
      'Heartbeats arrive in time.',
    );
    expect((await call(`/monitors/${monitor.id}`)).body.state).toBe('up');
    clock += 2_000;
    const missed = await call(`/monitors/${monitor.id}/check`, { method: 'POST' });
    expect(missed.body).toMatchObject({ status: 'down', message: 'No heartbeat for 73 s' });
    expect((await call(`/monitors/${monitor.id}`)).body.state).toBe('down');
    await call(`/push/${token}`, { method: 'POST' });
    expect((await call(`/monitors/${monitor.id}`)).body.state).toBe('up');
    await call(`/monitors/${monitor.id}`, { method: 'DELETE' });
  });

  it('computes uptime over each window and history in buckets', async () => {
    const monitor = await created(httpMonitor('history', '/ok', { paused: true }));
    const now = Date.now();
    const fiveMinutes = 300_000;
    const bucket = Math.floor((now - 2 * 3_600_000) / fiveMinutes) * fiveMinutes;
    const rows: [string, string, number, number, number | null][] = [
      ['raw', new Date(bucket + 10_000).toISOString(), 1, 1, 10],
      ['raw', new Date(bucket + 20_000).toISOString(), 1, 1, 20],
      ['raw', new Date(bucket + 30_000).toISOString(), 1, 1, 30],
      ['raw', new Date(bucket + 40_000).toISOString(), 1, 0, null],
      ['minute', new Date(now - 3 * 86_400_000).toISOString(), 10, 5, 50],
      ['hour', new Date(now - 20 * 86_400_000).toISOString(), 100, 100, 5],
      ['hour', new Date(now - 200 * 86_400_000).toISOString(), 100, 0, null],
    ];
    for (const [resolution, at, checks, upChecks, latency] of rows)
      await sql`
        insert into monitor_results (monitor_id, resolution, at, checks, up_checks, latency_avg_ms, latency_max_ms)
        values (${monitor.id}, ${resolution}, ${at}, ${checks}, ${upChecks}, ${latency}, ${latency})`;

    const { uptime } = (await call(`/monitors/${monitor.id}`)).body;
    expect(uptime.day).toBeCloseTo(3 / 4);
    expect(uptime.week).toBeCloseTo(8 / 14);
    expect(uptime.month).toBeCloseTo(108 / 114);
    expect(uptime.year).toBeCloseTo(108 / 214);
    const listed = (await call('/monitors?tag=nothing-has-this')).body.monitors;
    expect(listed).toEqual([]);

    const day = (await call(`/monitors/${monitor.id}/history?range=24h`)).body;
    expect(day.resolution).toBe('5m');
    expect(day.points).toEqual([
      { at: expect.any(String), checks: 4, upChecks: 3, latencyAvgMs: 20, latencyMaxMs: 30 },
    ]);
    expect(Date.parse(day.points[0].at)).toBe(bucket);
    const year = (await call(`/monitors/${monitor.id}/history?range=1y`)).body;
    expect(year.points).toHaveLength(4);
    expect(year.points.reduce((sum: number, p: { checks: number }) => sum + p.checks, 0)).toBe(214);
    expect((await call(`/monitors/${monitor.id}/history?range=2w`)).status).toBe(400);
  });

  it('seals database URLs and only ever shows them masked', async () => {
    const url = 'postgres://watcher:hunter2-secret@127.0.0.1:1/app';
    const monitor = await created({
      name: 'app database',
      config: { type: 'postgres', url },
      intervalSeconds: 86_400,
    });
    const shown = (await call(`/monitors/${monitor.id}`)).body;
    expect(shown.config.url).toBe('postgres://watcher:****@127.0.0.1:1/app');
    const [stored] = await sql<
      { config: { url: string } }[]
    >`select config from monitors where id = ${monitor.id}`;
    expect(stored!.config.url).toMatch(/^v1:/);
    expect(JSON.stringify(stored)).not.toContain('hunter2');
    const result = (await call(`/monitors/${monitor.id}/check`, { method: 'POST' })).body;
    expect(result.status).toBe('down');
    expect(JSON.stringify(result)).not.toContain('hunter2');
    expect(JSON.stringify((await call('/monitors')).body)).not.toContain('hunter2');

    // Saving the editor with the masked URL it was shown keeps the stored password.
    const edited = await call(`/monitors/${monitor.id}`, {
      method: 'PUT',
      json: { name: 'app database', config: shown.config, intervalSeconds: 86_400 },
    });
    expect(edited.status).toBe(200);
    const [kept] = await sql<
      { config: { url: string } }[]
    >`select config from monitors where id = ${monitor.id}`;
    expect(kept!.config.url).toBe(stored!.config.url);
    await call(`/monitors/${monitor.id}`, { method: 'DELETE' });
  });

  it('tests settings from the editor without storing anything', async () => {
    const before = (await call('/monitors')).body.monitors.length;
    const res = await call('/test', { method: 'POST', json: httpMonitor('draft', '/ok') });
    expect(res.body).toMatchObject({ status: 'up' });
    expect((await call('/monitors')).body.monitors.length).toBe(before);
  });

  it('refuses invalid monitors with the field and the reason', async () => {
    const short = await call('/monitors', {
      method: 'POST',
      json: httpMonitor('fast', '/ok', { intervalSeconds: 10 }),
    });
    expect(short.status).toBe(400);
    expect(short.body.error.message).toContain('body.intervalSeconds must be at least 20 seconds');
    const badUrl = await call('/monitors', {
      method: 'POST',
      json: { name: 'bad', config: { type: 'http', url: 'not a url' } },
    });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.error.message).toContain('body.config.url');
    const channel = await call('/monitors', {
      method: 'POST',
      json: httpMonitor('nobody', '/ok', { channelIds: ['00000000-0000-4000-8000-000000000000'] }),
    });
    expect(channel.status).toBe(400);
    expect(channel.body.error.message).toContain('unknown notification channel');
    expect((await call('/monitors/not-an-id')).status).toBe(400);
    expect((await call('/monitors/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('lists domains by host, and serves a public status page without internals', async () => {
    const host = 'app.example.test';
    for (const [name, config] of [
      ['site', { type: 'http', url: `https://${host}/health` }],
      ['certificate', { type: 'tls', host }],
      ['records', { type: 'dns', name: host }],
    ] as const)
      await created({
        name: `example ${name}`,
        config,
        domain: 'example.test',
        paused: true,
        intervalSeconds: 86_400,
      });
    const { domains } = (await call('/domains')).body;
    expect(domains).toContainEqual({
      domain: 'example.test',
      host,
      http: 'paused',
      tls: 'paused',
      dns: 'paused',
    });

    const page = (await call('/status/example.test')).body;
    expect(page.monitors.map((m: { name: string }) => m.name)).toEqual([
      'example certificate',
      'example records',
      'example site',
    ]);
    expect(page.monitors[0].days).toHaveLength(90);
    expect(JSON.stringify(page)).not.toContain(host);
    expect((await call('/status/nothing.test')).status).toBe(404);
  });

  it('exposes Prometheus metrics, one sample a line', async () => {
    await sql`
      insert into system_metrics (resolution, at, samples, cpu_percent, load1, mem_percent, swap_percent, disk_percent,
        net_rx_bps, net_tx_bps, disk_read_bps, disk_write_bps, temp_max_c)
      values ('raw', now(), 1, 12.5, 0.5, 40, 0, 55, 0, 0, 0, 0, 48)`;
    await sql`insert into runner_status (name, state) values ('monitors', 'running') on conflict (name) do nothing`;
    const res = await handle.routes!.request('/metrics');
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const { samples, types } = parseExposition(await res.text());
    expect(types.get('homelab_scheduler_lag_seconds')).toBe('summary');
    expect(samples).toContainEqual({
      name: 'homelab_monitor_up',
      labels: { monitor: 'switching site', type: 'http', domain: '' },
      value: 1,
    });
    expect(samples).toContainEqual({
      name: 'homelab_monitor_uptime_ratio',
      labels: { monitor: 'switching site', type: 'http', domain: '', window: '24h' },
      value: expect.any(Number),
    });
    expect(samples).toContainEqual({ name: 'homelab_system_cpu_percent', labels: {}, value: 12.5 });
    expect(samples).toContainEqual({ name: 'homelab_system_temperature_celsius', labels: {}, value: 48 });
    expect(samples).toContainEqual({ name: 'homelab_runner_up', labels: { runner: 'monitors' }, value: 1 });
    expect(samples.some((s) => s.name === 'homelab_monitor_latency_ms')).toBe(true);
  });

  it('streams monitor events as checks come in', async () => {
    const monitor = await created(httpMonitor('streamed', '/ok', { paused: true }));
    await call(`/monitors/${monitor.id}/resume`, { method: 'POST' });
    const res = await handle.routes!.request('/events');
    const events = sseReader(res);
    try {
      await call(`/monitors/${monitor.id}/check`, { method: 'POST' });
      for (;;) {
        const event = await events.json<{ id: string; state: string; lastLatencyMs: number }>('monitor');
        if (event.id !== monitor.id) continue;
        expect(event).toMatchObject({
          state: 'up',
          lastCheckAt: expect.any(String),
          lastMessage: expect.any(String),
        });
        break;
      }
    } finally {
      await events.close();
    }
    expect(handle.detail?.()).toMatchObject({ inFlight: expect.any(Number), checks: expect.any(Number) });
  });
});
