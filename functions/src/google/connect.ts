/**
 * Linking the owner's Google account for Calendar, Gmail and Drive (not signing in): the OAuth 2
 * authorization code flow with state and PKCE (S256) through the shared client (../oauth/client.ts,
 * arctic), state and verifier kept in short-lived HttpOnly cookies scoped to /api/google as the
 * sign-in flow keeps them. The callback checks both, exchanges the code, reads who the account is,
 * and stores the tokens sealed (ENCRYPTION_KEY, the row id as associated data) in one transaction
 * with its audit row. A browser is on the callback, so it ends in a redirect to /google.
 */

import { decryptSecret, encryptSecret } from '@homelab/db/crypto';
import { type GoogleStatus, googleScopes, googleStatusOf } from '@homelab/db/google';
import { auditLog, googleAccounts } from '@homelab/db/schema';
import { generateCodeVerifier, generateState, type OAuth2Tokens } from 'arctic';
import { eq } from 'drizzle-orm';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { recordRedirectStep } from '../audit/record';
import { isSecureRequest } from '../auth/cookies';
import { constantTimeEqual } from '../auth/tokens';
import { type AppContext, db } from '../lib/context';
import type { Config } from '../lib/env';
import { ApiError } from '../lib/errors';
import { log } from '../lib/log';
import { authorizationUrl, exchangeCode, grantedScopes, tokenExpiry } from '../oauth/client';
import { getJson, type OAuthProvider, trimBase } from '../oauth/provider';

const cookiePath = '/api/google';
const cookieMaxAge = 600;
const page = '/google';

type UserInfo = { sub: string; email?: string; email_verified?: boolean };

/** What is missing for the connect flow, as the variables an owner sets; empty when nothing is. */
export function missingSettings(config: Config): string[] {
  const missing: string[] = [];
  if (!config.GOOGLE_CLIENT_ID) missing.push('GOOGLE_CLIENT_ID');
  if (!config.GOOGLE_CLIENT_SECRET) missing.push('GOOGLE_CLIENT_SECRET');
  if (!config.ENCRYPTION_KEY) missing.push('ENCRYPTION_KEY');
  return missing;
}

export function requireConfigured(config: Config) {
  const missing = missingSettings(config);
  if (missing.length > 0)
    throw new ApiError(
      503,
      'google_not_configured',
      `Connecting Google needs ${missing.join(', ')} (a Google Cloud OAuth client of type "Web application", and the key that seals its tokens).`,
    );
  return {
    clientId: config.GOOGLE_CLIENT_ID!,
    clientSecret: config.GOOGLE_CLIENT_SECRET!,
    key: config.ENCRYPTION_KEY!,
  };
}

/** The Workspace app as the shared OAuth client speaks it; the account is read from userinfo. */
function workspaceProvider(config: Config): OAuthProvider {
  const { clientId, clientSecret } = requireConfigured(config);
  const api = trimBase(config.GOOGLE_API_BASE_URL ?? 'https://www.googleapis.com');
  return {
    id: 'google',
    label: 'Google',
    authorizeUrl: `${trimBase(config.GOOGLE_AUTH_BASE_URL ?? 'https://accounts.google.com')}/o/oauth2/v2/auth`,
    tokenUrl: `${trimBase(config.GOOGLE_TOKEN_BASE_URL ?? 'https://oauth2.googleapis.com')}/token`,
    scopes: [...googleScopes],
    clientAuth: 'basic',
    // A refresh token comes only with offline access, and again only when consent is shown.
    authorizeParams: { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' },
    credentials: { clientId, clientSecret },
    async fetchProfile(accessToken) {
      const info = await getJson<UserInfo>(`${api}/oauth2/v3/userinfo`, accessToken);
      return {
        id: info.sub,
        username: info.email ?? info.sub,
        displayName: info.email ?? info.sub,
        avatarUrl: null,
      };
    },
  };
}

function cookieNames(c: AppContext) {
  const prefix = isSecureRequest(c) ? '__Secure-' : '';
  return { state: `${prefix}hl_google_link_state`, verifier: `${prefix}hl_google_link_verifier` };
}

const cookieOptions = (c: AppContext) => ({
  httpOnly: true,
  secure: isSecureRequest(c),
  sameSite: 'Lax' as const,
  path: cookiePath,
});

function callbackUrl(c: AppContext) {
  const origin = c.get('config').PUBLIC_ORIGIN ?? new URL(c.req.url).origin;
  return `${new URL(origin).origin}${cookiePath}/callback`;
}

/** The URL to send the browser to; state and verifier wait in cookies for the callback. */
export function startConnect(c: AppContext): string {
  const provider = workspaceProvider(c.get('config'));
  const state = generateState();
  const verifier = generateCodeVerifier();
  const url = authorizationUrl(provider, callbackUrl(c), state, verifier);
  const names = cookieNames(c);
  const options = { ...cookieOptions(c), maxAge: cookieMaxAge };
  setCookie(c, names.state, state, options);
  setCookie(c, names.verifier, verifier, options);
  return url.toString();
}

const encoder = new TextEncoder();

function audit(
  c: AppContext,
  action: string,
  outcome: 'success' | 'failure',
  target: string | null,
  detail: Record<string, unknown>,
) {
  return recordRedirectStep(c, { action, outcome, target, detail });
}

export type CallbackQuery = { code?: string; state?: string; error?: string };

/** Checks the answer against the cookies, links the account, and redirects to the Google page. */
export async function finishConnect(c: AppContext, query: CallbackQuery) {
  const names = cookieNames(c);
  const saved = { state: getCookie(c, names.state), verifier: getCookie(c, names.verifier) };
  // Whatever happens next, a state is good for one try.
  for (const name of Object.values(names)) deleteCookie(c, name, cookieOptions(c));
  const fail = async (code: string, detail: Record<string, unknown> = {}) => {
    await audit(c, 'google.connect', 'failure', null, { error: code, ...detail });
    return c.redirect(`${page}?error=${encodeURIComponent(code)}`, 302);
  };
  const auth = c.get('auth');
  if (auth?.kind !== 'session' || !['owner', 'admin'].includes(auth.user.role)) return fail('forbidden');
  if (missingSettings(c.get('config')).length > 0) return fail('not_configured');
  if (query.error) return fail(query.error === 'access_denied' ? 'denied' : 'google_error');
  if (
    !query.state ||
    !saved.state ||
    !constantTimeEqual(encoder.encode(query.state), encoder.encode(saved.state)) ||
    !query.code ||
    !saved.verifier
  )
    return fail('bad_state');

  const provider = workspaceProvider(c.get('config'));
  const { key } = requireConfigured(c.get('config'));
  let tokens: OAuth2Tokens;
  try {
    tokens = await exchangeCode(provider, callbackUrl(c), query.code, saved.verifier);
  } catch (error) {
    return fail('token_exchange', { reason: (error as Error).message });
  }
  if (!tokens.hasRefreshToken()) return fail('no_refresh_token');
  let profile: { id: string; username: string };
  try {
    profile = await provider.fetchProfile(tokens.accessToken());
  } catch (error) {
    return fail('google_unavailable', { reason: (error as Error).message });
  }

  const userId = auth.user.id;
  const scopes = grantedScopes(tokens, provider.scopes);
  const expiresAt = tokenExpiry(tokens) ?? new Date(Date.now() + 3_600_000);
  const handle = db(c);
  try {
    await handle.db.transaction(async (tx) => {
      const [mine] = await tx
        .select({ id: googleAccounts.id })
        .from(googleAccounts)
        .where(eq(googleAccounts.userId, userId))
        .for('update');
      const [theirs] = await tx
        .select({ userId: googleAccounts.userId })
        .from(googleAccounts)
        .where(eq(googleAccounts.googleId, profile.id));
      if (theirs && theirs.userId !== userId) throw new ApiError(409, 'account_in_use', 'in use');
      const id = mine?.id ?? crypto.randomUUID();
      const sealed = {
        accessToken: await encryptSecret(tokens.accessToken(), key, id),
        refreshToken: await encryptSecret(tokens.refreshToken(), key, id),
      };
      const values = {
        googleId: profile.id,
        email: profile.username,
        ...sealed,
        tokenExpiresAt: expiresAt,
        scopes,
        state: 'connected' as const,
        lastErrorKind: null,
        lastError: null,
        updatedAt: new Date(),
      };
      if (mine) await tx.update(googleAccounts).set(values).where(eq(googleAccounts.id, id));
      else await tx.insert(googleAccounts).values({ id, userId, ...values });
      await tx.insert(auditLog).values({
        actorKind: 'user',
        actorId: userId,
        actorLabel: auth.user.username,
        action: 'google.connect',
        target: profile.username,
        ip: c.get('ip'),
        userAgent: c.req.header('user-agent')?.slice(0, 512) ?? null,
        requestId: c.get('requestId'),
        outcome: 'success',
        status: '302',
        detail: { googleId: profile.id, scopes },
      });
    });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'account_in_use') return fail('account_in_use');
    throw error;
  }
  return c.redirect(`${page}?connected=1`, 302);
}

/** Revokes the grant at Google (best effort: the row goes either way) and forgets the account. */
export async function disconnect(
  c: AppContext,
  userId: string,
): Promise<{ revoked: boolean; email: string } | null> {
  const config = c.get('config');
  const handle = db(c);
  const [row] = await handle.db.select().from(googleAccounts).where(eq(googleAccounts.userId, userId));
  if (!row) return null;
  let revoked = false;
  if (config.ENCRYPTION_KEY) {
    try {
      const token = await decryptSecret(row.refreshToken, config.ENCRYPTION_KEY, row.id);
      const res = await fetch(
        `${trimBase(config.GOOGLE_TOKEN_BASE_URL ?? 'https://oauth2.googleapis.com')}/revoke`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ token }),
          signal: AbortSignal.timeout(10_000),
        },
      );
      await res.body?.cancel();
      // 400 invalid_token: Google had already ended the grant.
      revoked = res.ok || res.status === 400;
    } catch (error) {
      log('warn', 'revoking the Google grant failed; the account is forgotten anyway', {
        requestId: c.get('requestId'),
        error: String(error),
      });
    }
  }
  await handle.db.delete(googleAccounts).where(eq(googleAccounts.id, row.id));
  return { revoked, email: row.email };
}

/** Where the caller's link stands, read from the database (works while the runner is down). */
export async function statusFor(c: AppContext, userId: string): Promise<GoogleStatus> {
  const [row] = await db(c).db.select().from(googleAccounts).where(eq(googleAccounts.userId, userId));
  return googleStatusOf(missingSettings(c.get('config')).length === 0, row ?? null);
}
