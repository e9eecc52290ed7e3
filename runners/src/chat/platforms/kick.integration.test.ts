import type { Pool } from '@homelab/db/client/pool';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeKickApi, startFakeKickApi } from '../../../../e2e/fakes/kick-api/server';
import { createLogger } from '../../log';
import { testPool } from '../../testing/database';
import type { JoinedChannel } from '../types';
import { createKickConnection } from './kick';
import { seedChannel, testEncryptionKey } from './testing';

const quiet = createLogger({ write: () => {} });

describe('kick connection against the fake Kick API', () => {
  let kick: FakeKickApi;
  let pool: Pool;
  let channel: JoinedChannel;
  let broadcasterId: number;

  beforeAll(async () => {
    kick = await startFakeKickApi({ chatRateLimit: { limit: 2, windowMs: 60_000 } });
    pool = testPool();
    const slug = `ada${crypto.randomUUID().slice(0, 6)}`;
    const c = kick.addChannel(slug);
    broadcasterId = c.broadcaster_user_id;
    const grant = kick.oauth.issueToken(broadcasterId) as { access_token: string };
    channel = await seedChannel(pool, {
      platform: 'kick',
      provider: 'kick',
      platformChannelId: String(broadcasterId),
      login: slug,
      accessToken: grant.access_token,
    });
  });

  afterAll(async () => {
    await kick.close();
    await pool.sql.end();
  });

  it('sends with the channel token, then reports 429 as rate_limited with the wait', async () => {
    const connection = createKickConnection(
      { emit: () => {}, log: quiet, signal: new AbortController().signal },
      { pool, apiBaseUrl: kick.url, encryptionKey: testEncryptionKey },
    );
    await connection.join(channel);
    const first = await connection.send(channel.channelId, 'hello kick');
    expect(first).toMatchObject({ ok: true });
    expect(await connection.send(channel.channelId, 'a reply', 'parent-1')).toMatchObject({ ok: true });
    expect(
      kick.chat.messagesTo(broadcasterId).map((m) => [m.type, m.content, m.reply_to_message_id]),
    ).toEqual([
      ['user', 'hello kick', null],
      ['user', 'a reply', 'parent-1'],
    ]);
    const limited = await connection.send(channel.channelId, 'one too many');
    expect(limited).toMatchObject({ ok: false, reason: 'rate_limited' });
    expect(limited.ok === false && limited.retryInMs! >= 1_000).toBe(true);
    await connection.stop();
  });

  it('sends as the bot when configured, and refuses channels it has not joined', async () => {
    kick.chat.setRateLimit({ limit: 10, windowMs: 60_000 });
    const connection = createKickConnection(
      { emit: () => {}, log: quiet, signal: new AbortController().signal },
      { pool, apiBaseUrl: kick.url, encryptionKey: testEncryptionKey, sendAs: 'bot' },
    );
    await connection.join(channel);
    expect(await connection.send(channel.channelId, 'from the bot')).toMatchObject({ ok: true });
    expect(kick.chat.messagesTo(broadcasterId).at(-1)).toMatchObject({
      type: 'bot',
      content: 'from the bot',
    });
    expect(await connection.send(crypto.randomUUID(), 'x')).toMatchObject({
      ok: false,
      reason: 'not_joined',
    });
    await connection.stop();
  });

  it('reports a revoked token as refused', async () => {
    kick.chat.setRateLimit({ limit: 10, windowMs: 60_000 });
    const connection = createKickConnection(
      { emit: () => {}, log: quiet, signal: new AbortController().signal },
      { pool, apiBaseUrl: kick.url, encryptionKey: testEncryptionKey },
    );
    await connection.join(channel);
    kick.revokeTokens();
    expect(await connection.send(channel.channelId, 'nobody hears this')).toMatchObject({
      ok: false,
      reason: 'refused',
    });
    await connection.stop();
  });
});
