/**
 * A fake of Kick's public API and its OAuth server, written from Kick's developer documentation.
 * One server serves both base URLs, so KICK_API_BASE_URL and KICK_AUTH_BASE_URL can both point at it:
 * - id.kick.com: GET /oauth/authorize (PKCE S256 required), POST /oauth/token (authorization_code
 *   with the verifier checked, rotating refresh_token, client_credentials), POST /oauth/revoke;
 * - api.kick.com: GET /public/v1/channels, GET /public/v1/users, POST /public/v1/token/introspect,
 *   GET /public/v1/public-key, GET /public/v1/livestreams, POST /public/v1/chat (recorded, rate
 *   limited per channel), moderation: POST/DELETE /public/v1/moderation/bans and
 *   DELETE /public/v1/chat/{message_id} (recorded);
 * - a webhook sender signing events with the key pair behind /public/v1/public-key.
 * Public API answers use `{data, message}`; a missing or unknown Bearer token is a 401.
 *
 *   const kick = await startFakeKickApi();
 *   const ada = kick.addChannel('ada');
 *   kick.goLive('ada', { title: 'Speedrun', category: 'Celeste' });
 *   kick.oauth.approveAs(ada.broadcaster_user_id);        // the next /oauth/authorize signs in as ada
 *   kick.webhooks.setTarget(`${functionsUrl}/webhooks/kick`);
 *   await kick.webhooks.send('chat.message.sent', kickPayloads['chat.message.sent']({ … }));
 *   kick.revokeTokens();   // the next call with an old token answers 401
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createKickChat, type KickChatRateLimit } from './chat';
import { apiReply, bearerOf, json } from './http';
import { createKickModeration } from './moderation';
import { createKickOAuth, type KickUser } from './oauth';
import { createKickWebhooks, type KickPerson } from './webhooks';

export type { KickChatMessage, KickChatRateLimit } from './chat';
export type { KickBan, KickModerationAction } from './moderation';
export type { KickToken, KickUser } from './oauth';
export { type KickDelivery, type KickPerson, kickPayloads, personJson, signKickMessage } from './webhooks';

export type FakeKickChannel = {
  broadcaster_user_id: number;
  slug: string;
  channel_description: string;
  banner_picture: string;
  stream_title: string;
  category: { id: number; name: string; thumbnail: string };
  stream: {
    is_live: boolean;
    is_mature: boolean;
    language: string;
    start_time: string;
    viewer_count: number;
    thumbnail: string;
    url: string;
    key: string;
  };
};

export type FakeKickRequest = {
  method: string;
  path: string;
  query: string;
  status: number;
  authorization: string | null;
};

export type FakeKickOptions = {
  clientId?: string;
  clientSecret?: string;
  /** expires_in of issued app tokens, in seconds (Kick: about 60 days). */
  tokenTtlSeconds?: number;
  /** Where webhook deliveries go; settable later with `webhooks.setTarget`. */
  webhookUrl?: string;
  /** Chat messages accepted per channel per window (default 5 per 5 s) before 429. */
  chatRateLimit?: KickChatRateLimit;
};

/** What Kick shows for a channel that is not streaming. */
const neverStarted = '0001-01-01T00:00:00Z';

export async function startFakeKickApi(options: FakeKickOptions = {}) {
  const clientId = options.clientId ?? randomBytes(13).toString('hex').toUpperCase();
  const clientSecret = options.clientSecret ?? randomBytes(32).toString('hex');
  const oauth = createKickOAuth({
    clientId,
    clientSecret,
    appTokenSeconds: options.tokenTtlSeconds ?? 5_184_000,
  });
  const channels = new Map<string, FakeKickChannel>();
  const channelOf = (userId: number) => [...channels.values()].find((c) => c.broadcaster_user_id === userId);
  const chat = createKickChat(
    oauth,
    (id) => !!channelOf(id),
    options.chatRateLimit ?? { limit: 5, windowMs: 5_000 },
  );
  const moderation = createKickModeration(oauth, (id) => !!channelOf(id), chat.api.sent);
  const webhooks = createKickWebhooks({ ...(options.webhookUrl ? { target: options.webhookUrl } : {}) });
  const requests: FakeKickRequest[] = [];
  let nextUserId = 1000;

  function unauthorized(res: ServerResponse) {
    apiReply(res, 401, {}, 'Unauthorized');
    return 401;
  }

  function channelJson(c: FakeKickChannel, showKey: boolean) {
    // The stream key is only shown to the channel's owner with streamkey:read; an app token never sees it.
    if (showKey) return c;
    const { key: _key, ...stream } = c.stream;
    return { ...c, stream };
  }

  function getChannels(req: IncomingMessage, res: ServerResponse, url: URL) {
    const token = oauth.tokenFor(bearerOf(req));
    if (!token) return unauthorized(res);
    const slugs = url.searchParams.getAll('slug');
    const ids = url.searchParams.getAll('broadcaster_user_id').map(Number);
    const reply = (status: number, data: unknown, message: string) => {
      apiReply(res, status, data, message);
      return status;
    };
    if (slugs.length > 0 && ids.length > 0)
      return reply(400, {}, 'broadcaster_user_id and slug cannot be used together');
    if (slugs.length > 50 || ids.length > 50)
      return reply(400, {}, 'At most 50 channels can be requested at once');
    const found =
      slugs.length > 0
        ? slugs.flatMap((s) => {
            const c = channels.get(s.toLowerCase());
            return c ? [c] : [];
          })
        : ids.length > 0
          ? [...channels.values()].filter((c) => ids.includes(c.broadcaster_user_id))
          : // Without a filter, a user token is asked about its own channel.
            token.userId !== null
            ? [channelOf(token.userId)].filter((c): c is FakeKickChannel => !!c)
            : [];
    const owner = (c: FakeKickChannel) =>
      token.userId === c.broadcaster_user_id && token.scopes.includes('streamkey:read');
    return reply(
      200,
      found.map((c) => channelJson(c, owner(c))),
      'OK',
    );
  }

  function getLivestreams(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (!oauth.tokenFor(bearerOf(req))) return unauthorized(res);
    const ids = url.searchParams.getAll('broadcaster_user_id').map(Number);
    if (ids.length > 50) {
      apiReply(res, 400, {}, 'At most 50 broadcasters can be requested at once');
      return 400;
    }
    const category = url.searchParams.get('category_id');
    const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? 25) || 25));
    const live = [...channels.values()]
      .filter(
        (c) =>
          c.stream.is_live &&
          (ids.length === 0 || ids.includes(c.broadcaster_user_id)) &&
          (!category || String(c.category.id) === category),
      )
      .sort((a, b) => b.stream.viewer_count - a.stream.viewer_count)
      .slice(0, limit)
      .map((c) => ({
        broadcaster_user_id: c.broadcaster_user_id,
        category: c.category,
        channel_id: c.broadcaster_user_id,
        has_mature_content: c.stream.is_mature,
        language: c.stream.language,
        slug: c.slug,
        started_at: c.stream.start_time,
        stream_title: c.stream_title,
        thumbnail: c.stream.thumbnail,
        viewer_count: c.stream.viewer_count,
        profile_picture: oauth.users.get(c.broadcaster_user_id)?.profile_picture ?? '',
      }));
    apiReply(res, 200, live, 'OK');
    return 200;
  }

  function getUsers(req: IncomingMessage, res: ServerResponse, url: URL) {
    const token = oauth.tokenFor(bearerOf(req));
    if (!token) return unauthorized(res);
    const ids = url.searchParams.getAll('id').map(Number);
    const wanted = ids.length > 0 ? ids : token.userId !== null ? [token.userId] : [];
    const found = wanted.flatMap((id) => {
      const u = oauth.users.get(id);
      if (!u) return [];
      // The email address is only shown to the user themself.
      return [{ ...u, email: id === token.userId && token.scopes.includes('user:read') ? u.email : '' }];
    });
    apiReply(res, 200, found, 'OK');
    return 200;
  }

  function introspect(req: IncomingMessage, res: ServerResponse) {
    const token = oauth.tokenFor(bearerOf(req));
    if (!token) {
      apiReply(res, 200, { active: false }, 'OK');
      return 200;
    }
    apiReply(
      res,
      200,
      {
        active: true,
        client_id: clientId,
        exp: Math.floor(token.expiresAt / 1000),
        scope: token.scopes.join(' '),
        token_type: token.kind,
      },
      'OK',
    );
    return 200;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<number> {
    const route = `${req.method} ${url.pathname}`;
    switch (route) {
      case 'GET /oauth/authorize':
        oauth.authorize(url, res);
        return res.statusCode;
      case 'POST /oauth/token':
        return oauth.tokenEndpoint(req, res);
      case 'POST /oauth/revoke':
        return oauth.revokeEndpoint(req, res, url);
      case 'GET /public/v1/channels':
        return getChannels(req, res, url);
      case 'GET /public/v1/livestreams':
        return getLivestreams(req, res, url);
      case 'GET /public/v1/users':
        return getUsers(req, res, url);
      case 'POST /public/v1/token/introspect':
        return introspect(req, res);
      case 'GET /public/v1/public-key':
        apiReply(res, 200, { public_key: webhooks.publicKeyPem }, 'OK');
        return 200;
      case 'POST /public/v1/chat':
        return chat.post(req, res);
      case 'POST /public/v1/moderation/bans':
        return moderation.ban(req, res, url);
      case 'DELETE /public/v1/moderation/bans':
        return moderation.unban(req, res, url);
      default:
        if (req.method === 'DELETE' && url.pathname.startsWith('/public/v1/chat/')) {
          const messageId = decodeURIComponent(url.pathname.slice('/public/v1/chat/'.length));
          if (messageId && !messageId.includes('/')) return moderation.deleteMessage(req, res, messageId);
        }
        apiReply(res, 404, {}, 'Not Found');
        return 404;
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://kick.invalid');
    const record: FakeKickRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search,
      status: 0,
      authorization: req.headers.authorization ?? null,
    };
    requests.push(record);
    handle(req, res, url)
      .then((status) => {
        record.status = status;
      })
      .catch((error: unknown) => {
        console.error('fake kick:', error);
        record.status = 500;
        if (!res.headersSent) json(res, 500, { data: {}, message: 'Internal Server Error' });
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function channel(slugOrId: string | number) {
    const c = typeof slugOrId === 'number' ? channelOf(slugOrId) : channels.get(slugOrId.toLowerCase());
    if (!c) throw new Error(`no Kick channel ${slugOrId}`);
    return c;
  }

  function addUser(username: string, o: { email?: string } = {}): KickUser {
    const user: KickUser = {
      user_id: nextUserId++,
      name: username,
      email: o.email ?? `${username.toLowerCase()}@example.test`,
      profile_picture: '',
    };
    user.profile_picture = `https://files.kick.com/images/user/${user.user_id}/profile_image/conversion/fullsize.webp`;
    oauth.users.set(user.user_id, user);
    return user;
  }

  return {
    /** Serves both https://api.kick.com and https://id.kick.com. */
    url: baseUrl,
    clientId,
    clientSecret,
    channels,
    users: oauth.users,
    /** Every request received, in order. */
    requests,
    /** Token requests that were answered with a token. */
    tokensIssued: () => requests.filter((r) => r.path === '/oauth/token' && r.status === 200).length,
    /** A Kick account and its channel (every Kick user has one); the user id is the broadcaster_user_id. */
    addChannel(slug: string, o: { title?: string; category?: string; email?: string } = {}) {
      const user = addUser(slug, o.email ? { email: o.email } : {});
      const c: FakeKickChannel = {
        broadcaster_user_id: user.user_id,
        slug: slug.toLowerCase(),
        channel_description: '',
        banner_picture: '',
        stream_title: o.title ?? '',
        category: {
          id: 15,
          name: o.category ?? 'Just Chatting',
          thumbnail: 'https://files.kick.com/images/subcategories/15/banner/just-chatting.webp',
        },
        stream: {
          is_live: false,
          is_mature: false,
          language: 'en',
          start_time: neverStarted,
          viewer_count: 0,
          thumbnail: '',
          url: '',
          key: randomBytes(16).toString('hex'),
        },
      };
      channels.set(c.slug, c);
      return c;
    },
    /** The user object webhook payloads embed, for a channel's slug or user id. */
    person(slugOrId: string | number): KickPerson {
      const c = channel(slugOrId);
      return {
        user_id: c.broadcaster_user_id,
        username: oauth.users.get(c.broadcaster_user_id)!.name,
        channel_slug: c.slug,
      };
    },
    goLive(slug: string, o: { title?: string; category?: string; viewers?: number } = {}) {
      const c = channel(slug);
      if (o.title !== undefined) c.stream_title = o.title;
      if (o.category !== undefined) c.category = { ...c.category, id: c.category.id + 1, name: o.category };
      c.stream = {
        ...c.stream,
        is_live: true,
        start_time: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        viewer_count: o.viewers ?? 1,
        thumbnail: `https://images.kick.com/video_thumbnails/${c.slug}/thumb.webp`,
        url: `https://kick.com/${c.slug}`,
      };
      return c;
    },
    /** Changes a live stream's viewer count, title or category. */
    setStream(slug: string, o: { viewers?: number; title?: string; category?: string }) {
      const c = channel(slug);
      if (!c.stream.is_live) throw new Error(`${slug} is not live`);
      if (o.viewers !== undefined) c.stream = { ...c.stream, viewer_count: o.viewers };
      if (o.title !== undefined) c.stream_title = o.title;
      if (o.category !== undefined) c.category = { ...c.category, id: c.category.id + 1, name: o.category };
      return c;
    },
    goOffline(slug: string) {
      const c = channel(slug);
      c.stream = { ...c.stream, is_live: false, start_time: neverStarted, viewer_count: 0, thumbnail: '' };
      return c;
    },
    /** Every access token issued so far stops working (revoked, or expired early): the next call with one answers 401. */
    revokeTokens() {
      oauth.tokens.clear();
    },
    /** approveAs, denyNext, allowRedirect, issueToken, tokenLifetime, revoke(userId), expire, refreshTokensOf. */
    oauth: oauth.api,
    /** setTarget, send(eventType, payload, options), replay(messageId), deliveries, publicKeyPem. */
    webhooks,
    /** sent, refused, messagesTo(broadcasterUserId), setRateLimit. */
    chat: chat.api,
    /** actions(), isBanned(broadcasterUserId, userId), ban(…), setModerator(broadcasterUserId, userId). */
    moderation: moderation.api,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type FakeKickApi = Awaited<ReturnType<typeof startFakeKickApi>>;
