/**
 * EventSub over the webhook transport: subscriptions (created through Helix or directly by a
 * test), the webhook_callback_verification challenge, signed notifications and revocations.
 * Every message carries Twitch-Eventsub-Message-Id/-Retry/-Type/-Signature/-Timestamp and
 * -Subscription-Type/-Version; the signature is `sha256=` + hex HMAC-SHA256 of
 * id + timestamp + raw body with the subscription's secret. Twitch requires an HTTPS callback on
 * port 443; the fake also takes http:// so tests can receive on loopback.
 */
import { createHmac } from 'node:crypto';
import { uuid } from './state';

/** What each subscription type needs: its version, condition fields and the scopes (any one set) its user must have granted. */
export const SUBSCRIPTION_TYPES: Record<
  string,
  { version: string; condition: string[]; scopes: string[][]; authorizer: string | null }
> = {
  'channel.follow': {
    version: '2',
    condition: ['broadcaster_user_id', 'moderator_user_id'],
    scopes: [['moderator:read:followers'], ['moderator:manage:followers']],
    authorizer: 'moderator_user_id',
  },
  'channel.subscribe': {
    version: '1',
    condition: ['broadcaster_user_id'],
    scopes: [['channel:read:subscriptions']],
    authorizer: 'broadcaster_user_id',
  },
  'channel.subscription.gift': {
    version: '1',
    condition: ['broadcaster_user_id'],
    scopes: [['channel:read:subscriptions']],
    authorizer: 'broadcaster_user_id',
  },
  'channel.subscription.message': {
    version: '1',
    condition: ['broadcaster_user_id'],
    scopes: [['channel:read:subscriptions']],
    authorizer: 'broadcaster_user_id',
  },
  'channel.cheer': {
    version: '1',
    condition: ['broadcaster_user_id'],
    scopes: [['bits:read']],
    authorizer: 'broadcaster_user_id',
  },
  'channel.raid': { version: '1', condition: ['to_broadcaster_user_id'], scopes: [], authorizer: null },
  'channel.channel_points_custom_reward_redemption.add': {
    version: '1',
    condition: ['broadcaster_user_id'],
    scopes: [['channel:read:redemptions'], ['channel:manage:redemptions']],
    authorizer: 'broadcaster_user_id',
  },
  'stream.online': { version: '1', condition: ['broadcaster_user_id'], scopes: [], authorizer: null },
  'stream.offline': { version: '1', condition: ['broadcaster_user_id'], scopes: [], authorizer: null },
};

export type SubscriptionStatus =
  | 'enabled'
  | 'webhook_callback_verification_pending'
  | 'webhook_callback_verification_failed'
  | 'notification_failures_exceeded'
  | 'authorization_revoked'
  | 'moderator_removed'
  | 'user_removed'
  | 'version_removed';

export type FakeSubscription = {
  id: string;
  status: SubscriptionStatus;
  type: string;
  version: string;
  condition: Record<string, string>;
  created_at: string;
  transport: { method: 'webhook'; callback: string };
  cost: number;
  secret: string;
};

export type Delivery = {
  messageId: string;
  messageType: 'notification' | 'webhook_callback_verification' | 'revocation';
  subscriptionId: string;
  timestamp: string;
  body: string;
  retry: number;
  /** The callback's answer to each attempt. */
  responses: { status: number; body: string }[];
};

export type SendOptions = {
  subscriptionId?: string;
  messageId?: string;
  /** RFC 3339 timestamp for Twitch-Eventsub-Message-Timestamp (default: now). */
  timestamp?: string;
  /** Sign with a wrong secret, as a forger would. */
  badSignature?: boolean;
};

export type CallbackResponse = { status: number; body: string; messageId: string };

/** Twitch's timestamps carry nanoseconds: 2019-11-16T10:11:12.634234626Z. */
export const eventsubTimestamp = (at = new Date()) => at.toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');

export function publicSubscription(sub: FakeSubscription) {
  const { secret: _secret, ...rest } = sub;
  return rest;
}

export function sign(secret: string, messageId: string, timestamp: string, body: string) {
  return `sha256=${createHmac('sha256', secret)
    .update(messageId + timestamp + body)
    .digest('hex')}`;
}

export function createEventSub() {
  const subscriptions = new Map<string, FakeSubscription>();
  const deliveries = new Map<string, Delivery>();

  async function post(
    sub: FakeSubscription,
    delivery: Delivery,
    signingSecret: string,
  ): Promise<CallbackResponse> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'twitch-eventsub-message-id': delivery.messageId,
      'twitch-eventsub-message-retry': String(delivery.retry),
      'twitch-eventsub-message-type': delivery.messageType,
      'twitch-eventsub-message-signature': sign(
        signingSecret,
        delivery.messageId,
        delivery.timestamp,
        delivery.body,
      ),
      'twitch-eventsub-message-timestamp': delivery.timestamp,
      'twitch-eventsub-subscription-type': sub.type,
      'twitch-eventsub-subscription-version': sub.version,
    };
    let response: { status: number; body: string };
    try {
      const res = await fetch(sub.transport.callback, {
        method: 'POST',
        headers,
        body: delivery.body,
        signal: AbortSignal.timeout(10_000),
      });
      response = { status: res.status, body: await res.text() };
    } catch {
      response = { status: 0, body: '' };
    }
    delivery.responses.push(response);
    return { ...response, messageId: delivery.messageId };
  }

  function deliver(
    sub: FakeSubscription,
    messageType: Delivery['messageType'],
    payload: unknown,
    options: SendOptions = {},
  ) {
    const delivery: Delivery = {
      messageId: options.messageId ?? uuid(),
      messageType,
      subscriptionId: sub.id,
      timestamp: options.timestamp ?? eventsubTimestamp(),
      body: JSON.stringify(payload),
      retry: 0,
      responses: [],
    };
    deliveries.set(delivery.messageId, delivery);
    return post(sub, delivery, options.badSignature ? `${sub.secret}-forged` : sub.secret);
  }

  /** Sends the challenge; the subscription is enabled only when the callback echoes it with a 200. */
  async function verify(sub: FakeSubscription) {
    const challenge = uuid().replace(/-/g, '');
    const response = await deliver(sub, 'webhook_callback_verification', {
      challenge,
      subscription: publicSubscription(sub),
    });
    if (sub.status !== 'webhook_callback_verification_pending') return sub;
    sub.status =
      response.status === 200 && response.body === challenge
        ? 'enabled'
        : 'webhook_callback_verification_failed';
    return sub;
  }

  function revokeSubscription(sub: FakeSubscription, reason: SubscriptionStatus) {
    sub.status = reason;
    return deliver(sub, 'revocation', { subscription: publicSubscription(sub) });
  }

  const verifications = new Map<string, Promise<FakeSubscription>>();

  return {
    subscriptions,
    /** Stores a subscription and starts its callback verification (answering Helix first). */
    create(sub: Omit<FakeSubscription, 'id' | 'status' | 'created_at'>): FakeSubscription {
      const full: FakeSubscription = {
        ...sub,
        id: uuid(),
        status: 'webhook_callback_verification_pending',
        created_at: new Date().toISOString(),
      };
      subscriptions.set(full.id, full);
      verifications.set(full.id, new Promise((r) => setImmediate(() => r(verify(full)))));
      return full;
    },
    revokeFor(userId: string) {
      for (const sub of subscriptions.values())
        if (sub.status === 'enabled' && Object.values(sub.condition).includes(userId))
          void revokeSubscription(sub, 'authorization_revoked');
    },
    api: {
      /** Every subscription, secrets included (tests may need to sign like Twitch). */
      list: () => [...subscriptions.values()],
      /** Resolves once a new subscription's challenge has been answered (or failed). */
      settled(subscriptionId: string): Promise<FakeSubscription> {
        const sub = subscriptions.get(subscriptionId);
        if (!sub) return Promise.reject(new Error(`no subscription ${subscriptionId}`));
        return verifications.get(subscriptionId) ?? Promise.resolve(sub);
      },
      /** Adds an enabled subscription without Helix or a challenge, for tests that start subscribed. */
      subscribe(options: {
        type: string;
        version?: string;
        condition: Record<string, string>;
        callback: string;
        secret: string;
      }): FakeSubscription {
        const full: FakeSubscription = {
          id: uuid(),
          status: 'enabled',
          type: options.type,
          version: options.version ?? SUBSCRIPTION_TYPES[options.type]?.version ?? '1',
          condition: options.condition,
          created_at: new Date().toISOString(),
          transport: { method: 'webhook', callback: options.callback },
          cost: 0,
          secret: options.secret,
        };
        subscriptions.set(full.id, full);
        return full;
      },
      /**
       * A notification for `type` to its subscription (the one named, else the first enabled one of
       * that type), signed with the subscription's secret; returns the callback's answer.
       */
      async send(type: string, event: unknown, options: SendOptions = {}): Promise<CallbackResponse> {
        const sub = options.subscriptionId
          ? subscriptions.get(options.subscriptionId)
          : [...subscriptions.values()].find((s) => s.type === type && s.status === 'enabled');
        if (!sub) throw new Error(`no enabled ${type} subscription`);
        return deliver(sub, 'notification', { subscription: publicSubscription(sub), event }, options);
      },
      /** Sends an earlier message again with the same id, body and timestamp (Twitch's retry/duplicate). */
      async replay(messageId: string): Promise<CallbackResponse> {
        const delivery = deliveries.get(messageId);
        if (!delivery) throw new Error(`no delivery ${messageId}`);
        const sub = subscriptions.get(delivery.subscriptionId)!;
        delivery.retry++;
        return post(sub, delivery, sub.secret);
      },
      /** Revokes a subscription with a reason (its status) and sends the revocation message. */
      async revoke(
        subscriptionId: string,
        reason: SubscriptionStatus = 'authorization_revoked',
      ): Promise<CallbackResponse> {
        const sub = subscriptions.get(subscriptionId);
        if (!sub) throw new Error(`no subscription ${subscriptionId}`);
        return revokeSubscription(sub, reason);
      },
      /** Every message sent to callbacks, by message id. */
      deliveries: () => [...deliveries.values()],
    },
  };
}
export type EventSub = ReturnType<typeof createEventSub>;
