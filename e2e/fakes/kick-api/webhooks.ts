/**
 * Kick's webhook sender and payload shapes, from Kick's "Webhooks" and "Webhook Payloads" pages:
 * each event is POSTed as JSON with Kick-Event-Message-Id (a ULID, the idempotency key),
 * Kick-Event-Subscription-Id, Kick-Event-Signature, Kick-Event-Message-Timestamp (RFC 3339),
 * Kick-Event-Type and Kick-Event-Version; the signature is base64 RSA PKCS#1 v1.5 SHA-256 over
 * `${messageId}.${timestamp}.${rawBody}` with a key pair the fake makes, whose public half
 * GET /public/v1/public-key serves. Kick retries and may deliver twice, so `replay` resends a
 * delivery byte for byte.
 */
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { ulid } from './http';

/** The user object every payload embeds for broadcasters, senders, followers and so on. */
export type KickPerson = {
  user_id: number;
  username: string;
  channel_slug?: string;
  is_verified?: boolean;
  profile_picture?: string;
};
export type KickBadge = { text: string; type: string; count?: number };

export function personJson(
  p: KickPerson,
  identity: { username_color: string; badges: KickBadge[] } | null = null,
) {
  return {
    is_anonymous: false,
    user_id: p.user_id,
    username: p.username,
    is_verified: p.is_verified ?? false,
    profile_picture:
      p.profile_picture ?? `https://files.kick.com/images/user/${p.user_id}/profile_image.webp`,
    channel_slug: p.channel_slug ?? p.username.toLowerCase(),
    identity,
  };
}

const anonymous = {
  is_anonymous: true,
  user_id: null,
  username: null,
  is_verified: null,
  profile_picture: null,
  channel_slug: null,
  identity: null,
};

const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d+Z$/, 'Z');

/** Payload builders for the event types the stream bot subscribes to. */
export const kickPayloads = {
  'chat.message.sent'(o: {
    broadcaster: KickPerson;
    sender: KickPerson;
    content: string;
    badges?: KickBadge[];
    color?: string;
    messageId?: string;
    repliesTo?: { message_id: string; content: string; sender: KickPerson };
    createdAt?: Date;
  }) {
    return {
      message_id: o.messageId ?? crypto.randomUUID(),
      replies_to: o.repliesTo
        ? {
            message_id: o.repliesTo.message_id,
            content: o.repliesTo.content,
            sender: personJson(o.repliesTo.sender),
          }
        : null,
      broadcaster: personJson(o.broadcaster),
      sender: personJson(o.sender, { username_color: o.color ?? '#75FD46', badges: o.badges ?? [] }),
      content: o.content,
      emotes: [] as { emote_id: string; positions: { s: number; e: number }[] }[],
      created_at: rfc3339(o.createdAt ?? new Date()),
    };
  },
  'channel.followed'(o: { broadcaster: KickPerson; follower: KickPerson }) {
    return { broadcaster: personJson(o.broadcaster), follower: personJson(o.follower) };
  },
  'channel.subscription.new'(o: { broadcaster: KickPerson; subscriber: KickPerson; createdAt?: Date }) {
    const created = o.createdAt ?? new Date();
    return {
      broadcaster: personJson(o.broadcaster),
      subscriber: personJson(o.subscriber),
      duration: 1,
      created_at: rfc3339(created),
      expires_at: rfc3339(new Date(created.getTime() + 30 * 86_400_000)),
    };
  },
  'channel.subscription.renewal'(o: {
    broadcaster: KickPerson;
    subscriber: KickPerson;
    /** Months subscribed in total. */
    duration: number;
    createdAt?: Date;
  }) {
    const created = o.createdAt ?? new Date();
    return {
      broadcaster: personJson(o.broadcaster),
      subscriber: personJson(o.subscriber),
      duration: o.duration,
      created_at: rfc3339(created),
      expires_at: rfc3339(new Date(created.getTime() + 30 * 86_400_000)),
    };
  },
  'channel.subscription.gifts'(o: {
    broadcaster: KickPerson;
    /** null for an anonymous gifter. */
    gifter: KickPerson | null;
    giftees: KickPerson[];
    createdAt?: Date;
  }) {
    const created = o.createdAt ?? new Date();
    return {
      broadcaster: personJson(o.broadcaster),
      gifter: o.gifter ? personJson(o.gifter) : anonymous,
      giftees: o.giftees.map((g) => personJson(g)),
      created_at: rfc3339(created),
      expires_at: rfc3339(new Date(created.getTime() + 30 * 86_400_000)),
    };
  },
  'livestream.status.updated'(o: {
    broadcaster: KickPerson;
    isLive: boolean;
    title: string;
    startedAt: Date;
    endedAt?: Date | null;
  }) {
    return {
      broadcaster: personJson(o.broadcaster),
      is_live: o.isLive,
      title: o.title,
      started_at: rfc3339(o.startedAt),
      ended_at: o.endedAt ? rfc3339(o.endedAt) : null,
    };
  },
};
export type KickEventType = keyof typeof kickPayloads | (string & {});

export type KickDelivery = {
  messageId: string;
  subscriptionId: string;
  timestamp: string;
  eventType: string;
  body: string;
  headers: Record<string, string>;
  /** Status of each attempt, in order (0 when the receiver could not be reached). */
  attempts: number[];
};

export type SendOptions = {
  messageId?: string;
  timestamp?: string;
  subscriptionId?: string;
  version?: string;
  /** Sign with a key that is not the served one, as a forger would. */
  badSignature?: boolean;
};

function keyPair() {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

export function signKickMessage(privateKey: KeyObject, messageId: string, timestamp: string, body: string) {
  return createSign('RSA-SHA256').update(`${messageId}.${timestamp}.${body}`).sign(privateKey, 'base64');
}

export function createKickWebhooks(options: { target?: string } = {}) {
  const { publicKey, privateKey } = keyPair();
  let forgerKey: KeyObject | null = null;
  let target = options.target ?? null;
  const subscriptions = new Map<string, string>();
  const deliveries: KickDelivery[] = [];

  async function deliver(d: KickDelivery) {
    if (!target) throw new Error('no webhook target: call kick.webhooks.setTarget(url) first');
    let response: Response;
    try {
      response = await fetch(target, { method: 'POST', headers: d.headers, body: d.body });
    } catch (error) {
      d.attempts.push(0);
      throw error;
    }
    d.attempts.push(response.status);
    return { status: response.status, text: await response.text(), messageId: d.messageId, delivery: d };
  }

  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    /** Where deliveries go (the product's POST /webhooks/kick). */
    setTarget(url: string) {
      target = url;
    },
    deliveries,
    /** Posts one event, signed as Kick signs it; answers the receiver's status and body. */
    send(eventType: KickEventType, payload: unknown, o: SendOptions = {}) {
      const messageId = o.messageId ?? ulid();
      const timestamp = o.timestamp ?? new Date().toISOString();
      let subscriptionId = o.subscriptionId ?? subscriptions.get(eventType);
      if (!subscriptionId) {
        subscriptionId = ulid();
        subscriptions.set(eventType, subscriptionId);
      }
      const body = JSON.stringify(payload);
      if (o.badSignature && !forgerKey) forgerKey = keyPair().privateKey;
      const signature = signKickMessage(o.badSignature ? forgerKey! : privateKey, messageId, timestamp, body);
      const d: KickDelivery = {
        messageId,
        subscriptionId,
        timestamp,
        eventType,
        body,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Kick-Webhooks/1.0',
          'Kick-Event-Message-Id': messageId,
          'Kick-Event-Subscription-Id': subscriptionId,
          'Kick-Event-Signature': signature,
          'Kick-Event-Message-Timestamp': timestamp,
          'Kick-Event-Type': eventType,
          'Kick-Event-Version': o.version ?? '1',
        },
        attempts: [],
      };
      deliveries.push(d);
      return deliver(d);
    },
    /** Sends an earlier delivery again, unchanged, as Kick's retries do. */
    replay(messageId: string) {
      const d = deliveries.find((x) => x.messageId === messageId);
      if (!d) throw new Error(`no Kick delivery ${messageId}`);
      return deliver(d);
    },
  };
}
export type KickWebhooks = ReturnType<typeof createKickWebhooks>;
