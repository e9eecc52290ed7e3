import { describe, expect, it } from 'vitest';
import { normalizeTwitchMessage, normalizeTwitchNotice } from './twitch-normalize';

const channel = {
  tenantId: '6f1d2c3b-0000-4000-8000-000000000001',
  channelId: '6f1d2c3b-0000-4000-8000-000000000002',
};

// Tags as Twitch sends them on a PRIVMSG, in both the raw IRC form and tmi.js's parsed form.
const rawTags = {
  'badge-info': 'subscriber/14',
  badges: 'vip/1,subscriber/12,glhf-pledge/1',
  color: '#1E90FF',
  'display-name': 'CoolViewer',
  emotes: '',
  'first-msg': '0',
  id: 'b34ccfc7-4977-403a-8a94-33c6bac34fb8',
  mod: '0',
  'room-id': '1337',
  subscriber: '1',
  'tmi-sent-ts': '1700000000123',
  'user-id': '424242',
  'user-type': '',
};

describe('normalizeTwitchMessage', () => {
  it('normalizes a raw-tag chat line with the highest badge level', () => {
    expect(normalizeTwitchMessage(rawTags, 'hello there', channel)).toEqual({
      ...channel,
      platform: 'twitch',
      kind: 'message',
      platformEventId: 'b34ccfc7-4977-403a-8a94-33c6bac34fb8',
      userId: '424242',
      userName: 'CoolViewer',
      text: 'hello there',
      detail: { level: 'vip', badges: { vip: '1', subscriber: '12', 'glhf-pledge': '1' }, color: '#1E90FF' },
      at: '2023-11-14T22:13:20.123Z',
    });
  });

  it('reads tmi.js parsed badges, commands and replies', () => {
    const event = normalizeTwitchMessage(
      { ...rawTags, badges: { broadcaster: '1' }, 'reply-parent-msg-id': 'parent-1' },
      '!Song  request please',
      channel,
    );
    expect(event.kind).toBe('command');
    expect(event.detail).toMatchObject({
      level: 'broadcaster',
      command: 'song',
      args: ['request', 'please'],
      replyTo: 'parent-1',
    });
  });

  it('makes a line with bits a cheer, and a badge-less viewer everyone', () => {
    const event = normalizeTwitchMessage(
      { ...rawTags, badges: '', bits: '250', color: '' },
      'Cheer250 go!',
      channel,
    );
    expect(event.kind).toBe('cheer');
    expect(event.detail).toEqual({ level: 'everyone', badges: {}, color: null, bits: 250 });
  });
});

describe('normalizeTwitchNotice', () => {
  it('turns gift and mystery gift notices into gift events', () => {
    const gift = normalizeTwitchNotice(
      {
        ...rawTags,
        'msg-id': 'subgift',
        'msg-param-sub-plan': '1000',
        'msg-param-recipient-display-name': 'Lucky',
      },
      null,
      channel,
    );
    expect(gift).toMatchObject({ kind: 'gift', detail: { tier: 1, count: 1, recipient: 'Lucky' } });
    const mystery = normalizeTwitchNotice(
      {
        ...rawTags,
        'msg-id': 'submysterygift',
        'msg-param-sub-plan': '3000',
        'msg-param-mass-gift-count': '10',
      },
      null,
      channel,
    );
    expect(mystery).toMatchObject({ kind: 'gift', detail: { tier: 3, count: 10 } });
    expect(normalizeTwitchNotice({ ...rawTags, 'msg-id': 'announcement' }, 'hi', channel)).toBeNull();
  });
});
