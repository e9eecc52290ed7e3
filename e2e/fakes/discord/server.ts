/**
 * A fake Discord written from Discord's API documentation, for tests: REST under /api/v10 with
 * Discord's rate-limit headers and error codes, OAuth2 with PKCE, the WebSocket gateway and
 * signed HTTP interactions. Product code reaches it only through DISCORD_BASE_URL.
 *
 *   const discord = await startFakeDiscord();
 *   const guild = discord.addGuild({ name: 'Homelab' });
 *   // DISCORD_BASE_URL=discord.url, DISCORD_BOT_TOKEN=discord.botToken, DISCORD_PUBLIC_KEY=discord.publicKey
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGateway, type GatewayOptions, type PrivilegedIntent } from './gateway';
import { DiscordError, readBody, sendJson, unauthorized } from './http';
import { createInteractions } from './interactions';
import { createMessage, messageJson } from './messages';
import { createOAuth } from './oauth';
import { createRateLimiter } from './rate-limit';
import { type Auth, createRoutes, Reply } from './rest';
import {
  type AddGuildOptions,
  addChannel,
  addGuild,
  addMember,
  addRole,
  addUser,
  createState,
  type FakeAttachment,
  type FakeUser,
  roleIdsOf,
  snowflake,
  token,
} from './state';

export { twitchActivity, youtubeActivity } from './gateway';
export type { InteractionContext, ResponseRecord } from './interactions';
export type { FakeChannel, FakeGuild, FakeMessage, FakeRole, FakeUser } from './state';

export type FakeDiscordOptions = {
  applicationId?: string;
  botToken?: string;
  clientSecret?: string;
  botUsername?: string;
  /** HELLO's heartbeat_interval in ms (Discord: 41250). */
  heartbeatInterval?: number;
  /** Privileged intents enabled for the application (default: all three). */
  privilegedIntents?: PrivilegedIntent[];
  /** Default bucket size (default 50 requests per 1000 ms). */
  rateLimit?: { limit: number; windowMs: number };
};

export type RequestRecord = {
  method: string;
  path: string;
  query: string;
  /** Route template, e.g. "POST /channels/:channel_id/messages". */
  route: string | null;
  status: number;
  time: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
};

export async function startFakeDiscord(options: FakeDiscordOptions = {}) {
  const applicationId = options.applicationId ?? snowflake();
  const botToken =
    options.botToken ?? `${Buffer.from(applicationId).toString('base64url')}.${token(4)}.${token(27)}`;
  const clientSecret = options.clientSecret ?? token(24);
  const gatewayOptions: GatewayOptions = {
    heartbeatInterval: options.heartbeatInterval ?? 41_250,
    privilegedIntents: options.privilegedIntents ?? ['GuildPresences', 'GuildMembers', 'MessageContent'],
  };
  let baseUrl = '';
  const bot: FakeUser = {
    id: applicationId,
    username: options.botUsername ?? 'HomeLabHub',
    global_name: null,
    discriminator: '0',
    avatar: null,
    bot: true,
  };
  const state = createState(bot);
  const app = {
    applicationId,
    clientSecret,
    botToken,
    baseUrl: () => baseUrl,
    wsUrl: () => `${baseUrl.replace(/^http/, 'ws')}/gateway`,
  };
  const limiter = createRateLimiter(options.rateLimit ?? { limit: 50, windowMs: 1000 });
  const oauth = createOAuth(state, app);
  const interactions = createInteractions(state, app);
  const gateway = createGateway(state, app, gatewayOptions);
  state.dispatch = gateway.dispatch;
  const rest = createRoutes(state, app, interactions);
  const requests: RequestRecord[] = [];

  function authOf(req: IncomingMessage): Auth | null {
    const header = req.headers.authorization ?? '';
    if (header === `Bot ${botToken}`) return { kind: 'bot' };
    if (header.startsWith('Bearer ')) {
      const grant = oauth.grantFor(header.slice(7));
      return grant ? { kind: 'bearer', grant } : null;
    }
    return null;
  }

  async function handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    url: URL,
    record: RequestRecord,
  ) {
    const method = req.method ?? 'GET';
    const { route, params } = rest.match(method, path);
    record.route = `${method} ${route.template}`;
    let auth: Auth = { kind: 'none' };
    if (route.auth !== 'none') {
      const found = authOf(req);
      if (!found || (route.auth === 'bot' && found.kind !== 'bot')) throw unauthorized();
      auth = found;
    }
    const routeInfo = {
      method,
      path,
      routeKey: record.route,
      major:
        route.major === 'webhook_id'
          ? `${params.webhook_id}/${params.webhook_token}`
          : route.major
            ? (params[route.major] ?? '')
            : '',
    };
    limiter.checkOutage(routeInfo);
    // Interaction responses are not bound by the global limit.
    const taken = limiter.take(routeInfo, { global: route.auth !== 'none' });
    if (taken.limited) {
      record.status = 429;
      return sendJson(res, 429, taken.limited, taken.headers);
    }
    const body = await readBody(req);
    record.body = body.json ?? (body.form ? Object.fromEntries(body.form) : undefined);
    const json =
      body.json && typeof body.json === 'object' && !Array.isArray(body.json)
        ? (body.json as Record<string, unknown>)
        : {};
    try {
      const result = await route.handler({ params, query: url.searchParams, body, json, auth });
      limiter.checkOutage(routeInfo, true);
      const reply = result instanceof Reply ? result : new Reply(200, result);
      record.status = reply.status;
      sendJson(res, reply.status, reply.body, taken.headers);
    } catch (error) {
      if (error instanceof DiscordError) error.headers = taken.headers;
      throw error;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse, record: RequestRecord) {
    const url = new URL(req.url ?? '/', 'http://discord.invalid');
    const path = url.pathname;
    if (req.method === 'GET' && /^(\/api(\/v\d+)?)?\/oauth2\/authorize\/?$/.test(path)) {
      oauth.authorize(url, res);
      record.status = res.statusCode;
      return;
    }
    if (req.method === 'POST' && /^\/api(\/v\d+)?\/oauth2\/token\/?$/.test(path)) {
      await oauth.tokenEndpoint(req, res);
      record.status = res.statusCode;
      return;
    }
    if (req.method === 'POST' && /^\/api(\/v\d+)?\/oauth2\/token\/revoke\/?$/.test(path)) {
      await oauth.revokeEndpoint(req, res);
      record.status = res.statusCode;
      return;
    }
    const attachment = /^\/attachments\/\d+\/(\d+)\/[^/]+$/.exec(path);
    if (req.method === 'GET' && attachment) {
      const file = state.files.get(attachment[1]!);
      if (!file) throw new DiscordError(404, 0, '404: Not Found');
      record.status = 200;
      res
        .writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.data.length) })
        .end(file.data);
      return;
    }
    const api = /^\/api(?:\/v(\d+))?(\/.*)$/.exec(path);
    if (!api) throw new DiscordError(404, 0, '404: Not Found');
    if (api[1] && Number(api[1]) < 9) throw new DiscordError(400, 50041, 'Invalid API version provided');
    await handleApi(req, res, api[2]!, url, record);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://discord.invalid');
    const record: RequestRecord = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search,
      route: null,
      status: 0,
      time: Date.now(),
      headers: { ...req.headers },
      body: undefined,
    };
    requests.push(record);
    handle(req, res, record).catch((error: unknown) => {
      if (res.headersSent) return;
      const known =
        error instanceof DiscordError ? error : new DiscordError(500, 0, '500: Internal Server Error');
      if (!(error instanceof DiscordError)) console.error('fake discord:', error);
      record.status = known.status;
      sendJson(res, known.status, known.body(), known.headers ?? {});
    });
  });
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://discord.invalid').pathname;
    if (path === '/gateway' || path === '/gateway/') gateway.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    applicationId,
    botToken,
    clientSecret,
    /** Ed25519 public key, raw 32 bytes in hex (DISCORD_PUBLIC_KEY). */
    publicKey: interactions.publicKey,
    bot,
    /** Live options: change privilegedIntents or heartbeatInterval before a client connects. */
    options: gatewayOptions,
    state,
    /** Every HTTP request received, in order. */
    requests,
    addUser: (o: Parameters<typeof addUser>[1]) => addUser(state, o),
    addGuild: (o: AddGuildOptions) => addGuild(state, o),
    addMember: (guildId: string, userId: string, roleIds: string[] = []) =>
      addMember(state, guildId, userId, roleIds),
    addRole: (guildId: string, o: Parameters<typeof addRole>[2]) => addRole(state, guildId, o),
    addChannel: (guildId: string, o: Parameters<typeof addChannel>[2]) => addChannel(state, guildId, o),
    memberRoles: (guildId: string, userId: string) => roleIdsOf(state, guildId, userId),
    /** Messages in a channel, oldest first. */
    messages: (channelId: string) => (state.messages.get(channelId) ?? []).map(messageJson),
    /** A user posts in a channel (MESSAGE_CREATE on the gateway). Attachments are URLs or attachment objects. */
    userSays(
      channelId: string,
      userId: string,
      content: string,
      attachments: (string | (Partial<FakeAttachment> & { url: string }))[] = [],
    ) {
      const author = state.users.get(userId);
      if (!author) throw new Error(`no user ${userId}`);
      const linked: FakeAttachment[] = attachments.map((a) => {
        const given = typeof a === 'string' ? { url: a } : a;
        const filename =
          given.filename ?? decodeURIComponent(new URL(given.url).pathname.split('/').pop() || 'file');
        return {
          id: given.id ?? snowflake(),
          filename,
          size: given.size ?? 0,
          url: given.url,
          proxy_url: given.proxy_url ?? given.url,
          ...(given.content_type ? { content_type: given.content_type } : {}),
        };
      });
      return messageJson(
        createMessage(state, baseUrl, channelId, { body: { content }, author, attachments: linked }),
      );
    },
    /** Tightens the buckets of a route ("POST /channels/:channel_id/messages") or a path prefix ("/channels/123"). */
    rateLimit: limiter.rateLimit,
    clearRateLimits: limiter.clearRateLimits,
    /** Every bot request answers a global 429 (X-RateLimit-Global) for `retryAfterMs`. */
    globalLimit: limiter.globalLimit,
    /**
     * The next `times` requests to a path prefix, route or "METHOD /path" answer `status` (e.g. 502);
     * with `afterEffect` they take effect first, as when the answer is lost after Discord acted.
     */
    outage: limiter.outage,
    oauth: oauth.api,
    gateway: gateway.api,
    interactions: interactions.api,
    close: () =>
      new Promise<void>((resolve) => {
        gateway.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type FakeDiscord = Awaited<ReturnType<typeof startFakeDiscord>>;
