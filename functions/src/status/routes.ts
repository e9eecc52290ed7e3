/**
 * The monitoring routes anyone may call without signing in: push beats from cron jobs and n8n
 * (`/api/push/<token>`, the token is the credential) and a domain's public status
 * (`/api/status/<domain>`). They answer as little as they can: a push learns only that it was
 * taken, a status page only names and states, which the runner chooses.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { auditAs } from '../lib/context';
import { createRouter, errors, jsonBody, jsonResponse } from '../lib/router';
import { enc, relay, relayJson } from '../lib/runners';
import { type Out, publicStatus } from '../monitors/schemas';
import { limitPerKey } from './limit';

const tags = ['public'];
const tokenParam = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be the token of a push monitor'),
});
/** Uptime Kuma's push parameters, so scripts written for it work unchanged. */
const beat = z.object({
  status: z.enum(['up', 'down']).default('up'),
  msg: z.string().max(1024).optional(),
  ping: z.coerce.number().min(0).max(3_600_000).optional(),
});
const beatBody = z.object({
  status: z.enum(['up', 'down']).optional(),
  msg: z.string().max(1024).optional(),
  ping: z.number().min(0).max(3_600_000).optional(),
});
const accepted = jsonResponse(z.object({ ok: z.literal(true) }), 'The beat was recorded');
const pushLimit = { name: 'push', limit: 60, windowSeconds: 60 };
const pushErrors = errors(400, 404, 429, 503);

const pushGet = createRoute({
  method: 'get',
  path: '/push/{token}',
  tags,
  summary: 'A push monitor’s beat (no sign-in; the token is the credential; 60 a minute per token)',
  security: [],
  request: { params: tokenParam, query: beat },
  responses: { 200: accepted, ...pushErrors },
});
const pushPost = createRoute({
  method: 'post',
  path: '/push/{token}',
  tags,
  summary: 'A push monitor’s beat, for senders that only POST; the body (JSON, optional) overrides the query',
  security: [],
  request: { params: tokenParam, query: beat, body: { ...jsonBody(beatBody), required: false } },
  responses: { 200: accepted, ...pushErrors },
});
const statusRoute = createRoute({
  method: 'get',
  path: '/status/{domain}',
  tags,
  summary: 'Public status of a domain’s monitors (no sign-in; cached 15 s)',
  security: [],
  request: {
    params: z.object({
      domain: z
        .string()
        .max(253)
        .regex(
          /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/i,
          'must be a domain such as example.com',
        ),
    }),
  },
  responses: { 200: jsonResponse(publicStatus, 'Status'), ...errors(400, 404, 503) },
});

type Beat = z.infer<typeof beatBody>;

async function recordBeat(c: Parameters<typeof limitPerKey>[0], token: string, beat: Beat) {
  await limitPerKey(c, token, pushLimit);
  // The runner reads a beat from the query, the way push URLs carry it.
  const query = new URLSearchParams({ status: beat.status ?? 'up' });
  if (beat.msg) query.set('msg', beat.msg.slice(0, 500));
  await relay(c, 'monitors', { method: 'POST', path: `/push/${enc(token)}?${query}` });
}

export const publicMonitoringRoutes = createRouter()
  .openapi(pushGet, async (c) => {
    const { token } = c.req.valid('param');
    await recordBeat(c, token, c.req.valid('query'));
    return c.json({ ok: true as const }, 200);
  })
  .openapi(pushPost, async (c) => {
    const { token } = c.req.valid('param');
    // The token is the credential: the audit row must not carry it (the default action is the path).
    auditAs(c, 'monitors.push');
    await recordBeat(c, token, { ...c.req.valid('query'), ...c.req.valid('json') });
    return c.json({ ok: true as const }, 200);
  })
  .openapi(statusRoute, async (c) => {
    const domain = c.req.valid('param').domain.toLowerCase();
    const status = await relayJson<Out<typeof publicStatus>>(c, 'monitors', {
      path: `/status/${enc(domain)}`,
    });
    c.header('cache-control', 'public, max-age=15');
    return c.json(status, 200);
  });
