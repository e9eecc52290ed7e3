import { encryptSecret } from '@homelab/db/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSpotify, startFakeSpotify } from '../../../e2e/fakes/spotify/server';
import { streamHarness } from '../stream/testing';

const key = Buffer.alloc(32, 9).toString('base64');
const hex = (c: string) => c.repeat(32);

describe('songs API', () => {
  let s: Awaited<ReturnType<typeof streamHarness>>;
  let spotify: FakeSpotify;
  let a: { tenantId: string; cookie: string; userId: string };
  let b: { tenantId: string; cookie: string; userId: string };
  let requestId: number;

  async function addRequest(tenantId: string, title: string) {
    const [row] = await s.owner<{ id: string }[]>`
      insert into song_requests (tenant_id, track_id, title, artists, duration_ms, user_name, platform)
      values (${tenantId}, ${`t${title}`}, ${title}, 'Band', 180000, 'ann', 'twitch') returning id`;
    return Number(row!.id);
  }

  beforeAll(async () => {
    spotify = await startFakeSpotify();
    s = await streamHarness({
      ENCRYPTION_KEY: key,
      SPOTIFY_CLIENT_ID: spotify.clientId,
      SPOTIFY_CLIENT_SECRET: spotify.clientSecret,
      SPOTIFY_AUTH_BASE_URL: spotify.accountsUrl,
      SPOTIFY_API_BASE_URL: spotify.url,
    });
    a = await s.addTenant('songalice');
    b = await s.addTenant('songbob');
    requestId = await addRequest(a.tenantId, 'First');
    await addRequest(a.tenantId, 'Second');
  });
  afterAll(async () => {
    await s.close();
    await spotify.close();
  });

  it('lists the queue, removes a waiting request, and hides it from another tenant', async () => {
    const queue = await s.h.call('GET', '/api/stream/songs/queue', { cookie: a.cookie });
    expect(queue.status).toBe(200);
    expect(queue.json.requests.map((r: { title: string }) => r.title)).toEqual(['First', 'Second']);
    const other = await s.h.call('DELETE', `/api/stream/songs/requests/${requestId}`, { cookie: b.cookie });
    expect(other.status).toBe(404);
    expect((await s.h.call('GET', '/api/stream/songs/queue', { cookie: b.cookie })).json.requests).toEqual(
      [],
    );
    const removed = await s.h.call('DELETE', `/api/stream/songs/requests/${requestId}`, { cookie: a.cookie });
    expect(removed.status).toBe(204);
    expect(
      (await s.h.call('DELETE', `/api/stream/songs/requests/${requestId}`, { cookie: a.cookie })).status,
    ).toBe(404);
    expect((await s.h.call('DELETE', '/api/stream/songs/requests/abc', { cookie: a.cookie })).status).toBe(
      400,
    );
    expect((await s.h.call('GET', '/api/stream/songs/queue', { cookie: null })).status).toBe(401);
  });

  it('keeps the own Spotify app: client id shown, secret sealed and never returned', async () => {
    const empty = await s.h.call('GET', '/api/stream/songs/app', { cookie: a.cookie });
    expect(empty.json).toMatchObject({ clientId: null, serverApp: true });
    expect(empty.json.help).toMatch(/Premium.*25/s);
    const bad = await s.h.call('PUT', '/api/stream/songs/app', {
      cookie: a.cookie,
      body: { clientId: 'nope', clientSecret: hex('b') },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields.clientId[0]).toMatch(/32 letters/);
    const saved = await s.h.call('PUT', '/api/stream/songs/app', {
      cookie: a.cookie,
      body: { clientId: hex('a'), clientSecret: hex('b') },
    });
    expect(saved.status).toBe(200);
    expect(saved.json.clientId).toBe(hex('a'));
    expect(JSON.stringify(saved.json)).not.toContain(hex('b'));
    const [row] = await s.owner<{ client_secret: string }[]>`
      select client_secret from spotify_apps where tenant_id = ${a.tenantId}`;
    expect(row!.client_secret).toMatch(/^v1:/);
    expect((await s.h.call('GET', '/api/stream/songs/app', { cookie: b.cookie })).json.clientId).toBeNull();
    expect((await s.h.call('DELETE', '/api/stream/songs/app', { cookie: a.cookie })).status).toBe(204);
    expect((await s.h.call('GET', '/api/stream/songs/app', { cookie: a.cookie })).json.clientId).toBeNull();
  });

  it('reads now playing and skips through the linked Spotify account; says what is missing', async () => {
    const unlinked = await s.h.call('GET', '/api/stream/songs/now-playing', { cookie: b.cookie });
    expect(unlinked.json).toMatchObject({ linked: false, playing: null });
    expect((await s.h.call('POST', '/api/stream/songs/skip', { cookie: b.cookie })).status).toBe(409);

    spotify.addUser('alice');
    const song = spotify.addTrack({ name: 'Studio Song', artists: ['Band'] });
    spotify.setPlaying(song.id, { userId: 'alice', progressMs: 5_000 });
    const pair = spotify.issueToken({ userId: 'alice' });
    const id = crypto.randomUUID();
    await s.owner`insert into oauth_accounts (id, user_id, provider, provider_user_id, username, access_token, refresh_token, token_expires_at)
      values (${id}, ${a.userId}, 'spotify', 'alice', 'alice', ${await encryptSecret(pair.access_token, key, id)},
        ${await encryptSecret(pair.refresh_token, key, id)}, now() + interval '1 hour')`;
    const now = await s.h.call('GET', '/api/stream/songs/now-playing', { cookie: a.cookie });
    expect(now.json).toMatchObject({
      linked: true,
      product: 'premium',
      problem: null,
      playing: { title: 'Studio Song', artists: 'Band', progressMs: 5_000, isPlaying: true },
    });
    spotify.setProduct('free', 'alice');
    const free = await s.h.call('GET', '/api/stream/songs/now-playing', { cookie: a.cookie });
    expect(free.json.problem).toMatch(/not Premium/);
    const refused = await s.h.call('POST', '/api/stream/songs/skip', { cookie: a.cookie });
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe('spotify_premium_required');
    spotify.setProduct('premium', 'alice');
    expect((await s.h.call('POST', '/api/stream/songs/skip', { cookie: a.cookie })).status).toBe(204);
    // Nothing was queued after it, so the fake's player stops.
    expect(spotify.playing('alice')).toBeNull();
  });
});
