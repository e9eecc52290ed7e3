/**
 * Kick's webhooks: each delivery is signed with RSA (SHA-256, PKCS#1 v1.5) over
 * `<message id>.<timestamp>.<raw body>` with Kick's key, the same for every app, fetched from its
 * public API and kept per isolate. Every app receives deliveries signed with that key, so a
 * delivery could be replayed to us by anyone who got it: the timestamp must be recent and the
 * message id is handled once.
 */
import type { RequestDb } from '@homelab/db/client/request';
import { withTenant } from '@homelab/db/client/tenant';
import { streamChannels } from '@homelab/db/schema';
import { parseCommand, type UserLevel } from '@homelab/db/stream/events';
import { eq } from 'drizzle-orm';
import { type AppContext, afterResponse, db } from '../lib/context';
import { ApiError, badRequest, describeError, unavailable } from '../lib/errors';
import { log } from '../lib/log';
import {
  type ChannelOwner,
  channelOwner,
  type EventDraft,
  isFresh,
  parseTimestamp,
  pruneDeliveries,
  recordDelivery,
} from './events';

const refuse = (message: string) => new ApiError(401, 'invalid_signature', message);

const keys = new Map<string, Promise<CryptoKey>>();
const refetchedAt = new Map<string, number>();
/** A bad signature may mean Kick rotated its key; but a stream of forgeries must not fetch each time. */
const refetchEveryMs = 60_000;

function pemBody(pem: string) {
  const base64 = pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, '');
  const binary = atob(base64);
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}

async function fetchKey(apiBaseUrl: string): Promise<CryptoKey> {
  let res: Response;
  try {
    res = await fetch(`${apiBaseUrl.replace(/\/$/, '')}/public/v1/public-key`, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(5_000),
    });
  } catch (err) {
    throw unavailable('kick_unavailable', `Kick's public key could not be fetched: ${describeError(err)}`);
  }
  if (!res.ok)
    throw unavailable('kick_unavailable', `Kick's public key could not be fetched (${res.status}).`);
  const body = (await res.json().catch(() => null)) as { data?: { public_key?: unknown } } | null;
  const pem = body?.data?.public_key;
  if (typeof pem !== 'string' || !pem.includes('PUBLIC KEY'))
    throw unavailable('kick_unavailable', "Kick's public key answer has no key.");
  return crypto.subtle.importKey(
    'spki',
    pemBody(pem),
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['verify'],
  );
}

function publicKey(apiBaseUrl: string, refresh = false): Promise<CryptoKey> {
  const cached = keys.get(apiBaseUrl);
  if (cached && refresh) {
    const last = refetchedAt.get(apiBaseUrl) ?? 0;
    if (Date.now() - last < refetchEveryMs) return cached;
    refetchedAt.set(apiBaseUrl, Date.now());
  } else if (cached) {
    return cached;
  }
  const key = fetchKey(apiBaseUrl);
  key.catch(() => {
    if (keys.get(apiBaseUrl) === key) keys.delete(apiBaseUrl);
  });
  keys.set(apiBaseUrl, key);
  return key;
}

function base64Bytes(text: string): Uint8Array<ArrayBuffer> | null {
  try {
    return Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

export type KickHeaders = {
  messageId: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
};

/** Throws 401 unless Kick signed this delivery recently; 503 when Kick's key cannot be had. */
export async function verifyKick(
  rawBody: string,
  headers: KickHeaders,
  apiBaseUrl: string,
  nowMs = Date.now(),
) {
  const { messageId, timestamp, signature } = headers;
  if (!messageId || !timestamp || !signature) throw refuse('Missing Kick-Event-* signature headers.');
  const bytes = base64Bytes(signature);
  if (!bytes || bytes.length === 0) throw refuse('The delivery signature is not valid.');
  const data = new TextEncoder().encode(`${messageId}.${timestamp}.${rawBody}`);
  const check = async (key: CryptoKey) => crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, bytes, data);
  let valid = await check(await publicKey(apiBaseUrl));
  if (!valid) valid = await check(await publicKey(apiBaseUrl, true));
  if (!valid) throw refuse('The delivery signature is not valid.');
  if (!isFresh(parseTimestamp(timestamp), nowMs)) throw refuse('The delivery timestamp is too old.');
}

type Fields = Record<string, unknown>;
const str = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
const id = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) ? String(value) : str(value);
const obj = (value: unknown): Fields =>
  typeof value === 'object' && value !== null ? (value as Fields) : {};

type Badge = { type: string; text: string; count?: number };

function badgesOf(sender: Fields): Badge[] {
  const badges = obj(sender.identity).badges;
  if (!Array.isArray(badges)) return [];
  return badges.flatMap((badge) => {
    const b = obj(badge);
    const type = str(b.type);
    if (!type) return [];
    return [{ type, text: str(b.text) ?? type, ...(typeof b.count === 'number' ? { count: b.count } : {}) }];
  });
}

const levelOrder: [string, UserLevel][] = [
  ['broadcaster', 'broadcaster'],
  ['moderator', 'moderator'],
  ['vip', 'vip'],
  ['subscriber', 'subscriber'],
  ['founder', 'subscriber'],
  ['og', 'subscriber'],
];

function levelOf(badges: Badge[]): UserLevel {
  const types = new Set(badges.map((b) => b.type));
  for (const [type, level] of levelOrder) if (types.has(type)) return level;
  return 'everyone';
}

export type Mapped = { broadcasterId: string; events: EventDraft[] };

/** A field only that type's body has: the type header is not signed, the body is. */
const ownField: Record<string, string> = {
  'chat.message.sent': 'content',
  'channel.followed': 'follower',
  'channel.subscription.new': 'subscriber',
  'channel.subscription.renewal': 'subscriber',
  'channel.subscription.gifts': 'giftees',
  'livestream.status.updated': 'is_live',
};

/** The broadcaster a delivery is for, and its normalized events; null for types not handled. */
export function mapKickEvent(type: string, body: Fields, messageId: string): Mapped | null {
  const broadcasterId = id(obj(body.broadcaster).user_id);
  if (!broadcasterId) return null;
  const person = (who: unknown) => {
    const p = obj(who);
    return { userId: id(p.user_id), userName: str(p.username) };
  };
  const one = (draft: EventDraft): Mapped => ({ broadcasterId, events: [draft] });
  const own = ownField[type];
  if (!own || body[own] === undefined || body[own] === null) return null;
  switch (type) {
    case 'chat.message.sent': {
      const text = typeof body.content === 'string' ? body.content : '';
      const sender = obj(body.sender);
      const badges = badgesOf(sender);
      const color = str(obj(sender.identity).username_color);
      const replyTo = str(obj(body.replies_to).message_id);
      const detail: Fields = {
        level: levelOf(badges),
        badges,
        ...(color ? { color } : {}),
        ...(replyTo ? { replyTo } : {}),
      };
      const command = parseCommand(text);
      return one({
        kind: command ? 'command' : 'message',
        platformEventId: str(body.message_id) ?? messageId,
        ...person(sender),
        text,
        detail: command ? { ...detail, ...command } : detail,
        ...at(body.created_at),
      });
    }
    case 'channel.followed':
      return one({
        kind: 'follow',
        platformEventId: messageId,
        ...person(body.follower),
        text: null,
        detail: {},
      });
    case 'channel.subscription.new':
    case 'channel.subscription.renewal':
      return one({
        kind: 'sub',
        platformEventId: messageId,
        ...person(body.subscriber),
        text: null,
        detail: {
          tier: 1,
          months: typeof body.duration === 'number' ? body.duration : 1,
          gifted: false,
        },
      });
    case 'channel.subscription.gifts': {
      const gifter = obj(body.gifter);
      const anonymous = gifter.is_anonymous === true;
      const giftees = Array.isArray(body.giftees) ? body.giftees : [];
      return one({
        kind: 'gift',
        platformEventId: messageId,
        ...(anonymous ? { userId: null, userName: null } : person(gifter)),
        text: null,
        detail: {
          tier: 1,
          count: Math.max(1, giftees.length),
          anonymous,
          giftees: giftees.map((g) => person(g).userName).filter(Boolean),
        },
        ...at(body.created_at),
      });
    }
    case 'livestream.status.updated':
      return one({
        kind: body.is_live === true ? 'stream_online' : 'stream_offline',
        platformEventId: messageId,
        userId: null,
        userName: null,
        text: null,
        detail: body.is_live === true && str(body.title) ? { title: str(body.title) } : {},
        ...at(body.is_live === true ? body.started_at : body.ended_at),
      });
    default:
      return null;
  }
}

function at(value: unknown): { at?: string } {
  const ms = parseTimestamp(typeof value === 'string' ? value : undefined);
  return ms === null ? {} : { at: new Date(ms).toISOString() };
}

const pruneChance = 1 / 200;

/**
 * How the channel's chat is read. The owner lookup (SECURITY DEFINER) gives only ids, so the mode
 * is read as the tenant, under Row-Level Security.
 */
async function chatModeOf({ db: handle }: RequestDb, owner: ChannelOwner) {
  const [row] = await withTenant(handle, { tenantIds: [owner.tenantId] }, (tx) =>
    tx
      .select({ chatMode: streamChannels.chatMode })
      .from(streamChannels)
      .where(eq(streamChannels.id, owner.channelId)),
  );
  return row?.chatMode ?? 'webhook';
}

export async function handleKickWebhook(c: AppContext): Promise<Response> {
  const raw = await c.req.text();
  const messageId = c.req.header('kick-event-message-id');
  await verifyKick(
    raw,
    {
      messageId,
      timestamp: c.req.header('kick-event-message-timestamp'),
      signature: c.req.header('kick-event-signature'),
    },
    c.get('config').KICK_API_BASE_URL,
  );
  const type = c.req.header('kick-event-type') ?? '';
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw badRequest('The delivery is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest('The delivery is not a Kick event.');
  const done = (outcome: string, extra: Record<string, unknown> = {}) => {
    log('debug', 'kick webhook', { requestId: c.get('requestId'), type, outcome, ...extra });
    return c.body(null, 204);
  };
  const mapped = mapKickEvent(type, body as Fields, messageId!);
  if (!mapped) return done('unhandled');
  const requestDb = db(c);
  const owner = await channelOwner(requestDb, 'kick', mapped.broadcasterId);
  if (!owner) return done('unknown_broadcaster');
  // A channel reading chat by socket gets its lines from the chat runner: this one is claimed (so
  // it counts as handled) and not stored. Follows, subs and stream status only come by webhook.
  const bySocket = type === 'chat.message.sent' && (await chatModeOf(requestDb, owner)) === 'socket';
  const fresh = await recordDelivery(requestDb, {
    provider: 'kick',
    messageId: messageId!,
    owner,
    events: bySocket ? [] : mapped.events,
  });
  if (fresh && Math.random() < pruneChance) {
    afterResponse(
      c,
      pruneDeliveries(requestDb).catch((err: unknown) =>
        log('warn', 'webhook delivery prune failed', { error: describeError(err) }),
      ),
    );
  }
  if (!fresh) return done('duplicate', { tenantId: owner.tenantId });
  return done(bySocket ? 'read_by_socket' : 'recorded', { tenantId: owner.tenantId });
}
