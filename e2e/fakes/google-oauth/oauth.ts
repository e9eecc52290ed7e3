/**
 * Google's OAuth 2.0 server for web apps, from Google's "Using OAuth 2.0 for Web Server
 * Applications": GET /o/oauth2/v2/auth (accounts.google.com) redirects back with a code for the
 * account a test chose; POST /token (oauth2.googleapis.com) exchanges it (same redirect_uri, PKCE
 * verifier checked, single use) and refreshes; POST /revoke ends a grant. As Google does, a
 * refresh token is only issued with access_type=offline, and only on the first consent unless
 * prompt=consent; refreshing keeps the same refresh token; a revoked grant refreshes into
 * 400 invalid_grant. With the openid scope an RS256 id_token is issued (keys at /oauth2/v3/certs).
 * This fake requires PKCE with S256 (Google only recommends it) so a client that forgets it fails.
 */
import { createSign, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pkceMatches, redirectAllowed } from '../oauth-rules';

export type GoogleAccount = { sub: string; email: string; name: string; picture: string };

export type GoogleGrant = {
  sub: string;
  scopes: string[];
  accessToken: string;
  refreshToken: string | null;
  expiresAt: number;
};

type PendingCode = {
  sub: string;
  scopes: string[];
  redirectUri: string;
  challenge: string;
  offline: boolean;
  consent: boolean;
  expiresAt: number;
};

const OPENID_SCOPES = new Set(['openid', 'email', 'profile']);
const ACCESS_TOKEN_SECONDS = 3599;

export async function readForm(req: IncomingMessage) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (String(req.headers['content-type'] ?? '').includes('application/json')) {
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      return new URLSearchParams(Object.entries(json).map(([k, v]) => [k, String(v)]));
    } catch {
      return new URLSearchParams();
    }
  }
  return new URLSearchParams(text);
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-cache, no-store, max-age=0, must-revalidate',
  });
  res.end(JSON.stringify(body));
  return status;
}

const opaque = (prefix: string, bytes = 48) => `${prefix}${randomBytes(bytes).toString('base64url')}`;

export function createGoogleOAuth(o: { clientId?: string; clientSecret?: string; issuer?: string } = {}) {
  const clientId =
    o.clientId ??
    `${randomBytes(6).readUIntBE(0, 6)}-${randomBytes(16).toString('hex')}.apps.googleusercontent.com`;
  const clientSecret = o.clientSecret ?? opaque('GOCSPX-', 21);
  const accounts = new Map<string, GoogleAccount>();
  const codes = new Map<string, PendingCode>();
  const grants = new Map<string, GoogleGrant>();
  const consented = new Set<string>();
  const redirects = new Set<string>();
  const signing = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(20).toString('hex');
  let approver: string | null = null;
  let denyNext = false;
  let accessTokenSeconds = ACCESS_TOKEN_SECONDS;
  let nextSub = 100_000_000_000_000_000_000n;

  function scopeKnown(s: string) {
    return OPENID_SCOPES.has(s) || s.startsWith('https://www.googleapis.com/auth/');
  }

  /** Google shows errors in the request itself as a page ("Error 400: …"), never redirecting them. */
  function errorPage(res: ServerResponse, status: number, error: string) {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Error ${status}: ${error}</title><p>Error ${status}: ${error}</p>`);
    return status;
  }

  function authorize(url: URL, res: ServerResponse) {
    const q = url.searchParams;
    if (q.get('client_id') !== clientId) return errorPage(res, 401, 'invalid_client');
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!redirectAllowed(redirects, redirectUri)) return errorPage(res, 400, 'redirect_uri_mismatch');
    if (q.get('response_type') !== 'code') return errorPage(res, 400, 'unsupported_response_type');
    const scopes = (q.get('scope') ?? '').split(' ').filter(Boolean);
    if (scopes.length === 0) return errorPage(res, 400, 'invalid_request');
    if (scopes.some((s) => !scopeKnown(s))) return errorPage(res, 400, 'invalid_scope');
    const challenge = q.get('code_challenge');
    if (!challenge || q.get('code_challenge_method') !== 'S256')
      return errorPage(res, 400, 'invalid_request');
    const back = new URL(redirectUri);
    const state = q.get('state');
    if (denyNext || !approver || !accounts.has(approver)) {
      const reason = denyNext ? 'access_denied' : 'no account to approve as: call oauth.approveAs(sub) first';
      denyNext = false;
      if (reason !== 'access_denied') return errorPage(res, 400, reason);
      back.searchParams.set('error', 'access_denied');
      if (state !== null) back.searchParams.set('state', state);
      res.writeHead(302, { location: back.toString() }).end();
      return 302;
    }
    const code = `4/0${randomBytes(36).toString('base64url')}`;
    codes.set(code, {
      sub: approver,
      scopes,
      redirectUri,
      challenge,
      offline: q.get('access_type') === 'offline',
      consent: (q.get('prompt') ?? '').split(' ').includes('consent'),
      expiresAt: Date.now() + 10 * 60_000,
    });
    if (state !== null) back.searchParams.set('state', state);
    back.searchParams.set('code', code);
    back.searchParams.set('scope', scopes.join(' '));
    res.writeHead(302, { location: back.toString() }).end();
    return 302;
  }

  function clientAuthenticated(req: IncomingMessage, form: URLSearchParams) {
    let id = form.get('client_id');
    let secret = form.get('client_secret');
    const header = req.headers.authorization ?? '';
    if (header.startsWith('Basic ')) {
      const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      id = decodeURIComponent(decoded.slice(0, colon));
      secret = decodeURIComponent(decoded.slice(colon + 1));
    }
    return id === clientId && secret === clientSecret;
  }

  function idToken(sub: string, scopes: string[]) {
    const account = accounts.get(sub)!;
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {
      iss: o.issuer ?? 'https://accounts.google.com',
      azp: clientId,
      aud: clientId,
      sub,
      iat: now,
      exp: now + 3600,
    };
    if (scopes.includes('email')) Object.assign(claims, { email: account.email, email_verified: true });
    if (scopes.includes('profile')) Object.assign(claims, { name: account.name, picture: account.picture });
    const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const input = `${part({ alg: 'RS256', kid, typ: 'JWT' })}.${part(claims)}`;
    return `${input}.${createSign('RSA-SHA256').update(input).sign(signing.privateKey, 'base64url')}`;
  }

  function issue(sub: string, scopes: string[], refreshToken: string | null) {
    const grant: GoogleGrant = {
      sub,
      scopes,
      accessToken: opaque('ya29.a0'),
      refreshToken,
      expiresAt: Date.now() + accessTokenSeconds * 1000,
    };
    grants.set(grant.accessToken, grant);
    return grant;
  }

  function tokenJson(grant: GoogleGrant, withRefresh: boolean) {
    return {
      access_token: grant.accessToken,
      expires_in: accessTokenSeconds,
      ...(withRefresh && grant.refreshToken ? { refresh_token: grant.refreshToken } : {}),
      scope: grant.scopes.join(' '),
      token_type: 'Bearer',
      ...(grant.scopes.includes('openid') ? { id_token: idToken(grant.sub, grant.scopes) } : {}),
    };
  }

  async function tokenEndpoint(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const form = await readForm(req);
    if (!clientAuthenticated(req, form))
      return send(res, 401, { error: 'invalid_client', error_description: 'Unauthorized' });
    const type = form.get('grant_type');
    if (type === 'authorization_code') {
      const value = form.get('code') ?? '';
      const code = codes.get(value);
      if (!code || code.expiresAt < Date.now())
        return send(res, 400, { error: 'invalid_grant', error_description: 'Malformed auth code.' });
      codes.delete(value);
      if (form.get('redirect_uri') !== code.redirectUri)
        return send(res, 400, { error: 'redirect_uri_mismatch', error_description: 'Bad Request' });
      const verifier = form.get('code_verifier') ?? '';
      if (!verifier)
        return send(res, 400, { error: 'invalid_grant', error_description: 'Missing code verifier.' });
      if (!pkceMatches(verifier, code.challenge))
        return send(res, 400, { error: 'invalid_grant', error_description: 'Invalid code verifier.' });
      const first = !consented.has(code.sub);
      consented.add(code.sub);
      const refresh = code.offline && (first || code.consent) ? opaque('1//0', 70) : null;
      return send(res, 200, tokenJson(issue(code.sub, code.scopes, refresh), true));
    }
    if (type === 'refresh_token') {
      const value = form.get('refresh_token');
      const old = value ? [...grants.values()].find((g) => g.refreshToken === value) : undefined;
      if (!old || !accounts.has(old.sub))
        return send(res, 400, {
          error: 'invalid_grant',
          error_description: 'Token has been expired or revoked.',
        });
      // Google keeps the refresh token; the old access token stays valid until it expires.
      return send(res, 200, tokenJson(issue(old.sub, old.scopes, old.refreshToken), false));
    }
    return send(res, 400, {
      error: 'unsupported_grant_type',
      error_description: `Invalid grant_type: ${type ?? ''}`,
    });
  }

  async function revokeEndpoint(req: IncomingMessage, res: ServerResponse, url: URL): Promise<number> {
    const form = await readForm(req);
    const value = url.searchParams.get('token') ?? form.get('token');
    const hit = value
      ? [...grants.values()].find((g) => g.accessToken === value || g.refreshToken === value)
      : undefined;
    if (!hit)
      return send(res, 400, { error: 'invalid_token', error_description: 'Token expired or revoked' });
    // Revoking either token ends the grant: its refresh token and every access token made from it.
    for (const [key, g] of grants)
      if (g.accessToken === value || (hit.refreshToken !== null && g.refreshToken === hit.refreshToken))
        grants.delete(key);
    return send(res, 200, {});
  }

  function certs(res: ServerResponse) {
    const jwk = signing.publicKey.export({ format: 'jwk' });
    return send(res, 200, { keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] });
  }

  function grantFor(accessToken: string | null): GoogleGrant | null {
    const grant = accessToken ? grants.get(accessToken) : undefined;
    return grant && grant.expiresAt > Date.now() && accounts.has(grant.sub) ? grant : null;
  }

  function userinfo(req: IncomingMessage, res: ServerResponse) {
    const grant = grantFor(/^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? null);
    if (!grant) return send(res, 401, { error: 'invalid_request', error_description: 'Invalid Credentials' });
    const a = accounts.get(grant.sub)!;
    return send(res, 200, {
      sub: a.sub,
      name: a.name,
      picture: a.picture,
      email: a.email,
      email_verified: true,
    });
  }

  /** Routes this part serves: auth on accounts.google.com, token/revoke on oauth2.googleapis.com, certs/userinfo on www.googleapis.com. */
  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<number | null> {
    const key = `${req.method} ${url.pathname}`;
    if (key === 'GET /o/oauth2/v2/auth') return authorize(url, res);
    if (key === 'POST /token') return tokenEndpoint(req, res);
    if (key === 'POST /revoke' || key === 'POST /o/oauth2/revoke') return revokeEndpoint(req, res, url);
    if (key === 'GET /oauth2/v3/certs') return certs(res);
    if (key === 'GET /oauth2/v3/userinfo' || key === 'GET /v1/userinfo') return userinfo(req, res);
    return null;
  }

  return {
    clientId,
    clientSecret,
    accounts,
    route,
    grantFor,
    api: {
      clientId,
      clientSecret,
      /** A Google account; `sub` is its stable id (the id_token's subject). */
      addAccount(a: { name: string; email?: string }): GoogleAccount {
        const sub = String(nextSub++);
        const account = {
          sub,
          name: a.name,
          email: a.email ?? `${a.name.toLowerCase().replace(/\W+/g, '.')}@gmail.test`,
          picture: `https://lh3.googleusercontent.com/a/${sub}=s96-c`,
        };
        accounts.set(sub, account);
        return account;
      },
      /** Authorize redirects back with a code for this account until changed. */
      approveAs(sub: string) {
        approver = sub;
      },
      /** The next authorize redirects back with error=access_denied, as when the user cancels. */
      denyNext() {
        denyNext = true;
      },
      allowRedirect(uri: string) {
        redirects.add(uri);
      },
      /** Issues a grant directly (with a refresh token), for tests that start linked. */
      issueToken(sub: string, scopes: string[] = ['https://www.googleapis.com/auth/youtube.force-ssl']) {
        consented.add(sub);
        return tokenJson(issue(sub, scopes, opaque('1//0', 70)), true);
      },
      /** Access tokens issued from now on last this many seconds (Google: 3599). */
      tokenLifetime(seconds: number) {
        accessTokenSeconds = seconds;
      },
      /** The user removes the app's access in their Google account: refreshing answers invalid_grant. */
      revoke(sub: string) {
        for (const [key, g] of grants) if (g.sub === sub) grants.delete(key);
        consented.delete(sub);
      },
      /** Expires an access token now, so its next use is a 401 while its refresh token still works. */
      expire(accessToken: string) {
        const g = grants.get(accessToken);
        if (g) g.expiresAt = 0;
      },
      grants: () => [...grants.values()],
    },
  };
}
export type GoogleOAuth = ReturnType<typeof createGoogleOAuth>;
