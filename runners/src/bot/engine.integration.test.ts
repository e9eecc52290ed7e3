import { afterEach, describe, expect, it } from 'vitest';
import { type BotHarness, botHarness } from './testing';
import type { Feature, FeatureFactory } from './types';

let harness: BotHarness | null = null;
afterEach(async () => {
  await harness?.stop();
  harness = null;
});

const echo: FeatureFactory = () => ({
  name: 'echo',
  commands: [
    {
      name: 'echo',
      aliases: ['say'],
      minLevel: 'everyone',
      description: 'Says the words back',
      run: async (ctx, args) => ctx.reply(args.join(' ') || 'nothing to say'),
    },
    {
      name: 'modonly',
      minLevel: (settings) => settings.builtins.modLevel,
      description: 'Only for moderators',
      run: async (ctx) => ctx.reply('mod ok'),
    },
  ],
});

describe('chat features engine', () => {
  it('answers a built-in by name or alias, in order, on the platform it was asked on', async () => {
    harness = await botHarness({ features: [echo] });
    harness.chat('!echo one', { platform: 'twitch' });
    harness.chat('!say two', { platform: 'twitch' });
    harness.chat('!echo three', { platform: 'kick' });
    await harness.settle();
    expect(harness.replies('twitch')).toEqual(['one', 'two']);
    expect(harness.replies('kick')).toEqual(['three']);
  });

  it('checks the level a built-in needs; the broadcaster has every level', async () => {
    harness = await botHarness({ features: [echo], platforms: ['twitch'] });
    harness.chat('!modonly', { level: 'subscriber' });
    harness.chat('!modonly', { level: 'moderator' });
    await harness.settle();
    expect(harness.replies()).toEqual(['mod ok']);
  });

  it('lets a feature consume an event before commands, and custom commands answer the rest', async () => {
    const seen: string[] = [];
    const consumer: FeatureFactory = (): Feature => ({
      name: 'consumer',
      onEvent: async (ctx) => {
        seen.push(ctx.event.kind);
        if (ctx.event.text === '!enter') ctx.handled = true;
      },
      onCommand: async (ctx, command) => {
        if (command !== 'custom') return false;
        ctx.reply(`custom for ${ctx.event.userName}`);
        return true;
      },
    });
    harness = await botHarness({ features: [consumer, echo], platforms: ['twitch'] });
    harness.chat('!enter');
    harness.chat('!custom', { userName: 'ann' });
    harness.chat('!unknown');
    harness.chat('plain words');
    await harness.settle();
    expect(seen).toEqual(['command', 'command', 'command', 'message']);
    expect(harness.replies()).toEqual(['custom for ann']);
  });

  it('cuts a reply to what chat takes and resolves one viewer per platform account', async () => {
    harness = await botHarness({ features: [echo], platforms: ['twitch'] });
    harness.chat(`!echo ${'word '.repeat(200)}`);
    await harness.settle();
    const [reply] = harness.replies();
    expect(reply!.length).toBeLessThanOrEqual(500);
    expect(reply!.endsWith('…')).toBe(true);
    const ids = await Promise.all(
      Array.from({ length: 20 }, () =>
        import('@homelab/db/stream/currency').then(({ resolveViewer }) =>
          resolveViewer(harness!.pool.db, {
            tenantId: harness!.tenantId,
            platform: 'twitch',
            platformUserId: 'same-person',
            userName: 'same',
          }),
        ),
      ),
    );
    expect(new Set(ids).size).toBe(1);
  });

  it('says an announcement from the studio in every held channel of the tenant', async () => {
    harness = await botHarness({ features: [echo] });
    await harness.pool
      .sql`select pg_notify('bot', ${JSON.stringify({ tenantId: harness.tenantId, kind: 'announce', text: 'Winner: ann' })})`;
    for (let i = 0; i < 50 && harness.replies().length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    await harness.settle();
    expect(harness.replies().sort()).toEqual(['Winner: ann', 'Winner: ann', 'Winner: ann']);
  });
});

describe('events the bot must not act on', () => {
  it('ignores a command for a channel this process does not hold, and keeps answering the rest', async () => {
    harness = await botHarness({ features: [echo], platforms: ['twitch'] });
    harness.chat('!echo before');
    // A connection reporting a channel it was never given (a stale JOIN, a forged event).
    harness.chat('!echo ghost', { channelId: crypto.randomUUID() });
    harness.chat('!echo after');
    await harness.settle();
    expect(harness.replies()).toEqual(['before', 'after']);
    expect(harness.engine.stats().failed).toBe(0);
  });
});

describe("the platforms' message limits", () => {
  it('cuts a reply to 500 characters on Twitch and Kick and to 200 on YouTube', async () => {
    harness = await botHarness({ features: [echo] });
    const words = `!echo ${'word '.repeat(200)}`;
    for (const platform of ['twitch', 'kick', 'youtube'] as const) harness.chat(words, { platform });
    await harness.settle();
    // Cut on a word boundary, with an ellipsis.
    for (const platform of ['twitch', 'kick'] as const) {
      expect(harness.replies(platform)[0]!.length).toBeLessThanOrEqual(500);
      expect(harness.replies(platform)[0]!.length).toBeGreaterThan(490);
    }
    expect(harness.replies('youtube')[0]!.length).toBeLessThanOrEqual(200);
    expect(harness.replies('youtube')[0]!.length).toBeGreaterThan(190);
  });
});

describe('the bot hearing itself', () => {
  it('ignores its own line delivered back as the broadcaster (Kick, YouTube), once', async () => {
    harness = await botHarness({ features: [echo], platforms: ['kick'] });
    const channel = harness.manager.leases.get(harness.channelIds.kick)!;
    harness.chat('!echo !echo loop');
    await harness.settle();
    expect(harness.replies()).toEqual(['!echo loop']);
    // The platform hands the reply back as the broadcaster's own message.
    harness.chat('!echo loop', { userId: channel.platformChannelId, userName: channel.login });
    await harness.settle();
    expect(harness.replies()).toEqual(['!echo loop']);
    // The streamer typing the same words themselves is answered.
    harness.chat('!echo loop', { userId: channel.platformChannelId, userName: channel.login });
    await harness.settle();
    expect(harness.replies()).toEqual(['!echo loop', 'loop']);
  });
});
