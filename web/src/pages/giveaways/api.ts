/** The studio's calls for giveaways, polls and bets (`/api/stream/giveaways…`, `/api/stream/polls…`). */
import type { GiveawaysApi } from '@homelab/functions';
import { streamClient, unwrap } from '../../api/client';
import { openShape } from '../monitoring/api';

const stream = streamClient<GiveawaysApi>();

export type UserLevel = 'everyone' | 'follower' | 'subscriber' | 'vip' | 'moderator' | 'broadcaster';
export type GiveawayWinner = {
  id: number;
  viewerId: string;
  userName: string;
  state: 'pending' | 'claimed' | 'expired' | 'rerolled';
  drawnAt: string;
  claimedAt: string | null;
  expiresAt: string | null;
};
export type Giveaway = {
  id: string;
  prize: string;
  keyword: string;
  cost: number;
  subscriberLuck: number;
  minLevel: UserLevel;
  claimSeconds: number;
  state: 'open' | 'closed' | 'drawn' | 'cancelled';
  entries: number;
  createdAt: string;
  closedAt: string | null;
  winners: GiveawayWinner[];
};
export type GiveawayInput = {
  prize: string;
  keyword: string;
  cost: number;
  subscriberLuck: number;
  minLevel: UserLevel;
  claimSeconds: number;
};
export type GiveawayAction = 'close' | 'draw' | 'reroll' | 'cancel';

export type Tally = { option: number; label: string; votes: number; amount: number };
export type Poll = {
  id: string;
  kind: 'poll' | 'bet';
  question: string;
  options: string[];
  state: 'open' | 'closed' | 'resolved' | 'cancelled';
  winningOption: number | null;
  closesAt: string | null;
  createdAt: string;
  tallies: Tally[];
};
export type PollInput = { kind: 'poll' | 'bet'; question: string; options: string[] };
export type PollAction = 'close' | 'cancel';

export const listGiveaways = async (): Promise<Giveaway[]> =>
  openShape<Giveaway[]>((await unwrap(stream.giveaways.$get({ query: {} }))).giveaways);

export const openGiveaway = async (input: GiveawayInput): Promise<Giveaway> =>
  openShape<Giveaway>(await unwrap(stream.giveaways.$post({ json: input })));

export const giveawayAction = async (id: string, action: GiveawayAction): Promise<Giveaway> => {
  const routes = stream.giveaways[':id'];
  const param = { param: { id } };
  const call =
    action === 'close'
      ? routes.close.$post(param)
      : action === 'draw'
        ? routes.draw.$post(param)
        : action === 'reroll'
          ? routes.reroll.$post(param)
          : routes.cancel.$post(param);
  return openShape<Giveaway>(await unwrap(call));
};

export const listPolls = async (): Promise<Poll[]> =>
  openShape<Poll[]>((await unwrap(stream.polls.$get({ query: {} }))).polls);

const withTallies = (answer: unknown): Poll => {
  const { poll, tallies } = answer as { poll: Omit<Poll, 'tallies'>; tallies: Tally[] };
  return { ...poll, tallies };
};

export const createPoll = async (input: PollInput): Promise<Poll> =>
  withTallies(await unwrap(stream.polls.$post({ json: input })));

export const pollAction = async (id: string, action: PollAction): Promise<Poll> => {
  const routes = stream.polls[':id'];
  const param = { param: { id } };
  return withTallies(
    await unwrap(action === 'close' ? routes.close.$post(param) : routes.cancel.$post(param)),
  );
};

/** Settles a bet on an option (0-based). */
export const resolveBet = async (id: string, option: number): Promise<Poll> =>
  withTallies(await unwrap(stream.polls[':id'].resolve.$post({ param: { id }, json: { option } })));
