import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, origin, owner } from '../../test/harness';
import { isSameOrigin } from './csrf';

describe('CSRF', () => {
  let h: Awaited<ReturnType<typeof createHarness>>;
  beforeAll(async () => {
    h = await createHarness();
    await h.call('POST', '/api/auth/setup', { body: owner });
  });

  it('refuses a cookie-authenticated mutation from another origin', async () => {
    const res = await h.call('POST', '/api/api-keys', {
      body: { name: 'evil', scope: 'admin' },
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    expect(res.json.error.message).toMatch(/Cross-site/);
  });

  it('refuses when the browser says the request is cross-site', async () => {
    const res = await h.call('POST', '/api/sessions/revoke-others', {
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(res.status).toBe(403);
  });

  it('accepts the same origin', async () => {
    const res = await h.call('POST', '/api/api-keys', {
      body: { name: 'ok', scope: 'read' },
      headers: { origin, 'sec-fetch-site': 'same-origin' },
    });
    expect(res.status).toBe(201);
  });

  it('compares hosts, so Caddy terminating TLS in front does not break it', () => {
    expect(isSameOrigin('https://host.evindrake.net', 'http://host.evindrake.net/api/x')).toBe(true);
    expect(isSameOrigin('https://evil.example', 'http://host.evindrake.net/api/x')).toBe(false);
    expect(isSameOrigin('null', 'http://host.evindrake.net/api/x')).toBe(false);
  });
});
