/** Answers of the moderation API for the page tests. */
import type { AllowEntry, ModAction, ModerationSettings } from './api';

export const moderationSettings = (over: Partial<ModerationSettings> = {}): ModerationSettings => ({
  enabled: true,
  exemptLevel: 'vip',
  links: { enabled: true, allow: ['clips.twitch.tv'], permitS: 60 },
  caps: { enabled: true, maxPercent: 70, minLength: 15 },
  symbols: { enabled: true, maxPercent: 50 },
  emotes: { enabled: true, max: 15 },
  repetition: { enabled: true, max: 3, windowS: 30 },
  length: { enabled: false, max: 300 },
  banned: ['scam*'],
  firstTimeStrict: true,
  escalation: {
    steps: [{ action: 'delete' }, { action: 'timeout', durationS: 60 }, { action: 'ban' }],
    windowS: 86_400,
  },
  ai: { enabled: false, thresholds: { harassment: 0.8, hate: 0.7 }, reviewFrom: 0.5 },
  antiRaid: { enabled: false, newChatters: 15, windowS: 30, holdS: 300, slowS: 10 },
  ...over,
});

export const modAction = (over: Partial<ModAction> = {}): ModAction => ({
  id: 1,
  channelId: '11111111-1111-4111-8111-111111111111',
  platform: 'twitch',
  userId: '42',
  userName: 'spammer',
  message: 'visit evil.com',
  rule: 'links',
  score: null,
  action: 'delete',
  durationS: null,
  reason: 'link: evil.com',
  state: 'done',
  review: false,
  detail: null,
  reviewedBy: null,
  reviewedAt: null,
  createdAt: '2026-11-29T10:00:00.000Z',
  ...over,
});

export const allowEntry = (over: Partial<AllowEntry> = {}): AllowEntry => ({
  kind: 'link',
  value: 'evil.com',
  addedBy: 'alice',
  createdAt: '2026-11-29T10:00:00.000Z',
  ...over,
});
