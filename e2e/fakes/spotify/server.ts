/**
 * A fake of Spotify's accounts service and Web API, written from Spotify's developer documentation.
 * One server serves both base URLs (SPOTIFY_AUTH_BASE_URL and SPOTIFY_API_BASE_URL):
 * - accounts.spotify.com: GET /authorize (code flow, PKCE optional), POST /api/token
 *   (authorization_code, refresh_token — Spotify may keep the old refresh token — and
 *   client_credentials), the client in a Basic header or the form body;
 * - api.spotify.com: GET /v1/search?type=track, GET /v1/tracks/{id}, GET /v1/me,
 *   GET /v1/me/player/currently-playing (204 when nothing plays), POST /v1/me/player/queue?uri,
 *   POST /v1/me/player/next. Player commands need Premium: a free account gets
 *   403 `{error: {status, message, reason: 'PREMIUM_REQUIRED'}}`.
 * Web API errors use `{error: {status, message}}`; a missing, unknown or expired token is a 401.
 *
 *   const spotify = await startFakeSpotify();
 *   spotify.addTrack({ id: 'abc', name: 'Song', artists: ['Band'] });
 *   const { access_token, refresh_token } = spotify.issueToken();   // the streamer, linked
 *   spotify.setProduct('free');     // queue and next now answer 403 PREMIUM_REQUIRED
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pkceMatches, redirectAllowed } from '../oauth-rules';

export type FakeSpotifyTrack = {
  id: string;
  name: string;
  artists: { id: string; name: string }[];
  album: string;
  durationMs: number;
  explicit: boolean;
};
export type TrackInput = {
  id?: string;
  name: string;
  artists?: (string | { id: string; name: string })[];
  album?: string;
  durationMs?: number;
  explicit?: boolean;
};
export type FakeSpotifyRequest = { method: string; path: string; query: string; status: number };

type Token = {
  value: string;
  clientId: string;
  /** null for a client-credentials token, which has no user. */
  userId: string | null;
  scopes: string[];
  expiresAt: number;
};
type User = {
  id: string;
  displayName: string;
  product: 'premium' | 'free';
  queue: string[];
  playing: { trackId: string; progressMs: number; isPlaying: boolean } | null;
};

const base62 = /^[0-9A-Za-z]{22}$/;
const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Spotify ids are 22 base62 characters. */
export function spotifyId() {
  return Array.from(randomBytes(22), (b) => alphabet[b % 62]).join('');
}

export async function startFakeSpotify(
  options: { clientId?: string; clientSecret?: string; tokenSeconds?: number } = {},
) {
  const clientId = options.clientId ?? randomBytes(16).toString('hex');
  const clientSecret = options.clientSecret ?? randomBytes(16).toString('hex');
  const apps = new Map<string, string>([[clientId, clientSecret]]);
  const tokens = new Map<string, Token>();
  const refreshTokens = new Map<string, Omit<Token, 'value' | 'expiresAt'>>();
  const codes = new Map<
    string,
    { clientId: string; userId: string; scopes: string[]; redirectUri: string; challenge: string | null }
  >();
  const users = new Map<string, User>();
  const tracks = new Map<string, FakeSpotifyTrack>();
  const requests: FakeSpotifyRequest[] = [];
  const redirects = new Set<string>();
  let tokenSeconds = options.tokenSeconds ?? 3600;
  let approver = 'streamer';
  users.set(approver, {
    id: approver,
    displayName: 'Streamer',
    product: 'premium',
    queue: [],
    playing: null,
  });

  const send = (res: ServerResponse, status: number, body?: unknown) => {
    if (body === undefined) res.writeHead(status).end();
    else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    return status;
  };
  const apiError = (res: ServerResponse, status: number, message: string, reason?: string) =>
    send(res, status, { error: { status, message, ...(reason ? { reason } : {}) } });
  const authError = (res: ServerResponse, status: number, error: string, description: string) =>
    send(res, status, { error, error_description: description });

  async function formOf(req: IncomingMessage) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  }

  function issue(client: string, userId: string | null, scopes: string[], refresh?: string) {
    const value = randomBytes(40).toString('base64url');
    tokens.set(value, {
      value,
      clientId: client,
      userId,
      scopes,
      expiresAt: Date.now() + tokenSeconds * 1000,
    });
    const body: Record<string, unknown> = {
      access_token: value,
      token_type: 'Bearer',
      expires_in: tokenSeconds,
      scope: scopes.join(' '),
    };
    if (userId) {
      const next = refresh ?? randomBytes(40).toString('base64url');
      refreshTokens.set(next, { clientId: client, userId, scopes });
      body.refresh_token = next;
    }
    return body;
  }

  function authorize(url: URL, res: ServerResponse) {
    const q = url.searchParams;
    if (!apps.has(q.get('client_id') ?? '')) return authError(res, 400, 'invalid_client', 'Invalid client');
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!redirectAllowed(redirects, redirectUri))
      return authError(res, 400, 'invalid_request', 'Invalid redirect URI');
    if (q.get('response_type') !== 'code')
      return authError(res, 400, 'unsupported_response_type', 'response_type must be code');
    const challenge = q.get('code_challenge');
    if (challenge && q.get('code_challenge_method') !== 'S256')
      return authError(res, 400, 'invalid_request', 'code_challenge_method must be S256');
    const code = randomBytes(24).toString('base64url');
    const scopes = (q.get('scope') ?? '').split(/[ +]/).filter(Boolean);
    codes.set(code, { clientId: q.get('client_id')!, userId: approver, scopes, redirectUri, challenge });
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    if (q.get('state')) back.searchParams.set('state', q.get('state')!);
    res.writeHead(302, { location: back.toString() }).end();
    return 302;
  }

  async function token(req: IncomingMessage, res: ServerResponse) {
    const form = await formOf(req);
    let id = form.get('client_id');
    let key = form.get('client_secret');
    const header = req.headers.authorization ?? '';
    if (header.startsWith('Basic ')) {
      const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
      [id, key] = [decoded.slice(0, decoded.indexOf(':')), decoded.slice(decoded.indexOf(':') + 1)];
    }
    const grant = form.get('grant_type');
    const pkce = grant === 'authorization_code' && !key && form.get('code_verifier');
    if (!id || !apps.has(id) || (!pkce && apps.get(id) !== key))
      return authError(res, 400, 'invalid_client', 'Invalid client');
    if (grant === 'client_credentials') return send(res, 200, issue(id, null, []));
    if (grant === 'authorization_code') {
      const code = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      if (!code || code.clientId !== id)
        return authError(res, 400, 'invalid_grant', 'Invalid authorization code');
      if (form.get('redirect_uri') !== code.redirectUri)
        return authError(res, 400, 'invalid_grant', 'Invalid redirect URI');
      if (code.challenge && !pkceMatches(form.get('code_verifier') ?? '', code.challenge))
        return authError(res, 400, 'invalid_grant', 'code_verifier was incorrect');
      return send(res, 200, issue(id, code.userId, code.scopes));
    }
    if (grant === 'refresh_token') {
      const value = form.get('refresh_token') ?? '';
      const grantOf = refreshTokens.get(value);
      // A refresh token belongs to the app that got it; another app's credentials cannot use it.
      if (!grantOf || grantOf.clientId !== id || !users.has(grantOf.userId!))
        return authError(res, 400, 'invalid_grant', 'Invalid refresh token');
      // Spotify usually keeps the refresh token for confidential clients: the answer omits a new one.
      const body = issue(id, grantOf.userId, grantOf.scopes, value);
      delete body.refresh_token;
      return send(res, 200, body);
    }
    return authError(
      res,
      400,
      'unsupported_grant_type',
      `grant_type must be client_credentials, authorization_code or refresh_token`,
    );
  }

  function tokenOf(req: IncomingMessage) {
    const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    return match ? tokens.get(match[1]!) : undefined;
  }

  function trackJson(t: FakeSpotifyTrack) {
    return {
      id: t.id,
      name: t.name,
      type: 'track',
      uri: `spotify:track:${t.id}`,
      href: `${url}/v1/tracks/${t.id}`,
      external_urls: { spotify: `https://open.spotify.com/track/${t.id}` },
      duration_ms: t.durationMs,
      explicit: t.explicit,
      is_local: false,
      popularity: 50,
      artists: t.artists.map((a) => ({
        id: a.id,
        name: a.name,
        type: 'artist',
        uri: `spotify:artist:${a.id}`,
      })),
      album: { id: `album${t.id}`.slice(0, 22), name: t.album, type: 'album', images: [] },
    };
  }

  function api(req: IncomingMessage, res: ServerResponse, url: URL): number {
    const auth = tokenOf(req);
    if (!req.headers.authorization) return apiError(res, 401, 'No token provided');
    if (!auth) return apiError(res, 401, 'Invalid access token');
    if (auth.expiresAt <= Date.now()) return apiError(res, 401, 'The access token expired');
    const path = url.pathname;
    const q = url.searchParams;
    if (req.method === 'GET' && path === '/v1/search') {
      const text = (q.get('q') ?? '').trim().toLowerCase();
      if (!text) return apiError(res, 400, 'No search query');
      if (!q.get('type')) return apiError(res, 400, 'Missing parameter type');
      const limit = Math.min(50, Math.max(1, Number(q.get('limit') ?? 20) || 20));
      const offset = Math.max(0, Number(q.get('offset') ?? 0) || 0);
      const words = text.split(/\s+/);
      const found = q.get('type')!.split(',').includes('track')
        ? [...tracks.values()].filter((t) => {
            const hay = `${t.name} ${t.artists.map((a) => a.name).join(' ')} ${t.album}`.toLowerCase();
            return words.every((w) => hay.includes(w));
          })
        : [];
      const items = found.slice(offset, offset + limit).map(trackJson);
      return send(res, 200, {
        tracks: {
          href: url.toString(),
          items,
          limit,
          offset,
          total: found.length,
          next: offset + limit < found.length ? 'next' : null,
          previous: offset > 0 ? 'previous' : null,
        },
      });
    }
    const trackMatch = /^\/v1\/tracks\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && trackMatch) {
      if (!base62.test(trackMatch[1]!)) return apiError(res, 400, 'Invalid base62 id');
      const t = tracks.get(trackMatch[1]!);
      return t ? send(res, 200, trackJson(t)) : apiError(res, 404, 'Resource not found');
    }
    if (!path.startsWith('/v1/me')) return apiError(res, 404, 'Service not found');
    const user = auth.userId ? users.get(auth.userId) : undefined;
    if (!user) return apiError(res, 401, 'Unauthorized.');
    if (req.method === 'GET' && path === '/v1/me')
      return send(res, 200, {
        id: user.id,
        display_name: user.displayName,
        product: user.product,
        type: 'user',
        uri: `spotify:user:${user.id}`,
        images: [],
        external_urls: { spotify: `https://open.spotify.com/user/${user.id}` },
      });
    const needs = (scope: string[]) => scope.some((s) => auth.scopes.includes(s));
    if (req.method === 'GET' && path === '/v1/me/player/currently-playing') {
      if (!needs(['user-read-currently-playing', 'user-read-playback-state']))
        return apiError(res, 403, 'Insufficient client scope');
      const playing = user.playing;
      const track = playing ? tracks.get(playing.trackId) : undefined;
      if (!playing || !track) return send(res, 204);
      return send(res, 200, {
        timestamp: Date.now(),
        context: null,
        progress_ms: playing.progressMs,
        is_playing: playing.isPlaying,
        currently_playing_type: 'track',
        item: trackJson(track),
        actions: { disallows: {} },
      });
    }
    if (req.method === 'POST' && (path === '/v1/me/player/queue' || path === '/v1/me/player/next')) {
      if (!needs(['user-modify-playback-state'])) return apiError(res, 403, 'Insufficient client scope');
      if (user.product !== 'premium')
        return apiError(res, 403, 'Player command failed: Premium required', 'PREMIUM_REQUIRED');
      if (!user.playing)
        return apiError(res, 404, 'Player command failed: No active device found', 'NO_ACTIVE_DEVICE');
      if (path === '/v1/me/player/next') {
        const next = user.queue.shift();
        user.playing = next ? { trackId: next, progressMs: 0, isPlaying: true } : null;
        return send(res, 204);
      }
      const uri = q.get('uri') ?? '';
      const id = /^spotify:track:([0-9A-Za-z]{22})$/.exec(uri)?.[1];
      if (!id) return apiError(res, 400, `Invalid track uri: ${uri}`);
      if (!tracks.has(id)) return apiError(res, 404, 'Resource not found');
      user.queue.push(id);
      return send(res, 204);
    }
    return apiError(res, 404, 'Service not found');
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const done = (status: number) =>
      requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.search, status });
    (async () => {
      if (req.method === 'GET' && url.pathname === '/authorize') return authorize(url, res);
      if (req.method === 'POST' && url.pathname === '/api/token') return token(req, res);
      if (url.pathname.startsWith('/v1/')) return api(req, res, url);
      return apiError(res, 404, 'Service not found');
    })().then(done, (error: Error) =>
      done(send(res, 500, { error: { status: 500, message: error.message } })),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const userOf = (userId = approver) => {
    const user = users.get(userId);
    if (!user) throw new Error(`no fake Spotify user ${userId}`);
    return user;
  };

  return {
    url,
    accountsUrl: url,
    clientId,
    clientSecret,
    /** Every call, oldest first. */
    requests,
    /** Adds a track the search and /v1/tracks find; artists are names or {id, name}. */
    addTrack(input: TrackInput): FakeSpotifyTrack {
      const track: FakeSpotifyTrack = {
        id: input.id ?? spotifyId(),
        name: input.name,
        artists: (input.artists ?? ['Artist']).map((a) =>
          typeof a === 'string'
            ? { id: `ar${a.replace(/[^0-9A-Za-z]/g, '')}`.padEnd(22, '0').slice(0, 22), name: a }
            : a,
        ),
        album: input.album ?? input.name,
        durationMs: input.durationMs ?? 200_000,
        explicit: input.explicit ?? false,
      };
      if (!base62.test(track.id)) throw new Error(`a Spotify id is 22 base62 characters: ${track.id}`);
      tracks.set(track.id, track);
      return track;
    },
    /** What the user's player plays now (null: nothing, so player commands answer NO_ACTIVE_DEVICE). */
    setPlaying(
      trackId: string | null,
      o: { userId?: string; progressMs?: number; isPlaying?: boolean } = {},
    ) {
      userOf(o.userId).playing = trackId
        ? { trackId, progressMs: o.progressMs ?? 0, isPlaying: o.isPlaying ?? true }
        : null;
    },
    setProduct(product: 'premium' | 'free', userId?: string) {
      userOf(userId).product = product;
    },
    /** Track ids in the user's playback queue, next first. */
    queue: (userId?: string) => [...userOf(userId).queue],
    playing: (userId?: string) => userOf(userId).playing,
    addUser(id: string, displayName = id) {
      users.set(id, { id, displayName, product: 'premium', queue: [], playing: null });
    },
    /** The next /authorize signs in as this user (default 'streamer'). */
    approveAs(userId: string) {
      approver = userId;
    },
    allowRedirect(uri: string) {
      redirects.add(uri);
    },
    /** Registers another app (a streamer's own client id and secret). */
    addApp(id: string, secret: string) {
      apps.set(id, secret);
    },
    /** A token pair for a user directly, for tests that start linked. */
    issueToken(o: { userId?: string; clientId?: string; scopes?: string[] } = {}) {
      return issue(
        o.clientId ?? clientId,
        o.userId ?? approver,
        o.scopes ?? ['user-read-playback-state', 'user-modify-playback-state', 'user-read-currently-playing'],
      ) as { access_token: string; refresh_token: string; expires_in: number };
    },
    /** Access tokens issued from now on last this many seconds. */
    tokenLifetime(seconds: number) {
      tokenSeconds = seconds;
    },
    /** Expires an access token now; its refresh token still works. */
    expire(accessToken: string) {
      const t = tokens.get(accessToken);
      if (t) t.expiresAt = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type FakeSpotify = Awaited<ReturnType<typeof startFakeSpotify>>;
