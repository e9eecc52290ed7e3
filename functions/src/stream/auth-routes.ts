/**
 * Streamers sign in with Twitch, Google (YouTube) or Kick, and link more platforms and Spotify to
 * their tenant, through the shared OAuth flow (oauth/flow.ts). Failures land on the studio's
 * sign-in page with `?error=<code>`.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, errors } from '../lib/router';
import { finishSignIn, type SignInFlow, startSignIn } from '../oauth/flow';
import { streamProvider, streamProviderIds } from '../oauth/providers';
import { linkStreamAccount } from './auth-link';

const tags = ['stream'];

const streamFlow: SignInFlow = {
  authPath: '/api/stream/auth',
  signInPage: '/studio/sign-in',
  defaultNext: '/studio',
  audit: 'stream.auth',
  complete: linkStreamAccount,
};

const providerParam = z.object({ provider: z.enum(streamProviderIds) });

const startRoute = createRoute({
  method: 'get',
  path: '/{provider}',
  tags,
  summary: 'Start signing in (or linking) with a platform: redirects to its consent page',
  request: { params: providerParam, query: z.object({ next: z.string().max(1000).optional() }) },
  responses: { 302: { description: 'To the platform, or to /studio/sign-in?error=<code>' }, ...errors(400) },
});

const callbackRoute = createRoute({
  method: 'get',
  path: '/{provider}/callback',
  tags,
  summary: 'Where the platform sends the browser back: signs in or links, then redirects to `next`',
  request: {
    params: providerParam,
    query: z.object({
      code: z.string().max(2048).optional(),
      state: z.string().max(512).optional(),
      error: z.string().max(200).optional(),
    }),
  },
  responses: {
    302: { description: 'Signed in or linked (to `next`), or to /studio/sign-in?error=<code>' },
    ...errors(400, 503),
  },
});

export const streamAuthRoutes = createRouter()
  .openapi(startRoute, (c) => {
    const { provider } = c.req.valid('param');
    return startSignIn(
      c,
      streamFlow,
      () => streamProvider(c.get('config'), provider),
      c.req.valid('query').next,
    );
  })
  .openapi(callbackRoute, (c) => {
    const { provider } = c.req.valid('param');
    return finishSignIn(c, streamFlow, () => streamProvider(c.get('config'), provider), c.req.valid('query'));
  });
