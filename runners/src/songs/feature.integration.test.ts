import { createPool, type Pool } from '@homelab/db/client/pool';
import { encryptSecret } from '@homelab/db/crypto';
import { changeBalance } from '@homelab/db/stream/currency';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSpotify, startFakeSpotify } from '../../../e2e/fakes/spotify/server';
import { botHarness } from '../currency/testing';
import { testDatabaseUrl } from '../testing/database';
import { createSongsFeature } from './feature';

const key = Buffer.alloc(32, 7).toString('base64');
let pool: Pool;
let spotify: FakeSpotify;
beforeAll(async () => {
  pool = createPool(testDatabaseUrl(), { max: 10 });
  spotify = await startFakeSpotify();
});
afterAll(async () => {
  await spotify?.close();
  await pool?.sql.end({ timeout: 5 });
});

/** The tenant owner's Spotify link, tokens sealed as the functions' OAuth callback seals them. */
async function linkSpotify(
  tenantId: string,
  o: { userId?: string; expired?: boolean; clientId?: string } = {},
) {
  const pair = spotify.issueToken({ userId: o.userId, clientId: o.clientId });
  if (o.expired) spotify.expire(pair.access_token);
  const id = crypto.randomUUID();
  await pool.sql`
    insert into oauth_accounts (id, user_id, provider, provider_user_id, username, access_token, refresh_token, token_expires_at, scopes)
    select ${id}, owner_id, 'spotify', ${crypto.randomUUID()}, 'streamer',
      ${await encryptSecret(pair.access_token, key, id)}, ${await encryptSecret(pair.refresh_token, key, id)},
      ${new Date(Date.now() + (o.expired ? -1_000 : 3_600_000)).toISOString()}::timestamptz, ${['user-modify-playback-state']}::text[]
    from stream_tenants where id = ${tenantId}`;
  return id;
}

async function setup(songs: Record<string, unknown> = {}, o: Parameters<typeof linkSpotify>[1] = {}) {
  const h = await botHarness(pool, { songs: { enabled: true, ...songs } });
  const userId = o.userId ?? `u${crypto.randomUUID().slice(0, 8)}`;
  spotify.addUser(userId);
  await linkSpotify(h.tenantId, { ...o, userId });
  const feature = createSongsFeature({
    spotify: {
      clientId: spotify.clientId,
      clientSecret: spotify.clientSecret,
      authBaseUrl: spotify.accountsUrl,
      apiBaseUrl: spotify.url,
    },
    encryptionKey: key,
  })(h.deps);
  return { h, feature, userId };
}

const states = async (tenantId: string) =>
  (
    await pool.sql<{ title: string; state: string }[]>`
      select title, state from song_requests where tenant_id = ${tenantId} order by id`
  ).map((r) => `${r.title}:${r.state}`);

describe('song requests', () => {
  it('requests by search text and by link add to the bot queue and to Spotify', async () => {
    const { h, feature, userId } = await setup();
    const a = spotify.addTrack({ name: 'Sandstorm Search', artists: ['Darude'] });
    const b = spotify.addTrack({ name: 'Linked Song', artists: ['Band'] });
    spotify.setPlaying(spotify.addTrack({ name: 'Warm Up' }).id, { userId });
    await h.say(feature, h.twitch, 'ann', '!sr sandstorm darude');
    expect(h.lastReply()).toBe('Added Sandstorm Search — Darude (#1 in the queue).');
    await h.say(feature, h.twitch, 'bob', `!sr https://open.spotify.com/intl-de/track/${b.id}?si=x`);
    expect(h.lastReply()).toBe('Added Linked Song — Band (#2 in the queue).');
    expect(spotify.queue(userId)).toEqual([a.id, b.id]);
    await h.say(feature, h.twitch, 'cy', '!sr https://youtube.com/watch?v=abc');
    expect(h.lastReply()).toMatch(/Only Spotify track links/);
    await h.say(feature, h.twitch, 'cy', '!sr nothing like this exists');
    expect(h.lastReply()).toMatch(/No song found/);
    await h.say(feature, h.twitch, 'cy', '!songs');
    expect(h.lastReply()).toMatch(
      /^Next: 1\. Sandstorm Search — Darude \(ann\) · 2\. Linked Song — Band \(bob\)$/,
    );
    await h.say(feature, h.twitch, 'cy', '!song');
    expect(h.lastReply()).toBe('Now playing: Warm Up — Artist');
    spotify.setPlaying(a.id, { userId });
    await h.say(feature, h.twitch, 'cy', '!song');
    expect(h.lastReply()).toBe('Now playing: Sandstorm Search — Darude (requested by ann)');
    await h.say(feature, h.twitch, 'cy', '!songs');
    expect(h.lastReply()).toBe('Next: 1. Linked Song — Band (bob)');
  });

  it('holds the limits: per user, queue length, duration, explicit, blocked, cost', async () => {
    const { h, feature } = await setup({
      perUser: 1,
      maxQueue: 2,
      maxDurationS: 300,
      blocked: ['Nickelback'],
      cost: 10,
    });
    const t = (name: string, extra = {}) => spotify.addTrack({ name, ...extra });
    const [one, two, three] = [t('Lim One'), t('Lim Two'), t('Lim Three')];
    const long = t('Lim Long', { durationMs: 301_000 });
    const rude = t('Lim Rude', { explicit: true });
    const nb = t('Lim Photograph', { artists: ['Nickelback'] });
    const ann = await h.viewer(h.twitch, 'ann');
    await changeBalance(pool.db, { tenantId: h.tenantId, viewerId: ann, delta: 15, reason: 'grant' });
    const bob = await h.viewer(h.twitch, 'bob');
    await changeBalance(pool.db, { tenantId: h.tenantId, viewerId: bob, delta: 100, reason: 'grant' });

    await h.say(feature, h.twitch, 'ann', `!sr spotify:track:${long.id}`);
    expect(h.lastReply()).toBe('Lim Long is too long (at most 5:00).');
    await h.say(feature, h.twitch, 'ann', `!sr spotify:track:${rude.id}`);
    expect(h.lastReply()).toMatch(/explicit/);
    await h.say(feature, h.twitch, 'ann', `!sr spotify:track:${nb.id}`);
    expect(h.lastReply()).toBe('Songs by Nickelback cannot be requested here.');
    await h.say(feature, h.twitch, 'ann', `!sr spotify:track:${one.id}`);
    expect(h.lastReply()).toMatch(/^Saved Lim One|^Added Lim One/);
    expect(await h.balance(ann)).toBe(5);
    await h.say(feature, h.twitch, 'ann', `!sr spotify:track:${two.id}`);
    expect(h.lastReply()).toMatch(/already have 1 song waiting/);
    await h.say(feature, h.twitch, 'cat', `!sr spotify:track:${two.id}`);
    expect(h.lastReply()).toMatch(/costs 10 .*you have 0/);
    await h.say(feature, h.twitch, 'bob', `!sr spotify:track:${two.id}`);
    await h.say(feature, h.kick, 'dee', `!sr spotify:track:${three.id}`);
    expect(h.lastReply()).toMatch(/queue is full \(2\)/);
    expect(await states(h.tenantId)).toEqual(['Lim One:queued', 'Lim Two:queued']);
    expect(await h.balance(ann)).toBe(5);
    expect(await h.balance(bob)).toBe(90);
  });

  it('keeps the request and says so when the streamer has no Premium', async () => {
    const { h, feature, userId } = await setup();
    const song = spotify.addTrack({ name: 'Free Tier Song' });
    spotify.setPlaying(song.id, { userId });
    spotify.setProduct('free', userId);
    await h.say(feature, h.twitch, 'ann', `!sr spotify:track:${song.id}`);
    expect(h.lastReply()).toBe(
      'Saved Free Tier Song — Artist (#1), but Spotify did not queue it: The streamer needs Spotify Premium for song requests to play.',
    );
    expect(await states(h.tenantId)).toEqual(['Free Tier Song:queued']);
    expect(spotify.queue(userId)).toEqual([]);
  });

  it('refreshes an expired token with the tenant’s own Spotify app', async () => {
    spotify.addApp('own-client-id', 'own-client-secret');
    const { h, feature, userId } = await setup({}, { expired: true, clientId: 'own-client-id' });
    await pool.sql`insert into spotify_apps (tenant_id, client_id, client_secret)
      values (${h.tenantId}, 'own-client-id', ${await encryptSecret('own-client-secret', key, h.tenantId)})`;
    const song = spotify.addTrack({ name: 'Own App Song' });
    spotify.setPlaying(song.id, { userId });
    await h.say(feature, h.twitch, 'ann', '!sr own app song');
    expect(h.lastReply()).toBe('Added Own App Song — Artist (#1 in the queue).');
    expect(spotify.requests.some((r) => r.path === '/api/token' && r.status === 200)).toBe(true);
  });

  it('says Spotify is not linked when it is not', async () => {
    const h = await botHarness(pool, { songs: { enabled: true } });
    const feature = createSongsFeature({
      spotify: { authBaseUrl: spotify.accountsUrl, apiBaseUrl: spotify.url },
      encryptionKey: key,
    })(h.deps);
    await h.say(feature, h.twitch, 'ann', '!sr anything');
    expect(h.lastReply()).toMatch(/Spotify is not linked/);
  });

  it('skips on enough distinct votes from recent chatters, or at once for a moderator', async () => {
    const { h, feature, userId } = await setup({ skipShare: 0.5 });
    const playing = spotify.addTrack({ name: 'Vote Me Off' });
    const next = spotify.addTrack({ name: 'After That' });
    spotify.setPlaying(playing.id, { userId });
    await h.say(feature, h.twitch, 'ann', `!sr spotify:track:${next.id}`);
    for (const who of ['bob', 'cat', 'dee']) await h.say(feature, h.twitch, who, 'hello');
    await h.say(feature, h.twitch, 'bob', '!skip');
    expect(h.lastReply()).toBe('Skip vote for Vote Me Off: 1/2.');
    await h.say(feature, h.twitch, 'bob', '!skip');
    expect(h.lastReply()).toBe('Skip vote for Vote Me Off: 1/2.');
    await h.say(feature, h.twitch, 'cat', '!skip');
    expect(h.lastReply()).toBe('Skipped Vote Me Off.');
    expect(spotify.playing(userId)?.trackId).toBe(next.id);
    await h.say(feature, h.twitch, 'mod', '!skip', { level: 'moderator' });
    expect(h.lastReply()).toBe('Skipped After That.');
    expect(await states(h.tenantId)).toEqual(['After That:skipped']);
  });

  it('!wrongsong takes back your latest request and refunds it; !srclear empties the queue', async () => {
    const { h, feature } = await setup({ perUser: 3, cost: 5 });
    const ann = await h.viewer(h.twitch, 'ann');
    await changeBalance(pool.db, { tenantId: h.tenantId, viewerId: ann, delta: 10, reason: 'grant' });
    const [x, y] = [spotify.addTrack({ name: 'Wrong One' }), spotify.addTrack({ name: 'Right One' })];
    await h.say(feature, h.twitch, 'ann', `!sr spotify:track:${y.id}`);
    await h.say(feature, h.twitch, 'ann', `!sr spotify:track:${x.id}`);
    expect(await h.balance(ann)).toBe(0);
    await h.say(feature, h.twitch, 'ann', '!wrongsong');
    expect(h.lastReply()).toMatch(/^Removed Wrong One from the song queue; 5 points back\.$/);
    expect(await h.balance(ann)).toBe(5);
    await h.say(feature, h.twitch, 'bob', '!wrongsong');
    expect(h.lastReply()).toMatch(/no song waiting/);
    await h.say(feature, h.twitch, 'mod', '!srclear', { level: 'moderator' });
    expect(h.lastReply()).toBe('Cleared 1 song request.');
    expect(await states(h.tenantId)).toEqual(['Right One:removed', 'Wrong One:removed']);
  });
});
