/**
 * id.twitch.tv OAuth: /oauth2/authorize (authorization code, optional PKCE S256), /oauth2/token
 * (authorization_code, refresh_token, client_credentials), /oauth2/validate and /oauth2/revoke,
 * with Twitch's {status, message} errors. Twitch keeps a refresh token across refreshes (up to 50
 * live access tokens per refresh token), so refreshing returns the same refresh token.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pkceMatches } from '../oauth-rules';
import { readBody, sendJson, TwitchError } from './http';
import { type State, token } from './state';

export type Grant = {
  accessToken: string;
  refreshToken: string | null;
  clientId: string;
  /** null for app access tokens (client credentials). */
  userId: string | null;
  scopes: string[];
  expiresAt: number;
};

type Code = {
  userId: string;
  scopes: string[];
  redirectUri: string;
  challenge: string | null;
  expiresAt: number;
};

export type OAuthApp = { clientId: string; clientSecret: string };

export function createOAuth(state: State, app: OAuthApp, options: { redirectUris?: string[] } = {}) {
  const grants = new Map<string, Grant>();
  /** Refresh token → who it belongs to; gone once revoked. */
  const refreshTokens = new Map<string, { userId: string; scopes: string[] }>();
  const codes = new Map<string, Code>();
  const redirects = new Set(options.redirectUris ?? []);
  let approver: string | null = null;
  let denyNext = false;
  let userTokenSeconds = 14_400;
  let appTokenSeconds = 5_184_000;
  const revokedListeners: ((userId: string) => void)[] = [];

  function issueUser(userId: string, scopes: string[], refreshToken?: string) {
    const grant: Grant = {
      accessToken: token(),
      refreshToken: refreshToken ?? token(25),
      clientId: app.clientId,
      userId,
      scopes,
      expiresAt: Date.now() + userTokenSeconds * 1000,
    };
    grants.set(grant.accessToken, grant);
    refreshTokens.set(grant.refreshToken!, { userId, scopes });
    return {
      access_token: grant.accessToken,
      expires_in: userTokenSeconds,
      refresh_token: grant.refreshToken!,
      scope: scopes,
      token_type: 'bearer',
    };
  }

  function issueApp() {
    const grant: Grant = {
      accessToken: token(),
      refreshToken: null,
      clientId: app.clientId,
      userId: null,
      scopes: [],
      expiresAt: Date.now() + appTokenSeconds * 1000,
    };
    grants.set(grant.accessToken, grant);
    return { access_token: grant.accessToken, expires_in: appTokenSeconds, token_type: 'bearer' };
  }

  function params(req: IncomingMessage, form: URLSearchParams | undefined): URLSearchParams {
    // Twitch takes these parameters from the query string or a form body alike.
    const merged = new URL(req.url ?? '/', 'http://id.twitch.invalid').searchParams;
    for (const [key, value] of form ?? []) merged.set(key, value);
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
    if (basic) {
      const [id, secret] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
      if (id && !merged.has('client_id')) merged.set('client_id', decodeURIComponent(id));
      if (secret && !merged.has('client_secret')) merged.set('client_secret', decodeURIComponent(secret));
    }
    return merged;
  }

  function checkClient(form: URLSearchParams, needSecret: boolean) {
    if (form.get('client_id') !== app.clientId) throw new TwitchError(400, 'invalid client', 'id');
    if (needSecret && form.get('client_secret') !== app.clientSecret)
      throw new TwitchError(403, 'invalid client secret', 'id');
  }

  function redirectTo(res: ServerResponse, uri: string, query: Record<string, string>) {
    const target = new URL(uri);
    for (const [key, value] of Object.entries(query)) target.searchParams.set(key, value);
    res.writeHead(302, { location: target.toString() }).end();
  }

  function authorize(url: URL, res: ServerResponse) {
    const q = url.searchParams;
    if (q.get('client_id') !== app.clientId) throw new TwitchError(400, 'invalid client', 'id');
    const redirectUri = q.get('redirect_uri') ?? '';
    let parsed: URL | null = null;
    try {
      parsed = new URL(redirectUri);
    } catch {}
    if (!parsed || (redirects.size > 0 && !redirects.has(redirectUri)))
      throw new TwitchError(400, 'Parameter redirect_uri does not match registered URI', 'id');
    const clientState = q.get('state');
    const withState = (query: Record<string, string>) =>
      clientState === null ? query : { ...query, state: clientState };
    if (q.get('response_type') !== 'code')
      return redirectTo(
        res,
        redirectUri,
        withState({ error: 'unsupported_response_type', error_description: 'response_type must be code' }),
      );
    const challenge = q.get('code_challenge');
    if (challenge && (q.get('code_challenge_method') ?? 'S256') !== 'S256')
      return redirectTo(
        res,
        redirectUri,
        withState({ error: 'invalid_request', error_description: 'code_challenge_method must be S256' }),
      );
    if (denyNext) {
      denyNext = false;
      return redirectTo(
        res,
        redirectUri,
        withState({ error: 'access_denied', error_description: 'The user denied you access' }),
      );
    }
    // A browser nobody signed in with sees Twitch's login page, not a redirect.
    if (!approver || !state.users.has(approver)) {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end('<!doctype html><title>Log in to Twitch</title><h1>Log in to Twitch</h1>');
      return;
    }
    const scopes = (q.get('scope') ?? '').split(/[ +]/).filter(Boolean);
    const code = token();
    codes.set(code, { userId: approver, scopes, redirectUri, challenge, expiresAt: Date.now() + 600_000 });
    redirectTo(res, redirectUri, withState({ code, scope: scopes.join(' ') }));
  }

  async function tokenEndpoint(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    const form = params(req, body.form);
    const grantType = form.get('grant_type');
    if (!grantType) throw new TwitchError(400, 'missing grant_type', 'id');
    checkClient(form, true);
    if (grantType === 'authorization_code') {
      const value = form.get('code') ?? '';
      const code = codes.get(value);
      if (!code || code.expiresAt < Date.now())
        throw new TwitchError(400, 'Invalid authorization code', 'id');
      codes.delete(value);
      if (form.get('redirect_uri') !== code.redirectUri)
        throw new TwitchError(400, 'Parameter redirect_uri does not match registered URI', 'id');
      if (code.challenge) {
        const verifier = form.get('code_verifier') ?? '';
        if (!pkceMatches(verifier, code.challenge)) throw new TwitchError(400, 'Invalid code verifier', 'id');
      }
      return sendJson(res, 200, issueUser(code.userId, code.scopes));
    }
    if (grantType === 'refresh_token') {
      const refresh = form.get('refresh_token') ?? '';
      const owner = refreshTokens.get(refresh);
      if (!owner) throw new TwitchError(400, 'Invalid refresh token', 'id');
      return sendJson(res, 200, issueUser(owner.userId, owner.scopes, refresh));
    }
    if (grantType === 'client_credentials') return sendJson(res, 200, issueApp());
    throw new TwitchError(400, 'unsupported grant type', 'id');
  }

  function grantFor(accessToken: string): Grant | null {
    const grant = grants.get(accessToken);
    return grant && grant.expiresAt > Date.now() ? grant : null;
  }

  function validateEndpoint(req: IncomingMessage, res: ServerResponse) {
    const header = /^(?:OAuth|Bearer) (.+)$/i.exec(req.headers.authorization ?? '');
    if (!header) throw new TwitchError(401, 'missing authorization token', 'id');
    const grant = grantFor(header[1]!.trim());
    if (!grant) throw new TwitchError(401, 'invalid access token', 'id');
    const expiresIn = Math.max(0, Math.floor((grant.expiresAt - Date.now()) / 1000));
    if (!grant.userId)
      return sendJson(res, 200, { client_id: grant.clientId, scopes: [], expires_in: expiresIn });
    const user = state.users.get(grant.userId);
    sendJson(res, 200, {
      client_id: grant.clientId,
      login: user?.login ?? '',
      scopes: grant.scopes,
      user_id: grant.userId,
      expires_in: expiresIn,
    });
  }

  async function revokeEndpoint(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    const form = params(req, body.form);
    checkClient(form, false);
    const value = form.get('token') ?? '';
    const grant = grants.get(value);
    if (grant) {
      grants.delete(value);
    } else if (refreshTokens.has(value)) {
      refreshTokens.delete(value);
      for (const [key, g] of grants) if (g.refreshToken === value) grants.delete(key);
    } else throw new TwitchError(400, 'Invalid token', 'id');
    res.writeHead(200).end();
  }

  return {
    authorize,
    tokenEndpoint,
    validateEndpoint,
    revokeEndpoint,
    grantFor,
    /** Whether the user has authorized this app with every one of `scopes` (for EventSub). */
    hasScopes(userId: string, scopes: string[]): boolean {
      return [...refreshTokens.values(), ...grants.values()].some(
        (g) => g.userId === userId && scopes.every((s) => g.scopes.includes(s)),
      );
    },
    hasAuthorized(userId: string): boolean {
      return [...refreshTokens.values()].some((g) => g.userId === userId);
    },
    onRevoked(listener: (userId: string) => void) {
      revokedListeners.push(listener);
    },
    api: {
      /** Authorize redirects back with a code for this user until changed; null shows the login page. */
      approveAs(userId: string | null) {
        approver = userId;
      },
      /** The next authorize answers error=access_denied, as when the user clicks Cancel. */
      denyNext() {
        denyNext = true;
      },
      /** Registers a redirect URI; once any is registered, authorize refuses all others. */
      allowRedirect(uri: string) {
        redirects.add(uri);
      },
      /** Issues a user token directly (as after a finished authorize), for tests that start connected. */
      issueToken(userId: string, scopes: string[] = ['chat:read', 'chat:edit']) {
        if (!state.users.has(userId)) throw new Error(`no twitch user ${userId}`);
        return issueUser(userId, scopes);
      },
      /** An app access token, as client_credentials gives. */
      appToken() {
        return issueApp();
      },
      /**
       * The user disconnects the app (or Twitch revokes it): every access and refresh token of
       * theirs ends, so refresh answers 400 "Invalid refresh token" and validate 401, and their
       * EventSub subscriptions are revoked with authorization_revoked.
       */
      revoke(userId: string) {
        for (const [key, g] of grants) if (g.userId === userId) grants.delete(key);
        for (const [key, r] of refreshTokens) if (r.userId === userId) refreshTokens.delete(key);
        for (const listener of revokedListeners) listener(userId);
      },
      /** Expires an access token now, so validate answers 401 and Helix 401. */
      expire(accessToken: string) {
        const grant = grants.get(accessToken);
        if (grant) grant.expiresAt = 0;
      },
      /** Lifetime in seconds of user (default 14400) and app (default 5184000) tokens issued from now on. */
      tokenLifetime(seconds: { user?: number; app?: number }) {
        if (seconds.user !== undefined) userTokenSeconds = seconds.user;
        if (seconds.app !== undefined) appTokenSeconds = seconds.app;
      },
      grants: () => [...grants.values()],
    },
  };
}
export type OAuth = ReturnType<typeof createOAuth>;
