/**
 * Monitoring through the whole stack: a signed webhook channel, an HTTP monitor against a local
 * server the test takes down and brings back (one incident, one `opened` and one `resolved`
 * webhook), its history, a push monitor beaten without a session, the public status page, the
 * Prometheus text for an API key, the refusals for bad input, an alert evaluation and the dynamic
 * DNS status. Checks are driven with POST /api/monitors/:id/check rather than by waiting.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { client } from '../support/http';
import { startTestStack } from '../support/stack';
import { until } from '../support/until';
import { signedInAs } from '../support/users';

type Api = Awaited<ReturnType<typeof signedInAs>>;
type Hook = { event: string; signed: boolean; body: { event: string; title: string } };

let stack: Awaited<ReturnType<typeof startTestStack>>;
let api: Api;
const secret = 'e2e-webhook-secret-0123456789';
const domain = `e2e-${Date.now().toString(36)}.example.com`;
const servers: Server[] = [];
/** What the watched site answers; the test flips it between up and down. */
let siteStatus = 200;
const hooks: Hook[] = [];

async function listen(handler: Parameters<typeof createServer>[1]) {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Whether the body carries the channel's HMAC, compared in constant time. */
function verify(raw: string, header: string | undefined) {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`);
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A check now; a 409 means the runner was still loading the monitor it was just told about. */
const checkNow = (id: string) =>
  until(
    'a check',
    () => api.call('POST', `/api/monitors/${id}/check`),
    (res) => res.status !== 409,
  );

const openIncidents = async (monitorId: string) =>
  ((await api.call('GET', '/api/incidents?open=true')).json.incidents as { monitorId: string }[]).filter(
    (i) => i.monitorId === monitorId,
  );

const hooksOf = (event: string) => hooks.filter((h) => h.event === event);

beforeAll(async () => {
  const site = await listen((_req, res) => {
    res.writeHead(siteStatus, { 'content-type': 'text/plain' });
    res.end(siteStatus === 200 ? 'ok' : 'down for maintenance');
  });
  const receiver = await listen((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      const signature = req.headers['x-homelabhub-signature'];
      hooks.push({
        event: String(req.headers['x-homelabhub-event'] ?? ''),
        signed: verify(raw, typeof signature === 'string' ? signature : undefined),
        body: JSON.parse(raw),
      });
      res.writeHead(204);
      res.end();
    });
  });
  const ipSource = await listen((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('203.0.113.44\n');
  });
  stack = await startTestStack({
    adminUrl: inject('e2eAdminUrl'),
    label: 'monitoring',
    env: { PUBLIC_IP_SOURCES: ipSource },
  });
  api = await signedInAs(stack, 'owner', 'monitoring-owner');
  Object.assign(urls, { site, receiver });
});
afterAll(async () => {
  await stack?.stop();
  for (const server of servers) server.close();
});

const urls = { site: '', receiver: '' };
const ids = { channel: '', monitor: '', push: '' };

describe('monitoring through the stack', () => {
  it('adds a signed webhook channel without showing its secret back', async () => {
    const res = await api.call('POST', '/api/notifications/channels', {
      name: 'Local hook',
      config: { type: 'webhook', url: `${urls.receiver}/hook`, secret },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ name: 'Local hook', type: 'webhook', enabled: true });
    expect(JSON.stringify(res.json)).not.toContain(secret);
    ids.channel = res.json.id;
    const list = await api.call('GET', '/api/notifications/channels');
    expect(list.json.channels.map((c: { id: string }) => c.id)).toContain(ids.channel);
    // A rename sends no settings: the sealed secret stays as it was.
    const renamed = await api.call('PUT', `/api/notifications/channels/${ids.channel}`, {
      name: 'Local webhook',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toMatchObject({ id: ids.channel, name: 'Local webhook', type: 'webhook' });
  });

  it('finds the site up, opens one incident when it goes down and resolves it when it is back', async () => {
    const created = await api.call('POST', '/api/monitors', {
      name: 'Local site',
      config: { type: 'http', url: `${urls.site}/health` },
      intervalSeconds: 20,
      retries: 0,
      domain,
      channelIds: [ids.channel],
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ type: 'http', intervalSeconds: 20, channelIds: [ids.channel] });
    ids.monitor = created.json.id;

    const up = await checkNow(ids.monitor);
    expect(up.status).toBe(200);
    expect(up.json.status).toBe('up');
    await until(
      'the monitor up',
      () => api.call('GET', `/api/monitors/${ids.monitor}`),
      (r) => r.json.state === 'up',
    );

    siteStatus = 503;
    const down = await checkNow(ids.monitor);
    expect(down.json.status).toBe('down');
    await until(
      'the monitor down',
      () => api.call('GET', `/api/monitors/${ids.monitor}`),
      (r) => r.json.state === 'down',
    );
    expect(
      await until(
        'an open incident',
        () => openIncidents(ids.monitor),
        (l) => l.length > 0,
      ),
    ).toHaveLength(1);
    await until(
      'the opened webhook',
      async () => hooksOf('opened'),
      (l) => l.length > 0,
    );

    siteStatus = 200;
    const back = await checkNow(ids.monitor);
    expect(back.json.status).toBe('up');
    await until(
      'the incident resolved',
      () => openIncidents(ids.monitor),
      (l) => l.length === 0,
    );
    await until(
      'the resolved webhook',
      async () => hooksOf('resolved'),
      (l) => l.length > 0,
    );
    const incidents = await api.call('GET', `/api/monitors/${ids.monitor}/incidents`);
    expect(incidents.json.incidents).toHaveLength(1);
    expect(incidents.json.incidents[0].resolvedAt).not.toBeNull();

    // Another check while up sends nothing more: one outage is one opened and one resolved.
    await checkNow(ids.monitor);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(hooksOf('opened')).toHaveLength(1);
    expect(hooksOf('resolved')).toHaveLength(1);
    for (const hook of hooks) {
      expect(hook.signed).toBe(true);
      expect(hook.body.event).toBe(hook.event);
    }
  });

  it('runs a dry check with unsaved settings', async () => {
    const res = await api.call('POST', '/api/monitors/test', {
      name: 'Dry run',
      config: { type: 'http', url: `${urls.site}/health`, keyword: 'ok' },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'up' });
  });

  it('answers the history as points', async () => {
    const res = await api.call('GET', `/api/monitors/${ids.monitor}/history?range=1h`);
    expect(res.status).toBe(200);
    expect(typeof res.json.resolution).toBe('string');
    expect(res.json.points.length).toBeGreaterThan(0);
    const checks = res.json.points.reduce((sum: number, p: { checks: number }) => sum + p.checks, 0);
    expect(checks).toBeGreaterThanOrEqual(3);
  });

  it('takes a push beat from a caller without a session and marks the monitor up', async () => {
    const created = await api.call('POST', '/api/monitors', {
      name: 'Nightly backup',
      config: { type: 'push' },
      intervalSeconds: 3600,
      domain,
    });
    expect(created.status).toBe(201);
    ids.push = created.json.id;
    expect(created.json.pushUrl).toMatch(/^\/api\/push\/[\w-]{16,64}$/);
    const anonymous = client(stack.url);
    const beat = await anonymous.call('GET', created.json.pushUrl);
    expect(beat.status).toBe(200);
    expect(beat.json).toEqual({ ok: true });
    await until(
      'the push monitor up',
      () => api.call('GET', `/api/monitors/${ids.push}`),
      (r) => r.json.state === 'up',
    );
    expect((await anonymous.call('GET', '/api/push/unknown-token-0000000000')).status).toBe(404);
  });

  it('shows a domain’s public status without a session, names and states only', async () => {
    const anonymous = client(stack.url);
    const states = (res: Awaited<ReturnType<Api['call']>>) =>
      Object.fromEntries(
        (res.json?.monitors ?? []).map((m: { name: string; state: string }) => [m.name, m.state]),
      );
    // The page reads the stored state, which the runner writes within a second of a beat.
    const res = await until(
      'both monitors up on the status page',
      () => anonymous.call('GET', `/api/status/${domain}`),
      (r) => r.status !== 200 || states(r)['Nightly backup'] === 'up',
    );
    expect(res.status).toBe(200);
    expect(res.json.domain).toBe(domain);
    expect(states(res)).toEqual({ 'Local site': 'up', 'Nightly backup': 'up' });
    const text = JSON.stringify(res.json);
    expect(text).not.toContain('127.0.0.1');
    expect(text).not.toContain('config');
    expect(text).not.toContain('/api/push/');
  });

  it('serves Prometheus text to a read API key', async () => {
    const key = await api.call('POST', '/api/api-keys', { name: 'prometheus', scope: 'read' });
    expect(key.status).toBe(201);
    const anonymous = client(stack.url);
    expect((await anonymous.call('GET', '/metrics')).status).toBe(401);
    const res = await anonymous.call('GET', '/metrics', undefined, {
      authorization: `Bearer ${key.json.token}`,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.json).toContain('homelab_monitor_up');
  });

  it('refuses bad input, saying which field to fix', async () => {
    const interval = await api.call('POST', '/api/monitors', {
      name: 'Too often',
      config: { type: 'http', url: `${urls.site}/` },
      intervalSeconds: 10,
    });
    expect(interval.status).toBe(400);
    expect(interval.json.error.fields.intervalSeconds).toBeDefined();
    const url = await api.call('POST', '/api/monitors', {
      name: 'Not a URL',
      config: { type: 'http', url: 'not a url' },
    });
    expect(url.status).toBe(400);
    const channel = await api.call('POST', '/api/notifications/channels', {
      name: 'Pager',
      config: { type: 'pager', number: '555' },
    });
    expect(channel.status).toBe(400);
  });

  it('adds an alert rule and evaluates it without firing', async () => {
    const rule = await api.call('POST', '/api/alerts/rules', {
      name: 'Unreachable CPU',
      metric: 'cpu',
      threshold: 1_000_000,
      durationSeconds: 0,
    });
    expect(rule.status).toBe(201);
    expect(rule.json).toMatchObject({ name: 'Unreachable CPU', metric: 'cpu', enabled: true });
    const evaluated = await api.call('POST', '/api/alerts/evaluate');
    expect(evaluated.status).toBe(200);
    const outcome = evaluated.json.rules.find((r: { id: string }) => r.id === rule.json.id);
    expect(outcome).toMatchObject({ firing: false, change: null });
    const rules = await api.call('GET', '/api/alerts/rules');
    expect(rules.json.rules.map((r: { id: string }) => r.id)).toContain(rule.json.id);
  });

  it('shows the dynamic DNS status', async () => {
    const res = await api.call('GET', '/api/ddns/status');
    expect(res.status).toBe(200);
    expect(res.json).toHaveProperty('publicIp');
    const check = await api.call('POST', '/api/ddns/check');
    expect(check.status).toBe(200);
    expect(check.json).toMatchObject({ ipChanged: expect.any(Boolean), attempted: [] });
    const history = await api.call('GET', '/api/ddns/history?limit=10');
    expect(history.status).toBe(200);
    expect(Array.isArray(history.json.history)).toBe(true);
  });
});
