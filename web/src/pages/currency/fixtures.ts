/** Answers of the currency API for the page tests. */
import type { BotSettings, CurrencyViewer, LedgerEntry } from './api';

export const viewerId = '77777777-7777-4777-8777-777777777777';

export const settings = (): BotSettings => ({
  currency: {
    enabled: true,
    name: 'candies',
    perMinute: 1,
    perMessage: 2,
    messageCooldownS: 30,
    subscriberMultiplier: 1.5,
    minTransfer: 1,
  },
  games: {
    enabled: true,
    cooldownS: 30,
    minBet: 10,
    maxBet: 10_000,
    duel: { enabled: true, acceptS: 60 },
    roulette: { enabled: true, winChance: 0.5 },
    slots: { enabled: true, symbols: ['🍒', '🍋', '🍇'] },
    heist: { enabled: true, joinS: 60, minPlayers: 2 },
  },
  giveaways: { entriesPerMinute: 10 },
  timezone: 'Europe/Berlin',
});

export const viewer = (over: Partial<CurrencyViewer> = {}): CurrencyViewer => ({
  id: viewerId,
  rank: 1,
  displayName: 'Goldie',
  balance: 1_500,
  watchMinutes: 125,
  messages: 42,
  firstSeenAt: '2025-01-01T00:00:00.000Z',
  lastSeenAt: '2025-01-02T00:00:00.000Z',
  identities: [
    { platform: 'kick', platformUserId: 'k1', userName: 'goldie_kick' },
    { platform: 'twitch', platformUserId: 't1', userName: 'Goldie' },
  ],
  ...over,
});

export const ledgerEntry = (over: Partial<LedgerEntry> = {}): LedgerEntry => ({
  id: 1,
  viewerId,
  displayName: 'Goldie',
  delta: 1_500,
  balanceAfter: 1_500,
  reason: 'merge',
  ref: null,
  actor: null,
  at: '2025-01-02T00:00:00.000Z',
  ...over,
});
