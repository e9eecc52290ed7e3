/**
 * Signing in with an outside account (OAuth 2 authorization code with state and PKCE S256): the
 * start redirects to the provider with both kept in short-lived HttpOnly cookies scoped to the auth
 * path; the callback checks them (rate limited per address), exchanges the code, reads who signed
 * in, lets the area link or create the person, and starts a session as a password sign-in does.
 * A browser is on these requests, so failures redirect to the sign-in page with `?error=<code>`.
 */

import { generateCodeVerifier, generateState, type OAuth2Tokens } from 'arctic';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { recordRedirectStep } from '../audit/record';
import { isSecureRequest, readSessionCookie, writeSessionCookie } from '../auth/cookies';
import { createSession, invalidateSession } from '../auth/sessions';
import { constantTimeEqual, parseSessionToken } from '../auth/tokens';
import { type AppContext, db } from '../lib/context';
import { ApiError } from '../lib/errors';
import { hit } from '../lib/rate-limit';
import { encryptionKey } from './accounts';
import { authorizationUrl, exchangeCode } from './client';
import type { OAuthProvider, Profile } from './provider';
import { SignInRefused } from './refusal';

const cookieMaxAge = 600;
const callbackLimit = { limit: 10, windowSeconds: 15 * 60 };

export type Completion = {
  provider: OAuthProvider;
  profile: Profile;
  tokens: OAuth2Tokens;
  key: string;
  callerUserId: string | null;
};

/** Where an area signs people in: its paths, and what it does with the account once it is verified. */
export type SignInFlow = {
  /** The path the start and callback live under (`<authPath>/<provider>[/callback]`); the cookies' Path. */
  authPath: string;
  signInPage: string;
  defaultNext: string;
  /** Audit action prefix: `<audit>.<provider>`; also names the callback rate limit. */
  audit: string;
  /** Links or creates the person (may throw SignInRefused or ApiError); returns their user id. */
  complete(c: AppContext, input: Completion): Promise<string>;
};

/** Only a path on this site: an open redirect would hand the new session's tab to anyone's page. */
export function safeNext(next: string | undefined, fallback: string): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  // Browsers drop tabs and newlines from URLs and read a backslash as a slash: `/\t/evil` is `//evil`.
  if ([...next].some((ch) => ch.charCodeAt(0) < 0x20 || ch === '\\')) return fallback;
  const base = 'http://next.invalid';
  const url = new URL(next, base);
  return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : fallback;
}

function cookieNames(c: AppContext, provider: string) {
  // __Host- needs Path=/; these live under the auth path only, so the Secure prefix it is.
  const prefix = isSecureRequest(c) ? '__Secure-' : '';
  return {
    state: `${prefix}hl_${provider}_state`,
    verifier: `${prefix}hl_${provider}_verifier`,
    next: `${prefix}hl_${provider}_next`,
  };
}

function cookieOptions(c: AppContext, flow: SignInFlow) {
  return { httpOnly: true, secure: isSecureRequest(c), sameSite: 'Lax' as const, path: flow.authPath };
}

function callbackUrl(c: AppContext, flow: SignInFlow, provider: string) {
  const origin = c.get('config').PUBLIC_ORIGIN ?? new URL(c.req.url).origin;
  return `${new URL(origin).origin}${flow.authPath}/${provider}/callback`;
}

const encoder = new TextEncoder();
const constantTimeEqualText = (a: string, b: string) =>
  constantTimeEqual(encoder.encode(a), encoder.encode(b));

const toSignInPage = (c: AppContext, flow: SignInFlow, code: string) =>
  c.redirect(`${flow.signInPage}?error=${encodeURIComponent(code)}`, 302);

function recordSignIn(
  c: AppContext,
  action: string,
  outcome: 'success' | 'failure' | 'denied',
  detail: Record<string, unknown>,
) {
  const target = typeof detail.providerUserId === 'string' ? detail.providerUserId : null;
  return recordRedirectStep(c, { action, outcome, target, detail });
}

/**
 * Builds the provider for this request; it may read the database (an area's own app credentials)
 * and throws a 503 when no app is configured.
 */
export type ProviderBuilder = () => OAuthProvider | Promise<OAuthProvider>;

/**
 * Redirects to the provider. When `provider` throws a 503 (not configured), the person who clicked
 * sees the reason on the sign-in page, not JSON.
 */
export async function startSignIn(c: AppContext, flow: SignInFlow, provider: ProviderBuilder, next?: string) {
  let p: OAuthProvider;
  try {
    p = await provider();
    encryptionKey(c, p.label);
  } catch (error) {
    if (error instanceof ApiError && error.status === 503) return toSignInPage(c, flow, error.code);
    throw error;
  }
  const state = generateState();
  const verifier = generateCodeVerifier();
  const url = authorizationUrl(p, callbackUrl(c, flow, p.id), state, verifier);
  const names = cookieNames(c, p.id);
  const options = { ...cookieOptions(c, flow), maxAge: cookieMaxAge };
  setCookie(c, names.state, state, options);
  setCookie(c, names.verifier, verifier, options);
  setCookie(c, names.next, safeNext(next, flow.defaultNext), options);
  return c.redirect(url.toString(), 302);
}

export type CallbackQuery = { code?: string; state?: string; error?: string };

/**
 * Checks the provider's answer against the cookies, then signs in or links, then starts a session.
 * `provider` must build the app the start used: only the app a code was issued to can exchange it.
 */
export async function finishSignIn(
  c: AppContext,
  flow: SignInFlow,
  provider: ProviderBuilder,
  query: CallbackQuery,
) {
  const p = await provider();
  const key = encryptionKey(c, p.label);
  const action = `${flow.audit}.${p.id}`;
  const names = cookieNames(c, p.id);
  const saved = {
    state: getCookie(c, names.state),
    verifier: getCookie(c, names.verifier),
    next: safeNext(getCookie(c, names.next), flow.defaultNext),
  };
  // Whatever happens next, a state is good for one try.
  for (const name of Object.values(names)) deleteCookie(c, name, cookieOptions(c, flow));
  const fail = async (code: string, detail: Record<string, unknown> = {}) => {
    await recordSignIn(c, action, code === 'rate_limited' ? 'denied' : 'failure', { error: code, ...detail });
    return toSignInPage(c, flow, code);
  };

  const { count, reset } = await hit(
    db(c),
    `${flow.audit}.callback:ip:${c.get('ip')}`,
    callbackLimit.windowSeconds,
  );
  if (count > callbackLimit.limit) {
    c.header('retry-after', String(Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000))));
    return fail('rate_limited');
  }
  if (query.error) return fail(query.error === 'access_denied' ? 'denied' : `${p.id}_error`);
  if (!query.state || !saved.state || !constantTimeEqualText(query.state, saved.state))
    return fail('bad_state');
  if (!query.code || !saved.verifier) return fail('bad_state');

  let tokens: OAuth2Tokens;
  try {
    tokens = await exchangeCode(p, callbackUrl(c, flow, p.id), query.code, saved.verifier);
  } catch (error) {
    return fail('token_exchange', { reason: (error as Error).message });
  }
  let profile: Profile;
  try {
    profile = await p.fetchProfile(tokens.accessToken());
  } catch (error) {
    if (error instanceof SignInRefused) return fail(error.code, error.detail);
    return fail(`${p.id}_unavailable`, { reason: (error as Error).message });
  }

  const auth = c.get('auth');
  const callerUserId = auth?.kind === 'session' ? auth.user.id : null;
  let userId: string;
  try {
    userId = await flow.complete(c, { provider: p, profile, tokens, key, callerUserId });
  } catch (error) {
    const detail = { providerUserId: profile.id, callerUserId };
    if (error instanceof SignInRefused) return fail(error.code, { ...detail, ...error.detail });
    if (error instanceof ApiError) await recordSignIn(c, action, 'failure', { error: error.code, ...detail });
    throw error;
  }

  // A new token on every sign-in, the one presented before retired: session fixation gains nothing.
  const handle = db(c);
  const previous = readSessionCookie(c);
  const previousId = previous ? parseSessionToken(previous)?.id : undefined;
  if (previousId) await invalidateSession(handle, previousId);
  const session = await createSession(handle, userId, {
    ip: c.get('ip'),
    userAgent: c.req.header('user-agent') ?? null,
  });
  writeSessionCookie(c, session.token, session.expiresAt);
  await recordSignIn(c, action, 'success', { providerUserId: profile.id, userId });
  return c.redirect(saved.next, 302);
}
