/**
 * `/api/stream`: the stream bot's API for streamers (their channels, the chat events, sending into
 * chat, notices), every route run as the caller's tenant under Row-Level Security; and, for the
 * owners and admins of mission control, the state of the platform tokens and a forced refresh.
 */

import { chatEvents, oauthAccounts, streamChannels, streamNotices, users } from '@homelab/db/schema';
import { chatEventSchema } from '@homelab/db/stream/events';
import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { operator } from '../auth/middleware';
import { auditAs, db } from '../lib/context';
import { badRequest, notFound } from '../lib/errors';
import {
  createRouter,
  errors,
  jsonBody,
  jsonResponse,
  readErrors,
  sseResponse,
  writeErrors,
} from '../lib/router';
import { enqueueJob, relayStream } from '../lib/runners';
import { channelViewSchema, connectionStates, loadChannels } from './channels';
import { inTenant, streamScope, streamTenant } from './guard';
import { noChannel, sendChatMessage } from './send';

const tags = ['stream'];
const tenant = streamTenant();
const tenantErrors = [401, 403, 404] as const;

const channelIdParam = z.object({ id: z.uuid({ error: 'must be a channel id' }) });
const noticeIdParam = z.object({
  id: z.coerce.number({ error: 'must be a notice id' }).int().positive().max(Number.MAX_SAFE_INTEGER),
});
const accountIdParam = z.object({ accountId: z.uuid({ error: 'must be an account id' }) });

const storedEventSchema = chatEventSchema
  .extend({ id: z.number().int().describe('Newest events have the highest ids; page with `before`.') })
  .meta({ id: 'ChatEvent' });

const noticeSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(['token_revoked', 'token_refresh_failed', 'quota', 'send_failed']),
    message: z.string(),
    detail: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .openapi('StreamNotice');

const streamProviders = ['twitch', 'google', 'kick', 'spotify'] as const;
const tokenStatusSchema = z
  .object({
    id: z.uuid(),
    provider: z.enum(streamProviders),
    providerUserId: z.string(),
    username: z.string(),
    userId: z.uuid(),
    ownerUsername: z.string(),
    state: z.enum(['connected', 'disconnected']),
    hasRefreshToken: z.boolean(),
    tokenExpiresAt: z.string().nullable(),
    lastError: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi('StreamTokenStatus');

const listChannels = createRoute({
  method: 'get',
  path: '/channels',
  tags,
  summary:
    'Your channels, with the runner holding each and its connection state when the chat runner answers',
  middleware: [tenant] as const,
  responses: {
    200: jsonResponse(z.object({ channels: z.array(channelViewSchema) }), 'Channels'),
    ...errors(...tenantErrors),
  },
});
const updateChannel = createRoute({
  method: 'patch',
  path: '/channels/{id}',
  tags,
  summary: 'Turn the bot on or off in a channel, or choose how a Kick channel’s chat is read',
  middleware: [tenant] as const,
  request: {
    params: channelIdParam,
    body: jsonBody(
      z
        .object({
          enabled: z.boolean().optional(),
          chatMode: z
            .enum(['webhook', 'socket'], { error: 'must be webhook or socket' })
            .optional()
            .describe(
              "Kick only: read chat from Kick's webhooks, or from kick.com's chat socket (the chat runner needs Chromium).",
            ),
        })
        .strict()
        .meta({ id: 'StreamChannelUpdate' }),
    ),
  },
  responses: { 200: jsonResponse(channelViewSchema, 'Updated'), ...errors(...writeErrors) },
});
const deleteChannel = createRoute({
  method: 'delete',
  path: '/channels/{id}',
  tags,
  summary: 'Remove a channel; the bot leaves its chat and its events are deleted',
  middleware: [tenant] as const,
  request: { params: channelIdParam },
  responses: { 204: { description: 'Deleted' }, ...errors(...writeErrors) },
});
const listEvents = createRoute({
  method: 'get',
  path: '/events',
  tags,
  summary: 'Recent chat events, newest first',
  middleware: [tenant] as const,
  request: {
    query: z.object({
      channelId: z.uuid({ error: 'must be a channel id' }).optional(),
      before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: {
    200: jsonResponse(z.object({ events: z.array(storedEventSchema) }), 'Events'),
    ...errors(400, ...tenantErrors),
  },
});
const liveEvents = createRoute({
  method: 'get',
  path: '/events/live',
  tags,
  summary: 'Chat events as they happen (Server-Sent Events from the chat runner)',
  middleware: [tenant] as const,
  responses: { 200: sseResponse('ChatEvent JSON, one per event'), ...errors(...tenantErrors, 503) },
});
const sendMessage = createRoute({
  method: 'post',
  path: '/channels/{id}/messages',
  tags,
  summary: "Send a message into a channel's chat through the bot's rate-limited queue",
  middleware: [tenant] as const,
  request: {
    params: channelIdParam,
    body: jsonBody(chatSendBody()),
  },
  responses: {
    202: jsonResponse(z.object({ queued: z.literal(true) }), 'Queued'),
    ...errors(...writeErrors),
  },
});
const listNotices = createRoute({
  method: 'get',
  path: '/notices',
  tags,
  summary: 'What you should know about your connections (revoked tokens, quota, failed sends), newest first',
  middleware: [tenant] as const,
  request: {
    query: z.object({
      unread: z.enum(['true', 'false']).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: {
    200: jsonResponse(z.object({ notices: z.array(noticeSchema) }), 'Notices'),
    ...errors(400, ...tenantErrors),
  },
});
const readNotice = createRoute({
  method: 'post',
  path: '/notices/{id}/read',
  tags,
  summary: 'Mark a notice read',
  middleware: [tenant] as const,
  request: { params: noticeIdParam },
  responses: { 200: jsonResponse(noticeSchema, 'Read'), ...errors(...writeErrors) },
});
const tokenStatus = createRoute({
  method: 'get',
  path: '/admin/tokens',
  tags,
  summary: 'Every stream platform account: state, expiry and last error (never the tokens)',
  middleware: [operator] as const,
  responses: {
    200: jsonResponse(z.object({ accounts: z.array(tokenStatusSchema) }), 'Accounts'),
    ...errors(...readErrors),
  },
});
const refreshToken = createRoute({
  method: 'post',
  path: '/admin/tokens/{accountId}/refresh',
  tags,
  summary: "Refresh an account's token now (a job for the tokens runner)",
  middleware: [operator] as const,
  request: { params: accountIdParam },
  responses: {
    202: jsonResponse(z.object({ jobId: z.number().int() }), 'Queued'),
    ...errors(...writeErrors),
  },
});

/** The studio's send body: the channel comes from the path. */
function chatSendBody() {
  return z
    .object({
      text: z.string().trim().min(1, 'Write something').max(500, 'Chat messages hold at most 500 characters'),
      replyTo: z.string().max(100).optional(),
    })
    .strict()
    .meta({ id: 'StreamMessageInput' });
}

type NoticeRow = typeof streamNotices.$inferSelect;
const noticeView = (row: NoticeRow) => ({
  id: row.id,
  kind: row.kind,
  message: row.message,
  detail: row.detail,
  createdAt: row.createdAt.toISOString(),
  readAt: row.readAt?.toISOString() ?? null,
});

export const streamRoutes = createRouter()
  .openapi(listChannels, async (c) => {
    const connections = await connectionStates(c);
    return c.json({ channels: await loadChannels(c, { connections }) }, 200);
  })
  .openapi(updateChannel, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    auditAs(c, 'stream.channel.update', id, body);
    const changed = await inTenant(c, async (tx) => {
      const [row] = await tx
        .select({ id: streamChannels.id, platform: streamChannels.platform })
        .from(streamChannels)
        .where(eq(streamChannels.id, id))
        .for('update');
      if (!row) return [];
      if (body.chatMode !== undefined && row.platform !== 'kick')
        throw badRequest(
          "chatMode is for Kick channels only: this channel's chat is always read by the bot's own connection.",
          { chatMode: ['only Kick channels have a chat mode'] },
        );
      const set = {
        ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
        ...(body.chatMode !== undefined ? { chatMode: body.chatMode } : {}),
      };
      // The chat runner reads the new mode when it next renews its lease (within a third of a lease).
      if (Object.keys(set).length > 0)
        await tx.update(streamChannels).set(set).where(eq(streamChannels.id, id));
      return [row];
    });
    if (changed.length === 0) throw noChannel();
    // Twitch EventSub subscriptions follow the switch now (deleted, or made again) rather than at the next tick.
    if (body.enabled !== undefined && changed[0]?.platform === 'twitch')
      await enqueueJob(c, 'tokens', 'eventsub');
    const [view] = await loadChannels(c, { id });
    if (!view) throw noChannel();
    return c.json(view, 200);
  })
  .openapi(deleteChannel, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'stream.channel.delete', id);
    const deleted = await inTenant(c, (tx) =>
      tx
        .delete(streamChannels)
        .where(eq(streamChannels.id, id))
        .returning({ id: streamChannels.id, platform: streamChannels.platform, login: streamChannels.login }),
    );
    const [row] = deleted;
    if (!row) throw noChannel();
    auditAs(c, 'stream.channel.delete', id, { platform: row.platform, login: row.login });
    // The tokens runner deletes the removed channel's Twitch EventSub subscriptions.
    if (row.platform === 'twitch') await enqueueJob(c, 'tokens', 'eventsub');
    return c.body(null, 204);
  })
  .openapi(listEvents, async (c) => {
    const { channelId, before, limit } = c.req.valid('query');
    const rows = await inTenant(c, async (tx) => {
      if (channelId) {
        const [channel] = await tx
          .select({ id: streamChannels.id })
          .from(streamChannels)
          .where(eq(streamChannels.id, channelId));
        if (!channel) throw noChannel();
      }
      return tx
        .select()
        .from(chatEvents)
        .where(
          and(
            channelId ? eq(chatEvents.channelId, channelId) : undefined,
            before ? lt(chatEvents.id, before) : undefined,
          ),
        )
        .orderBy(desc(chatEvents.id))
        .limit(limit);
    });
    const events = rows.map((row) => ({
      id: row.id,
      tenantId: row.tenantId,
      channelId: row.channelId,
      platform: row.platform,
      kind: row.kind,
      platformEventId: row.platformEventId,
      userId: row.userId,
      userName: row.userName,
      text: row.text,
      detail: row.detail,
      at: row.at.toISOString(),
    }));
    return c.json({ events }, 200);
  })
  .openapi(liveEvents, async (c) => {
    const { tenantId } = streamScope(c);
    return relayStream(c, 'chat', { path: `/tenants/${tenantId}/events` }) as never;
  })
  .openapi(sendMessage, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    auditAs(c, 'stream.message.send', id, { length: body.text.length });
    await sendChatMessage(c, id, body);
    return c.json({ queued: true as const }, 202);
  })
  .openapi(listNotices, async (c) => {
    const { unread, limit } = c.req.valid('query');
    const rows = await inTenant(c, (tx) =>
      tx
        .select()
        .from(streamNotices)
        .where(unread === 'true' ? isNull(streamNotices.readAt) : undefined)
        .orderBy(desc(streamNotices.id))
        .limit(limit),
    );
    return c.json({ notices: rows.map(noticeView) }, 200);
  })
  .openapi(readNotice, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'stream.notice.read', String(id));
    const [row] = await inTenant(c, (tx) =>
      tx
        .update(streamNotices)
        .set({ readAt: sql`coalesce(${streamNotices.readAt}, now())` })
        .where(eq(streamNotices.id, id))
        .returning(),
    );
    if (!row) throw notFound('This notice is not one of yours.');
    return c.json(noticeView(row), 200);
  })
  .openapi(tokenStatus, async (c) => {
    const rows = await db(c)
      .db.select({
        id: oauthAccounts.id,
        provider: oauthAccounts.provider,
        providerUserId: oauthAccounts.providerUserId,
        username: oauthAccounts.username,
        userId: oauthAccounts.userId,
        ownerUsername: users.username,
        state: oauthAccounts.state,
        hasRefreshToken: sql<boolean>`${oauthAccounts.refreshToken} is not null`,
        tokenExpiresAt: oauthAccounts.tokenExpiresAt,
        lastError: oauthAccounts.lastError,
        updatedAt: oauthAccounts.updatedAt,
      })
      .from(oauthAccounts)
      .innerJoin(users, eq(users.id, oauthAccounts.userId))
      .where(inArray(oauthAccounts.provider, [...streamProviders]))
      .orderBy(asc(oauthAccounts.provider), asc(oauthAccounts.username));
    const accounts = rows.map((row) => ({
      ...row,
      provider: row.provider as (typeof streamProviders)[number],
      tokenExpiresAt: row.tokenExpiresAt?.toISOString() ?? null,
      updatedAt: row.updatedAt.toISOString(),
    }));
    return c.json({ accounts }, 200);
  })
  .openapi(refreshToken, async (c) => {
    const { accountId } = c.req.valid('param');
    auditAs(c, 'stream.token.refresh', accountId);
    const [account] = await db(c)
      .db.select({ id: oauthAccounts.id })
      .from(oauthAccounts)
      .where(and(eq(oauthAccounts.id, accountId), inArray(oauthAccounts.provider, [...streamProviders])));
    if (!account) throw notFound('There is no stream platform account with this id.');
    const job = await enqueueJob(c, 'tokens', 'refresh', { accountId });
    return c.json({ jobId: job.id }, 202);
  });
