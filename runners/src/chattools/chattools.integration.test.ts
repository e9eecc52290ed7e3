import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BotHarness, botHarness } from '../bot/testing';
import { chatToolsFeature } from './feature';

let h: BotHarness;
const mod = { level: 'moderator' as const, userId: 'm1', userName: 'mod1' };

beforeAll(async () => {
  h = await botHarness({ features: [chatToolsFeature], platforms: ['twitch', 'kick'] });
});
afterAll(() => h?.stop());
beforeEach(() => h.clearReplies());

async function say(text: string, line: Parameters<BotHarness['chat']>[1] = {}) {
  h.chat(text, line);
  await h.settle();
}

describe('quotes', () => {
  it('adds for mods with the game, shows by number and at random, deletes', async () => {
    h.chat(null, { kind: 'stream_online', detail: { game: 'Celeste' } });
    await h.settle();
    await say('!quote add I never miss a jump - streamer', mod);
    await say('!quote add viewers cannot add');
    await say('!quote 1');
    await say('!quote');
    await say('!quote 9');
    const replies = h.replies();
    expect(replies[0]).toBe('Added quote #1.');
    expect(replies[1]).toMatch(/^#1: "I never miss a jump" — streamer \(/);
    expect(replies[2]).toBe(replies[1]);
    expect(replies[3]).toBe('There is no quote #9.');
    expect(replies).toHaveLength(4);
    await say('!quote del 1', mod);
    expect(h.replies().at(-1)).toBe('Deleted quote #1.');
  });

  it('gives concurrent adds distinct numbers', async () => {
    for (let i = 0; i < 5; i++)
      h.chat(`!quote add line ${i}`, { ...mod, platform: i % 2 ? 'kick' : 'twitch' });
    await h.settle();
    const numbers = await h.pool.sql<{ number: number }[]>`
      select number from bot_quotes where tenant_id = ${h.tenantId} order by number`;
    expect(new Set(numbers.map((n) => n.number)).size).toBe(numbers.length);
    expect(numbers.length).toBe(5);
  });
});

describe('shoutouts', () => {
  it('fills the template once per target per minute and answers unknown users', async () => {
    h.setBroadcaster('friend', {
      displayName: 'Friend',
      game: '{url} Tetris',
      url: 'https://twitch.tv/friend',
    });
    await say('!so @friend', mod);
    await say('!shoutout friend', mod);
    await say('!so nobody', mod);
    await say('!so @friend');
    expect(h.replies()).toEqual([
      'Go follow Friend at https://twitch.tv/friend! They were last playing {url} Tetris.',
      'I could not find nobody.',
    ]);
  });
});

describe('keywords', () => {
  it('answers the first matching keyword once per cooldown, never a command or its own line', async () => {
    const keywords = [
      ['discord', 'Join us, $(user)!', 30, 'everyone'],
      ['what * game', 'We play $(game).', 0, 'everyone'],
      ['secret', 'mods only', 0, 'moderator'],
    ] as const;
    for (const [pattern, response, cooldown, level] of keywords)
      await h.pool
        .sql`insert into bot_keywords (tenant_id, pattern, response, cooldown_s, min_level, created_at)
        values (${h.tenantId}, ${pattern}, ${response}, ${cooldown}, ${level}, clock_timestamp())`;
    h.engine.features[0]!.invalidate?.(h.tenantId);
    await say('is there a Discord? what is this game', { userName: 'ann' });
    await say('discord please', { userName: 'ann' });
    await say('what $(user) game');
    await say('secret');
    await say('secret', mod);
    await say('discordian');
    await say('discord', { detail: { self: true } });
    expect(h.replies()).toEqual(['Join us, ann!', 'We play Celeste.', 'mods only']);
  });
});

const kick = { platform: 'kick' as const };

describe('viewer queue', () => {
  it('is closed until a mod opens it, then joins, reports places, picks and clears', async () => {
    await say('!join', kick);
    expect(h.replies('kick')).toEqual(['The queue is closed.']);
    h.clearReplies();
    await say('!queue open', { ...mod, ...kick });
    expect(h.replies('kick')).toEqual(['The queue is open: type !join to get in.']);
    const [stored] = await h.pool.sql<{ settings: { builtins: { queue: { open: boolean } } } }[]>`
      select settings from bot_settings where tenant_id = ${h.tenantId}`;
    expect(stored!.settings.builtins.queue.open).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await say('!join first game please', { userId: 'v1', userName: 'one', ...kick });
    await say('!join', { userId: 'v2', userName: 'two', ...kick });
    await say('!join', { userId: 'v1', userName: 'one', ...kick });
    await say('!queue', { userId: 'v2', userName: 'two', ...kick });
    await say('!queue pick', { ...mod, ...kick });
    await say('!leave', { userId: 'v2', userName: 'two', ...kick });
    await say('!queue pick', { ...mod, ...kick });
    const replies = h.replies('kick');
    expect(replies.slice(1)).toEqual([
      'You joined the queue at #1.',
      'You joined the queue at #2.',
      'You are already in the queue at #1 of 2.',
      'You are #2 of 2 in the queue.',
      'Picked: @one',
      'You left the queue.',
      'The queue is empty.',
    ]);
    const [note] = await h.pool
      .sql`select note from bot_viewer_queue where tenant_id = ${h.tenantId} and user_name = 'one'`;
    expect(note!.note).toBe('first game please');
    await say('!queue close', { ...mod, ...kick });
    await new Promise((resolve) => setTimeout(resolve, 100));
    h.clearReplies();
    await say('!join', { userId: 'v3', userName: 'three', ...kick });
    expect(h.replies('kick')).toEqual(['The queue is closed.']);
  });
});
