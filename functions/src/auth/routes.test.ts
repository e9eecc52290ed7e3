import postgres from 'postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, owner } from '../../test/harness';

describe('first-run setup', () => {
  let h: Awaited<ReturnType<typeof createHarness>>;
  beforeAll(async () => {
    h = await createHarness();
  });

  it('reports that setup is needed while no user exists', async () => {
    const res = await h.call('GET', '/api/auth/setup');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ needsSetup: true });
  });

  it('refuses a short password and says which field to fix', async () => {
    const res = await h.call('POST', '/api/auth/setup', { body: { username: 'evin', password: 'short' } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_request');
    expect(res.json.error.fields.password[0]).toMatch(/12 characters/);
  });

  it('creates the owner, signs in with an HttpOnly SameSite=Lax cookie, then refuses a second owner', async () => {
    const res = await h.call('POST', '/api/auth/setup', { body: owner });
    expect(res.status).toBe(201);
    expect(res.json.user).toMatchObject({ username: 'evin', role: 'owner' });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    // plain-http localhost is the one place the cookie may go without Secure
    expect(cookie).not.toMatch(/Secure/);

    const me = await h.call('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.json.user.username).toBe('evin');

    const again = await h.call('POST', '/api/auth/setup', {
      body: { username: 'mallory', password: 'another long password' },
    });
    expect(again.status).toBe(409);
    expect((await h.call('GET', '/api/auth/setup')).json).toEqual({ needsSetup: false });
  });

  it('stores only an argon2id hash of the password and a SHA-256 of the session secret', async () => {
    const sql = postgres(h.ownerUrl, { max: 1 });
    try {
      const [user] = await sql`select password_hash from users where username = 'evin'`;
      expect(user!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      const token = decodeURIComponent(h.cookie!.split('=')[1]!);
      const [id, secret] = token.split('.');
      const [session] = await sql`select secret_hash from sessions where id = ${id!}`;
      expect(Buffer.from(session!.secret_hash).toString('utf8')).not.toContain(secret);
      expect(session!.secret_hash.length).toBe(32);
    } finally {
      await sql.end();
    }
  });
});

describe('sign-in and sessions', () => {
  let h: Awaited<ReturnType<typeof createHarness>>;
  beforeAll(async () => {
    h = await createHarness();
    await h.call('POST', '/api/auth/setup', { body: owner });
    h.cookie = null;
  });

  it('signs in with the right password and issues a new token each time', async () => {
    const first = await h.call('POST', '/api/auth/login', { body: owner });
    expect(first.status).toBe(200);
    const firstCookie = h.cookie;
    const second = await h.call('POST', '/api/auth/login', { body: { ...owner, username: 'EVIN' } });
    expect(second.status).toBe(200);
    expect(h.cookie).not.toBe(firstCookie);
    // the token presented at sign-in is retired, so a planted token cannot be fixed on the victim
    const old = await h.call('GET', '/api/auth/me', { cookie: firstCookie });
    expect(old.status).toBe(401);
  });

  it('answers a wrong password and an unknown user the same way', async () => {
    const wrong = await h.call('POST', '/api/auth/login', {
      body: { ...owner, password: 'not the password' },
      cookie: null,
      ip: '10.1.0.1',
    });
    const unknown = await h.call('POST', '/api/auth/login', {
      body: { username: 'nobody', password: 'whatever it is' },
      cookie: null,
      ip: '10.1.0.1',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.json.error.message).toBe(unknown.json.error.message);
  });

  it('refuses forged and malformed session tokens', async () => {
    const forged = await h.call('GET', '/api/auth/me', {
      cookie: `hl_session=${'a'.repeat(24)}.${'b'.repeat(43)}`,
    });
    expect(forged.status).toBe(401);
    const tampered = h.cookie!.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'));
    expect((await h.call('GET', '/api/auth/me', { cookie: tampered })).status).toBe(401);
    expect((await h.call('GET', '/api/auth/me', { cookie: 'hl_session=garbage' })).status).toBe(401);
  });

  it('refuses an expired session and removes it', async () => {
    await h.call('POST', '/api/auth/login', { body: owner });
    const token = decodeURIComponent(h.cookie!.split('=')[1]!);
    const sql = postgres(h.ownerUrl, { max: 1 });
    try {
      await sql`update sessions set expires_at = now() - interval '1 minute' where id = ${token.split('.')[0]!}`;
      expect((await h.call('GET', '/api/auth/me')).status).toBe(401);
      const rows = await sql`select 1 from sessions where id = ${token.split('.')[0]!}`;
      expect(rows.length).toBe(0);
    } finally {
      await sql.end();
    }
  });

  it('slides the expiry forward when less than 15 days remain', async () => {
    await h.call('POST', '/api/auth/login', { body: owner });
    const id = decodeURIComponent(h.cookie!.split('=')[1]!).split('.')[0]!;
    const sql = postgres(h.ownerUrl, { max: 1 });
    try {
      await sql`update sessions set expires_at = now() + interval '2 days' where id = ${id}`;
      const res = await h.call('GET', '/api/auth/me');
      expect(res.status).toBe(200);
      expect(res.headers.get('set-cookie')).toMatch(/hl_session=/);
      const [row] = await sql`select expires_at from sessions where id = ${id}`;
      expect(row!.expires_at.getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);
    } finally {
      await sql.end();
    }
  });

  it('signs out: the session is gone and the cookie cleared', async () => {
    await h.call('POST', '/api/auth/login', { body: owner });
    const cookie = h.cookie;
    const res = await h.call('POST', '/api/auth/logout');
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/);
    expect((await h.call('GET', '/api/auth/me', { cookie })).status).toBe(401);
  });
});

describe('rehashing', () => {
  it('upgrades a hash made with older parameters on the next sign-in', async () => {
    const h = await createHarness();
    await h.call('POST', '/api/auth/setup', { body: owner });
    const { hashPassword } = await import('./password');
    const weak = await hashPassword(owner.password, { m: 1024, t: 1, p: 1 });
    const sql = postgres(h.ownerUrl, { max: 1 });
    try {
      await sql`update users set password_hash = ${weak}`;
      const res = await h.call('POST', '/api/auth/login', { body: owner, cookie: null });
      expect(res.status).toBe(200);
      const [row] = await sql`select password_hash from users`;
      expect(row!.password_hash).toMatch(/m=19456,t=2,p=1/);
    } finally {
      await sql.end();
    }
  });
});
