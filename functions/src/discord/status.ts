/**
 * `/api/discord/status`: how the Discord bot stands for mission control (gateway connection,
 * guilds, live streamers, go-live deliveries waiting or failed), from the discord runner.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { reader } from '../auth/middleware';
import { createRouter, errors, jsonResponse, readErrors } from '../lib/router';
import { relayJson } from '../lib/runners';

const discordStatus = z
  .object({
    configured: z.boolean(),
    gateway: z
      .object({
        connected: z.boolean(),
        sessionId: z.string().nullable(),
        lastEventAt: z.string().nullable(),
        guilds: z.number(),
        reconnects: z.number(),
        resumes: z.number(),
        failedConnects: z.number(),
        lastError: z.string().nullable(),
      })
      .nullable(),
    guilds: z.number(),
    liveStreamers: z.number(),
    queue: z.object({ depth: z.number(), failed24h: z.number() }),
    kick: z.object({
      configured: z.boolean(),
      lastPollAt: z.string().nullable(),
      lastError: z.string().nullable(),
    }),
    youtubeVerification: z.boolean(),
  })
  .openapi('DiscordStatus');
export type DiscordStatus = z.infer<typeof discordStatus>;

const statusRoute = createRoute({
  method: 'get',
  path: '/status',
  tags: ['discord'],
  summary: 'The Discord bot: gateway connection, guilds, live streamers and the go-live delivery queue',
  middleware: [reader] as const,
  responses: { 200: jsonResponse(discordStatus, 'Status'), ...errors(...readErrors) },
});

export const discordStatusRoutes = createRouter().openapi(statusRoute, async (c) =>
  c.json(await relayJson<DiscordStatus>(c, 'discord', { path: '/status' }), 200),
);
