/**
 * A fake of Kick's public API and its OAuth server, written from Kick's developer documentation:
 * POST /oauth/token (id.kick.com) with the client-credentials grant in a form body answers an app
 * access token, and GET /public/v1/channels?slug=… (api.kick.com) answers `{data, message}` for a
 * Bearer token it issued, 401 otherwise. One server serves both base URLs, so KICK_API_BASE_URL and
 * KICK_AUTH_BASE_URL can both point at it.
 *
 *   const kick = await startFakeKickApi();
 *   kick.addChannel('ada');
 *   kick.goLive('ada', { title: 'Speedrun', category: 'Celeste' });
 *   kick.revokeTokens();   // the next call with an old token answers 401
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

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
};

/** What Kick shows for a channel that is not streaming. */
const neverStarted = '0001-01-01T00:00:00Z';

async function readForm(req: IncomingMessage) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const type = String(req.headers['content-type'] ?? '');
  if (type.includes('application/json')) {
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      return new URLSearchParams(Object.entries(json).map(([k, v]) => [k, String(v)]));
    } catch {
      return new URLSearchParams();
    }
  }
  return new URLSearchParams(text);
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export async function startFakeKickApi(options: FakeKickOptions = {}) {
  const clientId = options.clientId ?? randomBytes(13).toString('hex').toUpperCase();
  const clientSecret = options.clientSecret ?? randomBytes(32).toString('hex');
  const ttl = options.tokenTtlSeconds ?? 5_184_000;
  const channels = new Map<string, FakeKickChannel>();
  const tokens = new Map<string, { expiresAt: number }>();
  const requests: FakeKickRequest[] = [];
  let nextUserId = 1000;
  let baseUrl = '';

  async function token(req: IncomingMessage, res: ServerResponse, record: FakeKickRequest) {
    const form = await readForm(req);
    const grant = form.get('grant_type');
    const reply = (status: number, body: unknown) => {
      record.status = status;
      json(res, status, body, { 'cache-control': 'no-store' });
    };
    if (grant !== 'client_credentials' && grant !== 'authorization_code' && grant !== 'refresh_token')
      return reply(400, {
        error: 'unsupported_grant_type',
        error_description: 'The authorization grant type is not supported by the authorization server.',
      });
    if (grant !== 'client_credentials')
      return reply(400, { error: 'invalid_request', error_description: 'Only client_credentials is faked.' });
    if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret)
      return reply(401, { error: 'invalid_client', error_description: 'Client authentication failed.' });
    const value = randomBytes(32).toString('base64url').toUpperCase();
    tokens.set(value, { expiresAt: Date.now() + ttl * 1000 });
    reply(200, { access_token: value, token_type: 'Bearer', expires_in: ttl });
  }

  function bearer(req: IncomingMessage) {
    const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    const found = match ? tokens.get(match[1]!) : undefined;
    return !!found && found.expiresAt > Date.now();
  }

  function channelJson(c: FakeKickChannel) {
    // The stream key is only shown to the channel's owner (a user token with channel:read); an app token never sees it.
    const { key: _key, ...stream } = c.stream;
    return { ...c, stream };
  }

  function getChannels(req: IncomingMessage, res: ServerResponse, url: URL, record: FakeKickRequest) {
    if (!bearer(req)) {
      record.status = 401;
      return json(res, 401, { data: {}, message: 'Unauthorized' });
    }
    const slugs = url.searchParams.getAll('slug');
    const ids = url.searchParams.getAll('broadcaster_user_id').map(Number);
    if (slugs.length > 0 && ids.length > 0) {
      record.status = 400;
      return json(res, 400, {
        data: {},
        message: 'broadcaster_user_id and slug cannot be used together',
      });
    }
    if (slugs.length > 50 || ids.length > 50) {
      record.status = 400;
      return json(res, 400, { data: {}, message: 'At most 50 channels can be requested at once' });
    }
    const found =
      slugs.length > 0
        ? slugs.flatMap((s) => {
            const c = channels.get(s.toLowerCase());
            return c ? [c] : [];
          })
        : ids.length > 0
          ? [...channels.values()].filter((c) => ids.includes(c.broadcaster_user_id))
          : [];
    record.status = 200;
    json(res, 200, { data: found.map(channelJson), message: 'OK' });
  }

  async function handle(req: IncomingMessage, res: ServerResponse, record: FakeKickRequest) {
    const url = new URL(req.url ?? '/', 'http://kick.invalid');
    if (req.method === 'POST' && url.pathname === '/oauth/token') return token(req, res, record);
    if (req.method === 'GET' && url.pathname === '/public/v1/channels')
      return getChannels(req, res, url, record);
    record.status = 404;
    json(res, 404, { data: {}, message: 'Not Found' });
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
    handle(req, res, record).catch((error: unknown) => {
      console.error('fake kick:', error);
      if (res.headersSent) return;
      record.status = 500;
      json(res, 500, { data: {}, message: 'Internal Server Error' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function channel(slug: string) {
    const c = channels.get(slug.toLowerCase());
    if (!c) throw new Error(`no Kick channel ${slug}`);
    return c;
  }

  return {
    /** Serves both https://api.kick.com and https://id.kick.com. */
    url: baseUrl,
    clientId,
    clientSecret,
    channels,
    /** Every request received, in order. */
    requests,
    /** Token requests that were answered with a token. */
    tokensIssued: () => requests.filter((r) => r.path === '/oauth/token' && r.status === 200).length,
    addChannel(slug: string, o: { title?: string; category?: string } = {}) {
      const id = nextUserId++;
      const c: FakeKickChannel = {
        broadcaster_user_id: id,
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
    goOffline(slug: string) {
      const c = channel(slug);
      c.stream = { ...c.stream, is_live: false, start_time: neverStarted, viewer_count: 0, thumbnail: '' };
      return c;
    },
    /** Every token issued so far stops working (revoked, or expired early): the next call with one answers 401. */
    revokeTokens() {
      tokens.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type FakeKickApi = Awaited<ReturnType<typeof startFakeKickApi>>;
