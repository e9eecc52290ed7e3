/**
 * The OAuth 2 calls of every provider through arctic's OAuth2Client: the authorization URL (with an
 * S256 PKCE challenge), the code exchange and the refresh. Providers that refuse HTTP Basic client
 * authentication get the same requests with the client secret in the form body.
 */
import { CodeChallengeMethod, OAuth2Client, OAuth2RequestError, OAuth2Tokens } from 'arctic';
import type { OAuthProvider } from './provider';

export function authorizationUrl(
  provider: OAuthProvider,
  redirectUri: string,
  state: string,
  verifier: string,
) {
  const client = new OAuth2Client(provider.credentials.clientId, null, redirectUri);
  const url = client.createAuthorizationURLWithPKCE(
    provider.authorizeUrl,
    state,
    CodeChallengeMethod.S256,
    verifier,
    provider.scopes,
  );
  for (const [name, value] of Object.entries(provider.authorizeParams ?? {}))
    url.searchParams.set(name, value);
  return url;
}

export function exchangeCode(
  provider: OAuthProvider,
  redirectUri: string,
  code: string,
  verifier: string,
): Promise<OAuth2Tokens> {
  const { clientId, clientSecret } = provider.credentials;
  if (provider.clientAuth === 'basic')
    return new OAuth2Client(clientId, clientSecret, redirectUri).validateAuthorizationCode(
      provider.tokenUrl,
      code,
      verifier,
    );
  return postTokenForm(provider, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
  });
}

export function refreshTokens(provider: OAuthProvider, refreshToken: string): Promise<OAuth2Tokens> {
  const { clientId, clientSecret } = provider.credentials;
  if (provider.clientAuth === 'basic')
    return new OAuth2Client(clientId, clientSecret, null).refreshAccessToken(
      provider.tokenUrl,
      refreshToken,
      [],
    );
  return postTokenForm(provider, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

/** The scopes granted: a space-separated string (RFC 6749), an array (Twitch), or what was asked. */
export function grantedScopes(tokens: OAuth2Tokens, asked: string[]): string[] {
  const scope = (tokens.data as { scope?: unknown }).scope;
  if (typeof scope === 'string') return scope.split(' ').filter(Boolean);
  if (Array.isArray(scope)) return scope.filter((s): s is string => typeof s === 'string');
  return asked;
}

/** When the access token expires; null when the provider did not say. */
export function tokenExpiry(tokens: OAuth2Tokens): Date | null {
  return 'expires_in' in tokens.data ? tokens.accessTokenExpiresAt() : null;
}

/** The token request as arctic sends it, with client_id and client_secret in the body. */
async function postTokenForm(provider: OAuthProvider, fields: Record<string, string>): Promise<OAuth2Tokens> {
  const body = new URLSearchParams({
    ...fields,
    client_id: provider.credentials.clientId,
    client_secret: provider.credentials.clientSecret,
  });
  const res = await fetch(provider.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body,
  });
  const data = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (res.status === 200 && data && typeof data === 'object') return new OAuth2Tokens(data);
  // OAuth's `{error, error_description}`, or Twitch's `{status, message}`.
  const code = typeof data?.error === 'string' ? data.error : `http_${res.status}`;
  const description =
    typeof data?.error_description === 'string'
      ? data.error_description
      : typeof data?.message === 'string'
        ? data.message
        : null;
  throw new OAuth2RequestError(code, description, null, null);
}
