/**
 * GET /api/stream/me: the signed-in person, their stream tenant (null until they sign in with a
 * platform), their linked platform accounts (state and expiry, never a token) and their channels.
 */
import { withTenant } from '@homelab/db/client/tenant';
import { oauthAccounts, streamTenants } from '@homelab/db/schema';
import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { db } from '../lib/context';
import { forbidden, unauthorized } from '../lib/errors';
import { createRouter, errors } from '../lib/router';
import { streamProviderIds } from '../oauth/providers';
import { channelViewSchema, loadChannels } from './channels';

const meSchema = z
  .object({
    user: z.object({ id: z.uuid(), username: z.string(), role: z.string() }),
    tenant: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
    accounts: z.array(
      z.object({
        provider: z.enum(streamProviderIds),
        username: z.string(),
        state: z.enum(['connected', 'disconnected']),
        tokenExpiresAt: z.string().nullable(),
        lastError: z.string().nullable(),
      }),
    ),
    channels: z.array(channelViewSchema),
  })
  .openapi('StreamMe');

const meRoute = createRoute({
  method: 'get',
  path: '/me',
  tags: ['stream'],
  summary: 'The signed-in streamer: tenant, linked accounts and channels',
  responses: {
    200: { description: 'The streamer', content: { 'application/json': { schema: meSchema } } },
    ...errors(401, 403),
  },
});

export const streamMeRoutes = createRouter().openapi(meRoute, async (c) => {
  const auth = c.get('auth');
  if (!auth) throw unauthorized('Sign in with Twitch, Google or Kick to open the stream studio.');
  if (auth.kind !== 'session') throw forbidden('The stream studio is for people signed in, not API keys.');
  const { user } = auth;
  const handle = db(c).db;
  const [tenant] = await withTenant(handle, { userId: user.id }, (tx) =>
    tx
      .select({ id: streamTenants.id, displayName: streamTenants.displayName })
      .from(streamTenants)
      .where(eq(streamTenants.ownerId, user.id))
      .limit(1),
  );
  const accounts = await handle
    .select({
      provider: oauthAccounts.provider,
      username: oauthAccounts.username,
      state: oauthAccounts.state,
      tokenExpiresAt: oauthAccounts.tokenExpiresAt,
      lastError: oauthAccounts.lastError,
    })
    .from(oauthAccounts)
    .where(and(eq(oauthAccounts.userId, user.id), inArray(oauthAccounts.provider, [...streamProviderIds])))
    .orderBy(asc(oauthAccounts.createdAt));
  let channels: z.infer<typeof channelViewSchema>[] = [];
  if (tenant) {
    c.set('stream', { tenantId: tenant.id, displayName: tenant.displayName, userId: user.id });
    // The studio asks /channels for connection states; this answer must not wait on the chat runner.
    channels = await loadChannels(c, { connections: new Map() });
  }
  return c.json(
    {
      user: { id: user.id, username: user.username, role: user.role },
      tenant: tenant ?? null,
      accounts: accounts.map((a) => ({
        provider: a.provider as (typeof streamProviderIds)[number],
        username: a.username,
        state: a.state,
        tokenExpiresAt: a.tokenExpiresAt?.toISOString() ?? null,
        lastError: a.lastError,
      })),
      channels,
    },
    200,
  );
});
