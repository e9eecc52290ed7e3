import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { owner as ownerCredentials } from '../../test/harness';
import { addMemberWith, deskHarness } from './testing';

const guildId = '200000000000000001';
const alice = { id: '300000000000000001', username: 'alice', globalName: 'Alice' };
const bob = { id: '300000000000000002', username: 'bob' };
const manageGuild = 0x20n;

describe('sign in with Discord', () => {
  let d: Awaited<ReturnType<typeof deskHarness>>;
  let ownerCookie: string | null = null;
  beforeAll(async () => {
    d = await deskHarness();
    await d.h.call('POST', '/api/auth/setup', { body: ownerCredentials });
    ownerCookie = d.h.cookie;
    d.fake.addUser(alice);
    d.fake.addUser(bob);
    d.fake.addGuild({ id: guildId, name: 'Rig City' });
    addMemberWith(d.fake, guildId, alice.id, { permissions: manageGuild });
  });
  afterAll(() => d.close());

  it('redirects to Discord with state and an S256 challenge kept in short-lived HttpOnly cookies', async () => {
    const { res, location } = await d.start('/desk/tickets');
    expect(res.status).toBe(302);
    const url = new URL(location);
    expect(`${url.origin}${url.pathname}`).toBe(`${d.fake.url}/oauth2/authorize`);
    expect(url.searchParams.get('client_id')).toBe('100000000000000001');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('scope')).toBe('identify guilds');
    const cookies = res.headers.getSetCookie();
    const state = cookies.find((c) => c.startsWith('hl_discord_state='))!;
    expect(state.split(';')[0]).toBe(`hl_discord_state=${url.searchParams.get('state')}`);
    for (const cookie of cookies) {
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).toMatch(/Path=\/api\/desk\/auth/);
      expect(cookie).toMatch(/Max-Age=600/);
    }
    expect(cookies.some((c) => c.startsWith('hl_discord_verifier='))).toBe(true);
  });

  it('marks the cookies Secure (with the __Secure- prefix) behind https', async () => {
    const res = await d.h.call('GET', '/api/desk/auth/discord', {
      cookie: null,
      headers: { 'x-forwarded-proto': 'https' },
    });
    for (const cookie of res.headers.getSetCookie()) {
      expect(cookie).toMatch(/^__Secure-hl_discord_/);
      expect(cookie).toMatch(/Secure/);
    }
  });

  it('signs a new person in as a guest, seals the tokens and lands on `next`', async () => {
    const { res, location, session } = await d.signIn(alice.id, { next: '/desk/tickets?status=open' });
    expect(res.status).toBe(302);
    expect(location).toBe('/desk/tickets?status=open');
    expect(session).not.toBeNull();
    // The one-time state cookies are cleared on the way back.
    expect(res.headers.getSetCookie().some((c) => /^hl_discord_state=;/.test(c) && /Max-Age=0/.test(c))).toBe(
      true,
    );

    const me = await d.h.call('GET', '/api/desk/me', { cookie: session });
    expect(me.status).toBe(200);
    expect(me.json.user).toMatchObject({ username: `discord-${alice.id}`, role: 'guest' });
    expect(me.json.discord).toMatchObject({ id: alice.id, username: 'Alice' });
    expect(me.json.guilds).toEqual([{ guildId, name: 'Rig City', iconUrl: null, level: 'admin' }]);

    const [account] =
      await d.owner`select id, access_token, refresh_token from oauth_accounts where provider_user_id = ${alice.id}`;
    expect(account!.access_token).toMatch(/^v1:/);
    expect(account!.refresh_token).toMatch(/^v1:/);
    const [user] = await d.owner`select password_hash from users where username = ${`discord-${alice.id}`}`;
    expect(user!.password_hash).toBeNull();
  });

  it('signs the same Discord account into the same person again, with a new session', async () => {
    const first = await d.signIn(alice.id);
    const second = await d.signIn(alice.id, { cookie: first.session });
    expect(second.session).not.toBe(first.session);
    const users = await d.owner`select count(*)::int as n from users where username like 'discord-%'`;
    expect(users[0]!.n).toBe(1);
    // The session presented at sign-in is retired (no session fixation).
    expect((await d.h.call('GET', '/api/desk/me', { cookie: first.session })).status).toBe(401);
    expect((await d.h.call('GET', '/api/desk/me', { cookie: second.session })).status).toBe(200);
  });

  it('keeps only a same-site path as `next`', async () => {
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const { location } = await d.signIn(alice.id, { next });
      expect(location).toBe('/desk');
    }
  });

  it('refuses a callback whose state differs from the cookie: no session, back to sign-in', async () => {
    const begun = await d.start('/desk', { ip: '10.9.0.1' });
    const { code } = await d.approve(begun.location, alice.id);
    const res = await d.h.call('GET', `/api/desk/auth/discord/callback?code=${code}&state=forged`, {
      cookie: begun.cookies,
      ip: '10.9.0.1',
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/desk/sign-in?error=bad_state');
    expect(res.headers.getSetCookie().some((c) => c.startsWith('hl_session=') && !/Max-Age=0/.test(c))).toBe(
      false,
    );
  });

  it('fails the exchange when the PKCE verifier does not match what was challenged', async () => {
    const begun = await d.start('/desk', { ip: '10.9.0.2' });
    const { code, state } = await d.approve(begun.location, alice.id);
    const cookie = begun.cookies.replace(/hl_discord_verifier=[^;]+/, 'hl_discord_verifier=not-the-verifier');
    const res = await d.h.call('GET', `/api/desk/auth/discord/callback?code=${code}&state=${state}`, {
      cookie,
      ip: '10.9.0.2',
    });
    expect(res.headers.get('location')).toBe('/desk/sign-in?error=token_exchange');
  });

  it('sends a person who declined on Discord back to sign-in', async () => {
    const begun = await d.start('/desk', { ip: '10.9.0.3' });
    const state = new URL(begun.location).searchParams.get('state');
    const res = await d.h.call('GET', `/api/desk/auth/discord/callback?error=access_denied&state=${state}`, {
      cookie: begun.cookies,
      ip: '10.9.0.3',
    });
    expect(res.headers.get('location')).toBe('/desk/sign-in?error=denied');
  });

  it('refuses to link a Discord account that already belongs to someone else (409)', async () => {
    const res = await d.signIn(alice.id, { cookie: ownerCookie });
    expect(res.res.status).toBe(409);
    expect(res.res.json.error.message).toMatch(/already linked to another HomeLabHub user/);
    const [row] =
      await d.owner`select u.username from oauth_accounts a join users u on u.id = a.user_id where a.provider_user_id = ${alice.id}`;
    expect(row!.username).toBe(`discord-${alice.id}`);
  });

  it('links a new Discord account to the signed-in owner, and refuses a second one for them', async () => {
    const linked = await d.signIn(bob.id, { cookie: ownerCookie });
    expect(linked.res.status).toBe(302);
    const me = await d.h.call('GET', '/api/desk/me', { cookie: linked.session });
    expect(me.json.user).toMatchObject({ username: 'evin', role: 'owner' });
    expect(me.json.discord.id).toBe(bob.id);
    expect(me.json.guilds).toEqual([]);

    d.fake.addUser({ id: '300000000000000003', username: 'carol' });
    const again = await d.signIn('300000000000000003', { cookie: linked.session });
    expect(again.res.status).toBe(409);
    expect(again.res.json.error.message).toMatch(/already linked to the Discord account bob/);
  });

  it('keeps a guest out of mission control', async () => {
    const { session } = await d.signIn(alice.id);
    expect((await d.h.call('GET', '/api/docker/containers', { cookie: session })).status).toBe(403);
    expect((await d.h.call('GET', '/api/monitors', { cookie: session })).status).toBe(403);
  });

  it('limits callbacks to 10 per 15 minutes from one address', async () => {
    const ip = '10.9.9.9';
    const outcomes: (string | null)[] = [];
    for (let i = 0; i < 11; i++) outcomes.push((await d.signIn(alice.id, { ip })).location);
    expect(outcomes.slice(0, 10).every((l) => l === '/desk')).toBe(true);
    expect(outcomes[10]).toBe('/desk/sign-in?error=rate_limited');
  });
});

describe('sign in with Discord, not configured', () => {
  it('sends the person back to the sign-in page with the reason when the bot or the encryption key is missing', async () => {
    const noDiscord = await deskHarness({ DISCORD_CLIENT_SECRET: undefined });
    const res = await noDiscord.h.call('GET', '/api/desk/auth/discord');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/desk/sign-in?error=discord_not_configured');
    expect(res.headers.get('set-cookie')).toBeNull();
    await noDiscord.close();

    const noKey = await deskHarness({ ENCRYPTION_KEY: undefined });
    const keyless = await noKey.h.call('GET', '/api/desk/auth/discord');
    expect(keyless.status).toBe(302);
    expect(keyless.headers.get('location')).toBe('/desk/sign-in?error=encryption_not_configured');
    await noKey.close();
  });
});

describe('refreshing guilds', () => {
  let d: Awaited<ReturnType<typeof deskHarness>>;
  beforeAll(async () => {
    d = await deskHarness();
    d.fake.addUser(alice);
    d.fake.addGuild({ id: guildId, name: 'Rig City' });
  });
  afterAll(() => d.close());

  it('re-reads the guild list, refreshing an expired token first', async () => {
    d.fake.oauth.tokenLifetime(30);
    const { session } = await d.signIn(alice.id);
    expect((await d.h.call('GET', '/api/desk/me', { cookie: session })).json.guilds).toEqual([]);
    addMemberWith(d.fake, guildId, alice.id, { permissions: 0x8n });
    d.fake.oauth.tokenLifetime(604_800);
    const refreshed = await d.h.call('POST', '/api/desk/guilds/refresh', { cookie: session });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.guilds).toEqual([{ guildId, name: 'Rig City', iconUrl: null, level: 'admin' }]);
    expect(d.fake.requests.filter((r) => r.path === '/api/oauth2/token').length).toBe(2);
  });

  it('asks to sign in again when Discord refuses the refresh token', async () => {
    d.fake.oauth.tokenLifetime(30);
    const { session } = await d.signIn(alice.id);
    d.fake.oauth.deauthorize(alice.id);
    const res = await d.h.call('POST', '/api/desk/guilds/refresh', { cookie: session });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('discord_reauth');
    const [account] =
      await d.owner`select state, last_error from oauth_accounts where provider_user_id = ${alice.id}`;
    expect(account!.state).toBe('disconnected');
    // Signing in again reconnects the account.
    d.fake.oauth.tokenLifetime(604_800);
    await d.signIn(alice.id);
    const [after] = await d.owner`select state from oauth_accounts where provider_user_id = ${alice.id}`;
    expect(after!.state).toBe('connected');
  });
});
