import { describe, expect, it } from 'vitest';
import { createSendQueue, type OutboundMessage, type SendFailure } from './queue';
import { manualClock } from './testing';
import type { JoinedChannel, SendResult } from './types';

const channel = (fields: Partial<JoinedChannel> = {}): JoinedChannel => ({
  channelId: crypto.randomUUID(),
  tenantId: crypto.randomUUID(),
  platform: 'twitch',
  platformChannelId: '1',
  login: 'streamer',
  botIsModerator: false,
  liveChatId: null,
  chatMode: 'webhook',
  ...fields,
});

function setup(answer: (text: string, attempt: number) => SendResult = () => ({ ok: true })) {
  const clock = manualClock();
  const sent: { text: string; at: number }[] = [];
  const failed: { text: string; reason: SendFailure }[] = [];
  const attempts = new Map<string, number>();
  const queue = createSendQueue({
    clock,
    send: async (_channel, text) => {
      const attempt = (attempts.get(text) ?? 0) + 1;
      attempts.set(text, attempt);
      const result = answer(text, attempt);
      if (result.ok) sent.push({ text, at: clock.now() });
      return result;
    },
    onFailed: (message: OutboundMessage, reason) => failed.push({ text: message.text, reason }),
  });
  // Sends resolve in microtasks; a step of the clock is followed by letting them finish.
  const step = async (ms: number) => {
    clock.advance(ms);
    await queue.settled();
  };
  return { clock, queue, sent, failed, step };
}

describe('outbound queue', () => {
  it('sends 20 of 30 messages at once on a Twitch channel and the other 10 after the 30 s window, in order', async () => {
    const { queue, sent, failed, step } = setup();
    const twitch = channel();
    for (let i = 1; i <= 30; i++) queue.enqueue(twitch, `reply ${i}`);
    await step(0);
    expect(sent).toHaveLength(20);
    await step(29_999);
    expect(sent).toHaveLength(20);
    expect(queue.depth()).toBe(10);
    await step(1);
    expect(sent.map((s) => s.text)).toEqual(Array.from({ length: 30 }, (_, i) => `reply ${i + 1}`));
    expect(failed).toEqual([]);
    expect(queue.depth()).toBe(0);
  });

  it('allows 100 messages per window where the bot is a moderator', async () => {
    const { queue, sent, step } = setup();
    const modded = channel({ botIsModerator: true });
    for (let i = 0; i < 120; i++) queue.enqueue(modded, `m${i}`);
    await step(0);
    expect(sent).toHaveLength(100);
    await step(30_000);
    expect(sent).toHaveLength(120);
  });

  it('paces Kick and YouTube to one message per second per channel', async () => {
    const { queue, sent, step } = setup();
    const kick = channel({ platform: 'kick' });
    const youtube = channel({ platform: 'youtube' });
    for (let i = 0; i < 3; i++) {
      queue.enqueue(kick, `k${i}`);
      queue.enqueue(youtube, `y${i}`);
    }
    await step(0);
    expect(sent.map((s) => s.text).sort()).toEqual(['k0', 'y0']);
    await step(1_000);
    expect(sent).toHaveLength(4);
    await step(1_000);
    expect(sent).toHaveLength(6);
  });

  it('retries a rate-limited send after the platform says, keeping the order', async () => {
    const { queue, sent, failed, step } = setup((text, attempt) =>
      text === 'first' && attempt === 1
        ? { ok: false, reason: 'rate_limited', retryInMs: 5_000 }
        : { ok: true },
    );
    const kick = channel({ platform: 'kick' });
    queue.enqueue(kick, 'first');
    queue.enqueue(kick, 'second');
    await step(0);
    await step(4_999);
    expect(sent).toEqual([]);
    await step(1);
    await step(1_000);
    expect(sent.map((s) => s.text)).toEqual(['first', 'second']);
    expect(failed).toEqual([]);
  });

  it('reports a refused message and goes on with the next', async () => {
    const { queue, sent, failed, step } = setup((text) =>
      text === 'banned words' ? { ok: false, reason: 'refused', detail: 'msg_banned' } : { ok: true },
    );
    const twitch = channel();
    queue.enqueue(twitch, 'banned words');
    queue.enqueue(twitch, 'fine');
    await step(0);
    expect(failed).toEqual([{ text: 'banned words', reason: 'refused' }]);
    expect(sent.map((s) => s.text)).toEqual(['fine']);
  });

  it('reports a message still not sent after 5 minutes instead of dropping it', async () => {
    const { queue, sent, failed, step } = setup(() => ({ ok: false, reason: 'not_joined' }));
    queue.enqueue(channel(), 'never joined');
    for (let i = 0; i < 20; i++) await step(30_000);
    expect(sent).toEqual([]);
    expect(failed).toEqual([{ text: 'never joined', reason: 'expired' }]);
    expect(queue.depth()).toBe(0);
  });

  it('reports what is queued for a channel this process no longer holds', async () => {
    const { queue, failed, step } = setup();
    const twitch = channel();
    for (let i = 0; i < 25; i++) queue.enqueue(twitch, `m${i}`);
    await step(0);
    queue.dropChannel(twitch.channelId, 'lease_lost');
    expect(failed).toHaveLength(5);
    expect(new Set(failed.map((f) => f.reason))).toEqual(new Set(['lease_lost']));
  });
});
