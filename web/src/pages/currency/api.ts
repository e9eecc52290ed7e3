/**
 * The studio's calls for the currency and the games (`/api/stream`): the leaderboard, one viewer,
 * grants, the ledger, and the bot settings whose `currency` and `games` parts these pages edit.
 */
import type { BotSettingsApi, CurrencyApi } from '@homelab/functions';
import { streamClient, unwrap } from '../../api/client';
import { openShape } from '../monitoring/api';

const currency = streamClient<CurrencyApi>().currency;
const settings = streamClient<BotSettingsApi>().settings;

export type Platform = 'twitch' | 'youtube' | 'kick';
export type LeaderboardSort = 'balance' | 'watch' | 'messages';
export type CurrencyReason =
  | 'watch'
  | 'message'
  | 'transfer'
  | 'grant'
  | 'command'
  | 'giveaway'
  | 'game'
  | 'bet'
  | 'merge'
  | 'refund';

export interface ViewerIdentity {
  platform: Platform;
  platformUserId: string;
  userName: string;
}

export interface CurrencyViewer {
  id: string;
  rank: number;
  displayName: string;
  balance: number;
  watchMinutes: number;
  messages: number;
  firstSeenAt: string;
  lastSeenAt: string;
  identities: ViewerIdentity[];
}

export interface LedgerEntry {
  id: number;
  viewerId: string;
  displayName: string;
  delta: number;
  balanceAfter: number;
  reason: CurrencyReason;
  ref: string | null;
  actor: string | null;
  at: string;
}

export interface CurrencySettings {
  enabled: boolean;
  name: string;
  perMinute: number;
  perMessage: number;
  messageCooldownS: number;
  subscriberMultiplier: number;
  minTransfer: number;
}

export interface GamesSettings {
  enabled: boolean;
  cooldownS: number;
  minBet: number;
  maxBet: number;
  duel: { enabled: boolean; acceptS: number };
  roulette: { enabled: boolean; winChance: number };
  slots: { enabled: boolean; symbols: string[] };
  heist: { enabled: boolean; joinS: number; minPlayers: number };
}

/** The whole settings document; these pages change `currency` and `games` and send the rest back as it came. */
export interface BotSettings {
  currency: CurrencySettings;
  games: GamesSettings;
  [other: string]: unknown;
}

export interface ViewerQuery {
  search?: string;
  sort?: LeaderboardSort;
  cursor?: string;
  limit?: number;
}

export const listViewers = async (
  query: ViewerQuery = {},
): Promise<{ viewers: CurrencyViewer[]; nextCursor: string | null }> =>
  openShape(
    await unwrap(
      currency.viewers.$get({
        query: {
          search: query.search || undefined,
          sort: query.sort,
          cursor: query.cursor,
          limit: query.limit === undefined ? undefined : String(query.limit),
        },
      }),
    ),
  );

export const getViewer = async (id: string): Promise<{ viewer: CurrencyViewer; ledger: LedgerEntry[] }> =>
  openShape(await unwrap(currency.viewers[':id'].$get({ param: { id } })));

/** A negative amount takes; 409 when the balance does not cover it. */
export const grantCurrency = async (
  id: string,
  amount: number,
  reason: string,
): Promise<{ balance: number; entry: LedgerEntry }> =>
  openShape(await unwrap(currency.viewers[':id'].grant.$post({ param: { id }, json: { amount, reason } })));

export const listLedger = async (
  query: { viewerId?: string; cursor?: string; limit?: number } = {},
): Promise<{ entries: LedgerEntry[]; nextCursor: string | null }> =>
  openShape(
    await unwrap(
      currency.ledger.$get({
        query: {
          viewerId: query.viewerId,
          cursor: query.cursor,
          limit: query.limit === undefined ? undefined : String(query.limit),
        },
      }),
    ),
  );

export const getBotSettings = async (): Promise<BotSettings> =>
  openShape<BotSettings>((await unwrap(settings.$get())).settings);

/** Replaces the whole document: pass what getBotSettings gave with your part changed. */
export const putBotSettings = async (next: BotSettings): Promise<BotSettings> =>
  openShape<BotSettings>(
    (await unwrap(settings.$put({ json: next as Parameters<typeof settings.$put>[0]['json'] }))).settings,
  );
