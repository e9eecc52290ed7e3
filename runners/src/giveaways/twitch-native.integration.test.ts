/**
 * Native Twitch polls beside chat polls, and custom commands' whispers as Helix whispers, run by
 * the chat runner's engine on a real Twitch connection against the fake Twitch.
 */
import { createPool, type Pool } from '@homelab/db/client/pool';
import { closePoll, createPoll, getPoll, talliesOf } from '@homelab/db/stream/polls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeTwitch, startFakeTwitch } from '../../../e2e/fakes/twitch/server';
import { type BotEngine, createBotEngine } from '../bot/engine';
import { systemClock } from '../chat/clock';
import { type ChatManager, createChatManager } from '../chat/manager';
import { seedChannel, testEncryptionKey } from '../chat/platforms/testing';
import { createTwitchConnection } from '../chat/platforms/twitch';
import type { JoinedChannel } from '../chat/types';
import { commandsFeature } from '../commands/feature';
import { createLogger } from '../log';
import { privateDatabaseUrl } from '../testing/database';
import { waitFor } from '../testing/helpers';
import { pollsFeature } from './polls';

describe('native twitch polls and whispers against the fake Twitch', () => {
  let twitch: FakeTwitch;
  let pool: Pool;
  let manager: ChatManager;
  let engine: BotEngine;
  let channel: JoinedChannel;
  const logs: { level: string; msg: string }[] = [];
  const abort = new AbortController();

  beforeAll(async () => {
    twitch = await startFakeTwitch();
    const streamer = twitch.addUser({ login: 'ada', displayName: 'Ada' });
    const broadcaster = twitch.oauth.issueToken(streamer.id, [
      'chat:read',
      'channel:read:polls',
      'channel:manage:polls',
    ]) as { access_token: string };
    const bot = twitch.oauth.issueToken(twitch.bot.id, [
      'chat:read',
      'chat:edit',
      'user:manage:whispers',
    ]) as { refresh_token: string };
    // A database of its own: the lease loop takes every free channel it can see.
    pool = createPool(await privateDatabaseUrl(), { max: 8 });
    channel = await seedChannel(pool, {
      platform: 'twitch',
      provider: 'twitch',
      platformChannelId: streamer.id,
      login: 'ada',
      accessToken: broadcaster.access_token,
      scopes: ['chat:read', 'chat:edit', 'channel:read:polls', 'channel:manage:polls'],
    });
    const log = createLogger({
      level: 'debug',
      write: (line) => logs.push(JSON.parse(line) as { level: string; msg: string }),
    });
    manager = createChatManager({
      sql: pool.sql,
      log,
      holder: `native-test-${crypto.randomUUID().slice(0, 8)}`,
      signal: abort.signal,
      connect: (deps) => [
        createTwitchConnection(deps, {
          clientId: twitch.clientId,
          clientSecret: twitch.clientSecret,
          authBaseUrl: twitch.authBaseUrl,
          apiBaseUrl: twitch.apiBaseUrl,
          ircUrl: twitch.ircUrl,
          botLogin: twitch.botLogin,
          botRefreshToken: bot.refresh_token,
          pool,
          encryptionKey: testEncryptionKey,
        }),
      ],
      lease: { leaseMs: 30_000, renewMs: 10_000, acquirePerCycle: 100 },
      pipeline: { flushMs: 5 },
    });
    await manager.start();
    engine = createBotEngine({
      pool,
      log,
      clock: systemClock,
      manager,
      features: [pollsFeature, commandsFeature],
      tickMs: 3_600_000,
      liveEveryMs: 3_600_000,
    });
    await engine.start();
    const connection = manager.connections.get('twitch')!;
    await waitFor(
      () =>
        manager.leases.get(channel.channelId) &&
        (connection.status().channels as Record<string, { state: string }>)[channel.channelId]?.state ===
          'joined',
      10_000,
    );
  }, 30_000);

  afterAll(async () => {
    await engine?.stop();
    await manager?.stop({ release: true });
    abort.abort();
    await twitch?.close();
    await pool?.sql.end();
  });

  const botSaid = () => twitch.sent('ada').map((m) => m.text);
  const seen = async <T>(check: () => T | Promise<T>): Promise<NonNullable<T>> => {
    const value = await waitFor(check);
    if (!value) throw new Error(`not seen in time; the bot said ${JSON.stringify(botSaid())}`);
    return value;
  };
  const heard = (text: string) => seen(() => botSaid().includes(text));
  const mod = (text: string) => twitch.say('ada', { login: 'mod1', mod: true, text });
  const pollRow = async (question: string) => {
    const [row] = await pool.sql<{ id: string }[]>`
      select id from polls where tenant_id = ${channel.tenantId} and question = ${question}`;
    return row ? getPoll(pool.db as never, channel.tenantId, row.id) : null;
  };
  const chatVotes = async (question: string, n: number) =>
    seen(async () => {
      const [row] = await pool.sql<{ n: number }[]>`
        select count(*)::int as n from poll_votes v join polls p on p.id = v.poll_id
        where p.tenant_id = ${channel.tenantId} and p.question = ${question}`;
      return row!.n === n;
    });

  it('opens a native Twitch poll beside a chat poll and adds its votes to the closing tallies', async () => {
    mod('!poll "Best fruit?" apple | pear | plum');
    await heard('Poll: Best fruit? Vote with !vote N or just N: 1. apple, 2. pear, 3. plum');
    const native = await seen(() => twitch.polls.all().find((p) => p.title === 'Best fruit?'));
    expect(native).toMatchObject({
      status: 'ACTIVE',
      duration: 1800,
      choices: [
        expect.objectContaining({ title: 'apple' }),
        expect.objectContaining({ title: 'pear' }),
        expect.objectContaining({ title: 'plum' }),
      ],
    });
    expect(await waitFor(async () => (await pollRow('Best fruit?'))?.native.twitch)).toBe(native!.id);

    twitch.say('ada', { login: 'viewer1', text: '1' });
    twitch.say('ada', { login: 'viewer2', text: '!vote 2' });
    await chatVotes('Best fruit?', 2);
    twitch.polls.vote(native!.id, 1, 3);
    twitch.polls.vote(native!.id, 2, 1);

    mod('!poll close');
    await heard('Poll closed: Best fruit? — 1. apple: 1 (17%), 2. pear: 4 (67%), 3. plum: 1 (17%)');
    expect(twitch.polls.get(native!.id)?.status).toBe('TERMINATED');
    // The studio's detail reads the same tallies: Twitch's votes were kept with the poll.
    const stored = await pollRow('Best fruit?');
    expect(stored!.native).toMatchObject({ twitch: native!.id, twitchVotes: [0, 3, 1], twitchEnded: true });
    expect((await talliesOf(pool.db as never, stored!)).map((t) => t.votes)).toEqual([1, 4, 1]);
  });

  it('keeps a poll that does not fit Twitch (six options) in chat only', async () => {
    const before = twitch.polls.all().length;
    mod('!poll "Which day?" mon | tue | wed | thu | fri | sat');
    await heard(
      'Poll: Which day? Vote with !vote N or just N: 1. mon, 2. tue, 3. wed, 4. thu, 5. fri, 6. sat',
    );
    await seen(() => logs.some((l) => l.msg.includes('does not fit a native twitch poll')));
    twitch.say('ada', { login: 'viewer1', text: '6' });
    await chatVotes('Which day?', 1);
    mod('!poll close');
    await heard(
      'Poll closed: Which day? — 1. mon: 0 (0%), 2. tue: 0 (0%), 3. wed: 0 (0%), 4. thu: 0 (0%), 5. fri: 0 (0%), 6. sat: 1 (100%)',
    );
    expect(twitch.polls.all().length).toBe(before);
    expect((await pollRow('Which day?'))!.native).toEqual({});
  });

  it('runs the chat poll as usual when Helix fails', async () => {
    const before = twitch.polls.all().length;
    twitch.outage('POST /helix/polls', 500);
    mod('!poll "Tea or coffee?" tea | coffee');
    await heard('Poll: Tea or coffee? Vote with !vote N or just N: 1. tea, 2. coffee');
    await seen(() => logs.some((l) => l.msg === 'twitch refused a native poll'));
    twitch.say('ada', { login: 'viewer1', text: '2' });
    twitch.say('ada', { login: 'viewer2', text: '2' });
    await chatVotes('Tea or coffee?', 2);
    mod('!poll close');
    await heard('Poll closed: Tea or coffee? — 1. tea: 0 (0%), 2. coffee: 2 (100%)');
    expect(twitch.polls.all().length).toBe(before);
  });

  it('starts and ends the native poll of a poll opened and closed in the studio', async () => {
    const db = pool.db as never;
    const notify = () =>
      pool.sql`select pg_notify('bot', ${JSON.stringify({ tenantId: channel.tenantId, kind: 'config' })})`;
    const made = await createPoll(db, {
      tenantId: channel.tenantId,
      kind: 'poll',
      question: 'Next game?',
      options: ['chess', 'go'],
    });
    if (!made.ok) throw new Error('a poll is still running');
    await notify();
    const native = await seen(() => twitch.polls.all().find((p) => p.title === 'Next game?'));
    await seen(async () => (await getPoll(db, channel.tenantId, made.poll.id))?.native.twitch === native!.id);
    twitch.polls.vote(native!.id, 0, 2);
    // The studio closes it without announcing: the runner holding the Twitch channel does, with Twitch's votes.
    await closePoll(db, channel.tenantId, made.poll.id);
    await notify();
    await heard('Poll closed: Next game? — 1. chess: 2 (100%), 2. go: 0 (0%)');
    expect(twitch.polls.get(native!.id)?.status).toBe('TERMINATED');
  });

  it("whispers a custom command's answer over Helix, and answers in chat when Twitch refuses", async () => {
    await pool.sql`
      insert into bot_commands (tenant_id, name, aliases, response, response_type, platforms, min_level,
        global_cooldown_s, user_cooldown_s, cost, enabled)
      values (${channel.tenantId}, 'secret', ${[]}, 'psst $(user)', 'whisper', ${['twitch']}, 'everyone', 0, 0, 0, true)`;
    for (const feature of engine.features) feature.invalidate?.(channel.tenantId);

    twitch.say('ada', { login: 'viewer3', text: '!secret' });
    const viewer3 = twitch.user('viewer3');
    const whisper = await seen(() => twitch.whispers.find((w) => w.toUserId === viewer3.id));
    expect(whisper).toMatchObject({ fromUserId: twitch.bot.id, message: 'psst viewer3' });

    // An unverified bot may not whisper (Twitch answers 403): the answer goes to chat as an @mention.
    twitch.outage('POST /helix/whispers', 403);
    twitch.say('ada', { login: 'viewer4', text: '!secret' });
    await heard('@viewer4 psst viewer4');
    expect(twitch.whispers.some((w) => w.toUserId === twitch.user('viewer4').id)).toBe(false);
    expect(botSaid()).not.toContain('@viewer3 psst viewer3');
  });
});

describe('the fake Twitch polls and whispers endpoints', () => {
  it('check scopes, owners and Twitch limits', async () => {
    const twitch = await startFakeTwitch();
    try {
      const ada = twitch.addUser({ login: 'ada' });
      const grace = twitch.addUser({ login: 'grace' });
      const manage = twitch.oauth.issueToken(ada.id, ['channel:manage:polls']).access_token;
      const readOnly = twitch.oauth.issueToken(ada.id, ['chat:read']).access_token;
      const call = (method: string, path: string, token: string, body?: unknown) =>
        fetch(`${twitch.apiBaseUrl}/helix/${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            'client-id': twitch.clientId,
            'content-type': 'application/json',
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      const poll = (choices: number, title = 'Q?') => ({
        broadcaster_id: ada.id,
        title,
        choices: Array.from({ length: choices }, (_, i) => ({ title: `c${i}` })),
        duration: 60,
      });
      expect((await call('POST', 'polls', readOnly, poll(2))).status).toBe(401);
      expect((await call('POST', 'polls', manage, { ...poll(2), broadcaster_id: grace.id })).status).toBe(
        403,
      );
      expect((await call('POST', 'polls', manage, poll(6))).status).toBe(400);
      expect((await call('POST', 'polls', manage, poll(2, 'x'.repeat(61)))).status).toBe(400);
      expect((await call('POST', 'polls', manage, { ...poll(2), duration: 10 })).status).toBe(400);
      const created = await call('POST', 'polls', manage, poll(2));
      expect(created.status).toBe(200);
      const { data } = (await created.json()) as { data: { id: string; status: string }[] };
      twitch.polls.vote(data[0]!.id, 1, 5);
      const ended = await call('PATCH', 'polls', manage, {
        broadcaster_id: ada.id,
        id: data[0]!.id,
        status: 'TERMINATED',
      });
      expect(ended.status).toBe(200);
      const read = (await (
        await call('GET', `polls?broadcaster_id=${ada.id}&id=${data[0]!.id}`, manage)
      ).json()) as { data: { status: string; choices: { votes: number }[] }[] };
      expect(read.data[0]).toMatchObject({ status: 'TERMINATED', choices: [{ votes: 0 }, { votes: 5 }] });

      const whisperer = twitch.oauth.issueToken(ada.id, ['user:manage:whispers']).access_token;
      const whisper = (token: string, message: string) =>
        call('POST', `whispers?from_user_id=${ada.id}&to_user_id=${grace.id}`, token, { message });
      expect((await whisper(readOnly, 'hi')).status).toBe(401);
      expect((await whisper(whisperer, '')).status).toBe(400);
      expect((await whisper(whisperer, 'hi')).status).toBe(204);
      expect(twitch.whispers).toEqual([
        expect.objectContaining({ fromUserId: ada.id, toUserId: grace.id, message: 'hi' }),
      ]);
    } finally {
      await twitch.close();
    }
  });
});
