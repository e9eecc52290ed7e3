/**
 * Kick's moderation endpoints, from Kick's public API reference: POST /public/v1/moderation/bans
 * (`moderation:ban`; `{broadcaster_user_id, user_id, duration?, reason?}`, duration in minutes
 * 1..10080 makes a timeout, none a ban; reason up to 100 characters), DELETE on the same path
 * (JSON body `{broadcaster_user_id, user_id}`, lifts a ban or timeout) and DELETE
 * /public/v1/chat/{message_id} (`moderation:chat_message:manage`). The token's user must be the
 * channel's broadcaster or one of its moderators. Actions are recorded for assertions.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KickChatMessage } from './chat';
import { apiReply, bearerOf, readBody } from './http';
import type { KickOAuth } from './oauth';

export type KickBan = { reason: string; createdAt: number; expiresAt: number | null; moderatorId: number };

export type KickModerationAction =
  | {
      kind: 'ban' | 'timeout';
      broadcasterUserId: number;
      userId: number;
      durationMinutes: number | null;
      reason: string;
      moderatorId: number;
      at: number;
    }
  | { kind: 'unban'; broadcasterUserId: number; userId: number; moderatorId: number; at: number }
  | { kind: 'delete'; messageId: string; broadcasterUserId: number | null; moderatorId: number; at: number };

export function createKickModeration(
  oauth: KickOAuth,
  channelOwner: (userId: number) => boolean,
  sentMessages: KickChatMessage[],
) {
  const bans = new Map<number, Map<number, KickBan>>();
  const moderators = new Map<number, Set<number>>();
  const actions: KickModerationAction[] = [];

  const canModerate = (broadcaster: number, userId: number) =>
    broadcaster === userId || (moderators.get(broadcaster)?.has(userId) ?? false);

  function activeBan(broadcaster: number, userId: number): KickBan | null {
    const ban = bans.get(broadcaster)?.get(userId);
    if (!ban) return null;
    if (ban.expiresAt !== null && ban.expiresAt <= Date.now()) {
      bans.get(broadcaster)!.delete(userId);
      return null;
    }
    return ban;
  }

  /** The user token with `scope`, or the error answer's status. */
  function authorize(req: IncomingMessage, res: ServerResponse, scope: string) {
    const token = oauth.tokenFor(bearerOf(req));
    if (token?.kind !== 'user') {
      apiReply(res, 401, {}, 'Unauthorized');
      return null;
    }
    if (!token.scopes.includes(scope)) {
      apiReply(res, 403, {}, `Forbidden: missing scope ${scope}`);
      return null;
    }
    return token as typeof token & { userId: number };
  }

  async function target(req: IncomingMessage, url: URL) {
    const parsed = (await readBody(req)).json;
    const body = (parsed && typeof parsed === 'object' ? parsed : {}) as Record<string, unknown>;
    const pick = (field: string) => body[field] ?? url.searchParams.get(field) ?? undefined;
    const num = (value: unknown) =>
      typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    return { body, broadcaster: num(pick('broadcaster_user_id')), userId: num(pick('user_id')) };
  }

  async function ban(req: IncomingMessage, res: ServerResponse, url: URL): Promise<number> {
    const reply = (status: number, message: string, data: unknown = {}) => {
      apiReply(res, status, data, message);
      return status;
    };
    const token = authorize(req, res, 'moderation:ban');
    if (!token) return res.statusCode;
    const { body, broadcaster, userId } = await target(req, url);
    if (typeof broadcaster !== 'number' || !Number.isInteger(broadcaster))
      return reply(400, 'broadcaster_user_id is required');
    if (typeof userId !== 'number' || !Number.isInteger(userId)) return reply(400, 'user_id is required');
    if (!channelOwner(broadcaster)) return reply(404, 'Channel not found');
    if (!canModerate(broadcaster, token.userId))
      return reply(403, 'Forbidden: not a moderator of this channel');
    if (userId === broadcaster) return reply(400, 'The broadcaster cannot be banned');
    const duration = body.duration;
    if (
      duration !== undefined &&
      (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 1 || duration > 10_080)
    )
      return reply(400, 'duration must be between 1 and 10080 minutes');
    const reason = body.reason ?? '';
    if (typeof reason !== 'string' || [...reason].length > 100)
      return reply(400, 'reason must be at most 100 characters');
    const now = Date.now();
    const forChannel = bans.get(broadcaster) ?? new Map<number, KickBan>();
    bans.set(broadcaster, forChannel);
    forChannel.set(userId, {
      reason,
      createdAt: now,
      expiresAt: duration === undefined ? null : now + duration * 60_000,
      moderatorId: token.userId,
    });
    actions.push({
      kind: duration === undefined ? 'ban' : 'timeout',
      broadcasterUserId: broadcaster,
      userId,
      durationMinutes: duration === undefined ? null : duration,
      reason,
      moderatorId: token.userId,
      at: now,
    });
    return reply(200, 'OK');
  }

  async function unban(req: IncomingMessage, res: ServerResponse, url: URL): Promise<number> {
    const reply = (status: number, message: string) => {
      apiReply(res, status, {}, message);
      return status;
    };
    const token = authorize(req, res, 'moderation:ban');
    if (!token) return res.statusCode;
    const { broadcaster, userId } = await target(req, url);
    if (typeof broadcaster !== 'number' || !Number.isInteger(broadcaster))
      return reply(400, 'broadcaster_user_id is required');
    if (typeof userId !== 'number' || !Number.isInteger(userId)) return reply(400, 'user_id is required');
    if (!channelOwner(broadcaster)) return reply(404, 'Channel not found');
    if (!canModerate(broadcaster, token.userId))
      return reply(403, 'Forbidden: not a moderator of this channel');
    if (!activeBan(broadcaster, userId)) return reply(400, 'The user is not banned');
    bans.get(broadcaster)!.delete(userId);
    actions.push({
      kind: 'unban',
      broadcasterUserId: broadcaster,
      userId,
      moderatorId: token.userId,
      at: Date.now(),
    });
    return reply(200, 'OK');
  }

  // Only messages sent through the API are known here (webhook chat is the tests' own); an
  // unknown id is taken as a viewer's message and recorded.
  async function deleteMessage(
    req: IncomingMessage,
    res: ServerResponse,
    messageId: string,
  ): Promise<number> {
    const token = authorize(req, res, 'moderation:chat_message:manage');
    if (!token) return res.statusCode;
    await readBody(req);
    const known = sentMessages.find((m) => m.message_id === messageId);
    if (known && !canModerate(known.broadcaster_user_id, token.userId)) {
      apiReply(res, 403, {}, 'Forbidden: not a moderator of this channel');
      return 403;
    }
    actions.push({
      kind: 'delete',
      messageId,
      broadcasterUserId: known?.broadcaster_user_id ?? null,
      moderatorId: token.userId,
      at: Date.now(),
    });
    res.writeHead(204).end();
    return 204;
  }

  return {
    ban,
    unban,
    deleteMessage,
    api: {
      /** Every ban, timeout, unban and deletion Kick accepted, oldest first. */
      actions: () => [...actions],
      /** Whether a user is banned or in a running timeout in a channel (both by user id). */
      isBanned: (broadcasterUserId: number, userId: number) => activeBan(broadcasterUserId, userId) !== null,
      ban: (broadcasterUserId: number, userId: number) => activeBan(broadcasterUserId, userId),
      /** Makes (or unmakes) a user a moderator of a channel. */
      setModerator(broadcasterUserId: number, userId: number, moderator = true) {
        const mods = moderators.get(broadcasterUserId) ?? new Set<number>();
        if (moderator) mods.add(userId);
        else mods.delete(userId);
        moderators.set(broadcasterUserId, mods);
      },
    },
  };
}
