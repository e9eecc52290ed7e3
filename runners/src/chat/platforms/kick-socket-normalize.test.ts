import { describe, expect, it } from 'vitest';
import { kickLevelOf, normalizeKickSocketEvent, plainEmotes } from './kick-socket-normalize';

const ref = {
  tenantId: '00000000-0000-4000-8000-000000000001',
  channelId: '00000000-0000-4000-8000-000000000002',
};
const now = () => new Date('2026-01-02T03:04:05.000Z');

describe('kick socket events as ChatEvents', () => {
  it('ranks badges like the webhook receiver', () => {
    expect(
      kickLevelOf([
        { type: 'subscriber', text: 'Sub' },
        { type: 'vip', text: 'VIP' },
      ]),
    ).toBe('vip');
    expect(kickLevelOf([{ type: 'og', text: 'OG' }])).toBe('subscriber');
    expect(kickLevelOf([{ type: 'broadcaster', text: 'Broadcaster' }])).toBe('broadcaster');
    expect(kickLevelOf([{ type: 'verified', text: 'Verified' }])).toBe('everyone');
  });

  it('turns emote tokens into their names', () => {
    expect(plainEmotes('hi [emote:37226:KEKW][emote:1:Pog] x')).toBe('hi KEKWPog x');
  });

  it('reads a chat line (data as a JSON string) with its reply target', () => {
    const data = JSON.stringify({
      id: 'm-1',
      chatroom_id: 9,
      content: 'hello [emote:1:Wave]',
      type: 'reply',
      created_at: '2026-01-01T00:00:00+00:00',
      sender: {
        id: 5,
        username: 'Ada',
        slug: 'ada',
        identity: { color: '#FF0000', badges: [{ type: 'subscriber', text: 'Subscriber', count: 3 }] },
      },
      metadata: {
        original_sender: { id: '6', username: 'b' },
        original_message: { id: 'm-0', content: 'x' },
      },
    });
    expect(normalizeKickSocketEvent('App\\Events\\ChatMessageEvent', data, ref, now)).toEqual({
      ...ref,
      platform: 'kick',
      kind: 'message',
      platformEventId: 'm-1',
      userId: '5',
      userName: 'Ada',
      text: 'hello Wave',
      detail: {
        level: 'subscriber',
        badges: [{ type: 'subscriber', text: 'Subscriber', count: 3 }],
        color: '#FF0000',
        replyTo: 'm-0',
      },
      at: '2026-01-01T00:00:00.000Z',
    });
  });

  it('reads subs, gifts and hosts, and ignores the rest', () => {
    expect(
      normalizeKickSocketEvent(
        'App\\Events\\SubscriptionEvent',
        { chatroom_id: 9, username: 'a', months: 4 },
        ref,
        now,
      ),
    ).toMatchObject({ kind: 'sub', userName: 'a', detail: { months: 4, gifted: false } });
    expect(
      normalizeKickSocketEvent(
        'App\\Events\\GiftedSubscriptionsEvent',
        { chatroom_id: 9, gifted_usernames: ['x', 'y'], gifter_username: 'g' },
        ref,
        now,
      ),
    ).toMatchObject({
      kind: 'gift',
      userName: 'g',
      detail: { count: 2, anonymous: false, giftees: ['x', 'y'] },
    });
    expect(
      normalizeKickSocketEvent(
        'App\\Events\\StreamHostEvent',
        { chatroom_id: 9, host_username: 'h', number_viewers: 10 },
        ref,
        now,
      ),
    ).toMatchObject({ kind: 'raid', userName: 'h', detail: { viewers: 10, fromLogin: 'h' } });
    expect(normalizeKickSocketEvent('App\\Events\\MessageDeletedEvent', {}, ref, now)).toBeNull();
    expect(normalizeKickSocketEvent('App\\Events\\ChatMessageEvent', '{not json', ref, now)).toBeNull();
  });
});
