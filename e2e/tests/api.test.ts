import { readFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { client } from '../support/http';
import { artifacts } from '../support/stack';

const baseUrl = inject('baseUrl');
const owner = { username: 'api-owner', password: 'a long enough password' };

async function readEvents(res: Response, count: number) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const events: { event: string; data: string }[] = [];
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let index = buffer.indexOf('\n\n');
    while (index !== -1) {
      const block = buffer.slice(0, index);
      buffer = buffer.slice(index + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) events.push({ event, data });
      index = buffer.indexOf('\n\n');
    }
  }
  await reader.cancel();
  return events;
}

describe('the running stack, through workerd', () => {
  const api = client(baseUrl);

  beforeAll(async () => {
    const state = await api.call('GET', '/api/auth/setup');
    if (state.json.needsSetup) expect((await api.call('POST', '/api/auth/setup', owner)).status).toBe(201);
    else expect((await api.call('POST', '/api/auth/login', owner)).status).toBe(200);
  });

  it('reports database, runners and queue as healthy', async () => {
    let health = await api.call('GET', '/api/health');
    for (let i = 0; i < 20 && health.json.status !== 'ok'; i++) {
      await new Promise((r) => setTimeout(r, 500));
      health = await api.call('GET', '/api/health');
    }
    expect(health.status).toBe(200);
    expect(health.json.status).toBe('ok');
    expect(health.json.database.ok).toBe(true);
    expect(health.json.runners.runners.map((r: { name: string }) => r.name)).toContain('system');
    expect(health.json.runners.runners.find((r: { name: string }) => r.name === 'system').state).toBe(
      'running',
    );
  });

  it('serves the web app with security headers and falls back to index.html for app routes', async () => {
    const res = await fetch(`${baseUrl}/settings`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(await res.text()).toMatch(/<div id="root"|<div id="app"/);
  });

  it('streams live metrics as Server-Sent Events', async () => {
    const res = await fetch(`${baseUrl}/api/system/metrics/stream`, { headers: { cookie: api.cookie! } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = await readEvents(res, 2);
    expect(events.map((e) => e.event)).toEqual(['sample', 'sample']);
    const [a, b] = events.map((e) => JSON.parse(e.data));
    expect(a.at).not.toBe(b.at);
    expect(a.cpu.perCore.length).toBeGreaterThan(0);
    expect(a.memory.total).toBeGreaterThan(0);
  });

  it('refuses the stream without a session', async () => {
    const res = await fetch(`${baseUrl}/api/system/metrics/stream`);
    expect(res.status).toBe(401);
  });

  it('keeps the samples in PostgreSQL for history', async () => {
    const res = await api.call('GET', '/api/system/metrics/history?range=1h');
    expect(res.status).toBe(200);
    expect(res.json.resolution).toBe('raw');
    expect(res.json.points.length).toBeGreaterThan(0);
    expect(res.json.points[0].cpuPercent).toBeGreaterThanOrEqual(0);
  });

  it('works with an API key from scripts (Bearer), as n8n would call it', async () => {
    const created = await api.call('POST', '/api/api-keys', { name: 'n8n', scope: 'read' });
    expect(created.status).toBe(201);
    const res = await fetch(`${baseUrl}/api/system/metrics/latest`, {
      headers: { authorization: `Bearer ${created.json.token}` },
    });
    expect(res.status).toBe(200);
    const sample = (await res.json()) as { uptimeSeconds: number };
    expect(sample.uptimeSeconds).toBeGreaterThan(0);
  });

  it('queues work for a runner and it runs', async () => {
    const res = await api.call('POST', '/api/system/metrics/compact');
    expect(res.status).toBe(202);
    const sql = postgres(inject('stackOwnerUrl'), { max: 1 });
    try {
      let status = '';
      for (let i = 0; i < 40 && status !== 'done'; i++) {
        await new Promise((r) => setTimeout(r, 250));
        status = (await sql`select status from jobs where id = ${res.json.jobId}`)[0]?.status;
      }
      expect(status).toBe('done');
    } finally {
      await sql.end();
    }
  });

  it('follows a request id from functions into the runners logs', async () => {
    const requestId = `e2e-trace-${Date.now()}`;
    const res = await fetch(`${baseUrl}/api/system/metrics/latest`, {
      headers: { cookie: api.cookie!, 'x-request-id': requestId },
    });
    expect(res.headers.get('x-request-id')).toBe(requestId);
    await new Promise((r) => setTimeout(r, 300));
    const lines = readFileSync(path.join(artifacts, 'shared.log'), 'utf8').split('\n');
    const runnerLines = lines.filter((l) => l.startsWith('runners ') && l.includes(requestId));
    const functionLines = lines.filter((l) => l.startsWith('functions ') && l.includes(requestId));
    expect(runnerLines.length).toBeGreaterThan(0);
    expect(functionLines.length).toBeGreaterThan(0);
    expect(() => JSON.parse(runnerLines[0]!.slice('runners '.length))).not.toThrow();
  });

  it('sets the session cookie HttpOnly and SameSite=Lax through workerd', async () => {
    const res = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(owner),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^hl_session=[a-z2-9]{24}\.[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  it('sends the Secure __Host- cookie when the request came over HTTPS through the proxy', async () => {
    const res = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify(owner),
    });
    expect(res.headers.get('set-cookie')).toMatch(/^__Host-hl_session=.*; Secure/);
  });
});
