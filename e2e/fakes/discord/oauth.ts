/**
 * Discord's OAuth2 authorization-code flow with PKCE: /oauth2/authorize redirects back with a
 * code for the user a test chose (`approveAs`), /api/oauth2/token exchanges codes (checking the
 * S256 code_verifier, single use, same redirect_uri) and refresh tokens, and
 * /api/oauth2/token/revoke ends a grant. Errors use OAuth's `{error, error_description}`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pkceMatches, redirectAllowed } from '../oauth-rules';
import { readBody, sendJson } from './http';
import { type State, token } from './state';

const SCOPES = new Set([
  'activities.read',
  'activities.write',
  'applications.builds.read',
  'applications.commands',
  'applications.commands.permissions.update',
  'applications.entitlements',
  'bot',
  'connections',
  'dm_channels.read',
  'email',
  'gdm.join',
  'guilds',
  'guilds.join',
  'guilds.members.read',
  'identify',
  'messages.read',
  'openid',
  'relationships.read',
  'role_connections.write',
  'rpc',
  'voice',
  'webhook.incoming',
]);
const ACCESS_TOKEN_SECONDS = 604_800;

export type Grant = {
  userId: string;
  scopes: string[];
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
};
type PendingCode = {
  userId: string;
  scopes: string[];
  redirectUri: string;
  challenge: string;
  expiresAt: number;
};

export function createOAuth(state: State, app: { applicationId: string; clientSecret: string }) {
  const redirects = new Set<string>();
  const codes = new Map<string, PendingCode>();
  const grants = new Map<string, Grant>();
  let approver: string | null = null;
  let denyNext = false;
  let accessTokenSeconds = ACCESS_TOKEN_SECONDS;

  const oauthError = (res: ServerResponse, status: number, error: string, description: string) =>
    sendJson(res, status, { error, error_description: description });

  function authorize(url: URL, res: ServerResponse) {
    const q = url.searchParams;
    // Problems with the client or redirect are shown to the user, never redirected (RFC 6749 4.1.2.1).
    if (q.get('client_id') !== app.applicationId)
      return sendJson(res, 400, { client_id: [`Value "${q.get('client_id')}" is not snowflake.`] });
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!redirectAllowed(redirects, redirectUri))
      return sendJson(res, 400, { redirect_uri: ['Invalid OAuth2 redirect_uri'] });
    const back = new URL(redirectUri);
    const state_ = q.get('state');
    const fail = (error: string, description: string) => {
      back.searchParams.set('error', error);
      back.searchParams.set('error_description', description);
      if (state_ !== null) back.searchParams.set('state', state_);
      res.writeHead(302, { location: back.toString() }).end();
    };
    if (q.get('response_type') !== 'code')
      return fail(
        'unsupported_response_type',
        'The authorization server does not support obtaining an authorization code using this method.',
      );
    const scopes = (q.get('scope') ?? '').split(/[ +]/).filter(Boolean);
    if (scopes.length === 0 || scopes.some((s) => !SCOPES.has(s)))
      return fail('invalid_scope', 'The requested scope is invalid, unknown, or malformed.');
    const challenge = q.get('code_challenge');
    if (!challenge || q.get('code_challenge_method') !== 'S256')
      return fail('invalid_request', 'code_challenge with code_challenge_method S256 is required.');
    if (q.has('deny') || denyNext) {
      denyNext = false;
      return fail('access_denied', 'The resource owner or authorization server denied the request');
    }
    if (!approver || !state.users.has(approver))
      return sendJson(res, 400, {
        message: 'No user to approve as: call fake.oauth.approveAs(userId) first.',
      });
    const code = token(22);
    codes.set(code, {
      userId: approver,
      scopes,
      redirectUri,
      challenge,
      expiresAt: Date.now() + 10 * 60_000,
    });
    back.searchParams.set('code', code);
    if (state_ !== null) back.searchParams.set('state', state_);
    res.writeHead(302, { location: back.toString() }).end();
  }

  function clientAuthenticated(req: IncomingMessage, form: URLSearchParams) {
    const header = req.headers.authorization ?? '';
    let id = form.get('client_id');
    let secret = form.get('client_secret');
    if (header.startsWith('Basic ')) {
      const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      id = decodeURIComponent(decoded.slice(0, colon));
      secret = decodeURIComponent(decoded.slice(colon + 1));
    }
    return id === app.applicationId && secret === app.clientSecret;
  }

  function issue(userId: string, scopes: string[]) {
    const grant: Grant = {
      userId,
      scopes,
      accessToken: token(22),
      refreshToken: token(22),
      expiresAt: Date.now() + accessTokenSeconds * 1000,
    };
    grants.set(grant.accessToken, grant);
    return {
      access_token: grant.accessToken,
      token_type: 'Bearer',
      expires_in: accessTokenSeconds,
      refresh_token: grant.refreshToken,
      scope: scopes.join(' '),
    };
  }

  async function tokenEndpoint(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    if (!body.form)
      return oauthError(res, 400, 'invalid_request', 'Body must be application/x-www-form-urlencoded.');
    const form = body.form;
    if (!clientAuthenticated(req, form))
      return oauthError(res, 401, 'invalid_client', 'Invalid client authentication.');
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') {
      const code = codes.get(form.get('code') ?? '');
      if (!code || code.expiresAt < Date.now())
        return oauthError(res, 400, 'invalid_grant', 'Invalid "code" in request.');
      codes.delete(form.get('code')!);
      if (form.get('redirect_uri') !== code.redirectUri)
        return oauthError(res, 400, 'invalid_grant', 'Invalid "redirect_uri" in request.');
      const verifier = form.get('code_verifier') ?? '';
      if (!pkceMatches(verifier, code.challenge))
        return oauthError(res, 400, 'invalid_grant', 'Invalid "code_verifier" in request.');
      return sendJson(res, 200, issue(code.userId, code.scopes));
    }
    if (grantType === 'refresh_token') {
      const old = [...grants.values()].find((g) => g.refreshToken === form.get('refresh_token'));
      if (!old) return oauthError(res, 400, 'invalid_grant', 'Invalid "refresh_token" in request.');
      grants.delete(old.accessToken);
      return sendJson(res, 200, issue(old.userId, old.scopes));
    }
    return oauthError(res, 400, 'unsupported_grant_type', 'The authorization grant type is not supported.');
  }

  async function revokeEndpoint(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    const form = body.form ?? new URLSearchParams();
    if (!clientAuthenticated(req, form))
      return oauthError(res, 401, 'invalid_client', 'Invalid client authentication.');
    const value = form.get('token');
    // Revoking either token of a grant ends the whole grant, as Discord does.
    for (const [key, grant] of grants)
      if (grant.accessToken === value || grant.refreshToken === value) grants.delete(key);
    sendJson(res, 200, {});
  }

  return {
    authorize,
    tokenEndpoint,
    revokeEndpoint,
    grantFor(accessToken: string): Grant | null {
      const grant = grants.get(accessToken);
      return grant && grant.expiresAt > Date.now() ? grant : null;
    },
    api: {
      /** Authorize redirects back with a code for this user until changed. */
      approveAs(userId: string) {
        approver = userId;
      },
      /** The next authorize answers error=access_denied, as when the user clicks Cancel. */
      denyNext() {
        denyNext = true;
      },
      allowRedirect(uri: string) {
        redirects.add(uri);
      },
      /** Issues tokens directly, for tests that start signed in. */
      issueToken(userId: string, scopes: string[] = ['identify', 'guilds']) {
        return issue(userId, scopes);
      },
      /** Access tokens issued from now on last this many seconds (Discord's: 604800, a week). */
      tokenLifetime(seconds: number) {
        accessTokenSeconds = seconds;
      },
      /** The user removes the app under Authorized Apps: every grant of theirs ends, refresh tokens too. */
      deauthorize(userId: string) {
        for (const [key, grant] of grants) if (grant.userId === userId) grants.delete(key);
      },
      /** Expires an access token now, so the next use is a 401. */
      expire(accessToken: string) {
        const grant = grants.get(accessToken);
        if (grant) grant.expiresAt = 0;
      },
      grants: () => [...grants.values()],
    },
  };
}
export type OAuth = ReturnType<typeof createOAuth>;
