import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, owner } from '../../test/harness';

describe('sessions list and revoke', () => {
  let h: Awaited<ReturnType<typeof createHarness>>;
  beforeAll(async () => {
    h = await createHarness();
    await h.call('POST', '/api/auth/setup', { body: owner });
  });

  it('lists sessions with the current one marked, and revokes another', async () => {
    const laptop = h.cookie;
    h.cookie = null;
    await h.call('POST', '/api/auth/login', { body: owner, headers: { 'user-agent': 'phone' } });
    const phone = h.cookie;
    const list = await h.call('GET', '/api/sessions', { cookie: laptop });
    expect(list.status).toBe(200);
    expect(list.json.sessions).toHaveLength(2);
    const other = list.json.sessions.find((s: { current: boolean }) => !s.current);
    expect(other.userAgent).toBe('phone');
    expect((await h.call('DELETE', `/api/sessions/${other.id}`, { cookie: laptop })).status).toBe(204);
    expect((await h.call('GET', '/api/auth/me', { cookie: phone })).status).toBe(401);
    expect((await h.call('GET', '/api/auth/me', { cookie: laptop })).status).toBe(200);
  });

  it('signs out everywhere else but here', async () => {
    h.cookie = null;
    await h.call('POST', '/api/auth/login', { body: owner });
    const here = h.cookie;
    const others: (string | null)[] = [];
    for (let i = 0; i < 2; i++) {
      h.cookie = null;
      await h.call('POST', '/api/auth/login', { body: owner });
      others.push(h.cookie);
    }
    h.cookie = here;
    const res = await h.call('POST', '/api/sessions/revoke-others');
    expect(res.status).toBe(200);
    expect(res.json.revoked).toBeGreaterThanOrEqual(2);
    for (const cookie of others) expect((await h.call('GET', '/api/auth/me', { cookie })).status).toBe(401);
    expect((await h.call('GET', '/api/auth/me', { cookie: here })).status).toBe(200);
  });

  it('404s for a session that is not mine or does not exist', async () => {
    expect((await h.call('DELETE', `/api/sessions/${'z'.repeat(24)}`)).status).toBe(404);
    expect((await h.call('DELETE', '/api/sessions/bad')).status).toBe(400);
  });
});
