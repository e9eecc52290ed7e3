/**
 * A fake Twitch written from Twitch's documentation, for tests: chat over IRC-on-WebSocket with
 * Twitch's tags and chat limits, the Helix subset the product calls, EventSub webhook delivery
 * signed like Twitch, and id.twitch.tv OAuth. Product code reaches it only through its
 * configurable base URLs; one loopback port serves all of them.
 *
 *   const twitch = await startFakeTwitch();
 *   const streamer = twitch.addUser({ login: 'streamer' });
 *   // TWITCH_AUTH_BASE_URL=twitch.authBaseUrl, TWITCH_API_BASE_URL=twitch.apiBaseUrl,
 *   // TWITCH_CLIENT_ID=twitch.clientId, TWITCH_CLIENT_SECRET=twitch.clientSecret,
 *   // runners' twitch.ircUrl=twitch.ircUrl, botLogin=twitch.botLogin, botRefreshToken=twitch.botRefreshToken
 *   // tmi.js: connection { server: '127.0.0.1', port: twitch.ircPort, secure: false }
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEventSub } from './eventsub';
import { createHelix } from './helix';
import { type Body, readBody, sendJson, TwitchError } from './http';
import { createIrc, type IrcLimits, TWITCH_LIMITS } from './irc';
import { createOAuth } from './oauth';
import {
  type AddUserOptions,
  addUser,
  createState,
  ensureUser,
  type FakeChannelInfo,
  token,
  userByLogin,
  uuid,
} from './state';

export { events } from './events';
export type {
  CallbackResponse,
  Delivery,
  FakeSubscription,
  SendOptions,
  SubscriptionStatus,
} from './eventsub';
export { eventsubTimestamp, SUBSCRIPTION_TYPES, sign } from './eventsub';
export type { FakeModerationAction, FakePoll, FakeWhisper, PollStatus } from './helix';
export type { DroppedCommand, IrcLimits, SentMessage, UserNotice, ViewerMessage } from './irc';
export type { FakeBan, FakeChatSettings, FakeStream, FakeTwitchUser } from './state';

export type FakeTwitchOptions = {
  clientId?: string;
  clientSecret?: string;
  /** The bot account's login (default snapplebotai); it gets a chat:read chat:edit grant. */
  botLogin?: string;
  botDisplayName?: string;
  /** Registered redirect URIs; when given, authorize refuses any other. */
  redirectUris?: string[];
  /** Chat limits (default: Twitch's for an unverified bot). */
  limits?: Partial<IrcLimits>;
};

export type RequestRecord = {
  method: string;
  path: string;
  query: string;
  status: number;
  time: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
};

export async function startFakeTwitch(options: FakeTwitchOptions = {}) {
  const clientId = options.clientId ?? token(15);
  const clientSecret = options.clientSecret ?? token(15);
  const state = createState();
  const oauth = createOAuth(state, { clientId, clientSecret }, { redirectUris: options.redirectUris ?? [] });
  const eventsub = createEventSub();
  oauth.onRevoked((userId) => eventsub.revokeFor(userId));
  // Helix's moderation shows in chat: the IRC side is created just below and reached when called.
  const helix = createHelix(state, oauth, eventsub, {
    message: (id) => irc.api.message(id),
    clearChat: (login, target) => irc.api.clearChat(login, target),
    clearMessage: (login, message) => irc.api.clearMessage(login, message),
    roomstate: (login) => irc.api.roomstate(login),
  });
  const irc = createIrc(state, oauth, { ...TWITCH_LIMITS, ...options.limits });
  const requests: RequestRecord[] = [];
  const outages: { match: string; status: number; times: number }[] = [];

  const bot = addUser(state, {
    login: options.botLogin ?? 'snapplebotai',
    displayName: options.botDisplayName ?? 'SnappleBotAI',
  });
  // What the bot's token is granted when it is set up as the README says (chat, moderation, whispers).
  const botGrant = oauth.api.issueToken(bot.id, [
    'chat:read',
    'chat:edit',
    'user:read:chat',
    'user:write:chat',
    'moderator:manage:banned_users',
    'moderator:manage:chat_messages',
    'moderator:manage:chat_settings',
    'moderator:read:followers',
    'user:manage:whispers',
  ]);

  async function handle(req: IncomingMessage, res: ServerResponse, record: RequestRecord) {
    const url = new URL(req.url ?? '/', 'http://twitch.invalid');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const outage = outages.find(
      (o) => o.times > 0 && (path.startsWith(o.match) || `${method} ${path}` === o.match),
    );
    if (outage) {
      outage.times--;
      throw new TwitchError(outage.status, outage.status >= 500 ? 'Internal Server Error' : 'Error');
    }
    let body: Body | undefined;
    const readOnce = async () => {
      body ??= await readBody(req);
      record.body = body.raw;
      return body;
    };
    if (method === 'GET' && path === '/oauth2/authorize') return oauth.authorize(url, res);
    if (method === 'POST' && path === '/oauth2/token') return oauth.tokenEndpoint(req, res);
    if (method === 'GET' && path === '/oauth2/validate') return oauth.validateEndpoint(req, res);
    if (method === 'POST' && path === '/oauth2/revoke') return oauth.revokeEndpoint(req, res);
    if (path.startsWith('/helix/')) {
      const reply = await helix.handle(req, path.slice('/helix'.length), url.searchParams, readOnce);
      if (reply.status === 204) return void res.writeHead(204, reply.headers).end();
      return sendJson(res, reply.status, reply.body, reply.headers);
    }
    throw new TwitchError(404, 'Not Found');
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://twitch.invalid');
    const record: RequestRecord = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search,
      status: 0,
      time: Date.now(),
      headers: { ...req.headers },
      body: '',
    };
    requests.push(record);
    res.on('finish', () => {
      record.status = res.statusCode;
    });
    handle(req, res, record).catch((error: unknown) => {
      if (res.headersSent) return;
      const known = error instanceof TwitchError ? error : new TwitchError(500, 'Internal Server Error');
      if (!(error instanceof TwitchError)) console.error('fake twitch:', error);
      sendJson(res, known.status, known.body(), known.headers);
    });
  });
  // tmi.js opens ws://server:port/ with the "irc" subprotocol; Twitch serves chat at the root too.
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://twitch.invalid').pathname;
    if (path === '/' || path === '/irc') irc.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;

  function user(login: string) {
    const found = userByLogin(state, login);
    if (!found) throw new Error(`no twitch user ${login}`);
    return found;
  }

  return {
    /** Base URL of id.twitch.tv's stand-in (paths /oauth2/…): TWITCH_AUTH_BASE_URL. */
    authBaseUrl: baseUrl,
    /** Base URL of api.twitch.tv's stand-in (paths /helix/…): TWITCH_API_BASE_URL. */
    apiBaseUrl: baseUrl,
    /** Chat (irc-ws.chat.twitch.tv's stand-in), plain ws:// at the root path. */
    ircUrl: `ws://127.0.0.1:${port}`,
    ircHost: '127.0.0.1',
    ircPort: port,
    /** tmi.js `connection` options that reach this fake. */
    tmiConnection: { server: '127.0.0.1', port, secure: false },
    clientId,
    clientSecret,
    bot,
    botLogin: bot.login,
    botAccessToken: botGrant.access_token,
    botRefreshToken: botGrant.refresh_token,
    state,
    /** Every HTTP request received, in order. */
    requests,
    addUser: (o: AddUserOptions) => addUser(state, o),
    user,
    /** Changes a channel's Helix information (title, game, language, tags). */
    setChannel(login: string, info: Partial<FakeChannelInfo>) {
      const channel = state.channels.get(user(login).id)!;
      Object.assign(channel, info);
    },
    /** The channel goes live (GET /streams lists it); pair with eventsub.send('stream.online', …). */
    goLive(login: string, stream: { title?: string; gameName?: string; viewers?: number } = {}) {
      const owner = user(login);
      const info = state.channels.get(owner.id)!;
      const live = {
        id: String(40_000_000_000 + Math.floor(Math.random() * 1_000_000_000)),
        user_id: owner.id,
        started_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        title: stream.title ?? info.title,
        game_id: info.game_id,
        game_name: stream.gameName ?? info.game_name,
        viewer_count: stream.viewers ?? 0,
      };
      state.streams.set(owner.id, live);
      return live;
    },
    goOffline(login: string) {
      state.streams.delete(user(login).id);
    },
    /** Changes a live stream's viewer count (and title or category) as GET /streams shows it. */
    setStream(login: string, stream: { viewers?: number; title?: string; gameName?: string }) {
      const live = state.streams.get(user(login).id);
      if (!live) throw new Error(`${login} is not live`);
      if (stream.viewers !== undefined) live.viewer_count = stream.viewers;
      if (stream.title !== undefined) live.title = stream.title;
      if (stream.gameName !== undefined) live.game_name = stream.gameName;
      return live;
    },
    /** `follower` follows `login`'s channel (GET /channels/followers lists it); the follower is created when new. */
    follow(login: string, follower: string, at = new Date()) {
      const channel = user(login);
      const fan = ensureUser(state, follower);
      const follows = state.follows.get(channel.id) ?? new Map<string, string>();
      state.follows.set(channel.id, follows);
      follows.set(fan.id, at.toISOString().replace(/\.\d+Z$/, 'Z'));
      return fan;
    },
    unfollow(login: string, follower: string) {
      state.follows.get(user(login).id)?.delete(user(follower).id);
    },
    /** The next `times` HTTP requests to a path prefix or "METHOD /path" answer `status`. */
    outage(match: string, status: number, times = 1) {
      outages.push({ match, status, times });
    },
    // Chat
    say: irc.api.say,
    notice: irc.api.notice,
    clearChat: irc.api.clearChat,
    clearMessage: irc.api.clearMessage,
    reconnect: irc.api.reconnect,
    setModerator: irc.api.setModerator,
    sent: irc.api.sent,
    dropped: irc.api.dropped,
    irc: irc.api,
    helix: helix.api,
    /** Native polls: `polls.vote(pollId, choiceIndex, n)` casts votes; `polls.all()` lists them. */
    polls: helix.polls,
    /** Whispers Helix accepted (POST /helix/whispers), oldest first. */
    whispers: helix.whispers,
    /**
     * Helix moderation by login: `actions()` lists what was done, `isBanned(channel, userIdOrLogin)`,
     * `ban(channel, user)` the ban or running timeout, `chatSettings(channel)` follower and slow mode.
     */
    moderation: {
      actions: helix.moderation.actions,
      isBanned: (channel: string, who: string) =>
        helix.moderation.isBanned(user(channel).id, /^\d+$/.test(who) ? who : user(who).id),
      ban: (channel: string, who: string) =>
        helix.moderation.ban(user(channel).id, /^\d+$/.test(who) ? who : user(who).id),
      chatSettings: (channel: string) => helix.moderation.chatSettings(user(channel).id),
    },
    eventsub: eventsub.api,
    oauth: oauth.api,
    newId: uuid,
    close: () =>
      new Promise<void>((resolve) => {
        irc.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type FakeTwitch = Awaited<ReturnType<typeof startFakeTwitch>>;
