/**
 * Kick's OAuth 2.1 server (id.kick.com), from Kick's "OAuth 2.1" page: GET /oauth/authorize needs
 * PKCE with S256 and redirects back with a code for the user a test chose; POST /oauth/token
 * exchanges a code (checking the code_verifier, single use, same redirect_uri), rotates refresh
 * tokens, and keeps the client-credentials grant for app tokens; POST /oauth/revoke ends a token.
 * Errors use `{error, error_description}`; a refresh token that was revoked or already used is a 400.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pkceMatches, redirectAllowed } from '../oauth-rules';
import { json, readBody } from './http';

export const KICK_SCOPES = new Set([
  'user:read',
  'channel:read',
  'channel:write',
  'channel:rewards:read',
  'channel:rewards:write',
  'chat:write',
  'streamkey:read',
  'events:subscribe',
  'moderation:ban',
  'moderation:chat_message:manage',
  'kicks:read',
]);
/** User access tokens last two hours on Kick. */
const USER_TOKEN_SECONDS = 7200;

export type KickUser = { user_id: number; name: string; email: string; profile_picture: string };

export type KickToken = {
  value: string;
  kind: 'app' | 'user';
  userId: number | null;
  scopes: string[];
  expiresAt: number;
};

type PendingCode = {
  userId: number;
  scopes: string[];
  redirectUri: string;
  challenge: string;
  expiresAt: number;
};
type RefreshGrant = { userId: number; scopes: string[]; accessToken: string };

const secret = () => randomBytes(32).toString('base64url').toUpperCase();

export function createKickOAuth(app: { clientId: string; clientSecret: string; appTokenSeconds: number }) {
  const users = new Map<number, KickUser>();
  const tokens = new Map<string, KickToken>();
  const refreshTokens = new Map<string, RefreshGrant>();
  const codes = new Map<string, PendingCode>();
  const redirects = new Set<string>();
  let approver: number | null = null;
  let denyNext = false;
  let userTokenSeconds = USER_TOKEN_SECONDS;

  const oauthError = (res: ServerResponse, status: number, error: string, description: string) =>
    json(res, status, { error, error_description: description }, { 'cache-control': 'no-store' });

  function authorize(url: URL, res: ServerResponse) {
    const q = url.searchParams;
    // Kick answers a malformed authorization request with a 400 page; it never redirects one.
    const invalid = () => json(res, 400, { error: 'Invalid request' });
    if (q.get('client_id') !== app.clientId) return invalid();
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!redirectAllowed(redirects, redirectUri)) return invalid();
    if (q.get('response_type') !== 'code' || !q.get('state')) return invalid();
    const challenge = q.get('code_challenge');
    if (!challenge || q.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(challenge))
      return invalid();
    const back = new URL(redirectUri);
    const state = q.get('state')!;
    const fail = (error: string, description: string) => {
      back.searchParams.set('error', error);
      back.searchParams.set('error_description', description);
      back.searchParams.set('state', state);
      res.writeHead(302, { location: back.toString() }).end();
    };
    const scopes = (q.get('scope') ?? '').split(' ').filter(Boolean);
    if (scopes.length === 0 || scopes.some((s) => !KICK_SCOPES.has(s)))
      return fail('invalid_scope', 'The requested scope is invalid, unknown, or malformed.');
    if (denyNext) {
      denyNext = false;
      return fail('access_denied', 'The resource owner or authorization server denied the request.');
    }
    if (approver === null || !users.has(approver))
      return json(res, 400, { error: 'No user to approve as: call fake.oauth.approveAs(userId) first.' });
    const code = randomBytes(24).toString('base64url');
    codes.set(code, {
      userId: approver,
      scopes,
      redirectUri,
      challenge,
      expiresAt: Date.now() + 10 * 60_000,
    });
    back.searchParams.set('code', code);
    back.searchParams.set('state', state);
    res.writeHead(302, { location: back.toString() }).end();
  }

  function clientOf(req: IncomingMessage, form: URLSearchParams) {
    let id = form.get('client_id');
    let key = form.get('client_secret');
    const header = req.headers.authorization ?? '';
    if (header.startsWith('Basic ')) {
      const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      id = decodeURIComponent(decoded.slice(0, colon));
      key = decodeURIComponent(decoded.slice(colon + 1));
    }
    return id === app.clientId && key === app.clientSecret;
  }

  function issueUser(userId: number, scopes: string[]) {
    const access: KickToken = {
      value: secret(),
      kind: 'user',
      userId,
      scopes,
      expiresAt: Date.now() + userTokenSeconds * 1000,
    };
    tokens.set(access.value, access);
    const refresh = secret();
    refreshTokens.set(refresh, { userId, scopes, accessToken: access.value });
    return {
      access_token: access.value,
      token_type: 'Bearer',
      refresh_token: refresh,
      expires_in: userTokenSeconds,
      scope: scopes.join(' '),
    };
  }

  function issueApp() {
    const access: KickToken = {
      value: secret(),
      kind: 'app',
      userId: null,
      scopes: [],
      expiresAt: Date.now() + app.appTokenSeconds * 1000,
    };
    tokens.set(access.value, access);
    return { access_token: access.value, token_type: 'Bearer', expires_in: app.appTokenSeconds };
  }

  /** Answers the status it sent, for the request log. */
  async function tokenEndpoint(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const { form } = await readBody(req);
    const reply = (status: number, body: unknown) => {
      json(res, status, body, { 'cache-control': 'no-store' });
      return status;
    };
    const error = (status: number, code: string, description: string) => {
      oauthError(res, status, code, description);
      return status;
    };
    const grant = form.get('grant_type');
    if (grant !== 'client_credentials' && grant !== 'authorization_code' && grant !== 'refresh_token')
      return error(
        400,
        'unsupported_grant_type',
        'The authorization grant type is not supported by the authorization server.',
      );
    if (!clientOf(req, form)) return error(401, 'invalid_client', 'Client authentication failed.');
    if (grant === 'client_credentials') return reply(200, issueApp());
    if (grant === 'authorization_code') {
      const value = form.get('code') ?? '';
      const code = codes.get(value);
      if (!code || code.expiresAt < Date.now())
        return error(400, 'invalid_grant', 'The authorization code is invalid or has expired.');
      codes.delete(value);
      if (form.get('redirect_uri') !== code.redirectUri)
        return error(400, 'invalid_grant', 'The redirect_uri does not match the authorization request.');
      const verifier = form.get('code_verifier') ?? '';
      if (!pkceMatches(verifier, code.challenge))
        return error(400, 'invalid_grant', 'The code_verifier does not match the code_challenge.');
      return reply(200, issueUser(code.userId, code.scopes));
    }
    const value = form.get('refresh_token') ?? '';
    const old = refreshTokens.get(value);
    if (!old || !users.has(old.userId))
      return error(400, 'invalid_grant', 'The refresh token is invalid, expired or revoked.');
    // Rotation: the used refresh token and its access token end; the client must keep the new pair.
    refreshTokens.delete(value);
    tokens.delete(old.accessToken);
    return reply(200, issueUser(old.userId, old.scopes));
  }

  async function revokeEndpoint(req: IncomingMessage, res: ServerResponse, url: URL): Promise<number> {
    const { form } = await readBody(req);
    // Kick documents the token as a query parameter; form bodies (as arctic sends) work too.
    const value = url.searchParams.get('token') ?? form.get('token');
    if (!value) {
      json(res, 400, { error: 'Invalid request' });
      return 400;
    }
    const refresh = refreshTokens.get(value);
    if (refresh) {
      refreshTokens.delete(value);
      tokens.delete(refresh.accessToken);
    }
    if (tokens.delete(value))
      for (const [key, grant] of refreshTokens) if (grant.accessToken === value) refreshTokens.delete(key);
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('OK');
    return 200;
  }

  function tokenFor(value: string | null): KickToken | null {
    const found = value ? tokens.get(value) : undefined;
    if (!found || found.expiresAt <= Date.now()) return null;
    if (found.kind === 'user' && !users.has(found.userId!)) return null;
    return found;
  }

  return {
    users,
    tokens,
    authorize,
    tokenEndpoint,
    revokeEndpoint,
    tokenFor,
    api: {
      /** Authorize redirects back with a code for this user until changed. */
      approveAs(userId: number) {
        approver = userId;
      },
      /** The next authorize redirects back with error=access_denied, as when the user cancels. */
      denyNext() {
        denyNext = true;
      },
      allowRedirect(uri: string) {
        redirects.add(uri);
      },
      /** Issues a user token pair directly, for tests that start linked. */
      issueToken(
        userId: number,
        scopes: string[] = ['user:read', 'channel:read', 'chat:write', 'events:subscribe'],
      ) {
        return issueUser(userId, scopes);
      },
      /** User access tokens issued from now on last this many seconds (Kick: 7200). */
      tokenLifetime(seconds: number) {
        userTokenSeconds = seconds;
      },
      /** The user disconnects the app: every token of theirs ends and refreshing answers 400 invalid_grant. */
      revoke(userId: number) {
        for (const [key, t] of tokens) if (t.userId === userId) tokens.delete(key);
        for (const [key, g] of refreshTokens) if (g.userId === userId) refreshTokens.delete(key);
      },
      /** Expires an access token now, so its next use is a 401 while its refresh token still works. */
      expire(accessToken: string) {
        const t = tokens.get(accessToken);
        if (t) t.expiresAt = 0;
      },
      /** Refresh tokens that would work now, per user. */
      refreshTokensOf: (userId: number) =>
        [...refreshTokens].filter(([, g]) => g.userId === userId).map(([value]) => value),
    },
  };
}
export type KickOAuth = ReturnType<typeof createKickOAuth>;
