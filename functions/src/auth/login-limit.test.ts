import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, owner } from '../../test/harness';

describe('login rate limit', () => {
  let h: Awaited<ReturnType<typeof createHarness>>;
  beforeAll(async () => {
    h = await createHarness();
    await h.call('POST', '/api/auth/setup', { body: owner });
    await h.call('POST', '/api/auth/setup', {
      body: { username: 'second', password: 'irrelevant password' },
    });
    h.cookie = null;
  });

  it('answers 429 with Retry-After after 10 failures from one IP, even for the right password', async () => {
    const ip = '192.0.2.10';
    for (let i = 0; i < 10; i++) {
      const res = await h.call('POST', '/api/auth/login', {
        body: { username: `guess${i}`, password: 'wrong password' },
        cookie: null,
        ip,
      });
      expect(res.status).toBe(401);
    }
    const blocked = await h.call('POST', '/api/auth/login', { body: owner, cookie: null, ip });
    expect(blocked.status).toBe(429);
    expect(blocked.json.error.code).toBe('rate_limited');
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    // another address is not affected
    expect(
      (await h.call('POST', '/api/auth/login', { body: owner, cookie: null, ip: '192.0.2.11' })).status,
    ).toBe(200);
  });

  it('limits an account attacked from many addresses', async () => {
    for (let i = 0; i < 10; i++) {
      await h.call('POST', '/api/auth/login', {
        body: { username: 'second', password: 'wrong password' },
        cookie: null,
        ip: `198.51.100.${i}`,
      });
    }
    const blocked = await h.call('POST', '/api/auth/login', {
      body: { username: 'second', password: 'irrelevant password' },
      cookie: null,
      ip: '198.51.100.200',
    });
    expect(blocked.status).toBe(429);
    expect(blocked.json.error.message).toMatch(/this account/);
  });

  it('does not reset the IP count when a sign-in from that IP succeeds', async () => {
    const ip = '203.0.113.5';
    for (let i = 0; i < 9; i++) {
      await h.call('POST', '/api/auth/login', {
        body: { username: `guess${i}`, password: 'wrong password' },
        cookie: null,
        ip,
      });
    }
    expect((await h.call('POST', '/api/auth/login', { body: owner, cookie: null, ip })).status).toBe(200);
    await h.call('POST', '/api/auth/login', {
      body: { username: 'guess9', password: 'wrong password' },
      cookie: null,
      ip,
    });
    expect((await h.call('POST', '/api/auth/login', { body: owner, cookie: null, ip })).status).toBe(429);
  });
});
