/**
 * `/api/stream/songs`: the song request queue (waiting and playing requests; the studio removes
 * them), Spotify's now playing and skip, and the streamer's own Spotify app. Spotify lets an app in
 * development mode serve 25 users, so a streamer may bring their own client id and secret; the
 * secret is sealed with ENCRYPTION_KEY (the tenant id as associated data) and never shown again.
 */
import { encryptSecret } from '@homelab/db/crypto';
import { songRequests, spotifyApps } from '@homelab/db/schema';
import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { auditAs } from '../lib/context';
import { notFound } from '../lib/errors';
import { createRouter, errors, jsonBody, jsonResponse } from '../lib/router';
import { encryptionKey, findAccount } from '../oauth/accounts';
import { inTenant, streamScope, streamTenant } from '../stream/guard';
import { linkSpotify, spotifyNowPlaying, spotifySkip } from './spotify';

const tags = ['stream songs'];
const tenant = streamTenant();

/** What the studio shows beside the own-app form. */
export const spotifyAppHelp =
  'Song requests play through your Spotify account, and Spotify only lets a Premium account add to its queue or skip. ' +
  "This server's Spotify app can serve at most 25 streamers while Spotify keeps it in development mode; " +
  'if it is full, create your own app at developer.spotify.com/dashboard, add this server’s callback URL as a redirect URI, ' +
  'paste its client id and secret here, then link Spotify again so the link uses your app.';

const requestSchema = z
  .object({
    id: z.number().int(),
    trackId: z.string(),
    title: z.string(),
    artists: z.string(),
    durationMs: z.number().int(),
    explicit: z.boolean(),
    userName: z.string(),
    platform: z.enum(['twitch', 'youtube', 'kick']).nullable(),
    state: z.enum(['queued', 'playing']),
    requestedAt: z.string(),
  })
  .openapi('SongRequest');

const nowPlayingSchema = z
  .object({
    linked: z.boolean(),
    product: z.string().nullable().describe("The Spotify account's plan: 'premium' can queue and skip."),
    playing: z
      .object({
        trackId: z.string(),
        title: z.string(),
        artists: z.string(),
        durationMs: z.number().int(),
        progressMs: z.number().int(),
        isPlaying: z.boolean(),
      })
      .nullable(),
    problem: z.string().nullable(),
  })
  .openapi('SongNowPlaying');

const appSchema = z
  .object({
    clientId: z.string().nullable().describe('Your own app; null when the server’s app is used.'),
    updatedAt: z.string().nullable(),
    serverApp: z.boolean().describe('Whether the server has a Spotify app of its own configured.'),
    help: z.string(),
  })
  .openapi('SpotifyApp');

const hex32 = (what: string) =>
  z
    .string()
    .trim()
    .regex(
      /^[0-9a-f]{32}$/i,
      `The ${what} is 32 letters and digits (0-9, a-f), as the Spotify dashboard shows it`,
    );
const appInput = z
  .object({ clientId: hex32('client id'), clientSecret: hex32('client secret') })
  .strict()
  .openapi('SpotifyAppInput');

const requestIdParam = z.object({ id: z.coerce.number().int().positive({ error: 'must be a request id' }) });

const listQueue = createRoute({
  method: 'get',
  path: '/songs/queue',
  tags,
  summary: 'The song requests playing and waiting, oldest first',
  middleware: [tenant] as const,
  responses: {
    200: jsonResponse(z.object({ requests: z.array(requestSchema) }), 'The queue'),
    ...errors(401, 403, 404),
  },
});
const removeRequest = createRoute({
  method: 'delete',
  path: '/songs/requests/{id}',
  tags,
  summary: 'Takes a waiting request out of the queue',
  middleware: [tenant] as const,
  request: { params: requestIdParam },
  responses: { 204: { description: 'Removed' }, ...errors(400, 401, 403, 404) },
});
const nowPlaying = createRoute({
  method: 'get',
  path: '/songs/now-playing',
  tags,
  summary: "Spotify's now playing and whether the linked account can take requests",
  middleware: [tenant] as const,
  responses: { 200: jsonResponse(nowPlayingSchema, 'Now playing'), ...errors(401, 403, 404, 503) },
});
const skip = createRoute({
  method: 'post',
  path: '/songs/skip',
  tags,
  summary: 'Skips the song playing on Spotify (Premium only)',
  middleware: [tenant] as const,
  responses: { 204: { description: 'Skipped' }, ...errors(401, 403, 404, 409, 503) },
});
const getApp = createRoute({
  method: 'get',
  path: '/songs/app',
  tags,
  summary: 'Your own Spotify app (the secret is never shown)',
  middleware: [tenant] as const,
  responses: { 200: jsonResponse(appSchema, 'The app'), ...errors(401, 403, 404) },
});
const putApp = createRoute({
  method: 'put',
  path: '/songs/app',
  tags,
  summary: 'Uses your own Spotify app for your Spotify link',
  middleware: [tenant] as const,
  request: { body: jsonBody(appInput) },
  responses: { 200: jsonResponse(appSchema, 'Saved'), ...errors(400, 401, 403, 404, 503) },
});
const deleteApp = createRoute({
  method: 'delete',
  path: '/songs/app',
  tags,
  summary: "Goes back to the server's Spotify app",
  middleware: [tenant] as const,
  responses: { 204: { description: 'Removed' }, ...errors(401, 403, 404) },
});

export const songRoutes = createRouter()
  .openapi(listQueue, async (c) => {
    const rows = await inTenant(c, (tx) =>
      tx
        .select()
        .from(songRequests)
        .where(inArray(songRequests.state, ['queued', 'playing']))
        .orderBy(asc(songRequests.id)),
    );
    const requests = rows.map((r) => ({
      id: r.id,
      trackId: r.trackId,
      title: r.title,
      artists: r.artists,
      durationMs: r.durationMs,
      explicit: r.explicit,
      userName: r.userName,
      platform: r.platform,
      state: r.state as 'queued' | 'playing',
      requestedAt: r.requestedAt.toISOString(),
    }));
    // Playing first, then the waiting ones in order.
    requests.sort((a, b) => Number(b.state === 'playing') - Number(a.state === 'playing'));
    return c.json({ requests }, 200);
  })
  .openapi(removeRequest, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'stream.songs.remove', String(id));
    const removed = await inTenant(c, (tx) =>
      tx
        .update(songRequests)
        .set({ state: 'removed' })
        .where(and(eq(songRequests.id, id), eq(songRequests.state, 'queued')))
        .returning({ id: songRequests.id }),
    );
    if (removed.length === 0) throw notFound('No waiting song request with that id.');
    return c.body(null, 204);
  })
  .openapi(nowPlaying, async (c) => {
    const account = await findAccount(c, streamScope(c).userId, 'spotify');
    if (account?.state !== 'connected')
      return c.json({ linked: false, product: null, playing: null, problem: linkSpotify().message }, 200);
    try {
      const now = await spotifyNowPlaying(c);
      const problem =
        now.product && now.product !== 'premium'
          ? 'This Spotify account is not Premium: Spotify only lets Premium accounts queue and skip songs.'
          : null;
      return c.json({ linked: true, ...now, problem }, 200);
    } catch (error) {
      if (!(error instanceof Error) || !('status' in error)) throw error;
      return c.json({ linked: true, product: null, playing: null, problem: error.message }, 200);
    }
  })
  .openapi(skip, async (c) => {
    auditAs(c, 'stream.songs.skip', streamScope(c).tenantId);
    await spotifySkip(c);
    return c.body(null, 204);
  })
  .openapi(getApp, async (c) => {
    const [row] = await inTenant(c, (tx) => tx.select().from(spotifyApps).limit(1));
    return c.json(appView(c, row ?? null), 200);
  })
  .openapi(putApp, async (c) => {
    const { clientId, clientSecret } = c.req.valid('json');
    const { tenantId } = streamScope(c);
    const key = encryptionKey(c, 'Spotify');
    auditAs(c, 'stream.songs.app', tenantId, { clientId });
    const sealed = await encryptSecret(clientSecret, key, tenantId);
    const [row] = await inTenant(c, (tx) =>
      tx
        .insert(spotifyApps)
        .values({ tenantId, clientId, clientSecret: sealed })
        .onConflictDoUpdate({
          target: spotifyApps.tenantId,
          set: { clientId, clientSecret: sealed, updatedAt: new Date() },
        })
        .returning(),
    );
    return c.json(appView(c, row!), 200);
  })
  .openapi(deleteApp, async (c) => {
    auditAs(c, 'stream.songs.app.delete', streamScope(c).tenantId);
    await inTenant(c, (tx) => tx.delete(spotifyApps));
    return c.body(null, 204);
  });

function appView(c: Parameters<typeof streamScope>[0], row: { clientId: string; updatedAt: Date } | null) {
  const config = c.get('config');
  return {
    clientId: row?.clientId ?? null,
    updatedAt: row?.updatedAt.toISOString() ?? null,
    serverApp: Boolean(config.SPOTIFY_CLIENT_ID && config.SPOTIFY_CLIENT_SECRET),
    help: spotifyAppHelp,
  };
}
