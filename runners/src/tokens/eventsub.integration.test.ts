/**
 * EventSub subscriptions against a private database and the fake Twitch: every enabled Twitch
 * channel gets its nine webhook subscriptions, verified by a local callback answering Twitch's
 * challenge, and a second pass finds them all and creates none; a disabled or removed channel's
 * subscriptions are deleted, and failed or revoked ones are deleted and made again.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pool } from '@homelab/db/client/pool';
import { oauthAccounts, streamChannels, streamTenants, users } from '@homelab/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeTwitch, startFakeTwitch } from '../../../e2e/fakes/twitch/server';
import type { Config } from '../config';
import { createLogger } from '../log';
import { privateDatabaseUrl, testPool, uniqueName } from '../testing/database';
import { ensureTwitchSubscriptions } from './eventsub';

const databaseUrl = await privateDatabaseUrl();
const log = createLogger({ level: 'error' });
const secret = 'eventsub-secret-for-tests';

let pool: Pool;
let twitch: FakeTwitch;
let callback: Server;
let origin: string;
const challenges: string[] = [];

function config(overrides: Partial<Config> = {}): Config {
  return {
    databaseUrl,
    runnerSecret: 'x'.repeat(32),
    port: 0,
    host: '127.0.0.1',
    enabledRunners: ['tokens'],
    metricsIntervalMs: 5_000,
    logLevel: 'error',
    backupDir: '.data/backups',
    publicOrigin: origin,
    twitch: {
      clientId: twitch.clientId,
      clientSecret: twitch.clientSecret,
      authBaseUrl: twitch.authBaseUrl,
      apiBaseUrl: twitch.apiBaseUrl,
      ircUrl: twitch.ircUrl,
      eventsubSecret: secret,
    },
    ...overrides,
  };
}

/** A streamer whose Twitch grant covers every scope the nine subscription types need. */
async function seedStreamer() {
  const streamer = twitch.addUser({ login: uniqueName('streamer').replace('-', '_') });
  twitch.oauth.issueToken(streamer.id, [
    'moderator:read:followers',
    'channel:read:subscriptions',
    'bits:read',
    'channel:read:redemptions',
  ]);
  const [user] = await pool.db
    .insert(users)
    .values({ username: uniqueName('streamer'), role: 'guest' })
    .returning({ id: users.id });
  const [account] = await pool.db
    .insert(oauthAccounts)
    .values({ userId: user!.id, provider: 'twitch', providerUserId: streamer.id, username: streamer.login })
    .returning({ id: oauthAccounts.id });
  const [tenant] = await pool.db
    .insert(streamTenants)
    .values({ ownerId: user!.id, displayName: 'Streamer' })
    .returning({ id: streamTenants.id });
  await pool.db.insert(streamChannels).values({
    tenantId: tenant!.id,
    platform: 'twitch',
    platformChannelId: streamer.id,
    login: streamer.login,
    displayName: 'Streamer',
    accountId: account!.id,
  });
  return streamer.id;
}

const subscriptionsOf = (broadcasterId: string) =>
  twitch.eventsub.list().filter((sub) => Object.values(sub.condition).includes(broadcasterId));

beforeAll(async () => {
  pool = testPool(databaseUrl);
  twitch = await startFakeTwitch();
  // Answers Twitch's webhook_callback_verification as the functions' receiver does.
  callback = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const type = req.headers['twitch-eventsub-message-type'];
      if (req.url === '/webhooks/twitch/eventsub' && type === 'webhook_callback_verification') {
        const { challenge } = JSON.parse(body) as { challenge: string };
        challenges.push(challenge);
        res.writeHead(200, { 'content-type': 'text/plain' }).end(challenge);
      } else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => callback.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(callback.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await twitch?.close();
  await new Promise((resolve) => callback?.close(resolve));
  await pool?.sql.end();
});

describe('twitch eventsub subscriptions', () => {
  it('creates the nine webhook subscriptions a channel needs, enabled, and none again on the next pass', async () => {
    const broadcasterId = await seedStreamer();

    const first = await ensureTwitchSubscriptions({ db: pool.db, log, config: config() });
    expect(first).toMatchObject({ status: 'done', channels: 1, created: 9, present: 0, failed: 0 });

    const mine = subscriptionsOf(broadcasterId);
    const settled = await Promise.all(mine.map((sub) => twitch.eventsub.settled(sub.id)));
    expect(settled.map((sub) => [sub.type, sub.version]).sort()).toEqual(
      [
        ['channel.channel_points_custom_reward_redemption.add', '1'],
        ['channel.cheer', '1'],
        ['channel.follow', '2'],
        ['channel.raid', '1'],
        ['channel.subscribe', '1'],
        ['channel.subscription.gift', '1'],
        ['channel.subscription.message', '1'],
        ['stream.offline', '1'],
        ['stream.online', '1'],
      ].sort(),
    );
    for (const sub of settled) {
      expect(sub.status).toBe('enabled');
      expect(sub.transport.callback).toBe(`${origin}/webhooks/twitch/eventsub`);
      expect(sub.secret).toBe(secret);
    }
    expect(settled.find((sub) => sub.type === 'channel.follow')?.condition).toEqual({
      broadcaster_user_id: broadcasterId,
      moderator_user_id: broadcasterId,
    });
    expect(settled.find((sub) => sub.type === 'channel.raid')?.condition).toEqual({
      to_broadcaster_user_id: broadcasterId,
    });

    const second = await ensureTwitchSubscriptions({ db: pool.db, log, config: config() });
    expect(second).toMatchObject({ status: 'done', created: 0, present: 9, failed: 0 });
    expect(subscriptionsOf(broadcasterId)).toHaveLength(9);
  });

  it("deletes a disabled or removed channel's subscriptions and leaves other callbacks' alone", async () => {
    const disabledId = await seedStreamer();
    const removedId = await seedStreamer();
    await ensureTwitchSubscriptions({ db: pool.db, log, config: config() });
    await Promise.all(
      [...subscriptionsOf(disabledId), ...subscriptionsOf(removedId)].map((sub) =>
        twitch.eventsub.settled(sub.id),
      ),
    );
    const elsewhere = twitch.eventsub.subscribe({
      type: 'stream.online',
      condition: { broadcaster_user_id: disabledId },
      callback: 'https://another-deployment.example/webhooks/twitch/eventsub',
      secret,
    });

    await pool.db
      .update(streamChannels)
      .set({ enabled: false })
      .where(eq(streamChannels.platformChannelId, disabledId));
    await pool.db.delete(streamChannels).where(eq(streamChannels.platformChannelId, removedId));
    const pass = await ensureTwitchSubscriptions({ db: pool.db, log, config: config() });

    expect(pass).toMatchObject({ status: 'done', created: 0, failed: 0, deleted: 18 });
    expect(subscriptionsOf(disabledId).map((sub) => sub.id)).toEqual([elsewhere.id]);
    expect(subscriptionsOf(removedId)).toEqual([]);

    await pool.db
      .update(streamChannels)
      .set({ enabled: true })
      .where(eq(streamChannels.platformChannelId, disabledId));
    const again = await ensureTwitchSubscriptions({ db: pool.db, log, config: config() });
    expect(again).toMatchObject({ created: 9, deleted: 0 });
  });

  it('deletes failed and revoked subscriptions and makes them again while the channel is enabled', async () => {
    const broadcasterId = await seedStreamer();
    await ensureTwitchSubscriptions({ db: pool.db, log, config: config() });
    const mine = await Promise.all(
      subscriptionsOf(broadcasterId).map((sub) => twitch.eventsub.settled(sub.id)),
    );
    const revoked = mine.find((sub) => sub.type === 'channel.cheer')!;
    const failed = mine.find((sub) => sub.type === 'stream.online')!;
    await twitch.eventsub.revoke(revoked.id, 'authorization_revoked');
    failed.status = 'webhook_callback_verification_failed';

    const pass = await ensureTwitchSubscriptions({ db: pool.db, log, config: config() });
    expect(pass).toMatchObject({ status: 'done', failed: 0, deleted: 2, created: 2 });

    const now = subscriptionsOf(broadcasterId);
    expect(now).toHaveLength(9);
    expect(now.map((sub) => sub.id)).not.toContain(revoked.id);
    expect(now.map((sub) => sub.id)).not.toContain(failed.id);
    const remade = await Promise.all(now.map((sub) => twitch.eventsub.settled(sub.id)));
    expect(remade.every((sub) => sub.status === 'enabled')).toBe(true);
  });

  it('is skipped, saying which variables to set, without a secret or a public origin', async () => {
    const base = config();
    const pass = await ensureTwitchSubscriptions({
      db: pool.db,
      log,
      config: { ...base, publicOrigin: undefined, twitch: { ...base.twitch!, eventsubSecret: undefined } },
    });
    expect(pass).toEqual({
      status: 'skipped',
      reason:
        'TWITCH_EVENTSUB_SECRET, PUBLIC_ORIGIN are not set: Twitch EventSub subscriptions are not created.',
    });
  });
});
