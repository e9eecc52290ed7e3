import { describe, expect, it } from 'vitest';
import type { ChatEvent } from './events';
import {
  defaultOverlayTemplates,
  overlayEventFor,
  overlayKinds,
  overlayTemplateSchema,
  readOverlayTemplate,
  renderOverlayText,
  sampleOverlayEvent,
} from './overlays';

const chat = (kind: ChatEvent['kind'], detail: Record<string, unknown> = {}, text: string | null = null) => ({
  id: 7,
  tenantId: '00000000-0000-4000-8000-000000000001',
  channelId: '00000000-0000-4000-8000-000000000002',
  platform: 'twitch' as const,
  kind,
  platformEventId: 'p1',
  userId: '42',
  userName: 'Alice',
  text,
  detail,
  at: '2025-01-01T00:00:00.000Z',
});

describe('overlay templates', () => {
  it('has a valid default for every kind', () => {
    for (const kind of overlayKinds)
      expect(overlayTemplateSchema.parse(defaultOverlayTemplates[kind])).toBeTruthy();
  });

  it('refuses durations, volumes, animations and addresses out of range', () => {
    const ok = defaultOverlayTemplates.follow;
    expect(overlayTemplateSchema.safeParse({ ...ok, durationMs: 999 }).success).toBe(false);
    expect(overlayTemplateSchema.safeParse({ ...ok, durationMs: 60_001 }).success).toBe(false);
    expect(overlayTemplateSchema.safeParse({ ...ok, volume: 1.5 }).success).toBe(false);
    expect(overlayTemplateSchema.safeParse({ ...ok, animation: 'spin' }).success).toBe(false);
    expect(overlayTemplateSchema.safeParse({ ...ok, imageUrl: 'javascript:alert(1)' }).success).toBe(false);
    expect(overlayTemplateSchema.safeParse({ ...ok, color: 'red' }).success).toBe(false);
    expect(overlayTemplateSchema.safeParse({ ...ok, extra: 1 }).success).toBe(false);
    expect(
      overlayTemplateSchema.safeParse({ ...ok, imageUrl: 'https://cdn.example/a.gif', color: '#FF66cc' })
        .success,
    ).toBe(true);
  });

  it('fills a stored template field by field over the defaults, dropping bad fields', () => {
    expect(readOverlayTemplate('raid', { text: 'Raid! {viewers}', durationMs: 5, volume: 0.2 })).toEqual({
      ...defaultOverlayTemplates.raid,
      text: 'Raid! {viewers}',
      volume: 0.2,
    });
    expect(readOverlayTemplate('follow', null)).toEqual(defaultOverlayTemplates.follow);
  });
});

describe('overlayEventFor', () => {
  it('maps each alert kind with its facts', () => {
    expect(overlayEventFor(chat('follow'))).toMatchObject({ id: '7', kind: 'follow', user: 'Alice' });
    expect(overlayEventFor(chat('sub', { tier: '2000', months: 4 }))).toMatchObject({
      kind: 'sub',
      tier: '2',
      amount: 4,
    });
    expect(overlayEventFor(chat('gift', { tier: '1000', count: 5 }))).toMatchObject({
      kind: 'gift',
      amount: 5,
    });
    expect(overlayEventFor(chat('raid', { viewers: 12, fromLogin: 'bob' }))).toMatchObject({
      kind: 'raid',
      viewers: 12,
    });
    expect(overlayEventFor(chat('cheer', { bits: 100 }, 'Cheer100 hi'))).toMatchObject({
      kind: 'cheer',
      amount: 100,
      message: 'Cheer100 hi',
    });
    expect(overlayEventFor(chat('redemption', { reward: 'Hydrate', cost: 50, input: 'now' }))).toMatchObject({
      kind: 'redemption',
      amount: 50,
      message: 'Hydrate: now',
    });
    expect(overlayEventFor(chat('message', {}, 'hello'))).toMatchObject({ kind: 'chat', message: 'hello' });
  });

  it('ignores commands and stream on/off', () => {
    expect(overlayEventFor(chat('command', { command: 'x' }, '!x'))).toBeNull();
    expect(overlayEventFor(chat('stream_online'))).toBeNull();
  });

  it('uses the platform event id before an event is stored', () => {
    const { id: _, ...unstored } = chat('follow');
    expect(overlayEventFor(unstored)?.id).toBe('p1');
  });
});

describe('renderOverlayText', () => {
  it('fills placeholders and leaves missing facts empty', () => {
    const event = sampleOverlayEvent('raid', 't1', '2025-01-01T00:00:00.000Z');
    expect(renderOverlayText(defaultOverlayTemplates.raid.text, event)).toBe(
      'TestViewer is raiding with 42 viewers!',
    );
    expect(renderOverlayText('{user} {tier} says {message}', sampleOverlayEvent('follow', 't2', 'x'))).toBe(
      'TestViewer says',
    );
  });
});
