/**
 * Twitch EventSub over webhooks: every message is signed with HMAC-SHA256 over message id +
 * timestamp + raw body with the secret given when subscribing; nothing is parsed or stored before
 * that holds. Verification challenges are echoed, revocations become a notice for the streamer,
 * and notifications become normalized chat events, once per message id.
 */
import { type AppContext, afterResponse, db } from '../lib/context';
import { ApiError, badRequest, describeError, unavailable } from '../lib/errors';
import { hmacMatches, macBytes } from '../lib/hmac';
import { log } from '../lib/log';
import {
  channelOwner,
  type EventDraft,
  isFresh,
  parseTimestamp,
  pruneDeliveries,
  recordDelivery,
} from './events';

const refuse = (message: string) => new ApiError(401, 'invalid_signature', message);

export type TwitchHeaders = {
  messageId: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
};

/** Throws 401 unless Twitch signed this body with our secret within the last 10 minutes. */
export async function verifyTwitch(
  rawBody: string,
  headers: TwitchHeaders,
  secret: string,
  nowMs = Date.now(),
) {
  const { messageId, timestamp, signature } = headers;
  if (!messageId || !timestamp || !signature) throw refuse('Missing Twitch-Eventsub-Message-* headers.');
  const mac = signature.startsWith('sha256=') ? macBytes(signature.slice(7)) : null;
  if (!mac || !(await hmacMatches(secret, messageId + timestamp + rawBody, mac)))
    throw refuse('The message signature is not valid.');
  if (!isFresh(parseTimestamp(timestamp), nowMs)) throw refuse('The message timestamp is too old.');
}

type Fields = Record<string, unknown>;

const str = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
const num = (value: unknown) => {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
};
/** Twitch's "1000"/"2000"/"3000" as the tier number the other platforms share. */
const tier = (value: unknown) => {
  const n = num(value);
  return n && n >= 1000 ? Math.round(n / 1000) : 1;
};

export type Mapped = { broadcasterId: string; events: EventDraft[] };

/** The broadcaster a notification is for, and its normalized events; null for types not handled. */
export function mapTwitchNotification(type: string, event: Fields, messageId: string): Mapped | null {
  const broadcasterId = str(
    type === 'channel.raid' ? event.to_broadcaster_user_id : event.broadcaster_user_id,
  );
  if (!broadcasterId) return null;
  const base = {
    platformEventId: messageId,
    userId: str(event.user_id),
    userName: str(event.user_name) ?? str(event.user_login),
  };
  const one = (draft: Omit<EventDraft, 'platformEventId' | 'userId' | 'userName'> & Partial<EventDraft>) => ({
    broadcasterId,
    events: [{ ...base, ...draft }],
  });
  switch (type) {
    case 'channel.follow':
      return one({ kind: 'follow', text: null, detail: {}, ...at(event.followed_at) });
    case 'channel.subscribe':
      return one({
        kind: 'sub',
        text: null,
        detail: { tier: tier(event.tier), months: 1, gifted: event.is_gift === true },
      });
    case 'channel.subscription.message': {
      const message = (event.message ?? {}) as Fields;
      return one({
        kind: 'sub',
        text: str(message.text),
        detail: {
          tier: tier(event.tier),
          months: num(event.cumulative_months) ?? 1,
          gifted: false,
          ...(num(event.streak_months) !== null ? { streak: num(event.streak_months) } : {}),
        },
      });
    }
    case 'channel.subscription.gift': {
      const anonymous = event.is_anonymous === true;
      return one({
        kind: 'gift',
        userId: anonymous ? null : str(event.user_id),
        userName: anonymous ? null : base.userName,
        text: null,
        detail: { tier: tier(event.tier), count: num(event.total) ?? 1, anonymous },
      });
    }
    case 'channel.raid':
      return one({
        kind: 'raid',
        userId: str(event.from_broadcaster_user_id),
        userName: str(event.from_broadcaster_user_name) ?? str(event.from_broadcaster_user_login),
        text: null,
        detail: { viewers: num(event.viewers) ?? 0, fromLogin: str(event.from_broadcaster_user_login) },
      });
    case 'channel.cheer': {
      const anonymous = event.is_anonymous === true;
      return one({
        kind: 'cheer',
        userId: anonymous ? null : base.userId,
        userName: anonymous ? null : base.userName,
        text: str(event.message),
        detail: { bits: num(event.bits) ?? 0, anonymous },
      });
    }
    case 'channel.channel_points_custom_reward_redemption.add': {
      const reward = (event.reward ?? {}) as Fields;
      const input = str(event.user_input);
      return one({
        kind: 'redemption',
        text: input,
        detail: {
          reward: str(reward.title) ?? '',
          rewardId: str(reward.id),
          cost: num(reward.cost) ?? 0,
          redemptionId: str(event.id),
          ...(input ? { input } : {}),
        },
        ...at(event.redeemed_at),
      });
    }
    case 'stream.online':
      return one({
        kind: 'stream_online',
        userId: null,
        userName: null,
        text: null,
        detail: { type: str(event.type) ?? 'live' },
        ...at(event.started_at),
      });
    case 'stream.offline':
      return one({ kind: 'stream_offline', userId: null, userName: null, text: null, detail: {} });
    default:
      return null;
  }
}

function at(value: unknown): { at?: string } {
  const ms = parseTimestamp(typeof value === 'string' ? value : undefined);
  return ms === null ? {} : { at: new Date(ms).toISOString() };
}

function parse(raw: string): Fields {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw badRequest('The message is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw badRequest('The message is not an EventSub message.');
  return parsed as Fields;
}

/** Chance per handled notification of pruning old dedupe rows. */
const pruneChance = 1 / 200;

export async function handleTwitchEventSub(c: AppContext): Promise<Response> {
  const secret = c.get('config').TWITCH_EVENTSUB_SECRET;
  if (!secret) {
    throw unavailable(
      'twitch_not_configured',
      'Twitch EventSub is not configured: set TWITCH_EVENTSUB_SECRET.',
    );
  }
  const raw = await c.req.text();
  const messageId = c.req.header('twitch-eventsub-message-id');
  await verifyTwitch(
    raw,
    {
      messageId,
      timestamp: c.req.header('twitch-eventsub-message-timestamp'),
      signature: c.req.header('twitch-eventsub-message-signature'),
    },
    secret,
  );
  const id = messageId!;
  const kind = c.req.header('twitch-eventsub-message-type');
  const body = parse(raw);
  const subscription = (body.subscription ?? {}) as Fields;
  const type = str(subscription.type) ?? c.req.header('twitch-eventsub-subscription-type') ?? '';
  const done = (outcome: string, extra: Record<string, unknown> = {}) => {
    log('debug', 'twitch eventsub', { requestId: c.get('requestId'), kind, type, outcome, ...extra });
    return c.body(null, 204);
  };

  if (kind === 'webhook_callback_verification') {
    const challenge = str(body.challenge);
    if (!challenge) throw badRequest('The verification message has no challenge.');
    log('info', 'twitch eventsub subscription verified', { type, subscriptionId: subscription.id });
    return c.text(challenge, 200);
  }

  const requestDb = db(c);
  if (kind === 'revocation') {
    const condition = (subscription.condition ?? {}) as Fields;
    const broadcasterId = str(condition.broadcaster_user_id) ?? str(condition.to_broadcaster_user_id);
    const owner = broadcasterId ? await channelOwner(requestDb, 'twitch', broadcasterId) : null;
    if (!owner) return done('unknown_broadcaster');
    const status = str(subscription.status) ?? 'revoked';
    const fresh = await recordDelivery(requestDb, {
      provider: 'twitch',
      messageId: id,
      owner,
      notice: {
        kind: 'token_revoked',
        message: `Twitch stopped sending ${type || 'some'} events (${status.replaceAll('_', ' ')}). Sign in with Twitch again to turn them back on.`,
        detail: { platform: 'twitch', subscriptionType: type, status, subscriptionId: str(subscription.id) },
      },
    });
    log('warn', 'twitch eventsub subscription revoked', { type, status, tenantId: owner.tenantId });
    return done(fresh ? 'revoked' : 'duplicate');
  }

  if (kind !== 'notification') return done('ignored');
  const mapped = mapTwitchNotification(type, (body.event ?? {}) as Fields, id);
  if (!mapped) return done('unhandled');
  const owner = await channelOwner(requestDb, 'twitch', mapped.broadcasterId);
  if (!owner) return done('unknown_broadcaster');
  const fresh = await recordDelivery(requestDb, {
    provider: 'twitch',
    messageId: id,
    owner,
    events: mapped.events,
  });
  if (fresh && Math.random() < pruneChance) {
    afterResponse(
      c,
      pruneDeliveries(requestDb).catch((err: unknown) =>
        log('warn', 'webhook delivery prune failed', { error: describeError(err) }),
      ),
    );
  }
  return done(fresh ? 'recorded' : 'duplicate', { tenantId: owner.tenantId });
}
