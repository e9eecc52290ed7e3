import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeKickChannel, startFakeKickApi } from '../../../e2e/fakes/kick-api/server';
import { type FakeSpotify, startFakeSpotify } from '../../../e2e/fakes/spotify/server';
import { startFakeTwitch } from '../../../e2e/fakes/twitch/server';
import { createHarness } from '../../test/harness';
import { streamHarness } from './testing';

describe('streamers signing in and linking platforms', () => {
  let twitch: Awaited<ReturnType<typeof startFakeTwitch>>;
  let kick: Awaited<ReturnType<typeof startFakeKickApi>>;
  let spotify: FakeSpotify;
  let h: Awaited<ReturnType<typeof createHarness>>;
  let owner: postgres.Sql;
  let ada: { id: string; login: string };
  let adaKick: FakeKickChannel;
  let bea: { id: string; login: string };
  let ips = 0;
  const spotifyApp = { clientId: 'spotify-client', clientSecret: 'spotify-secret' };

  beforeAll(async () => {
    twitch = await startFakeTwitch();
    kick = await startFakeKickApi({ clientId: 'KICKCLIENT01', clientSecret: 'kick-secret' });
    spotify = await startFakeSpotify(spotifyApp);
    spotify.addUser('ada-dj');
    spotify.addUser('nobody');
    h = await createHarness({
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      TWITCH_CLIENT_ID: twitch.clientId,
      TWITCH_CLIENT_SECRET: twitch.clientSecret,
      TWITCH_AUTH_BASE_URL: twitch.authBaseUrl,
      TWITCH_API_BASE_URL: twitch.apiBaseUrl,
      KICK_CLIENT_ID: 'KICKCLIENT01',
      KICK_CLIENT_SECRET: 'kick-secret',
      KICK_AUTH_BASE_URL: kick.url,
      KICK_API_BASE_URL: kick.url,
      SPOTIFY_CLIENT_ID: spotifyApp.clientId,
      SPOTIFY_CLIENT_SECRET: spotifyApp.clientSecret,
      SPOTIFY_AUTH_BASE_URL: spotify.accountsUrl,
      SPOTIFY_API_BASE_URL: spotify.url,
    });
    owner = postgres(h.ownerUrl, { max: 1, onnotice: () => {} });
    ada = twitch.addUser({ login: 'ada', displayName: 'Ada' });
    bea = twitch.addUser({ login: 'bea', displayName: 'Bea' });
    adaKick = kick.addChannel('ada_speedruns');
  });
  afterAll(async () => {
    await owner.end();
    await twitch.close();
    await kick.close();
    await spotify.close();
  });

  const pairs = (res: { headers: Headers }) => res.headers.getSetCookie().map((c) => c.split(';')[0]!);

  async function start(provider: string, init: { cookie?: string | null; ip: string }) {
    const res = await h.call('GET', `/api/stream/auth/${provider}?next=/studio`, {
      cookie: init.cookie ?? null,
      ip: init.ip,
    });
    return { res, location: res.headers.get('location') ?? '', cookies: pairs(res).join('; ') };
  }

  /** The browser's path: start → the platform approves → callback; with the session cookie when linking. */
  async function signIn(
    provider: 'twitch' | 'kick' | 'spotify',
    approve: () => void,
    init: { cookie?: string | null; ip?: string } = {},
  ) {
    const ip = init.ip ?? `10.2.0.${++ips}`;
    const begun = await start(provider, { cookie: init.cookie, ip });
    approve();
    const back = new URL((await fetch(begun.location, { redirect: 'manual' })).headers.get('location') ?? '');
    const res = await h.call('GET', `/api/stream/auth/${provider}/callback${back.search}`, {
      cookie: [begun.cookies, init.cookie].filter(Boolean).join('; '),
      ip,
    });
    const session = pairs(res).find((p) => p.startsWith('hl_session=') && p !== 'hl_session=') ?? null;
    return { res, location: res.headers.get('location'), session };
  }

  const asTwitch = (user: { id: string }) => () => twitch.oauth.approveAs(user.id);
  const asKick = (channel: FakeKickChannel) => () => kick.oauth.approveAs(channel.broadcaster_user_id);
  const counts = async () =>
    (
      await owner`select (select count(*)::int from users) as users, (select count(*)::int from stream_tenants) as tenants,
        (select count(*)::int from stream_channels) as channels, (select count(*)::int from oauth_accounts) as accounts`
    )[0]!;

  let adaSession: string | null = null;

  it('asks Twitch for the bot’s scopes with state and an S256 challenge in HttpOnly cookies on the auth path', async () => {
    const { res, location } = await start('twitch', { ip: '10.3.0.1' });
    expect(res.status).toBe(302);
    const url = new URL(location);
    expect(`${url.origin}${url.pathname}`).toBe(`${twitch.authBaseUrl}/oauth2/authorize`);
    expect(url.searchParams.get('scope')).toBe(
      'chat:read chat:edit channel:read:subscriptions bits:read channel:read:redemptions moderator:read:followers channel:read:polls channel:manage:polls',
    );
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    for (const cookie of res.headers.getSetCookie()) {
      expect(cookie).toMatch(/^hl_twitch_(state|verifier|next)=/);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/Path=\/api\/stream\/auth/);
      expect(cookie).toMatch(/Max-Age=600/);
    }
  });

  it('creates the person, their tenant and their Twitch channel on the first sign-in', async () => {
    const { res, location, session } = await signIn('twitch', asTwitch(ada));
    expect(res.status).toBe(302);
    expect(location).toBe('/studio');
    expect(session).not.toBeNull();
    adaSession = session;
    const [tenant] =
      await owner`select t.id, t.display_name, u.username, u.role from stream_tenants t join users u on u.id = t.owner_id`;
    expect(tenant).toMatchObject({ display_name: 'Ada', username: `twitch-${ada.id}`, role: 'guest' });
    const channels =
      await owner`select tenant_id, platform, platform_channel_id, login, account_id from stream_channels`;
    expect(channels).toEqual([
      expect.objectContaining({
        tenant_id: tenant!.id,
        platform: 'twitch',
        platform_channel_id: ada.id,
        login: 'ada',
      }),
    ]);
    expect(channels[0]!.account_id).not.toBeNull();
  });

  it('signs the same Twitch account into the same tenant again', async () => {
    const before = await counts();
    const again = await signIn('twitch', asTwitch(ada));
    expect(again.location).toBe('/studio');
    expect(await counts()).toEqual(before);
    const me = await h.call('GET', '/api/stream/me', { cookie: again.session });
    expect(me.json.tenant.displayName).toBe('Ada');
    adaSession = again.session;
  });

  it('links Kick and Spotify to the signed-in streamer’s tenant', async () => {
    const linkedKick = await signIn('kick', asKick(adaKick), { cookie: adaSession });
    expect(linkedKick.location).toBe('/studio');
    const linkedSpotify = await signIn('spotify', () => spotify.approveAs('ada-dj'), {
      cookie: linkedKick.session,
    });
    expect(linkedSpotify.location).toBe('/studio');
    adaSession = linkedSpotify.session;

    const me = await h.call('GET', '/api/stream/me', { cookie: adaSession });
    expect(me.status).toBe(200);
    expect(me.json.accounts.map((a: { provider: string }) => a.provider)).toEqual([
      'twitch',
      'kick',
      'spotify',
    ]);
    expect(
      me.json.channels.map((ch: { platform: string; login: string }) => [ch.platform, ch.login]).sort(),
    ).toEqual([
      ['kick', 'ada_speedruns'],
      ['twitch', 'ada'],
    ]);
    const kickRow = me.json.channels.find((ch: { platform: string }) => ch.platform === 'kick');
    expect(kickRow.platformChannelId).toBe(String(adaKick.broadcaster_user_id));
    expect((await counts()).tenants).toBe(1);
  });

  it('seals every token (v1:) and never returns one from /me', async () => {
    const rows = await owner`select id, access_token, refresh_token from oauth_accounts`;
    expect(rows.length).toBe(3);
    for (const row of rows) {
      expect(row.access_token).toMatch(/^v1:/);
      expect(row.refresh_token).toMatch(/^v1:/);
    }
    const me = await h.call('GET', '/api/stream/me', { cookie: adaSession });
    const text = JSON.stringify(me.json);
    expect(text).not.toMatch(/v1:|access_?token|refresh_?token/i);
    expect(me.json.accounts[0]).toEqual({
      provider: 'twitch',
      username: 'Ada',
      state: 'connected',
      tokenExpiresAt: expect.any(String),
      lastError: null,
    });
  });

  it('refuses the same Kick account for another streamer (account_in_use), changing nothing', async () => {
    const beaSignIn = await signIn('twitch', asTwitch(bea));
    expect(beaSignIn.location).toBe('/studio');
    const before = await counts();
    const [kickBefore] =
      await owner`select user_id, access_token from oauth_accounts where provider = 'kick'`;
    const stolen = await signIn('kick', asKick(adaKick), { cookie: beaSignIn.session });
    expect(stolen.location).toBe('/studio/sign-in?error=account_in_use');
    expect(stolen.session).toBeNull();
    expect(await counts()).toEqual(before);
    const [kickAfter] = await owner`select user_id, access_token from oauth_accounts where provider = 'kick'`;
    expect(kickAfter).toEqual(kickBefore);
    const bea_ = await h.call('GET', '/api/stream/me', { cookie: beaSignIn.session });
    expect(bea_.json.channels.map((ch: { platform: string }) => ch.platform)).toEqual(['twitch']);
  });

  it('asks Kick with PKCE S256, which Kick requires: without it Kick refuses the request', async () => {
    const { location } = await start('kick', { ip: '10.3.0.2' });
    const url = new URL(location);
    expect(`${url.origin}${url.pathname}`).toBe(`${kick.url}/oauth/authorize`);
    expect(url.searchParams.get('scope')).toBe(
      'user:read channel:read chat:write events:subscribe moderation:ban moderation:chat_message:manage',
    );
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    kick.oauth.approveAs(adaKick.broadcaster_user_id);
    url.searchParams.delete('code_challenge');
    url.searchParams.delete('code_challenge_method');
    const refused = await fetch(url, { redirect: 'manual' });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('location')).toBeNull();
  });

  it('refuses a callback whose state differs from the cookie: no session, back to sign-in', async () => {
    const before = await counts();
    const begun = await start('twitch', { ip: '10.3.0.3' });
    twitch.oauth.approveAs(ada.id);
    const back = new URL((await fetch(begun.location, { redirect: 'manual' })).headers.get('location') ?? '');
    const res = await h.call(
      'GET',
      `/api/stream/auth/twitch/callback?code=${back.searchParams.get('code')}&state=forged`,
      {
        cookie: begun.cookies,
        ip: '10.3.0.3',
      },
    );
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/studio/sign-in?error=bad_state');
    expect(pairs(res).some((p) => p.startsWith('hl_session=') && p !== 'hl_session=')).toBe(false);
    expect(await counts()).toEqual(before);
  });

  it('needs a streamer before Spotify can be linked', async () => {
    const res = await signIn('spotify', () => spotify.approveAs('nobody'));
    expect(res.location).toBe('/studio/sign-in?error=sign_in_first');
    expect(res.session).toBeNull();
  });

  it('limits callbacks to 10 per 15 minutes from one address', async () => {
    const ip = '10.9.9.9';
    const outcomes: (string | null)[] = [];
    for (let i = 0; i < 11; i++) outcomes.push((await signIn('twitch', asTwitch(ada), { ip })).location);
    expect(outcomes.slice(0, 10).every((l) => l === '/studio')).toBe(true);
    expect(outcomes[10]).toBe('/studio/sign-in?error=rate_limited');
  });

  it('answers /me only for a signed-in person', async () => {
    expect((await h.call('GET', '/api/stream/me', { cookie: null })).status).toBe(401);
  });
});

describe('stream sign-in, not configured', () => {
  it('sends the person back to the sign-in page naming what is missing', async () => {
    const h = await createHarness({ ENCRYPTION_KEY: randomBytes(32).toString('base64') });
    const res = await h.call('GET', '/api/stream/auth/kick', { cookie: null });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/studio/sign-in?error=kick_not_configured');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect((await h.call('GET', '/api/stream/auth/myspace', { cookie: null })).status).toBe(400);
  });
});

describe('linking Spotify through the streamer’s own Spotify app', () => {
  let spotify: FakeSpotify;
  let s: Awaited<ReturnType<typeof streamHarness>>;
  const own = { clientId: 'c'.repeat(32), clientSecret: 'd'.repeat(32) };
  const pairs = (res: { headers: Headers }) => res.headers.getSetCookie().map((c) => c.split(';')[0]!);

  beforeAll(async () => {
    // Spotify knows the streamer's app; the server has no Spotify app of its own.
    spotify = await startFakeSpotify();
    spotify.addApp(own.clientId, own.clientSecret);
    s = await streamHarness({
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      SPOTIFY_AUTH_BASE_URL: spotify.accountsUrl,
      SPOTIFY_API_BASE_URL: spotify.url,
    });
  });
  afterAll(async () => {
    await s.close();
    await spotify.close();
  });

  async function streamerWithApp(name: string, app: { clientId: string; clientSecret: string }) {
    const streamer = await s.addTenant(name);
    const saved = await s.h.call('PUT', '/api/stream/songs/app', { cookie: streamer.cookie, body: app });
    expect(saved.status).toBe(200);
    return streamer;
  }

  /** Start → Spotify approves → callback, as the signed-in streamer's browser does. */
  async function link(cookie: string, ip: string) {
    const begun = await s.h.call('GET', '/api/stream/auth/spotify?next=/studio/songs', { cookie, ip });
    const authorize = new URL(begun.headers.get('location') ?? '');
    const back = new URL((await fetch(authorize, { redirect: 'manual' })).headers.get('location') ?? '');
    const done = await s.h.call('GET', `/api/stream/auth/spotify/callback${back.search}`, {
      cookie: [...pairs(begun), cookie].join('; '),
      ip,
    });
    // A sign-in retires the session it was given and sets a new one.
    const session = pairs(done).find((p) => p.startsWith('hl_session=') && p !== 'hl_session=') ?? cookie;
    return { authorize, location: done.headers.get('location'), session };
  }

  it('sends the browser to Spotify with the tenant’s client id and links with its secret', async () => {
    const ada = await streamerWithApp('ownapp-ada', own);
    spotify.approveAs('streamer');
    const { authorize, location, session } = await link(ada.cookie, '10.4.0.1');
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${spotify.accountsUrl}/authorize`);
    expect(authorize.searchParams.get('client_id')).toBe(own.clientId);
    expect(location).toBe('/studio/songs');
    const me = await s.h.call('GET', '/api/stream/me', { cookie: session });
    expect(me.json.accounts).toEqual([expect.objectContaining({ provider: 'spotify', state: 'connected' })]);
    // Spotify refreshes a token only for the app that got it: the link's token refreshes with the tenant's.
    await s.owner`update oauth_accounts set token_expires_at = now() - interval '1 minute' where user_id = ${ada.userId}`;
    const now = await s.h.call('GET', '/api/stream/songs/now-playing', { cookie: session });
    expect(now.json).toMatchObject({ linked: true, product: 'premium', problem: null });
    expect(spotify.requests.filter((r) => r.path === '/api/token').map((r) => r.status)).toEqual([200, 200]);
  });

  it('fails the exchange when the saved secret is not the app’s: Spotify checks the client', async () => {
    const bea = await streamerWithApp('ownapp-bea', { ...own, clientSecret: 'e'.repeat(32) });
    const { authorize, location } = await link(bea.cookie, '10.4.0.2');
    expect(authorize.searchParams.get('client_id')).toBe(own.clientId);
    expect(location).toBe('/studio/sign-in?error=token_exchange');
    const me = await s.h.call('GET', '/api/stream/me', { cookie: bea.cookie });
    expect(me.json.accounts).toEqual([]);
  });

  it('says Spotify is not configured to a streamer without an own app', async () => {
    const cy = await s.addTenant('ownapp-cy');
    const res = await s.h.call('GET', '/api/stream/auth/spotify', { cookie: cy.cookie, ip: '10.4.0.3' });
    expect(res.headers.get('location')).toBe('/studio/sign-in?error=spotify_not_configured');
  });
});
