/**
 * "Sign in with Discord" for the ticket desk, on the shared OAuth flow (oauth/flow.ts): Discord as
 * the provider, and what is the desk's own: the person's guild access refreshed at every sign-in,
 * and the desk's pages to land on.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../lib/context';
import { ApiError } from '../lib/errors';
import { createRouter, errors } from '../lib/router';
import { type Completion, finishSignIn, type SignInFlow, startSignIn } from '../oauth/flow';
import { SignInRefused } from '../oauth/refusal';
import { refreshGuildAccess } from './access';
import { discordProvider, signInDiscordAccount } from './accounts';
import { discordOAuthConfig } from './discord-api';

const tags = ['desk'];
export const signInPage = '/desk/sign-in';

async function completeDeskSignIn(c: AppContext, input: Completion) {
  const userId = await signInDiscordAccount(c, input);
  const config = discordOAuthConfig(c);
  try {
    await refreshGuildAccess(c, {
      baseUrl: config.baseUrl,
      botToken: config.botToken,
      userId,
      discordUserId: input.profile.id,
      bearerToken: input.tokens.accessToken(),
    });
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new SignInRefused('discord_unavailable', { reason: (error as Error).message });
  }
  return userId;
}

const deskFlow: SignInFlow = {
  authPath: '/api/desk/auth',
  signInPage,
  defaultNext: '/desk',
  audit: 'desk.auth',
  complete: completeDeskSignIn,
};

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
  .openapi(startRoute, (c) => startSignIn(c, deskFlow, () => discordProvider(c), c.req.valid('query').next))
  .openapi(callbackRoute, (c) => finishSignIn(c, deskFlow, () => discordProvider(c), c.req.valid('query')));
