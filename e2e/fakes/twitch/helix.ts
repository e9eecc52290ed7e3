/**
 * The Helix subset the product calls, under /helix: users, channels, channel followers, streams, EventSub
 * subscriptions (webhook transport, app token), moderators, polls (the broadcaster's token) and
 * whispers (the sender's token). Every request needs a Bearer
 * token and the matching Client-Id header; answers carry Ratelimit-Limit/-Remaining/-Reset from
 * a token bucket (Twitch: 800 points per minute) and a 429 when it is empty.
 */
import type { IncomingMessage } from 'node:http';
import { type EventSub, publicSubscription, SUBSCRIPTION_TYPES } from './eventsub';
import { type Body, isRecord, TwitchError } from './http';
import type { Grant, OAuth } from './oauth';
import {
  activeBan,
  chatSettingsOf,
  type FakeChatSettings,
  isModerator,
  publicUser,
  type State,
  uuid,
} from './state';

export type HelixReply = { status: number; body: unknown; headers: Record<string, string> };

export type PollStatus = 'ACTIVE' | 'COMPLETED' | 'TERMINATED' | 'ARCHIVED';

/** A native poll as the fake keeps it; `votes` per choice, in order. */
export type FakePoll = {
  id: string;
  broadcasterId: string;
  title: string;
  choices: { id: string; title: string; votes: number }[];
  duration: number;
  status: PollStatus;
  startedAt: number;
  endedAt: number | null;
  channelPointsVoting: boolean;
  channelPointsPerVote: number;
};

/** What a moderator did through Helix, oldest first. */
export type FakeModerationAction =
  | {
      kind: 'ban' | 'timeout';
      broadcasterId: string;
      moderatorId: string;
      userId: string;
      durationS: number | null;
      reason: string;
      at: number;
    }
  | { kind: 'unban'; broadcasterId: string; moderatorId: string; userId: string; at: number }
  | { kind: 'delete'; broadcasterId: string; moderatorId: string; messageId: string; at: number }
  | { kind: 'clear'; broadcasterId: string; moderatorId: string; at: number }
  | {
      kind: 'chat_settings';
      broadcasterId: string;
      moderatorId: string;
      settings: FakeChatSettings;
      at: number;
    };

/** How Helix's moderation reaches chat: CLEARCHAT, CLEARMSG and ROOMSTATE to IRC clients. */
export type HelixChatHooks = {
  message(id: string): { channel: string; login: string; userId: string; text: string } | null;
  clearChat(channelLogin: string, target?: { login: string; seconds?: number }): void;
  clearMessage(channelLogin: string, message: { login: string; id: string; text: string }): void;
  roomstate(channelLogin: string): void;
};

export type FakeWhisper = { fromUserId: string; toUserId: string; message: string; at: number };

const MAX_TOTAL_COST = 10_000;

export function createHelix(state: State, oauth: OAuth, eventsub: EventSub, chat?: HelixChatHooks) {
  let limit = { points: 800, windowMs: 60_000 };
  const moderationActions: FakeModerationAction[] = [];
  const polls = new Map<string, FakePoll>();
  const whispers: FakeWhisper[] = [];
  const buckets = new Map<string, { resetAt: number; used: number }>();

  function authenticate(req: IncomingMessage): Grant {
    const header = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
    if (!header) throw new TwitchError(401, 'OAuth token is missing');
    const clientId = req.headers['client-id'];
    if (!clientId) throw new TwitchError(401, 'Client ID is missing');
    const grant = oauth.grantFor(header[1]!.trim());
    if (!grant) throw new TwitchError(401, 'Invalid OAuth token');
    if (grant.clientId !== clientId) throw new TwitchError(401, 'Client ID and OAuth token do not match');
    return grant;
  }

  function take(grant: Grant): Record<string, string> {
    const now = Date.now();
    const key = `${grant.clientId}:${grant.userId ?? 'app'}`;
    let bucket = buckets.get(key);
    if (!bucket || bucket.resetAt <= now) {
      bucket = { resetAt: now + limit.windowMs, used: 0 };
      buckets.set(key, bucket);
    }
    const headers = {
      'ratelimit-limit': String(limit.points),
      'ratelimit-remaining': String(Math.max(0, limit.points - bucket.used - 1)),
      'ratelimit-reset': String(Math.ceil(bucket.resetAt / 1000)),
    };
    if (bucket.used >= limit.points) {
      const error = new TwitchError(429, 'Too Many Requests');
      error.headers = { ...headers, 'ratelimit-remaining': '0' };
      throw error;
    }
    bucket.used++;
    return headers;
  }

  const requireApp = (grant: Grant) => {
    if (grant.userId) throw new TwitchError(401, 'The Authorization header must contain an app access token');
  };

  function users(query: URLSearchParams, grant: Grant) {
    const ids = query.getAll('id');
    const logins = query.getAll('login').map((l) => l.toLowerCase());
    if (ids.length + logins.length > 100)
      throw new TwitchError(400, 'The sum of id and login parameters must not exceed 100');
    let found = [...state.users.values()].filter((u) => ids.includes(u.id) || logins.includes(u.login));
    if (ids.length + logins.length === 0) {
      if (!grant.userId) throw new TwitchError(400, 'Must provide an ID, Login or OAuth Token');
      found = [state.users.get(grant.userId)!].filter(Boolean);
    }
    const withEmail = grant.scopes.includes('user:read:email');
    return { data: found.map((u) => publicUser(u, withEmail && u.id === grant.userId)) };
  }

  function channels(query: URLSearchParams) {
    const ids = query.getAll('broadcaster_id');
    if (ids.length === 0) throw new TwitchError(400, 'Missing required parameter "broadcaster_id"');
    return {
      data: ids.flatMap((id) => {
        const user = state.users.get(id);
        const info = state.channels.get(id);
        if (!user || !info) return [];
        return [
          {
            broadcaster_id: user.id,
            broadcaster_login: user.login,
            broadcaster_name: user.display_name,
            broadcaster_language: info.broadcaster_language,
            game_id: info.game_id,
            game_name: info.game_name,
            title: info.title,
            delay: 0,
            tags: info.tags,
            content_classification_labels: [],
            is_branded_content: false,
          },
        ];
      }),
    };
  }

  function streams(query: URLSearchParams) {
    const ids = query.getAll('user_id');
    const logins = query.getAll('user_login').map((l) => l.toLowerCase());
    const live = [...state.streams.values()].filter((s) => {
      const user = state.users.get(s.user_id)!;
      return (
        (ids.length === 0 && logins.length === 0) || ids.includes(s.user_id) || logins.includes(user.login)
      );
    });
    return {
      data: live.map((s) => {
        const user = state.users.get(s.user_id)!;
        return {
          id: s.id,
          user_id: user.id,
          user_login: user.login,
          user_name: user.display_name,
          game_id: s.game_id,
          game_name: s.game_name,
          type: 'live',
          title: s.title,
          tags: [],
          viewer_count: s.viewer_count,
          started_at: s.started_at,
          language: 'en',
          thumbnail_url: `https://static-cdn.jtvnw.net/previews-ttv/live_user_${user.login}-{width}x{height}.jpg`,
          tag_ids: [],
          is_mature: false,
        };
      }),
      pagination: {},
    };
  }

  // Follow details need moderator:read:followers from the broadcaster or one of its moderators;
  // any other token sees only the total, as Twitch answers.
  function followers(query: URLSearchParams, grant: Grant) {
    const broadcasterId = query.get('broadcaster_id');
    if (!broadcasterId) throw new TwitchError(400, 'Missing required parameter "broadcaster_id"');
    if (!grant.userId) throw new TwitchError(401, 'User access token required');
    const first = Number(query.get('first') ?? 20);
    if (!Number.isInteger(first) || first < 1 || first > 100)
      throw new TwitchError(400, 'The parameter "first" was malformed: the value must be between 1 and 100');
    const all = [...(state.follows.get(broadcasterId) ?? new Map<string, string>())]
      .map(([userId, followedAt]) => ({ userId, followedAt }))
      .sort((a, b) => b.followedAt.localeCompare(a.followedAt));
    const userId = query.get('user_id');
    const allowed =
      grant.scopes.includes('moderator:read:followers') &&
      (grant.userId === broadcasterId || isModerator(state, broadcasterId, grant.userId));
    const listed = allowed ? all.filter((f) => !userId || f.userId === userId).slice(0, first) : [];
    return {
      total: userId ? listed.length : all.length,
      data: listed.map((f) => {
        const user = state.users.get(f.userId)!;
        return {
          user_id: user.id,
          user_login: user.login,
          user_name: user.display_name,
          followed_at: f.followedAt,
        };
      }),
      pagination: {},
    };
  }

  const totals = () => {
    const all = [...eventsub.subscriptions.values()];
    return {
      total: all.length,
      total_cost: all.reduce((n, s) => n + s.cost, 0),
      max_total_cost: MAX_TOTAL_COST,
    };
  };

  function createSubscription(json: unknown, grant: Grant) {
    requireApp(grant);
    if (!isRecord(json)) throw new TwitchError(400, 'Invalid request body');
    const { type, version, condition, transport } = json;
    const spec = typeof type === 'string' ? SUBSCRIPTION_TYPES[type] : undefined;
    if (!spec || version !== spec.version)
      throw new TwitchError(400, 'invalid subscription type and version');
    if (!isRecord(condition)) throw new TwitchError(400, 'missing condition');
    for (const field of spec.condition)
      if (typeof condition[field] !== 'string' || !condition[field])
        throw new TwitchError(400, `condition.${field} is required`);
    if (!isRecord(transport) || transport.method !== 'webhook')
      throw new TwitchError(400, 'transport method must be webhook for app access tokens');
    let callback: URL;
    try {
      callback = new URL(String(transport.callback));
    } catch {
      throw new TwitchError(400, 'invalid transport callback');
    }
    if (callback.protocol !== 'https:' && callback.protocol !== 'http:')
      throw new TwitchError(400, 'invalid transport callback');
    const secret = transport.secret;
    if (typeof secret !== 'string' || secret.length < 10 || secret.length > 100)
      throw new TwitchError(400, 'transport.secret must be between 10 and 100 characters');
    const conditionStrings = Object.fromEntries(
      Object.entries(condition).map(([k, v]) => [k, String(v)]),
    ) as Record<string, string>;
    const authorizer = spec.authorizer ? conditionStrings[spec.authorizer]! : null;
    if (authorizer && !spec.scopes.some((set) => oauth.hasScopes(authorizer, set)))
      throw new TwitchError(403, 'subscription missing proper authorization');
    const same = [...eventsub.subscriptions.values()].find(
      (s) =>
        s.type === type &&
        s.transport.callback === callback.toString() &&
        JSON.stringify(s.condition) === JSON.stringify(conditionStrings) &&
        (s.status === 'enabled' || s.status === 'webhook_callback_verification_pending'),
    );
    if (same) throw new TwitchError(409, 'subscription already exists');
    const broadcasterId = Object.values(conditionStrings)[0]!;
    // Twitch charges 1 unless a user named in the condition has authorized the client.
    const cost =
      oauth.hasAuthorized(broadcasterId) || (authorizer && oauth.hasAuthorized(authorizer)) ? 0 : 1;
    const sub = eventsub.create({
      type: type as string,
      version: spec.version,
      condition: conditionStrings,
      transport: { method: 'webhook', callback: callback.toString() },
      cost,
      secret,
    });
    return { status: 202, body: { data: [publicSubscription(sub)], ...totals() } };
  }

  function listSubscriptions(query: URLSearchParams, grant: Grant) {
    requireApp(grant);
    const status = query.get('status');
    const type = query.get('type');
    const userId = query.get('user_id');
    const id = query.get('subscription_id');
    const data = [...eventsub.subscriptions.values()].filter(
      (s) =>
        (!status || s.status === status) &&
        (!type || s.type === type) &&
        (!id || s.id === id) &&
        (!userId || Object.values(s.condition).includes(userId)),
    );
    return { data: data.map(publicSubscription), ...totals(), pagination: {} };
  }

  function deleteSubscription(query: URLSearchParams, grant: Grant) {
    requireApp(grant);
    const id = query.get('id');
    if (!id) throw new TwitchError(400, 'Missing required parameter "id"');
    if (!eventsub.subscriptions.delete(id)) throw new TwitchError(404, 'subscription not found');
    return { status: 204, body: null };
  }

  function moderators(query: URLSearchParams, grant: Grant) {
    const broadcasterId = query.get('broadcaster_id');
    if (!broadcasterId) throw new TwitchError(400, 'Missing required parameter "broadcaster_id"');
    if (!grant.userId) throw new TwitchError(401, 'User access token required');
    if (!grant.scopes.includes('moderation:read') && !grant.scopes.includes('channel:manage:moderators'))
      throw new TwitchError(401, 'Missing scope: moderation:read');
    if (grant.userId !== broadcasterId)
      throw new TwitchError(
        401,
        "The ID in broadcaster_id must match the user ID found in the request's OAuth token.",
      );
    const only = query.getAll('user_id');
    const ids = [...(state.moderators.get(broadcasterId) ?? [])].filter(
      (id) => only.length === 0 || only.includes(id),
    );
    return {
      data: ids.map((id) => {
        const user = state.users.get(id)!;
        return { user_id: user.id, user_login: user.login, user_name: user.display_name };
      }),
      pagination: {},
    };
  }

  // A poll whose duration ran out is COMPLETED, as Twitch shows it.
  function current(poll: FakePoll): FakePoll {
    if (poll.status === 'ACTIVE' && Date.now() >= poll.startedAt + poll.duration * 1000) {
      poll.status = 'COMPLETED';
      poll.endedAt = poll.startedAt + poll.duration * 1000;
    }
    return poll;
  }

  const iso = (ms: number) => new Date(ms).toISOString();

  function publicPoll(poll: FakePoll) {
    const user = state.users.get(poll.broadcasterId)!;
    return {
      id: poll.id,
      broadcaster_id: user.id,
      broadcaster_name: user.display_name,
      broadcaster_login: user.login,
      title: poll.title,
      choices: poll.choices.map((c) => ({
        id: c.id,
        title: c.title,
        votes: c.votes,
        channel_points_votes: 0,
        bits_votes: 0,
      })),
      bits_voting_enabled: false,
      bits_per_vote: 0,
      channel_points_voting_enabled: poll.channelPointsVoting,
      channel_points_per_vote: poll.channelPointsPerVote,
      status: current(poll).status,
      duration: poll.duration,
      started_at: iso(poll.startedAt),
      ended_at: poll.endedAt === null ? null : iso(poll.endedAt),
    };
  }

  /** The broadcaster's own user token with one of `scopes`, as every polls endpoint requires. */
  function requireBroadcaster(grant: Grant, broadcasterId: unknown, scopes: string[]): string {
    if (typeof broadcasterId !== 'string' || !broadcasterId)
      throw new TwitchError(400, 'Missing required parameter "broadcaster_id"');
    if (!grant.userId) throw new TwitchError(401, 'User access token required');
    if (!scopes.some((s) => grant.scopes.includes(s)))
      throw new TwitchError(401, `Missing scope: ${scopes.join(' or ')}`);
    if (grant.userId !== broadcasterId)
      throw new TwitchError(
        403,
        "The ID in broadcaster_id must match the user ID found in the request's OAuth token.",
      );
    return broadcasterId;
  }

  const chars = (text: string) => [...text].length;

  function createPoll(json: unknown, grant: Grant) {
    if (!isRecord(json)) throw new TwitchError(400, 'Invalid request body');
    const broadcasterId = requireBroadcaster(grant, json.broadcaster_id, ['channel:manage:polls']);
    const { title, choices, duration } = json;
    if (typeof title !== 'string' || !title.trim())
      throw new TwitchError(400, 'Missing required parameter "title"');
    if (chars(title) > 60) throw new TwitchError(400, 'The title may contain a maximum of 60 characters');
    if (!Array.isArray(choices) || choices.length < 2 || choices.length > 5)
      throw new TwitchError(
        400,
        'The poll must contain a minimum of 2 choices and up to a maximum of 5 choices',
      );
    for (const choice of choices) {
      if (!isRecord(choice) || typeof choice.title !== 'string' || !choice.title.trim())
        throw new TwitchError(400, 'Each choice must have a title');
      if (chars(choice.title) > 25)
        throw new TwitchError(400, 'The choice title may contain a maximum of 25 characters');
    }
    if (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 15 || duration > 1800)
      throw new TwitchError(400, 'The duration must be between 15 and 1800 seconds');
    const active = [...polls.values()].find(
      (p) => p.broadcasterId === broadcasterId && current(p).status === 'ACTIVE',
    );
    if (active) throw new TwitchError(400, 'The broadcaster already has a poll that is running');
    const poll: FakePoll = {
      id: uuid(),
      broadcasterId,
      title,
      choices: (choices as { title: string }[]).map((c) => ({ id: uuid(), title: c.title, votes: 0 })),
      duration,
      status: 'ACTIVE',
      startedAt: Date.now(),
      endedAt: null,
      channelPointsVoting: json.channel_points_voting_enabled === true,
      channelPointsPerVote: Number(json.channel_points_per_vote ?? 0) || 0,
    };
    polls.set(poll.id, poll);
    return { data: [publicPoll(poll)] };
  }

  function getPolls(query: URLSearchParams, grant: Grant) {
    const broadcasterId = requireBroadcaster(grant, query.get('broadcaster_id'), [
      'channel:read:polls',
      'channel:manage:polls',
    ]);
    const ids = query.getAll('id');
    if (ids.length > 20) throw new TwitchError(400, 'You may specify a maximum of 20 IDs');
    const found = [...polls.values()]
      .filter((p) => p.broadcasterId === broadcasterId && (ids.length === 0 || ids.includes(p.id)))
      .filter((p) => ids.length > 0 || p.status !== 'ARCHIVED')
      .sort((a, b) => b.startedAt - a.startedAt);
    return { data: found.map(publicPoll), pagination: {} };
  }

  function endPoll(json: unknown, grant: Grant) {
    if (!isRecord(json)) throw new TwitchError(400, 'Invalid request body');
    const broadcasterId = requireBroadcaster(grant, json.broadcaster_id, ['channel:manage:polls']);
    const poll = typeof json.id === 'string' ? polls.get(json.id) : undefined;
    if (!poll || poll.broadcasterId !== broadcasterId) throw new TwitchError(400, 'The poll was not found');
    if (json.status !== 'TERMINATED' && json.status !== 'ARCHIVED')
      throw new TwitchError(400, 'The status must be TERMINATED or ARCHIVED');
    if (current(poll).status !== 'ACTIVE') throw new TwitchError(400, 'The poll must be active to end it');
    poll.status = json.status;
    poll.endedAt = Date.now();
    return { data: [publicPoll(poll)] };
  }

  function whisper(query: URLSearchParams, json: unknown, grant: Grant) {
    const from = query.get('from_user_id');
    const to = query.get('to_user_id');
    if (!from) throw new TwitchError(400, 'Missing required parameter "from_user_id"');
    if (!to) throw new TwitchError(400, 'Missing required parameter "to_user_id"');
    if (!grant.userId) throw new TwitchError(401, 'User access token required');
    if (!grant.scopes.includes('user:manage:whispers'))
      throw new TwitchError(401, 'Missing scope: user:manage:whispers');
    if (grant.userId !== from)
      throw new TwitchError(
        401,
        "The ID in from_user_id must match the user ID found in the request's OAuth token.",
      );
    if (from === to) throw new TwitchError(400, 'The sender and receiver cannot be the same user');
    const message = isRecord(json) ? json.message : undefined;
    if (typeof message !== 'string' || !message.trim())
      throw new TwitchError(400, 'The message field must not be empty');
    if (!state.users.has(to)) throw new TwitchError(404, 'The ID in to_user_id was not found');
    // A first whisper to someone is cut at 500 characters, later ones at 10,000.
    const known = whispers.some((w) => w.fromUserId === from && w.toUserId === to);
    whispers.push({
      fromUserId: from,
      toUserId: to,
      message: [...message].slice(0, known ? 10_000 : 500).join(''),
      at: Date.now(),
    });
    return { status: 204, body: null };
  }

  /**
   * The moderator a moderation call acts as: moderator_id must be the token's user, the token must
   * carry `scope`, and the user must be the broadcaster or one of its moderators.
   */
  function requireModerator(query: URLSearchParams, grant: Grant, scope: string) {
    const broadcasterId = query.get('broadcaster_id');
    const moderatorId = query.get('moderator_id');
    if (!broadcasterId) throw new TwitchError(400, 'Missing required parameter "broadcaster_id"');
    if (!moderatorId) throw new TwitchError(400, 'Missing required parameter "moderator_id"');
    if (!grant.userId) throw new TwitchError(401, 'User access token required');
    if (!grant.scopes.includes(scope)) throw new TwitchError(401, `Missing scope: ${scope}`);
    if (grant.userId !== moderatorId)
      throw new TwitchError(
        401,
        "The ID in moderator_id must match the user ID found in the request's OAuth token.",
      );
    const room = state.users.get(broadcasterId);
    if (!room) throw new TwitchError(400, 'The ID in broadcaster_id is not valid.');
    if (moderatorId !== broadcasterId && !isModerator(state, broadcasterId, moderatorId))
      throw new TwitchError(403, "The user in moderator_id is not one of the broadcaster's moderators.");
    return { broadcasterId, moderatorId, room };
  }

  const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

  function ban(query: URLSearchParams, json: unknown, grant: Grant) {
    const { broadcasterId, moderatorId, room } = requireModerator(
      query,
      grant,
      'moderator:manage:banned_users',
    );
    const data = isRecord(json) && isRecord(json.data) ? json.data : null;
    if (!data) throw new TwitchError(400, 'Missing required parameter "data"');
    const userId = data.user_id;
    if (typeof userId !== 'string' || !userId)
      throw new TwitchError(400, 'Missing required parameter "data.user_id"');
    const user = state.users.get(userId);
    if (!user) throw new TwitchError(400, 'The user specified in the user_id field was not found.');
    if (userId === broadcasterId)
      throw new TwitchError(400, 'The user specified in the user_id field may not be banned.');
    const duration = data.duration;
    if (
      duration !== undefined &&
      (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 1 || duration > 1_209_600)
    )
      throw new TwitchError(400, 'The value in the duration field is not valid.');
    const reason = data.reason ?? '';
    if (typeof reason !== 'string' || [...reason].length > 500)
      throw new TwitchError(400, 'The text in the reason field is too long.');
    // A banned user cannot be moved into a timeout (a timed-out one can be banned or timed out again).
    if (activeBan(state, broadcasterId, userId)?.endsAt === null)
      throw new TwitchError(400, 'The user specified in the user_id field is already banned.');
    const now = Date.now();
    const endsAt = duration === undefined ? null : now + duration * 1000;
    const bans = state.bans.get(broadcasterId) ?? new Map();
    state.bans.set(broadcasterId, bans);
    bans.set(userId, { moderatorId, reason, createdAt: now, endsAt });
    moderationActions.push({
      kind: duration === undefined ? 'ban' : 'timeout',
      broadcasterId,
      moderatorId,
      userId,
      durationS: duration === undefined ? null : duration,
      reason,
      at: now,
    });
    chat?.clearChat(room.login, {
      login: user.login,
      ...(duration === undefined ? {} : { seconds: duration }),
    });
    return {
      data: [
        {
          broadcaster_id: broadcasterId,
          moderator_id: moderatorId,
          user_id: userId,
          created_at: isoSeconds(now),
          end_time: endsAt === null ? null : isoSeconds(endsAt),
        },
      ],
    };
  }

  function unban(query: URLSearchParams, grant: Grant) {
    const { broadcasterId, moderatorId } = requireModerator(query, grant, 'moderator:manage:banned_users');
    const userId = query.get('user_id');
    if (!userId) throw new TwitchError(400, 'Missing required parameter "user_id"');
    if (!activeBan(state, broadcasterId, userId))
      throw new TwitchError(400, 'The user specified in the user_id field is not banned.');
    state.bans.get(broadcasterId)!.delete(userId);
    moderationActions.push({ kind: 'unban', broadcasterId, moderatorId, userId, at: Date.now() });
    return { status: 204, body: null };
  }

  // Without message_id every message of the channel is cleared, as Twitch does.
  function deleteMessages(query: URLSearchParams, grant: Grant) {
    const { broadcasterId, moderatorId, room } = requireModerator(
      query,
      grant,
      'moderator:manage:chat_messages',
    );
    const messageId = query.get('message_id');
    if (!messageId) {
      moderationActions.push({ kind: 'clear', broadcasterId, moderatorId, at: Date.now() });
      chat?.clearChat(room.login);
      return { status: 204, body: null };
    }
    const message = chat?.message(messageId) ?? null;
    if (chat && (!message || message.channel !== `#${room.login}`))
      throw new TwitchError(404, 'The ID in message_id was not found.');
    if (message && message.userId === broadcasterId)
      throw new TwitchError(400, "You may not delete the broadcaster's messages.");
    if (message && message.userId !== moderatorId && isModerator(state, broadcasterId, message.userId))
      throw new TwitchError(400, "You may not delete another moderator's messages.");
    moderationActions.push({ kind: 'delete', broadcasterId, moderatorId, messageId, at: Date.now() });
    if (message) chat?.clearMessage(room.login, { login: message.login, id: messageId, text: message.text });
    return { status: 204, body: null };
  }

  const settingsJson = (broadcasterId: string, moderatorId: string | null) => ({
    broadcaster_id: broadcasterId,
    ...(moderatorId ? { moderator_id: moderatorId } : {}),
    ...chatSettingsOf(state, broadcasterId),
    non_moderator_chat_delay: false,
    non_moderator_chat_delay_duration: null,
  });

  function getChatSettings(query: URLSearchParams) {
    const broadcasterId = query.get('broadcaster_id');
    if (!broadcasterId) throw new TwitchError(400, 'Missing required parameter "broadcaster_id"');
    if (!state.users.has(broadcasterId)) throw new TwitchError(400, 'The ID in broadcaster_id is not valid.');
    return { data: [settingsJson(broadcasterId, query.get('moderator_id'))] };
  }

  function patchChatSettings(query: URLSearchParams, json: unknown, grant: Grant) {
    const { broadcasterId, moderatorId, room } = requireModerator(
      query,
      grant,
      'moderator:manage:chat_settings',
    );
    if (!isRecord(json)) throw new TwitchError(400, 'Invalid request body');
    const next = { ...chatSettingsOf(state, broadcasterId) };
    const flag = (
      field: 'emote_mode' | 'follower_mode' | 'slow_mode' | 'subscriber_mode' | 'unique_chat_mode',
    ) => {
      const value = json[field];
      if (value === undefined) return;
      if (typeof value !== 'boolean') throw new TwitchError(400, `The ${field} field must be a boolean.`);
      next[field] = value;
    };
    flag('emote_mode');
    flag('follower_mode');
    flag('slow_mode');
    flag('subscriber_mode');
    flag('unique_chat_mode');
    const between = (field: string, min: number, max: number) => {
      const value = json[field];
      if (value === undefined) return undefined;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
        throw new TwitchError(400, `The value in the ${field} field is not valid.`);
      return value;
    };
    const followerMinutes = between('follower_mode_duration', 0, 129_600);
    const slowSeconds = between('slow_mode_wait_time', 3, 120);
    // Setting a duration turns its mode on; a mode turned on without one takes Twitch's default.
    if (followerMinutes !== undefined && json.follower_mode === undefined) next.follower_mode = true;
    if (slowSeconds !== undefined && json.slow_mode === undefined) next.slow_mode = true;
    next.follower_mode_duration = next.follower_mode
      ? (followerMinutes ?? next.follower_mode_duration ?? 0)
      : null;
    next.slow_mode_wait_time = next.slow_mode ? (slowSeconds ?? next.slow_mode_wait_time ?? 30) : null;
    state.chatSettings.set(broadcasterId, next);
    moderationActions.push({
      kind: 'chat_settings',
      broadcasterId,
      moderatorId,
      settings: { ...next },
      at: Date.now(),
    });
    chat?.roomstate(room.login);
    return { data: [settingsJson(broadcasterId, moderatorId)] };
  }

  return {
    async handle(
      req: IncomingMessage,
      path: string,
      query: URLSearchParams,
      body: () => Promise<Body>,
    ): Promise<HelixReply> {
      const grant = authenticate(req);
      const headers = take(grant);
      const route = `${req.method ?? 'GET'} ${path.replace(/\/$/, '')}`;
      let result: { status?: number; body: unknown } | unknown;
      try {
        switch (route) {
          case 'GET /users':
            result = users(query, grant);
            break;
          case 'GET /channels':
            result = channels(query);
            break;
          case 'GET /channels/followers':
            result = followers(query, grant);
            break;
          case 'GET /streams':
            result = streams(query);
            break;
          case 'POST /eventsub/subscriptions':
            result = createSubscription((await body()).json, grant);
            break;
          case 'GET /eventsub/subscriptions':
            result = listSubscriptions(query, grant);
            break;
          case 'DELETE /eventsub/subscriptions':
            result = deleteSubscription(query, grant);
            break;
          case 'GET /moderation/moderators':
            result = moderators(query, grant);
            break;
          case 'POST /polls':
            result = createPoll((await body()).json, grant);
            break;
          case 'GET /polls':
            result = getPolls(query, grant);
            break;
          case 'PATCH /polls':
            result = endPoll((await body()).json, grant);
            break;
          case 'POST /whispers':
            result = whisper(query, (await body()).json, grant);
            break;
          case 'POST /moderation/bans':
            result = ban(query, (await body()).json, grant);
            break;
          case 'DELETE /moderation/bans':
            result = unban(query, grant);
            break;
          case 'DELETE /moderation/chat':
            result = deleteMessages(query, grant);
            break;
          case 'GET /chat/settings':
            result = getChatSettings(query);
            break;
          case 'PATCH /chat/settings':
            result = patchChatSettings(query, (await body()).json, grant);
            break;
          default:
            throw new TwitchError(404, 'Not Found');
        }
      } catch (error) {
        if (error instanceof TwitchError) error.headers = { ...headers, ...error.headers };
        throw error;
      }
      const reply =
        isRecord(result) && typeof result.status === 'number'
          ? (result as { status: number; body: unknown })
          : { status: 200, body: result };
      return { status: reply.status, body: reply.body, headers };
    },
    /** Native polls, for tests: cast viewers' votes, read what the product created. */
    polls: {
      /** `n` viewers vote for choice `choiceIndex` (0-based) of an active poll. */
      vote(pollId: string, choiceIndex: number, n = 1) {
        const poll = polls.get(pollId);
        if (!poll) throw new Error(`no twitch poll ${pollId}`);
        if (current(poll).status !== 'ACTIVE') throw new Error(`twitch poll ${pollId} is ${poll.status}`);
        const choice = poll.choices[choiceIndex];
        if (!choice) throw new Error(`twitch poll ${pollId} has no choice ${choiceIndex}`);
        choice.votes += n;
      },
      get: (pollId: string) => {
        const poll = polls.get(pollId);
        return poll ? current(poll) : undefined;
      },
      /** Every poll created, oldest first. */
      all: () => [...polls.values()].map(current),
    },
    /** Whispers accepted, oldest first. */
    whispers,
    /** Bans, timeouts, unbans, deletions and chat settings changes Helix accepted. */
    moderation: {
      actions: (): FakeModerationAction[] => [...moderationActions],
      /** Whether a user (by id) is banned or in a running timeout in a channel (by broadcaster id). */
      isBanned: (broadcasterId: string, userId: string) => activeBan(state, broadcasterId, userId) !== null,
      ban: (broadcasterId: string, userId: string) => activeBan(state, broadcasterId, userId),
      chatSettings: (broadcasterId: string) => ({ ...chatSettingsOf(state, broadcasterId) }),
    },
    api: {
      /** Tightens Helix's bucket (default 800 points per 60 s) for tests of a client's waits. */
      rateLimit(points: number, windowMs = 60_000) {
        limit = { points, windowMs };
        buckets.clear();
      },
    },
  };
}
export type Helix = ReturnType<typeof createHelix>;
