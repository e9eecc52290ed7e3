import postgres from 'postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, owner } from '../test/harness';
import { app } from './app';

describe('every request', () => {
  let h: Awaited<ReturnType<typeof createHarness>>;
  beforeAll(async () => {
    h = await createHarness();
  });

  it('carries security headers and a request id', async () => {
    const res = await h.call('GET', '/api/auth/setup');
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps a well-formed incoming request id so it can be followed', async () => {
    const res = await h.call('GET', '/api/auth/setup', { headers: { 'x-request-id': 'trace-abc-12345' } });
    expect(res.headers.get('x-request-id')).toBe('trace-abc-12345');
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const res = await h.call('GET', '/api/nope');
    expect(res.status).toBe(404);
    expect(res.json.error).toEqual({ code: 'not_found', message: 'No API route GET /api/nope.' });
  });

  it('explains malformed JSON', async () => {
    const res = await h.call('POST', '/api/auth/login', {
      raw: '{"username":',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toBe('The request body is not valid JSON.');
  });

  it('refuses a body that is not JSON with 415', async () => {
    const res = await h.call('POST', '/api/auth/login', {
      raw: 'username=a&password=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
    expect(res.json.error.code).toBe('unsupported_media_type');
  });

  it('refuses an oversized body with 413 before reading it all', async () => {
    const res = await h.call('POST', '/api/auth/login', {
      body: { username: 'a', password: 'x'.repeat(100_000) },
    });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe('payload_too_large');
  });

  it('never leaks a stack trace when something breaks', async () => {
    const res = await app.request('/api/auth/setup', {}, { ...h.env, DATABASE_URL: 'not a url' });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(/at .*\.ts|stack|node_modules/);
    expect(JSON.parse(text).error.code).toBe('internal');
  });

  it('requires sign-in for protected routes', async () => {
    const res = await h.call('GET', '/api/sessions', { cookie: null });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('unauthorized');
  });

  it('publishes an OpenAPI document generated from the routes', async () => {
    const res = await h.call('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe('3.1.0');
    expect(Object.keys(res.json.paths)).toEqual(
      expect.arrayContaining([
        '/api/health',
        '/api/auth/login',
        '/api/auth/setup',
        '/api/api-keys',
        '/api/system/metrics/history',
      ]),
    );
    expect(
      res.json.paths['/api/auth/login'].post.requestBody.content['application/json'].schema,
    ).toBeDefined();
  });
});

describe('audit log', () => {
  it('records every mutation with actor, action, target, IP and outcome', async () => {
    const h = await createHarness();
    await h.call('POST', '/api/auth/setup', { body: owner, ip: '10.9.9.9' });
    await h.call('POST', '/api/auth/login', {
      body: { ...owner, password: 'wrong password!' },
      cookie: null,
      ip: '10.9.9.8',
    });
    const key = await h.call('POST', '/api/api-keys', { body: { name: 'cli', scope: 'read' } });
    const res = await h.call('GET', '/api/audit?limit=10');
    expect(res.status).toBe(200);
    const actions = res.json.entries.map(
      (e: { action: string; outcome: string }) => `${e.action}:${e.outcome}`,
    );
    expect(actions).toEqual(['api_key.create:success', 'auth.login:denied', 'auth.setup:success']);
    const create = res.json.entries[0];
    expect(create).toMatchObject({
      actorKind: 'user',
      actorLabel: 'evin',
      target: key.json.key.id,
      status: '201',
    });
    expect(res.json.entries[2].ip).toBe('10.9.9.9');
    const sql = postgres(h.ownerUrl, { max: 1 });
    try {
      const [row] = await sql`select request_id from audit_log where action = 'api_key.create'`;
      expect(row!.request_id).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await sql.end();
    }
  });

  it('pages with nextBefore and validates the query', async () => {
    const h = await createHarness();
    await h.call('POST', '/api/auth/setup', { body: owner });
    for (let i = 0; i < 3; i++)
      await h.call('POST', '/api/api-keys', { body: { name: `k${i}`, scope: 'read' } });
    const first = await h.call('GET', '/api/audit?limit=2');
    expect(first.json.entries).toHaveLength(2);
    expect(first.json.nextBefore).toBe(first.json.entries[1].id);
    const second = await h.call('GET', `/api/audit?limit=2&before=${first.json.nextBefore}`);
    expect(second.json.entries).toHaveLength(2);
    expect(second.json.nextBefore).toBeNull();
    const bad = await h.call('GET', '/api/audit?limit=5000');
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields.limit).toBeDefined();
  });
});
