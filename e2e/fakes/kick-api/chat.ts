/**
 * Kick's chat endpoint, POST /public/v1/chat: a user token with chat:write sends
 * `{type: 'bot'|'user', content, broadcaster_user_id, reply_to_message_id?}` and gets
 * `{data: {is_sent, message_id}, message}`. Content is limited to 500 characters. Sends are
 * recorded for assertions and limited per channel (a sliding window), answering 429 past it.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiReply, bearerOf, json, readBody } from './http';
import type { KickOAuth } from './oauth';

export type KickChatMessage = {
  message_id: string;
  type: 'bot' | 'user';
  content: string;
  broadcaster_user_id: number;
  reply_to_message_id: string | null;
  /** The user whose token sent it. */
  sender_user_id: number;
  at: number;
};

export type KickChatRateLimit = { limit: number; windowMs: number };

export function createKickChat(
  oauth: KickOAuth,
  channelOwner: (userId: number) => boolean,
  rate: KickChatRateLimit,
) {
  const sent: KickChatMessage[] = [];
  const refused: { broadcaster_user_id: number; content: string; status: number; at: number }[] = [];
  const windows = new Map<number, number[]>();
  let limit = rate;

  async function post(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const reply = (status: number, data: unknown, message: string) => {
      apiReply(res, status, data, message);
      return status;
    };
    const token = oauth.tokenFor(bearerOf(req));
    if (token?.kind !== 'user') return reply(401, {}, 'Unauthorized');
    if (!token.scopes.includes('chat:write')) return reply(403, {}, 'Forbidden: missing scope chat:write');
    const parsed = (await readBody(req)).json;
    const body = (parsed && typeof parsed === 'object' ? parsed : {}) as Record<string, unknown>;
    const type = body.type;
    const content = body.content;
    if (type !== 'bot' && type !== 'user') return reply(400, {}, 'type must be one of: bot, user');
    if (typeof content !== 'string' || content.trim() === '') return reply(400, {}, 'content is required');
    if ([...content].length > 500) return reply(400, {}, 'content must be at most 500 characters');
    const given = body.broadcaster_user_id;
    if (given !== undefined && (typeof given !== 'number' || !Number.isInteger(given)))
      return reply(400, {}, 'broadcaster_user_id must be an integer');
    if (type === 'user' && given === undefined)
      return reply(400, {}, 'broadcaster_user_id is required when type is user');
    // A bot message without a broadcaster goes to the channel of the token's own user.
    const broadcaster = (given as number | undefined) ?? token.userId!;
    if (!channelOwner(broadcaster)) return reply(404, {}, 'Channel not found');
    const replyTo = body.reply_to_message_id;
    if (replyTo !== undefined && typeof replyTo !== 'string')
      return reply(400, {}, 'reply_to_message_id must be a string');
    const now = Date.now();
    const recent = (windows.get(broadcaster) ?? []).filter((t) => t > now - limit.windowMs);
    if (recent.length >= limit.limit) {
      windows.set(broadcaster, recent);
      refused.push({ broadcaster_user_id: broadcaster, content, status: 429, at: now });
      const retry = Math.max(1, Math.ceil((recent[0]! + limit.windowMs - now) / 1000));
      json(res, 429, { data: {}, message: 'Too Many Requests' }, { 'retry-after': String(retry) });
      return 429;
    }
    recent.push(now);
    windows.set(broadcaster, recent);
    const message: KickChatMessage = {
      message_id: randomUUID(),
      type,
      content,
      broadcaster_user_id: broadcaster,
      reply_to_message_id: (replyTo as string | undefined) ?? null,
      sender_user_id: token.userId!,
      at: now,
    };
    sent.push(message);
    return reply(200, { is_sent: true, message_id: message.message_id }, 'OK');
  }

  return {
    post,
    api: {
      /** Every message Kick accepted, in order. */
      sent,
      /** Messages answered 429. */
      refused,
      /** Messages accepted for one channel. */
      messagesTo: (broadcasterUserId: number) =>
        sent.filter((m) => m.broadcaster_user_id === broadcasterUserId),
      setRateLimit(next: KickChatRateLimit) {
        limit = next;
        windows.clear();
      },
    },
  };
}
