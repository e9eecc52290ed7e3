/**
 * The tokens runner against a private database and the Twitch and Google fakes: due tokens are
 * refreshed and sealed, others left alone, 5xx retried on the backoff schedule, revoked refresh
 * tokens disconnect the account and tell the streamer, concurrent passes refresh once, and a
 * token Twitch refuses at validation is refreshed and valid again.
 */
import { randomBytes } from 'node:crypto';
import type { Pool } from '@homelab/db/client/pool';
import { decryptSecret, encryptSecret } from '@homelab/db/crypto';
import { oauthAccounts, streamChannels, streamNotices, streamTenants, users } from '@homelab/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeTwitch, startFakeTwitch } from '../../../e2e/fakes/twitch/server';
import { type FakeYoutubeData, startFakeYoutubeData } from '../../../e2e/fakes/youtube-data/server';
import type { Config } from '../config';
import { RetryJobError } from '../jobs/policy';
import { createLogger } from '../log';
import type { JobContext } from '../runner';
import { privateDatabaseUrl, testPool, uniqueName } from '../testing/database';
import { testRunnerContext } from '../testing/runner-context';
import { tokenClients } from './providers';
import { type RefreshDeps, refreshDueAccounts } from './refresh';
import { createTokensRunner } from './service';
import { validateTwitchTokens } from './twitch-validate';

const databaseUrl = await privateDatabaseUrl();
const key = randomBytes(32).toString('base64');
const log = createLogger({ level: 'error' });
const hour = 60 * 60_000;

let pool: Pool;
let twitch: FakeTwitch;
let youtube: FakeYoutubeData;

function config(): Config {
  return {
    databaseUrl,
    runnerSecret: 'x'.repeat(32),
    port: 0,
    host: '127.0.0.1',
    enabledRunners: ['tokens'],
    metricsIntervalMs: 5_000,
    logLevel: 'error',
    encryptionKey: key,
    backupDir: '.data/backups',
    twitch: {
      clientId: twitch.clientId,
      clientSecret: twitch.clientSecret,
      authBaseUrl: twitch.authBaseUrl,
      apiBaseUrl: twitch.apiBaseUrl,
      ircUrl: twitch.ircUrl,
    },
    google: {
      clientId: youtube.oauth.clientId,
      clientSecret: youtube.oauth.clientSecret,
      tokenBaseUrl: youtube.url,
    },
    kick: { apiBaseUrl: 'http://127.0.0.1:1', authBaseUrl: 'http://127.0.0.1:1' },
    spotify: { authBaseUrl: 'http://127.0.0.1:1', apiBaseUrl: 'http://127.0.0.1:1' },
    discord: { baseUrl: 'http://127.0.0.1:1' },
  };
}

function deps(overrides: Partial<RefreshDeps> = {}): RefreshDeps {
  return {
    db: pool.db,
    log,
    clients: tokenClients(config()),
    encryptionKey: key,
    fetch: recordingFetch,
    sleep: async () => {},
    ...overrides,
  };
}

/** Every token request sent, by refresh token, with the status it got. */
const tokenCalls: { refreshToken: string | null; status: number }[] = [];
const recordingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  if (init?.body instanceof URLSearchParams)
    tokenCalls.push({ refreshToken: init.body.get('refresh_token'), status: response.status });
  return response;
};
const twitchRefreshes = (refreshToken: string) =>
  tokenCalls.filter((call) => call.refreshToken === refreshToken).map((call) => call.status);

const liveTwitchToken = (accessToken: string) =>
  twitch.oauth.grants().some((g) => g.accessToken === accessToken);

/** A streamer on Twitch with a linked account whose tokens are sealed as sign-in seals them. */
async function seedTwitch(expiresInMs: number, options: { tenant?: boolean } = {}) {
  const user = twitch.addUser({ login: uniqueName('streamer').replace('-', '_') });
  const grant = twitch.oauth.issueToken(user.id);
  const seeded = await seedAccount({
    provider: 'twitch',
    providerUserId: user.id,
    accessToken: grant.access_token,
    refreshToken: grant.refresh_token,
    expiresInMs,
    tenant: options.tenant,
  });
  return {
    ...seeded,
    twitchUserId: user.id,
    accessToken: grant.access_token,
    refreshToken: grant.refresh_token,
  };
}

async function seedAccount(input: {
  provider: 'twitch' | 'google';
  providerUserId: string;
  accessToken: string;
  refreshToken: string;
  expiresInMs: number;
  tenant?: boolean;
}) {
  const [user] = await pool.db
    .insert(users)
    .values({ username: uniqueName('streamer'), role: 'guest' })
    .returning({ id: users.id });
  const id = crypto.randomUUID();
  await pool.db.insert(oauthAccounts).values({
    id,
    userId: user!.id,
    provider: input.provider,
    providerUserId: input.providerUserId,
    username: uniqueName('login'),
    accessToken: await encryptSecret(input.accessToken, key, id),
    refreshToken: await encryptSecret(input.refreshToken, key, id),
    tokenExpiresAt: new Date(Date.now() + input.expiresInMs),
  });
  let tenantId: string | null = null;
  if (input.tenant) {
    const [tenant] = await pool.db
      .insert(streamTenants)
      .values({ ownerId: user!.id, displayName: 'Streamer' })
      .returning({ id: streamTenants.id });
    tenantId = tenant!.id;
    await pool.db.insert(streamChannels).values({
      tenantId,
      platform: input.provider === 'twitch' ? 'twitch' : 'youtube',
      platformChannelId: input.providerUserId,
      login: 'streamer',
      displayName: 'Streamer',
      accountId: id,
    });
  }
  return { id, tenantId };
}

async function account(id: string) {
  const [row] = await pool.db.select().from(oauthAccounts).where(eq(oauthAccounts.id, id));
  return row!;
}

const noticesOf = (tenantId: string) =>
  pool.db.select().from(streamNotices).where(eq(streamNotices.tenantId, tenantId));

beforeAll(async () => {
  pool = testPool(databaseUrl);
  twitch = await startFakeTwitch();
  youtube = await startFakeYoutubeData();
});

beforeEach(async () => {
  // Each pass sees only this test's accounts.
  await pool.db.delete(oauthAccounts);
});

afterAll(async () => {
  await twitch?.close();
  await youtube?.close();
  await pool?.sql.end();
});

describe('token refresh', () => {
  it('refreshes a token expiring in 2 hours, sealed to its row, and leaves one expiring in 3 days', async () => {
    const soon = await seedTwitch(2 * hour);
    const later = await seedTwitch(72 * hour);

    const started = Date.now();
    const pass = await refreshDueAccounts(deps());

    expect(pass).toMatchObject({ refreshed: 1, failed: 0, disconnected: 0 });
    const row = await account(soon.id);
    expect(row.accessToken).toMatch(/^v1:/);
    const access = await decryptSecret(row.accessToken!, key, soon.id);
    expect(access).not.toBe(soon.accessToken);
    expect(liveTwitchToken(access)).toBe(true);
    expect(await decryptSecret(row.refreshToken!, key, soon.id)).toBe(soon.refreshToken);
    // The fake's user tokens last 4 hours: the new expiry is stored.
    expect(row.tokenExpiresAt!.getTime()).toBeGreaterThanOrEqual(started + 4 * hour - 1_000);
    expect(row.state).toBe('connected');
    // The sealed value is bound to its row: under another row's id it does not open.
    await expect(decryptSecret(row.accessToken!, key, later.id)).rejects.toThrow();

    expect(twitchRefreshes(later.refreshToken)).toHaveLength(0);
    const untouched = await account(later.id);
    expect(await decryptSecret(untouched.accessToken!, key, later.id)).toBe(later.accessToken);
  });

  it('refreshes an expired Google token and keeps the refresh token Google does not rotate', async () => {
    const ada = youtube.oauth.addAccount({ name: 'Ada' });
    const grant = youtube.oauth.issueToken(ada.sub);
    const google = await seedAccount({
      provider: 'google',
      providerUserId: ada.sub,
      accessToken: grant.access_token,
      refreshToken: grant.refresh_token!,
      expiresInMs: -hour,
    });

    expect(await refreshDueAccounts(deps())).toMatchObject({ refreshed: 1 });

    const row = await account(google.id);
    expect(await decryptSecret(row.refreshToken!, key, google.id)).toBe(grant.refresh_token);
    const access = await decryptSecret(row.accessToken!, key, google.id);
    expect(access).not.toBe(grant.access_token);
    expect(youtube.oauth.grants().some((g) => g.accessToken === access)).toBe(true);
    expect(row.tokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
  });

  it('retries a 500 after 1 s and 2 s, then stores the refreshed token', async () => {
    const flaky = await seedTwitch(hour);
    twitch.outage('POST /oauth2/token', 500, 2);
    const delays: number[] = [];

    const pass = await refreshDueAccounts(deps({ sleep: async (ms) => delays.push(ms) }));

    expect(pass).toMatchObject({ refreshed: 1, failed: 0 });
    expect(delays).toEqual([1_000, 2_000]);
    expect(twitchRefreshes(flaky.refreshToken)).toEqual([500, 500, 200]);
    const row = await account(flaky.id);
    expect(liveTwitchToken(await decryptSecret(row.accessToken!, key, flaky.id))).toBe(true);
    expect(row.lastError).toBeNull();
  });

  it('gives up after five retries (1 s to 16 s), keeps the account connected and tells the streamer once', async () => {
    const down = await seedTwitch(hour, { tenant: true });
    twitch.outage('POST /oauth2/token', 503, 12);
    const delays: number[] = [];

    const pass = await refreshDueAccounts(deps({ sleep: async (ms) => delays.push(ms) }));
    await refreshDueAccounts(deps());

    expect(pass).toMatchObject({ refreshed: 0, failed: 1 });
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
    const row = await account(down.id);
    expect(row.state).toBe('connected');
    expect(row.lastError).toContain('503');
    expect((await noticesOf(down.tenantId!)).map((n) => n.kind)).toEqual(['token_refresh_failed']);
  });

  it('disconnects an account whose refresh token was revoked and tells its streamer', async () => {
    const revoked = await seedTwitch(hour, { tenant: true });
    const loner = await seedTwitch(hour);
    twitch.oauth.revoke(revoked.twitchUserId);
    twitch.oauth.revoke(loner.twitchUserId);

    const pass = await refreshDueAccounts(deps());

    expect(pass).toMatchObject({ refreshed: 0, disconnected: 2 });
    const row = await account(revoked.id);
    expect(row.state).toBe('disconnected');
    expect(row.lastError).toContain('Invalid refresh token');
    const notices = await noticesOf(revoked.tenantId!);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      kind: 'token_revoked',
      detail: { accountId: revoked.id, provider: 'twitch' },
    });
    expect(notices[0]!.message).toContain('Sign in with Twitch again');
    // An account no tenant uses is disconnected without a notice to anyone.
    expect((await account(loner.id)).state).toBe('disconnected');
    const all = await pool.db.select().from(streamNotices);
    expect(all.filter((n) => (n.detail as { accountId?: string }).accountId === loner.id)).toHaveLength(0);
    // A disconnected account is not tried again.
    await refreshDueAccounts(deps());
    expect(twitchRefreshes(revoked.refreshToken)).toEqual([400]);
  });

  it('refreshes an account once when two passes run at the same time', async () => {
    const raced = await seedTwitch(hour);
    // A slow token endpoint keeps the first pass inside its transaction while the second arrives.
    const slowFetch: typeof fetch = async (input, init) => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      return recordingFetch(input, init);
    };

    const [first, second] = await Promise.all([
      refreshDueAccounts(deps({ fetch: slowFetch })),
      refreshDueAccounts(deps({ fetch: slowFetch })),
    ]);

    expect(first.refreshed + second.refreshed).toBe(1);
    expect(twitchRefreshes(raced.refreshToken)).toEqual([200]);
    const row = await account(raced.id);
    expect(row.state).toBe('connected');
    expect(liveTwitchToken(await decryptSecret(row.accessToken!, key, raced.id))).toBe(true);
  });
});

describe('twitch validation', () => {
  it('refreshes a token Twitch refuses, and it validates again', async () => {
    const refused = await seedTwitch(3 * hour);
    const fine = await seedTwitch(3 * hour);
    twitch.oauth.expire(refused.accessToken);

    const pass = await validateTwitchTokens(deps(), twitch.authBaseUrl);

    expect(pass).toMatchObject({ valid: 1, refreshed: 1, disconnected: 0, failed: 0 });
    const row = await account(refused.id);
    expect(row.state).toBe('connected');
    const access = await decryptSecret(row.accessToken!, key, refused.id);
    expect(access).not.toBe(refused.accessToken);
    expect(liveTwitchToken(access)).toBe(true);
    const validations = twitch.requests.filter((r) => r.path === '/oauth2/validate');
    const statusesOf = (token: string) =>
      validations.filter((r) => r.headers.authorization === `OAuth ${token}`).map((r) => r.status);
    expect(statusesOf(refused.accessToken)).toEqual([401]);
    expect(statusesOf(access)).toEqual([200]);
    expect(twitchRefreshes(fine.refreshToken)).toHaveLength(0);
    expect((await account(fine.id)).state).toBe('connected');
  });

  it('disconnects and tells the streamer when the refresh is refused too', async () => {
    const dead = await seedTwitch(3 * hour, { tenant: true });
    twitch.oauth.revoke(dead.twitchUserId);

    const pass = await validateTwitchTokens(deps(), twitch.authBaseUrl);

    expect(pass).toMatchObject({ disconnected: 1 });
    expect((await account(dead.id)).state).toBe('disconnected');
    expect((await noticesOf(dead.tenantId!)).map((n) => n.kind)).toEqual(['token_revoked']);
  });
});

describe('tokens runner', () => {
  const job = (): JobContext => ({
    id: 1,
    runner: 'tokens',
    kind: 'refresh',
    attempt: 1,
    maxAttempts: 5,
    requestId: null,
    signal: new AbortController().signal,
    log,
  });

  async function start() {
    return createTokensRunner({ runAtStart: false, fetch: recordingFetch, sleep: async () => {} }).start(
      testRunnerContext({ pool, config: config(), log }),
    );
  }

  it('forces a refresh of a token that is not due, and says which platforms it cannot refresh', async () => {
    const forced = await seedTwitch(72 * hour);
    const handle = await start();
    try {
      const result = await handle.jobs!.refresh!({ accountId: forced.id }, job());
      expect(result).toMatchObject({ status: 'refreshed' });
      expect(twitchRefreshes(forced.refreshToken)).toEqual([200]);
      const row = await account(forced.id);
      expect(row.tokenExpiresAt!.getTime()).toBeLessThan(Date.now() + 5 * hour);

      const detail = handle.detail!();
      expect(detail).toMatchObject({
        refreshed: 1,
        failed: 0,
        disconnected: 0,
        providers: ['twitch', 'google'],
      });
      const notConfigured = detail.notConfigured as Record<string, string>;
      expect(Object.keys(notConfigured).sort()).toEqual(['discord', 'kick', 'spotify']);
      expect(notConfigured.kick).toContain('KICK_CLIENT_ID and KICK_CLIENT_SECRET are not set');
      expect(notConfigured.discord).toContain('DISCORD_APPLICATION_ID');
    } finally {
      await handle.stop();
    }
  });

  it('asks the job queue to retry a forced refresh the platform keeps failing', async () => {
    const down = await seedTwitch(72 * hour);
    twitch.outage('POST /oauth2/token', 502, 6);
    const handle = await start();
    try {
      await expect(handle.jobs!.refresh!({ accountId: down.id }, job())).rejects.toBeInstanceOf(
        RetryJobError,
      );
      expect((await account(down.id)).state).toBe('connected');
    } finally {
      await handle.stop();
    }
  });
});
