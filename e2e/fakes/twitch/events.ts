/**
 * EventSub event payloads in Twitch's shapes (channel.follow v2, channel.subscribe,
 * channel.subscription.gift, channel.raid, channel.cheer, channel-point redemptions,
 * stream.online, stream.offline), built from the fake's users.
 */
import type { FakeTwitchUser } from './state';
import { uuid } from './state';

type Who = Pick<FakeTwitchUser, 'id' | 'login' | 'display_name'>;
type Tier = '1000' | '2000' | '3000';

const as = (prefix: string, user: Who) => ({
  [`${prefix}_id`]: user.id,
  [`${prefix}_login`]: user.login,
  [`${prefix}_name`]: user.display_name,
});
const broadcaster = (user: Who) => as('broadcaster_user', user);
const viewer = (user: Who) => as('user', user);
const anonymousViewer = { user_id: null, user_login: null, user_name: null };

export const events = {
  follow: (channel: Who, follower: Who, followedAt = new Date()) => ({
    ...viewer(follower),
    ...broadcaster(channel),
    followed_at: followedAt.toISOString(),
  }),
  subscribe: (channel: Who, subscriber: Who, options: { tier?: Tier; isGift?: boolean } = {}) => ({
    ...viewer(subscriber),
    ...broadcaster(channel),
    tier: options.tier ?? '1000',
    is_gift: options.isGift ?? false,
  }),
  /** `gifter` null is an anonymous gift. */
  subscriptionGift: (
    channel: Who,
    gifter: Who | null,
    options: { total?: number; tier?: Tier; cumulativeTotal?: number } = {},
  ) => ({
    ...(gifter ? viewer(gifter) : anonymousViewer),
    ...broadcaster(channel),
    total: options.total ?? 1,
    tier: options.tier ?? '1000',
    cumulative_total: gifter ? (options.cumulativeTotal ?? options.total ?? 1) : null,
    is_anonymous: gifter === null,
  }),
  raid: (from: Who, to: Who, viewers: number) => ({
    ...as('from_broadcaster_user', from),
    ...as('to_broadcaster_user', to),
    viewers,
  }),
  /** `cheerer` null is an anonymous cheer. */
  cheer: (channel: Who, cheerer: Who | null, bits: number, message = `Cheer${bits}`) => ({
    is_anonymous: cheerer === null,
    ...(cheerer ? viewer(cheerer) : anonymousViewer),
    ...broadcaster(channel),
    message,
    bits,
  }),
  redemption: (
    channel: Who,
    redeemer: Who,
    reward: { id?: string; title: string; cost: number; prompt?: string },
    userInput = '',
  ) => ({
    id: uuid(),
    ...broadcaster(channel),
    ...viewer(redeemer),
    user_input: userInput,
    status: 'unfulfilled',
    reward: { id: reward.id ?? uuid(), title: reward.title, cost: reward.cost, prompt: reward.prompt ?? '' },
    redeemed_at: new Date().toISOString(),
  }),
  streamOnline: (channel: Who, stream: { id?: string; startedAt?: Date } = {}) => ({
    id: stream.id ?? String(40_000_000_000 + Math.floor(Math.random() * 1_000_000_000)),
    ...broadcaster(channel),
    type: 'live',
    started_at: (stream.startedAt ?? new Date()).toISOString(),
  }),
  streamOffline: (channel: Who) => broadcaster(channel),
};
