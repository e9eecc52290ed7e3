import type { ChatEvent } from '@homelab/db/stream/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeTwitch, startFakeTwitch } from '../../../../e2e/fakes/twitch/server';
import { createLogger } from '../../log';
import { waitFor } from '../../testing/helpers';

async function found<T>(check: () => T | null | undefined | Promise<T | null | undefined>): Promise<T> {
  const value = await waitFor(check);
  if (!value) throw new Error('not seen in time');
  return value;
}

import type { JoinedChannel, PlatformConnection } from '../types';
import { createTwitchConnection } from './twitch';

const quiet = createLogger({ write: () => {} });

function channel(login: string): JoinedChannel {
  return {
    channelId: crypto.randomUUID(),
    tenantId: crypto.randomUUID(),
    platform: 'twitch',
    platformChannelId: '1',
    login,
    botIsModerator: false,
    liveChatId: null,
    chatMode: 'webhook',
  };
}

describe('twitch connection against the fake Twitch', () => {
  let twitch: FakeTwitch;
  let connection: PlatformConnection;
  const events: ChatEvent[] = [];
  const abort = new AbortController();
  const ada = channel('ada');

  beforeAll(async () => {
    twitch = await startFakeTwitch();
    twitch.addUser({ login: 'ada', displayName: 'Ada' });
    connection = createTwitchConnection(
      { emit: (e) => events.push(e), log: quiet, signal: abort.signal },
      {
        clientId: twitch.clientId,
        clientSecret: twitch.clientSecret,
        authBaseUrl: twitch.authBaseUrl,
        apiBaseUrl: twitch.apiBaseUrl,
        ircUrl: twitch.ircUrl,
        botLogin: twitch.botLogin,
        botRefreshToken: twitch.botRefreshToken,
      },
    );
    await connection.join(ada);
    await waitFor(
      () =>
        (connection.status().channels as Record<string, { state: string }>)[ada.channelId]?.state ===
        'joined',
    );
  });

  afterAll(async () => {
    abort.abort();
    await connection.stop();
    await twitch.close();
  });

  it('validates the bot token at start', () => {
    const status = connection.status() as { state: string; token: { state: string; login: string } };
    expect(status.state).toBe('connected');
    expect(status.token).toMatchObject({ state: 'valid', login: twitch.botLogin });
  });

  it('turns a viewer message into a normalized event with the viewer level', async () => {
    const id = twitch.say('ada', {
      login: 'viewer1',
      displayName: 'Viewer1',
      text: 'hello chat',
      subscriber: 3,
    });
    const event = await found(() => events.find((e) => e.platformEventId === id));
    expect(event).toMatchObject({
      tenantId: ada.tenantId,
      channelId: ada.channelId,
      platform: 'twitch',
      kind: 'message',
      userName: 'Viewer1',
      text: 'hello chat',
      detail: { level: 'subscriber' },
    });
  });

  it('parses a moderator command', async () => {
    const id = twitch.say('ada', { login: 'mod1', mod: true, text: '!so   someone  else' });
    const event = await found(() => events.find((e) => e.platformEventId === id));
    expect(event.kind).toBe('command');
    expect(event.detail).toMatchObject({ level: 'moderator', command: 'so', args: ['someone', 'else'] });
  });

  it('turns a sub USERNOTICE into a sub event and a raid into a raid', async () => {
    twitch.notice('ada', { msgId: 'resub', login: 'loyal', plan: '2000', months: 7, text: 'seven months!' });
    twitch.notice('ada', { msgId: 'raid', login: 'friend', viewers: 42 });
    const sub = await found(() => events.find((e) => e.kind === 'sub'));
    expect(sub.detail).toMatchObject({ tier: 2, months: 7, gifted: false });
    expect(sub.text).toBe('seven months!');
    const raid = await found(() => events.find((e) => e.kind === 'raid'));
    expect(raid.detail).toMatchObject({ viewers: 42 });
  });

  it('sends into the channel, as a reply when asked', async () => {
    const parent = twitch.say('ada', { login: 'viewer2', text: 'question?' });
    expect(await connection.send(ada.channelId, 'plain answer')).toEqual({ ok: true });
    expect(await connection.send(ada.channelId, 'threaded answer', parent)).toEqual({ ok: true });
    const sent = await found(() => {
      const mine = twitch.sent('ada').filter((m) => m.login === twitch.botLogin);
      return mine.length >= 2 ? mine : null;
    });
    expect(sent.map((m) => [m.text, m.replyTo])).toEqual([
      ['plain answer', null],
      ['threaded answer', parent],
    ]);
    expect(events.some((e) => e.text === 'plain answer')).toBe(false);
  });

  it('answers not_joined for a channel it was never given', async () => {
    expect(await connection.send(crypto.randomUUID(), 'hi')).toMatchObject({
      ok: false,
      reason: 'not_joined',
    });
  });

  it('stops reading a channel it leaves', async () => {
    const bob = channel('bob');
    twitch.addUser({ login: 'bob' });
    await connection.join(bob);
    await waitFor(
      () =>
        (connection.status().channels as Record<string, { state: string }>)[bob.channelId]?.state ===
        'joined',
    );
    await connection.leave(bob.channelId);
    expect(await connection.send(bob.channelId, 'hi')).toMatchObject({ ok: false, reason: 'not_joined' });
  });
});

describe('twitch connection when Twitch drops a JOIN', () => {
  it('asks again until every channel is joined', async () => {
    // Twitch answers a JOIN over its limit with silence; here it allows one per second.
    const twitch = await startFakeTwitch({ limits: { joins: 1, joinWindowMs: 1_000 } });
    const abort = new AbortController();
    const logins = ['ada', 'bob', 'cy'];
    for (const login of logins) twitch.addUser({ login });
    const connection = createTwitchConnection(
      { emit: () => {}, log: quiet, signal: abort.signal },
      {
        clientId: twitch.clientId,
        clientSecret: twitch.clientSecret,
        authBaseUrl: twitch.authBaseUrl,
        apiBaseUrl: twitch.apiBaseUrl,
        ircUrl: twitch.ircUrl,
        botLogin: twitch.botLogin,
        botRefreshToken: twitch.botRefreshToken,
        // Our pacing thinks three fit in a window, so two of them are dropped at first.
        joinsPerWindow: 3,
        joinWindowMs: 1_000,
        retryJoinMs: 500,
      },
    );
    try {
      const channels = logins.map(channel);
      for (const joined of channels) await connection.join(joined);
      const states = () =>
        channels.map(
          (c) => (connection.status().channels as Record<string, { state: string }>)[c.channelId]?.state,
        );
      const allJoined = await waitFor(() => states().every((state) => state === 'joined'), 30_000, 50);
      expect(twitch.dropped().some((d) => d.command === 'JOIN')).toBe(true);
      expect(allJoined).toBe(true);
    } finally {
      abort.abort();
      await connection.stop();
      await twitch.close();
    }
  });
});

describe('twitch connection with a bad bot token', () => {
  it('shows the error in status and does not crash', async () => {
    const twitch = await startFakeTwitch();
    twitch.addUser({ login: 'ada' });
    const abort = new AbortController();
    const connection = createTwitchConnection(
      { emit: () => {}, log: quiet, signal: abort.signal },
      {
        clientId: twitch.clientId,
        clientSecret: twitch.clientSecret,
        authBaseUrl: twitch.authBaseUrl,
        apiBaseUrl: twitch.apiBaseUrl,
        ircUrl: twitch.ircUrl,
        botLogin: twitch.botLogin,
        botRefreshToken: 'not-a-refresh-token-twitch-knows',
      },
    );
    try {
      const ada = channel('ada');
      await connection.join(ada);
      const status = connection.status() as { state: string; lastError: string; token: { state: string } };
      expect(status.state).toBe('error');
      expect(status.token.state).toBe('error');
      expect(status.lastError).toMatch(/refused the bot's refresh token/);
      expect(await connection.send(ada.channelId, 'hi')).toMatchObject({ ok: false });
    } finally {
      abort.abort();
      await connection.stop();
      await twitch.close();
    }
  });

  it('idles as not configured without the bot account', async () => {
    const connection = createTwitchConnection(
      { emit: () => {}, log: quiet, signal: new AbortController().signal },
      { authBaseUrl: 'http://127.0.0.1:9', apiBaseUrl: 'http://127.0.0.1:9', ircUrl: 'ws://127.0.0.1:9' },
    );
    await connection.join(channel('ada'));
    expect(connection.status()).toMatchObject({ state: 'not_configured' });
    expect(String(connection.status().detail)).toContain('TWITCH_BOT_REFRESH_TOKEN');
    await connection.stop();
  });
});
