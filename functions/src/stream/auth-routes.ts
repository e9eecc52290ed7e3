/**
 * Streamers sign in with Twitch, Google (YouTube) or Kick, and link more platforms and Spotify to
 * their tenant, through the shared OAuth flow (oauth/flow.ts). Spotify links through the tenant's
 * own Spotify app when it saved one. Failures land on the studio's sign-in page with `?error=<code>`.
 */
import { withTenant } from '@homelab/db/client/tenant';
import { streamTenants } from '@homelab/db/schema';
import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { type AppContext, db } from '../lib/context';
import { createRouter, errors } from '../lib/router';
import { encryptionKey } from '../oauth/accounts';
import { finishSignIn, type SignInFlow, startSignIn } from '../oauth/flow';
import type { OAuthProvider } from '../oauth/provider';
import { type StreamProviderId, streamProvider, streamProviderIds } from '../oauth/providers';
import { tenantSpotifyProvider } from '../songs/spotify';
import { linkStreamAccount } from './auth-link';

const tags = ['stream'];

const streamFlow: SignInFlow = {
  authPath: '/api/stream/auth',
  signInPage: '/studio/sign-in',
  defaultNext: '/studio',
  audit: 'stream.auth',
  complete: linkStreamAccount,
};

/**
 * Spotify keeps an app in development mode to 25 users, so a tenant may bring its own; the link must
 * go through that app, the only one that can later refresh the token. Start and callback both ask
 * here, so they agree. Anyone else (not signed in, no tenant, no own app) gets the server's app.
 */
async function providerFor(c: AppContext, id: StreamProviderId): Promise<OAuthProvider> {
  const config = c.get('config');
  const auth = c.get('auth');
  if (id !== 'spotify' || auth?.kind !== 'session') return streamProvider(config, id);
  const userId = auth.user.id;
  // These routes have no tenant guard; before the tenant id is known only its owner sees the row.
  const [tenant] = await withTenant(db(c).db, { userId }, (tx) =>
    tx.select({ id: streamTenants.id }).from(streamTenants).where(eq(streamTenants.ownerId, userId)).limit(1),
  );
  if (!tenant) return streamProvider(config, id);
  return tenantSpotifyProvider(c, { tenantId: tenant.id, userId }, encryptionKey(c, 'Spotify'));
}

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
    return startSignIn(c, streamFlow, () => providerFor(c, provider), c.req.valid('query').next);
  })
  .openapi(callbackRoute, (c) => {
    const { provider } = c.req.valid('param');
    return finishSignIn(c, streamFlow, () => providerFor(c, provider), c.req.valid('query'));
  });
