import postgres from 'postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, owner } from '../../test/harness';

describe('API keys', () => {
  let h: Awaited<ReturnType<typeof createHarness>>;
  beforeAll(async () => {
    h = await createHarness();
    await h.call('POST', '/api/auth/setup', { body: owner });
  });

  const bearer = (token: string) => ({ cookie: null, headers: { authorization: `Bearer ${token}` } });

  it('creates a key, shows the token once and stores only its hash', async () => {
    const res = await h.call('POST', '/api/api-keys', { body: { name: 'n8n', scope: 'read' } });
    expect(res.status).toBe(201);
    expect(res.json.token).toMatch(/^hlk_[a-z2-9]{24}_[A-Za-z0-9_-]{43}$/);
    const list = await h.call('GET', '/api/api-keys');
    expect(list.json.keys.map((k: { name: string }) => k.name)).toContain('n8n');
    // The secret is everything after `hlk_<id>_`; base64url may itself contain "_".
    expect(JSON.stringify(list.json)).not.toContain(res.json.token.split('_').slice(2).join('_'));
    const sql = postgres(h.ownerUrl, { max: 1 });
    try {
      const rows = await sql`select secret_hash from api_keys where id = ${res.json.key.id}`;
      expect(rows[0]!.secret_hash.length).toBe(32);
    } finally {
      await sql.end();
    }
  });

  it('a read key reads but cannot write', async () => {
    const { json } = await h.call('POST', '/api/api-keys', { body: { name: 'reader', scope: 'read' } });
    const me = await h.call('GET', '/api/auth/me', bearer(json.token));
    expect(me.status).toBe(200);
    expect(me.json.apiKey).toMatchObject({ name: 'reader', scope: 'read' });
    const write = await h.call('POST', '/api/sessions/revoke-others', bearer(json.token));
    expect(write.status).toBe(403);
    expect(write.json.error.message).toMatch(/"read" scope/);
  });

  it('only an admin key manages keys', async () => {
    const write = await h.call('POST', '/api/api-keys', { body: { name: 'writer', scope: 'write' } });
    const refused = await h.call('POST', '/api/api-keys', {
      body: { name: 'x', scope: 'admin' },
      ...bearer(write.json.token),
    });
    expect(refused.status).toBe(403);
    const admin = await h.call('POST', '/api/api-keys', { body: { name: 'admin', scope: 'admin' } });
    const made = await h.call('POST', '/api/api-keys', {
      body: { name: 'by-key', scope: 'read' },
      ...bearer(admin.json.token),
    });
    expect(made.status).toBe(201);
  });

  it('a revoked key stops working at once', async () => {
    const { json } = await h.call('POST', '/api/api-keys', { body: { name: 'temp', scope: 'read' } });
    expect((await h.call('GET', '/api/auth/me', bearer(json.token))).status).toBe(200);
    expect((await h.call('DELETE', `/api/api-keys/${json.key.id}`)).status).toBe(204);
    const after = await h.call('GET', '/api/auth/me', bearer(json.token));
    expect(after.status).toBe(401);
    expect((await h.call('DELETE', `/api/api-keys/${json.key.id}`)).status).toBe(404);
  });

  it('an expired key is refused', async () => {
    const { json } = await h.call('POST', '/api/api-keys', {
      body: { name: 'short', scope: 'read', expiresInDays: 1 },
    });
    const sql = postgres(h.ownerUrl, { max: 1 });
    try {
      await sql`update api_keys set expires_at = now() - interval '1 second' where id = ${json.key.id}`;
    } finally {
      await sql.end();
    }
    expect((await h.call('GET', '/api/auth/me', bearer(json.token))).status).toBe(401);
  });

  it('a malformed or unknown bearer token is 401, not a fallback to the cookie', async () => {
    expect((await h.call('GET', '/api/auth/me', { headers: { authorization: 'Bearer nope' } })).status).toBe(
      401,
    );
    const unknown = `hlk_${'a'.repeat(24)}_${'b'.repeat(43)}`;
    expect((await h.call('GET', '/api/auth/me', bearer(unknown))).status).toBe(401);
  });

  it('rejects bad input with field errors', async () => {
    const res = await h.call('POST', '/api/api-keys', { body: { name: '', scope: 'root' } });
    expect(res.status).toBe(400);
    expect(Object.keys(res.json.error.fields).sort()).toEqual(['name', 'scope']);
  });
});
