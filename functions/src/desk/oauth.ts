/**
 * "Sign in with Discord" (OAuth 2 authorization code with state and PKCE, through arctic): the
 * start redirects to Discord with both kept in short-lived HttpOnly cookies; the callback checks
 * them, links or creates the person, refreshes their guild access and starts a session exactly as
 * a password sign-in does. A browser is on these requests, so failures redirect to the sign-in
 * page with an error code instead of showing JSON.
 */
import { auditLog } from '@homelab/db/schema';
import { createRoute, z } from '@hono/zod-openapi';
import { CodeChallengeMethod, generateCodeVerifier, generateState, type OAuth2Tokens } from 'arctic';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { isSecureRequest, readSessionCookie, writeSessionCookie } from '../auth/cookies';
import { createSession, invalidateSession } from '../auth/sessions';
import { parseSessionToken } from '../auth/tokens';
import { type AppContext, db } from '../lib/context';
import { ApiError } from '../lib/errors';
import { log } from '../lib/log';
import { hit } from '../lib/rate-limit';
import { createRouter, errors } from '../lib/router';
import { refreshGuildAccess } from './access';
import {
  authorizeEndpoint,
  type DiscordProfile,
  discordOAuthClient,
  discordScopes,
  encryptionKey,
  signInDiscordAccount,
  tokenEndpoint,
} from './accounts';
import { discordOAuthConfig, personRest } from './discord-api';

const tags = ['desk'];
const cookiePath = '/api/desk/auth';
const cookieMaxAge = 600;
const callbackLimit = { limit: 10, windowSeconds: 15 * 60 };
export const signInPage = '/desk/sign-in';

/** Only a path on this site: an open redirect would hand the new session's tab to anyone's page. */
export function safeNext(next: string | undefined): string {
  const fallback = '/desk';
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  // Browsers drop tabs and newlines from URLs and read a backslash as a slash: `/\t/evil` is `//evil`.
  if ([...next].some((ch) => ch.charCodeAt(0) < 0x20 || ch === '\\')) return fallback;
  const base = 'http://desk.invalid';
  const url = new URL(next, base);
  return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : fallback;
}

function cookieNames(c: AppContext) {
  // __Host- needs Path=/; these live under /api/desk/auth only, so the Secure prefix it is.
  const prefix = isSecureRequest(c) ? '__Secure-' : '';
  return {
    state: `${prefix}hl_discord_state`,
    verifier: `${prefix}hl_discord_verifier`,
    next: `${prefix}hl_discord_next`,
  };
}

function cookieOptions(c: AppContext) {
  return { httpOnly: true, secure: isSecureRequest(c), sameSite: 'Lax' as const, path: cookiePath };
}

function constantTimeEqualText(a: string, b: string) {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  if (x.byteLength !== y.byteLength) return false;
  let diff = 0;
  for (let i = 0; i < x.byteLength; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

async function recordSignIn(
  c: AppContext,
  outcome: 'success' | 'failure' | 'denied',
  detail: Record<string, unknown>,
) {
  const auth = c.get('auth');
  try {
    await db(c)
      .db.insert(auditLog)
      .values({
        actorKind: auth ? 'user' : 'anonymous',
        actorId: auth?.user.id ?? null,
        actorLabel: auth?.user.username ?? null,
        action: 'desk.auth.discord',
        target: typeof detail.discordUserId === 'string' ? detail.discordUserId : null,
        ip: c.get('ip'),
        userAgent: c.req.header('user-agent')?.slice(0, 512) ?? null,
        requestId: c.get('requestId'),
        outcome,
        status: '302',
        detail,
      });
  } catch (error) {
    log('error', 'audit write failed', { requestId: c.get('requestId'), error: String(error) });
  }
}

const startRoute = createRoute({
  method: 'get',
  path: '/auth/discord',
  tags,
  summary: 'Start signing in with Discord (redirects to Discord)',
  request: { query: z.object({ next: z.string().max(1000).optional() }) },
  responses: { 302: { description: 'To Discord’s consent page' }, ...errors(503) },
});

const callbackRoute = createRoute({
  method: 'get',
  path: '/auth/discord/callback',
  tags,
  summary: 'Where Discord sends the browser back: signs in and redirects to `next`',
  request: {
    query: z.object({
      code: z.string().max(512).optional(),
      state: z.string().max(512).optional(),
      error: z.string().max(200).optional(),
    }),
  },
  responses: {
    302: { description: 'Signed in (to `next`), or to /desk/sign-in?error=<code>' },
    ...errors(409, 503),
  },
});

export const oauthRoutes = createRouter()
  .openapi(startRoute, async (c) => {
    let config: ReturnType<typeof discordOAuthConfig>;
    try {
      config = discordOAuthConfig(c);
      encryptionKey(c);
    } catch (error) {
      // A person clicked "Sign in with Discord": show them the reason on the sign-in page, not JSON.
      if (error instanceof ApiError && error.status === 503) {
        return c.redirect(`${signInPage}?error=${encodeURIComponent(error.code)}`, 302);
      }
      throw error;
    }
    const state = generateState();
    const verifier = generateCodeVerifier();
    const url = discordOAuthClient(c, config).createAuthorizationURLWithPKCE(
      authorizeEndpoint(config),
      state,
      CodeChallengeMethod.S256,
      verifier,
      discordScopes,
    );
    const names = cookieNames(c);
    const options = { ...cookieOptions(c), maxAge: cookieMaxAge };
    setCookie(c, names.state, state, options);
    setCookie(c, names.verifier, verifier, options);
    setCookie(c, names.next, safeNext(c.req.valid('query').next), options);
    return c.redirect(url.toString(), 302);
  })
  .openapi(callbackRoute, async (c) => {
    const config = discordOAuthConfig(c);
    const key = encryptionKey(c);
    const names = cookieNames(c);
    const saved = {
      state: getCookie(c, names.state),
      verifier: getCookie(c, names.verifier),
      next: safeNext(getCookie(c, names.next)),
    };
    // Whatever happens next, a state is good for one try.
    for (const name of Object.values(names)) deleteCookie(c, name, cookieOptions(c));
    const fail = async (code: string, detail: Record<string, unknown> = {}) => {
      await recordSignIn(c, code === 'rate_limited' ? 'denied' : 'failure', { error: code, ...detail });
      return c.redirect(`${signInPage}?error=${encodeURIComponent(code)}`, 302);
    };

    const { count, reset } = await hit(
      db(c),
      `desk-discord-callback:ip:${c.get('ip')}`,
      callbackLimit.windowSeconds,
    );
    if (count > callbackLimit.limit) {
      c.header('retry-after', String(Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000))));
      return fail('rate_limited');
    }
    const query = c.req.valid('query');
    if (query.error) return fail(query.error === 'access_denied' ? 'denied' : 'discord_error');
    if (!query.state || !saved.state || !constantTimeEqualText(query.state, saved.state))
      return fail('bad_state');
    if (!query.code || !saved.verifier) return fail('bad_state');

    const client = discordOAuthClient(c, config);
    let tokens: OAuth2Tokens;
    try {
      tokens = await client.validateAuthorizationCode(tokenEndpoint(config), query.code, saved.verifier);
    } catch (error) {
      return fail('token_exchange', { reason: (error as Error).message });
    }
    let profile: DiscordProfile;
    try {
      profile = await personRest(config.baseUrl, tokens.accessToken()).get<DiscordProfile>('/users/@me');
    } catch {
      return fail('discord_unavailable');
    }

    const auth = c.get('auth');
    const callerUserId = auth?.kind === 'session' ? auth.user.id : null;
    let userId: string;
    try {
      userId = await signInDiscordAccount(c, { callerUserId, profile, tokens, key });
    } catch (error) {
      if (error instanceof ApiError) {
        await recordSignIn(c, 'failure', { error: error.code, discordUserId: profile.id, callerUserId });
      }
      throw error;
    }
    try {
      await refreshGuildAccess(c, {
        baseUrl: config.baseUrl,
        botToken: config.botToken,
        userId,
        discordUserId: profile.id,
        bearerToken: tokens.accessToken(),
      });
    } catch (error) {
      if (error instanceof ApiError) throw error;
      return fail('discord_unavailable', { discordUserId: profile.id, reason: (error as Error).message });
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
    await recordSignIn(c, 'success', { discordUserId: profile.id, userId });
    return c.redirect(saved.next, 302);
  });
